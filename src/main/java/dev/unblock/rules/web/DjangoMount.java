package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.antlr.v4.runtime.ParserRuleContext;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.SourceFile;

/**
 * What a partial Django port must check before a route moves to FastAPI while the rest of the project keeps running
 * on Django, mounted behind the ported routes ({@code WSGIMiddleware}): FastAPI's routes are tried first, so a ported
 * route must not take a path that a pattern left to Django, earlier in Django's order, answered; and the project's
 * tests that drive Django's test client must not request a ported route (the client serves Django's URLconf, where
 * the pattern's view is now the stub).
 */
final class DjangoMount {
    /**
     * One entry of the URLconfs in Django's resolution order: the literal start of the paths it may match (from the
     * root, as Django writes them), {@code exact} when it matches that path alone, the route's key (null for entries
     * that are not function or class views), whether FastAPI serves it, where it is written, and its full route.
     */
    record Flat(String prefix, boolean exact, String key, boolean ported, String where, String route) {
    }

    private DjangoMount() {
    }

    /** The root URLconf's entries, includes expanded in place, in the order Django tries them. */
    static List<Flat> flatten(DjangoUrlconf root, Map<String, DjangoUrlconf> byModule, Set<String> ported) {
        List<Flat> out = new ArrayList<>();
        flatten(root, "", byModule, ported, out, new HashSet<>());
        return out;
    }

    private static void flatten(DjangoUrlconf u, String prefix, Map<String, DjangoUrlconf> byModule,
                                Set<String> ported, List<Flat> out, Set<DjangoUrlconf> seen) {
        if (!seen.add(u)) {
            return;
        }
        List<Object> entries = new ArrayList<>(u.entries());
        entries.addAll(u.kept);
        entries.addAll(u.stubs);
        entries.sort((a, b) -> Integer.compare(u.file.start(call(a)), u.file.start(call(b))));
        for (Object e : entries) {
            String where = u.file.path() + ":" + Py.line(call(e));
            if (e instanceof DjangoUrlconf.Route r) {
                String key = r.key(u.file);
                out.add(new Flat(prefix + DjangoRoute.literalPrefix(r.djangoRoute()), r.djangoRoute().indexOf('<') < 0,
                        key, ported.contains(key), where, prefix + r.djangoRoute()));
            } else if (e instanceof DjangoUrlconf.Include inc) {
                DjangoUrlconf child = byModule.get(inc.module());
                if (child != null) {
                    flatten(child, prefix + inc.djangoRoute(), byModule, ported, out, seen);
                }
            } else if (e instanceof DjangoUrlconf.Kept k) {
                out.add(new Flat(prefix + k.prefix(), k.exact(), null, false, where, null));
            } else if (e instanceof DjangoUrlconf.Stub s) {
                out.add(new Flat(prefix + s.prefix(), s.exact(), null, true, where, null));
            }
        }
    }

    private static PrimaryContext call(Object entry) {
        if (entry instanceof DjangoUrlconf.Route r) {
            return r.call();
        }
        if (entry instanceof DjangoUrlconf.Include i) {
            return i.call();
        }
        return entry instanceof DjangoUrlconf.Kept k ? k.call() : ((DjangoUrlconf.Stub) entry).call();
    }

