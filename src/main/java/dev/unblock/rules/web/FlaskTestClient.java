package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonParser.ArgumentContext;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import dev.unblock.python.PythonParser.TrailerContext;
import dev.unblock.python.PythonParser.With_itemContext;
import dev.unblock.python.PythonParser.Yield_exprContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The project's tests keep testing the app: Flask's test client becomes FastAPI's {@code TestClient} (through
 * {@code flask_test_client(app)}, which keeps Flask's client from following redirects), the requests it sends take
 * httpx's keywords ({@code query_string=} → {@code params=}, {@code content_type=} → a header, a JSON text in
 * {@code data=} → {@code content=}) and the responses httpx's attributes ({@code get_json()} / {@code json} →
 * {@code json()}, {@code data} → {@code content}, {@code get_data(as_text=True)} → {@code text}); the app's config
 * set in tests goes to {@code app.state.config}. Clients and responses are followed through local names, pytest
 * fixtures and parameters named after those fixtures.
 */
@RuleInfo(id = FlaskTestClient.ID, name = "flask-test-client",
        summary = "Tests using Flask's test client use FastAPI's TestClient with httpx's keywords and attributes.")
public final class FlaskTestClient implements Rule {
    static final String ID = "UB805";
    private static final Set<String> VERBS = Set.of("get", "post", "put", "patch", "delete", "head", "options");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // carried out by the port of UB801, which reads this rule's switch
    }

    /** True for the files pytest or unittest would collect, conftest.py, and tests.py (Django's, unittest's). */
    static boolean isTestFile(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.endsWith(".py") && (name.startsWith("test_") || name.endsWith("_test.py") || name.equals("tests.py")
                || name.equals("conftest.py") || path.startsWith("tests/") || path.contains("/tests/")
                || path.startsWith("test/") || path.contains("/test/"));
    }

    /** The fixtures of all test files: those giving a test client, and those giving a response. */
    record Fixtures(Set<String> clients, Set<String> responses) {
        static Fixtures of(List<FlaskModule> tests) {
            Fixtures f = new Fixtures(new HashSet<>(), new HashSet<>());
            for (int pass = 0; pass < 2; pass++) {
                for (FlaskModule m : tests) {
                    for (DecoratedContext d : Py.descendants(m.src.tree(), DecoratedContext.class)) {
                        if (d.function_def() == null || d.decorator().stream()
                                .noneMatch(dec -> dec.named_expression().getText().matches("(pytest\\.)?fixture(\\(.*)?"))) {
                            continue;
                        }
                        Function_defContext fn = d.function_def();
                        Names names = Names.of(fn, f);
                        for (ParseTree given : given(fn)) {
                            String n = Py.nameOf(given);
                            if (names.clients.contains(n) || isTestClientCall(given)) {
                                f.clients.add(fn.name().getText());
                            } else if (names.responses.contains(n) || isClientCall(Py.primary(given), names.clients)) {
                                f.responses.add(fn.name().getText());
                            }
                        }
                    }
                }
            }
            return f;
        }
    }

    /** What a fixture returns or yields. */
    private static List<ParseTree> given(Function_defContext fn) {
        List<ParseTree> out = new ArrayList<>();
        for (Return_stmtContext r : Py.descendants(fn.block(), Return_stmtContext.class)) {
            if (r.star_expressions() != null) {
                out.add(r.star_expressions());
            }
        }
        for (Yield_exprContext y : Py.descendants(fn.block(), Yield_exprContext.class)) {
            if (y.star_expressions() != null) {
                out.add(y.star_expressions());
            }
        }
        return out;
    }

    static boolean isTestClientCall(ParseTree node) {
        PrimaryContext p = Py.primary(node);
        return p != null && p.trailer().size() >= 2 && p.trailer(p.trailer().size() - 2).DOT() != null
                && p.trailer(p.trailer().size() - 2).name().getText().equals("test_client")
                && Py.isCall(p.trailer(p.trailer().size() - 1));
    }

    /** The names of a function that hold a test client or a response. */
    private record Names(Set<String> clients, Set<String> responses) {
        static Names of(Function_defContext fn, Fixtures fixtures) {
            Names n = new Names(new HashSet<>(), new HashSet<>());
            if (fn.parameters() != null) {
                for (ParameterContext p : fn.parameters().parameter()) {
                    if (p.name() != null && fixtures.clients().contains(p.name().getText())) {
                        n.clients.add(p.name().getText());
                    } else if (p.name() != null && fixtures.responses().contains(p.name().getText())) {
                        n.responses.add(p.name().getText());
                    }
                }
            }
            var owner = Py.ancestor(fn, dev.unblock.python.PythonParser.Class_defContext.class);
            if (owner != null) {
                // unittest: self.client = self.app.test_client() in setUp, read by every test method
                for (Expr_stmtContext s : Py.descendants(owner.block(), Expr_stmtContext.class)) {
                    String target = selfAttribute(s);
                    if (target != null && isTestClientCall(s.assigned_value(0).star_expressions())) {
                        n.clients.add(target);
                    }
                }
            }
            for (With_itemContext w : Py.descendants(fn.block(), With_itemContext.class)) {
                if (w.target() != null && isTestClientCall(w.expression())) {
                    n.clients.add(w.target().getText());
                }
            }
            for (int pass = 0; pass < 2; pass++) {
                for (Expr_stmtContext s : Py.descendants(fn.block(), Expr_stmtContext.class)) {
                    if (s.assigned_value().size() != 1) {
                        continue;
                    }
                    String target = Py.nameOf(s.star_expressions());
                    var value = s.assigned_value(0).star_expressions();
                    if (target == null) {
                        continue;
                    }
                    if (isTestClientCall(value)) {
                        n.clients.add(target);
                    } else if (isClientCall(Py.primary(value), n.clients)) {
                        n.responses.add(target);
                    }
                }
            }
            return n;
        }
    }

    /** {@code client.get(...)} and the other verbs on a known client. */
    static boolean isClientCall(PrimaryContext p, Set<String> clients) {
        return clientTrailers(p, clients) >= 0;
    }

    /**
     * How many trailers name the client of {@code client.get(...)} or {@code self.client.get(...)} (0 or 1), or -1
     * when p is no request sent with a known client.
     */
    static int clientTrailers(PrimaryContext p, Set<String> clients) {
        if (p == null || p.atom().name() == null) {
            return -1;
        }
        String name = p.atom().name().getText();
        int k = clients.contains(name) ? 0 : p.trailer().size() > 0 && p.trailer(0).DOT() != null
                && clients.contains(name + "." + p.trailer(0).name().getText()) ? 1 : -1;
        boolean call = k >= 0 && p.trailer().size() >= k + 2 && p.trailer(k).DOT() != null
                && Py.isCall(p.trailer(k + 1))
                && (VERBS.contains(p.trailer(k).name().getText()) || p.trailer(k).name().getText().equals("open"));
        return call ? k : -1;
    }

    /** Where {@code .test_client()} starts among p's trailers when the port does not map it, or -1. */
    private static int unfollowedClient(PrimaryContext p) {
        for (int i = 0; i + 1 < p.trailer().size(); i++) {
            if (p.trailer(i).DOT() != null && p.trailer(i).name().getText().equals("test_client")
                    && Py.isCall(p.trailer(i + 1))) {
                return i;
            }
        }
        return -1;
    }

    /** The {@code self.x} a statement assigns one value to, or null. */
    static String selfAttribute(Expr_stmtContext s) {
        if (s.assigned_value().size() != 1) {
            return null;
        }
        String target = s.star_expressions().getText();
        return target.matches("self\\.\\w+") ? target : null;
    }

    /** Ports one test module; returns true when it changed something. */
    static boolean port(FlaskModule m, FileEdits e, Set<String> appNames, Fixtures fixtures, NewImports imports,
                        List<NotPortable> problems, boolean startup) {
        boolean changed = false;
        for (PrimaryContext p : Py.descendants(m.src.tree(), PrimaryContext.class)) {
            try {
                boolean selfApp = isTestClientCall(p) && p.trailer().size() == 3 && p.atom().name() != null
                        && appNames.contains(p.atom().name().getText() + "." + p.trailer(0).name().getText());
                if (isTestClientCall(p) && (p.trailer().size() == 2 && p.atom().name() != null || selfApp)) {
                    String app = e.src.text().substring(e.src.start(p), e.src.start(p.trailer(p.trailer().size() - 2)));
                    With_itemContext with = Py.ancestor(p, With_itemContext.class);
                    if (startup && (with == null || Py.primary(with.expression()) != p)) {
                        throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: the test creates a "
                                + "client outside a with statement, so the app's start-up (which opens its clients, "
                                + "UB804) would not run; write with app.test_client() as client:");
                    }
                    imports.compat("flask_test_client");
                    e.replace(e.src.start(p), e.src.end(p), "flask_test_client(" + app + ")", ID,
                            "FastAPI's TestClient, not following redirects as Flask's test client does");
                    changed = true;
                } else if (p.atom().name() != null && appNames.contains(p.atom().name().getText())
                        && !p.trailer().isEmpty() && p.trailer(0).DOT() != null) {
                    changed |= FlaskToFastapi.config(e, imports, p, ID);
                } else if (unfollowedClient(p) >= 0) {
                    throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: a test client of "
                            + e.src.text().substring(e.src.start(p), e.src.start(p.trailer(unfollowedClient(p))))
                            + ", which the port does not follow to the app; assign the app to a name first");
                }
            } catch (NotPortable x) {
                problems.add(x);
            }
        }
        for (Function_defContext fn : Py.descendants(m.src.tree(), Function_defContext.class)) {
            Names names = Names.of(fn, fixtures);
            for (PrimaryContext p : Py.descendants(fn.block(), PrimaryContext.class)) {
                if (Py.ancestor(p, Function_defContext.class) != fn || p.atom().name() == null) {
                    continue;
                }
                try {
                    int k = clientTrailers(p, names.clients);
                    if (k >= 0) {
                        changed |= request(m, e, p, k);
                    }
                    String name = p.atom().name().getText();
                    if (names.responses.contains(name) && !p.trailer().isEmpty() && p.trailer(0).DOT() != null) {
                        changed |= response(m, e, p, 0, imports);
                    } else if (k >= 0 && p.trailer().size() > k + 2 && p.trailer(k + 2).DOT() != null) {
                        changed |= response(m, e, p, k + 2, imports);
                    }
                } catch (NotPortable x) {
                    problems.add(x);
                }
            }
        }
        return changed;
    }

    /** The keywords of a request sent with the test client. */
    private static boolean request(FlaskModule m, FileEdits e, PrimaryContext p, int at) throws NotPortable {
        String verb = p.trailer(at).name().getText();
        if (verb.equals("open")) {
            throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: client.open(...) of Flask's test "
                    + "client; use client.request(method, url)");
        }
        TrailerContext call = p.trailer(at + 1);
        Py.Args args = Py.args(call);
        boolean changed = false;
        for (ArgumentContext a : args.all) {
            if (a.EQUAL() == null) {
                continue;
            }
            String k = a.expression(0).getText();
            switch (k) {
                case "json", "headers", "follow_redirects", "params", "files", "cookies" -> {
                }
                case "query_string" -> {
                    e.replace(e.src.start(a.expression(0)), e.src.end(a.expression(0)), "params", ID,
                            "httpx names the query string params");
                    changed = true;
                }
                case "content_type" -> {
                    if (args.keywords.containsKey("headers")) {
                        throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: content_type= with "
                                + "headers= in one test request");
                    }
                    String value = e.take(e.src.start(a.expression(1)), e.src.end(a.expression(1)), ID);
                    e.replace(e.src.start(a), e.src.end(a), "headers={\"Content-Type\": " + value + "}", ID,
                            "httpx sends the content type as a header");
                    changed = true;
                }
                case "data" -> {
                    if (!isFormData(a.expression(1))) {
                        e.replace(e.src.start(a.expression(0)), e.src.end(a.expression(0)), "content", ID,
                                "httpx takes a text or bytes body as content=");
                        changed = true;
                    }
                }
                default -> throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: the test "
                        + "request's " + k + "= has no TestClient counterpart");
            }
        }
        return changed;
    }

    /** A dict display: form fields, which httpx also takes as data=. */
    private static boolean isFormData(ParseTree value) {
        AtomContext atom = Py.atom(value);
        if (atom != null && atom.LBRACE() != null) {
            return true;
        }
        PrimaryContext p = Py.primary(value);
        return p != null && p.atom().name() != null && p.atom().name().getText().equals("dict");
    }

    /** The attribute read on a response, from trailer {@code at}. */
    private static boolean response(FlaskModule m, FileEdits e, PrimaryContext p, int at, NewImports imports)
            throws NotPortable {
        TrailerContext t = p.trailer(at);
        String attr = t.name().getText();
        TrailerContext next = p.trailer().size() > at + 1 ? p.trailer(at + 1) : null;
        boolean called = next != null && Py.isCall(next);
        int nameStart = e.src.start(t.name());
        int nameEnd = e.src.end(t.name());
        switch (attr) {
            case "status_code", "headers", "text", "content", "cookies", "is_redirect", "next_request" -> {
                return false;
            }
            case "get_json" -> {
                if (!called || Py.args(next).size() > 0) {
                    throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: get_json with arguments");
                }
                e.replace(nameStart, nameEnd, "json", ID, "httpx's Response.json()");
                return true;
            }
            case "json" -> {
                if (called) {
                    return false;
                }
                e.insert(nameEnd, "()", ID, "httpx's Response.json() is a method", 0);
                return true;
            }
            case "data" -> {
                e.replace(nameStart, nameEnd, "content", ID, "httpx's Response.content");
                return true;
            }
            case "get_data" -> {
                Py.Args args = Py.args(next);
                var asText = args.keywords.get("as_text");
                boolean text = asText != null && Py.atom(asText) != null && Py.atom(asText).TRUE() != null;
                if (args.size() > (asText == null ? 0 : 1)) {
                    throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: get_data with arguments");
                }
                e.replace(nameStart, e.src.end(next), text ? "text" : "content", ID, "httpx's Response.content/text");
                return true;
            }
            case "status" -> {
                // Werkzeug's status line, e.g. "404 NOT FOUND"
                imports.compat("flask_status");
                e.replace(e.src.start(p), nameEnd, "flask_status(" + e.src.text().substring(e.src.start(p),
                        e.src.start(t)) + ")", ID, "Flask's status line from the status code");
                return true;
            }
            case "location" -> {
                e.replace(e.src.start(t), nameEnd, ".headers.get(\"Location\")", ID, "the Location header");
                return true;
            }
            default -> throw new NotPortable(m.path(), Py.line(p), ID, "not ported to FastAPI: the test reads the "
                    + "response's " + attr + ", which httpx's Response does not have");
        }
    }
}