    /**
     * The ported routes that a pattern left to Django shadows: one earlier in Django's order that may match some of
     * the same paths (FastAPI's routes are tried before the mount, so the ported route would take them from it).
     * Route key → the pattern that comes first.
     */
    static Map<String, String> shadowed(List<Flat> flat) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < flat.size(); i++) {
            Flat p = flat.get(i);
            if (!p.ported() || p.key() == null) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                Flat k = flat.get(j);
                if (!k.ported() && overlap(k, p)) {
                    out.put(p.key(), k.where());
                    break;
                }
            }
        }
        return out;
    }

    /** True unless the two entries' literal starts prove that no path matches both. */
    static boolean overlap(Flat k, Flat p) {
        if (k.exact() && p.exact()) {
            return k.prefix().equals(p.prefix());
        }
        if (k.exact()) {
            return k.prefix().startsWith(p.prefix());
        }
        if (p.exact()) {
            return p.prefix().startsWith(k.prefix());
        }
        return k.prefix().startsWith(p.prefix()) || p.prefix().startsWith(k.prefix());
    }

    /** The paths a Django route matches, as a Java pattern over the request's path (with its leading slash). */
    static Pattern regex(String route) {
        Matcher m = Pattern.compile("<(?:([^>:]+):)?([^>]+)>").matcher(route);
        StringBuilder out = new StringBuilder("/");
        int last = 0;
        while (m.find()) {
            out.append(Pattern.quote(route.substring(last, m.start())));
            String converter = m.group(1) == null ? "str" : m.group(1);
            out.append(switch (converter) {
                case "int" -> "[0-9]+";
                case "slug" -> "[-a-zA-Z0-9_]+";
                case "uuid" -> "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
                case "path" -> ".+";
                default -> "[^/]+";
            });
            last = m.end();
        }
        out.append(Pattern.quote(route.substring(last)));
        return Pattern.compile(out.toString());
    }

    private static final Set<String> CLIENT_METHODS = Set.of("get", "post", "put", "patch", "delete", "head",
            "options", "trace", "generic");

    /**
     * A request a test makes through a client ({@code self.client.get(url)}), read once: the port may try several
     * times (routes move back to Django), and the tests read the same each time. One of {@code path} (a literal URL's
     * path), {@code reversed} ({@code reverse("name")}) and {@code start} (an f-string's or a sum's literal start) is
     * set, or none: a URL the port cannot read.
     */
    record ClientRequest(SourceFile file, ExpressionContext url, String where, String client, String path,
                         String reversed, String start) {
    }

    /** The requests the tests make through something named client, in file order, then source order. */
    static List<ClientRequest> clientRequests(List<SourceFile> tests) {
        List<ClientRequest> out = new ArrayList<>();
        for (SourceFile f : tests) {
            Map<ParserRuleContext, Map<String, List<Expr_stmtContext>>> assignedIn = new HashMap<>();
            for (PrimaryContext p : Py.descendants(f.tree(), PrimaryContext.class)) {
                List<String> chain = Py.leadingNames(p);
                int calls = chain.size() - 1;
                if (chain.size() < 2 || p.trailer().size() <= calls || !Py.isCall(p.trailer(calls))
                        || !CLIENT_METHODS.contains(chain.get(chain.size() - 1))
                        || chain.subList(0, chain.size() - 1).stream().noneMatch(n -> n.toLowerCase().contains("client"))) {
                    continue;
                }
                Py.Args args = Py.args(p.trailer(calls));
                ExpressionContext arg = args.get(0, "path");
                String where = f.path() + ":" + Py.line(p);
                if (arg == null) {
                    continue;
                }
                String client = String.join(".", chain.subList(0, chain.size() - 1));
                for (ExpressionContext url : values(f, arg, assignedIn)) {
                    out.add(request(f, url, where, client));
                }
            }
        }
        return out;
    }

    private static ClientRequest request(SourceFile f, ExpressionContext url, String where, String client) {
        String literal = Py.string(url);
        String reversed = reversedName(url);
        String start = fstringStart(f, url);
        PrimaryContext first = firstOperand(f, url);
        if (literal == null && reversed == null && start == null && first != null) {
            // reverse("name") + "?page=2", "/items/" + str(pk): the start is what the port reads
            reversed = reversedName(first);
            start = Py.string(first.getParent());
        }
        if (literal != null) {
            String path = literal.replaceFirst("^https?://[^/]+", "").replaceFirst("[?#].*$", "");
            return new ClientRequest(f, url, where, client, path, null, null);
        }
        if (reversed != null) {
            return new ClientRequest(f, url, where, client, null, reversed, null);
        }
        if (start != null && start.startsWith("/")) {
            return new ClientRequest(f, url, where, client, null, null, start);
        }
        return new ClientRequest(f, url, where, client, null, null, null);
    }

    /**
     * The ported routes the project's tests request through Django's test client (a literal path, a literal start
     * of an f-string, or {@code reverse("name")}): route key → where. A request whose URL the port cannot read is
     * reported in {@code unreadable} (the tests could reach any route).
     */
    static Map<String, String> testedThroughDjango(List<ClientRequest> requests, List<Flat> flat,
                                                   Map<String, String> names, List<NotPortable> unreadable) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Pattern> patterns = new HashMap<>(); // a route's pattern, made once for all the requests
        for (ClientRequest q : requests) {
            if (q.path() != null) {
                for (Flat r : flat) {
                    if (r.ported() && r.key() != null
                            && patterns.computeIfAbsent(r.route(), DjangoMount::regex).matcher(q.path()).matches()) {
                        out.putIfAbsent(r.key(), q.where());
                    }
                }
            } else if (q.reversed() != null) {
                for (Map.Entry<String, String> n : names.entrySet()) {
                    if (n.getValue().equals(q.reversed())) {
                        out.putIfAbsent(n.getKey(), q.where());
                    }
                }
            } else if (q.start() != null) {
                for (Flat r : flat) {
                    String lit = "/" + DjangoRoute.literalPrefix(r.route() == null ? "" : r.route());
                    if (r.ported() && r.key() != null && (lit.startsWith(q.start()) || q.start().startsWith(lit))) {
                        out.putIfAbsent(r.key(), q.where());
                    }
                }
            } else {
                SourceFile f = q.file();
                unreadable.add(new NotPortable(f.path(), Py.line(q.url()), DjangoToFastapi.ID, "not ported to FastAPI: "
                        + "this test requests " + f.text(q.url()) + " through `" + q.client() + "`, which may be Django's "
                        + "test client (the name says client), at a URL the port cannot read, so it may be a ported "
                        + "route, which Django's client no longer serves; write it as a literal path or "
                        + "reverse(\"name\"), or port the tests to FastAPI's TestClient"));
            }
        }
        return out;
    }

    /**
     * What a URL argument may be: itself, or, for a variable ({@code url}, {@code self.url}), every value assigned
     * to it in its function (or, for an attribute of self, its class); itself when none is found.
     */
    private static List<ExpressionContext> values(SourceFile f, ExpressionContext arg, Map<ParserRuleContext,
            Map<String, List<Expr_stmtContext>>> assignedIn) {
        PrimaryContext p = Py.primary(arg);
        List<String> names = p == null ? List.of() : Py.leadingNames(p);
        boolean self = names.size() == 2 && names.get(0).equals("self") && p.trailer().size() == 1;
        if (!self && (names.size() != 1 || !p.trailer().isEmpty())) {
            return List.of(arg);
        }
        ParserRuleContext scope = self ? Py.ancestor(arg, Class_defContext.class)
                : Py.ancestor(arg, Function_defContext.class);
        if (scope == null) {
            return List.of(arg);
        }
        List<Expr_stmtContext> assignments = assignedIn.computeIfAbsent(scope, s -> assignments(f, s))
                .getOrDefault(String.join(".", names), List.of());
        List<ExpressionContext> out = new ArrayList<>();
        for (Expr_stmtContext e : assignments) {
            var v = e.assigned_value(0).star_expressions();
            ExpressionContext value = Py.descendants(v, ExpressionContext.class).stream().findFirst().orElse(null);
            if (value == null || !f.text(value).equals(f.text(v))) {
                return List.of(arg);
            }
            out.add(value);
        }
        return out.isEmpty() ? List.of(arg) : out;
    }

    /**
     * The plain assignments ({@code x = …}, {@code self.x = …}) in a scope, by what they assign (spaces left out), in
     * source order: read once per scope, as a test class's requests read its attributes again and again.
     */
    private static Map<String, List<Expr_stmtContext>> assignments(SourceFile f, ParserRuleContext scope) {
        Map<String, List<Expr_stmtContext>> out = new HashMap<>();
        for (Expr_stmtContext e : Py.descendants(scope, Expr_stmtContext.class)) {
            if (e.assigned_value().size() == 1 && e.augassign() == null) {
                out.computeIfAbsent(f.text(e.star_expressions()).replace(" ", ""), k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /** The primary an expression starts with, when the expression is a sum ({@code a + b}), else null. */
    private static PrimaryContext firstOperand(SourceFile f, ExpressionContext e) {
        String text = f.text(e);
        int plus = text.indexOf('+');
        if (plus < 0) {
            return null;
        }
        for (PrimaryContext p : Py.descendants(e, PrimaryContext.class)) {
            if (f.start(p) == f.start(e) && f.end(p) <= f.start(e) + plus) {
                return p;
            }
        }
        return null;
    }

    /** The literal name of {@code reverse("name", …)} / {@code reverse_lazy("name", …)}, or null. */
    private static String reversedName(org.antlr.v4.runtime.tree.ParseTree e) {
        PrimaryContext p = e instanceof PrimaryContext pc ? pc : Py.primary(e);
        if (p == null || p.atom().name() == null || p.trailer().size() != 1 || !Py.isCall(p.trailer(0))) {
            return null;
        }
        String fn = p.atom().name().getText();
        if (!fn.equals("reverse") && !fn.equals("reverse_lazy")) {
            return null;
        }
        return Py.string(Py.args(p.trailer(0)).get(0, "viewname"));
    }

    /** The literal text an f-string starts with, up to its first replacement field, or null. */
    private static String fstringStart(SourceFile f, ExpressionContext e) {
        AtomContext a = Py.atom(e);
        if (a == null || a.strings() == null) {
            return null;
        }
        String text = f.text(a).strip();
        Matcher m = Pattern.compile("^[fF][rR]?(['\"])([^{'\"]*)").matcher(text);
        return m.find() ? m.group(2) : null;
    }

    /**
     * The module's top-level names other files use (besides the URLconf entries the port reads): a word match in any
     * file that also names the module's last part (tests calling a view with RequestFactory, other views). Code that
     * stays on Django may call them, so they keep Django's request and responses.
     */
    private static final Pattern IMPORTS = Pattern.compile(
            "(?m)^(?:from|import)\\s[^\\n(]*(?:\\([^)]*\\))?[^\\n]*$");

    static Set<String> usedElsewhere(String module, Set<String> names, Map<String, String> texts, String ownPath,
                                     Map<String, List<int[]>> urlconfRanges) {
        Set<String> out = new HashSet<>();
        String last = module.substring(module.lastIndexOf('.') + 1);
        Pattern mentionsModule = Pattern.compile("\\b" + Pattern.quote(last) + "\\b");
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (e.getKey().equals(ownPath)) {
                continue;
            }
            String text = e.getValue();
            List<int[]> skip = urlconfRanges.get(e.getKey());
            if (skip != null) {
                StringBuilder kept = new StringBuilder();
                int from = 0;
                for (int[] range : skip) {
                    kept.append(text, from, range[0]);
                    from = range[1];
                }
                text = IMPORTS.matcher(kept.append(text.substring(from))).replaceAll("");
            }
            if (!mentionsModule.matcher(text).find()) {
                continue;
            }
            for (String n : names) {
                if (!out.contains(n) && Pattern.compile("\\b" + Pattern.quote(n) + "\\b").matcher(text).find()) {
                    out.add(n);
                }
            }
        }
        return out;
    }
}
