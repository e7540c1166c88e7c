package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.unblock.migrate.Edit;
import dev.unblock.python.PythonLexer;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.Named_expressionContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * One Flask view: its route decorators become FastAPI's ({@code @bp.get(path)}, or {@code api_route} for several
 * methods), its path variables typed parameters, and the parameters its body needs are added. A view serving several
 * methods whose body branches on {@code request.method} at its top level becomes one handler per method, each with
 * only its branch (and async only if that branch awaits something).
 */
final class ViewPort {
    private static final String ID = FlaskToFastapi.ID;

    /** One route decorator, read. */
    record Spec(DecoratorContext decorator, String receiver, RoutePath path, List<String> methods, String endpoint,
                boolean slashOptional) {
    }

    static final String OTHER_DECORATOR = "the view has another decorator";

    private final ModulePort port;
    private final FlaskModule.Route route;
    private final Handler h;
    private final List<Spec> specs = new ArrayList<>();
    private final List<String> params;

    ViewPort(ModulePort port, FlaskModule.Route route, Handler h) throws NotPortable {
        this.port = port;
        this.route = route;
        this.h = h;
        for (DecoratorContext dec : route.routeDecorators()) {
            port.consume(Py.primary(dec.named_expression()).atom()); // this view reports about them
        }
        for (DecoratorContext dec : route.decorated().decorator()) {
            if (!route.routeDecorators().contains(dec)) {
                unported(route);
                throw port.refuse(dec, ID, OTHER_DECORATOR + " (@" + dec.named_expression().getText()
                        + "), which was written for Flask");
            }
            specs.add(read(dec));
        }
        params = h.parameterNames();
        for (ParameterContext p : parameters()) {
            if (p.name() == null || p.STAR() != null || p.DOUBLESTAR() != null || p.EQUAL() != null) {
                throw port.refuse(p, ID, "a view parameter with a default, * or **; only path variables are mapped");
            }
        }
        for (Spec s : specs) {
            Set<String> vars = new java.util.TreeSet<>();
            s.path().params().forEach(v -> vars.add(v.name()));
            if (!vars.equals(new java.util.TreeSet<>(params))) {
                throw port.refuse(s.decorator(), ID, "the route's variables " + vars + " differ from the view's "
                        + "parameters " + new java.util.TreeSet<>(params));
            }
        }
        for (Spec s : specs) {
            port.project.endpoints.putIfAbsent(s.endpoint(), params);
        }
    }

    /** Notes the endpoints of a view the port refuses, so that url_for naming them says why it is not mapped. */
    private void unported(FlaskModule.Route route) {
        for (DecoratorContext dec : route.routeDecorators()) {
            try {
                port.project.unportedEndpoints.add(read(dec).endpoint());
            } catch (NotPortable e) {
                // the route itself is not mapped either; the view's refusal is its finding
            }
        }
    }

    /** The blueprint the view belongs to, or null for an app's view. */
    FlaskModule.BlueprintDecl blueprint() {
        return port.module.blueprint(specs.get(0).receiver());
    }

    Handler handler() {
        return h;
    }

    List<String> pathParams() {
        return params;
    }

    private List<ParameterContext> parameters() {
        return h.function.parameters() == null ? List.of() : h.function.parameters().parameter();
    }

    private Spec read(DecoratorContext dec) throws NotPortable {
        PrimaryContext p = Py.primary(dec.named_expression());
        String receiver = p.atom().name().getText();
        String verb = p.trailer(0).name().getText();
        port.consume(p.atom());
        Py.Args args = Py.args(p.trailer(1));
        if (args.starred || args.positional.size() > 1) {
            throw port.refuse(dec, ID, "a route with *args, **options or extra positional arguments");
        }
        String rule = Py.string(args.get(0, "rule"));
        if (rule == null) {
            throw port.refuse(dec, ID, "the route's rule is not a string literal");
        }
        List<String> methods = new ArrayList<>();
        String endpoint = null;
        boolean slashOptional = port.project.slashesOptional != null;
        for (var kw : args.keywords.entrySet()) {
            switch (kw.getKey()) {
                case "rule" -> {
                }
                case "methods" -> {
                    if (!verb.equals("route")) {
                        throw port.refuse(dec, ID, "methods= on @" + verb + " fails in Flask too");
                    }
                    methods.addAll(methods(kw.getValue(), dec));
                }
                case "endpoint" -> {
                    endpoint = Py.string(kw.getValue());
                    if (endpoint == null) {
                        throw port.refuse(dec, ID, "the route's endpoint is not a string literal");
                    }
                }
                case "strict_slashes" -> {
                    AtomContext flag = Py.atom(kw.getValue());
                    if (flag == null || flag.FALSE() == null && flag.TRUE() == null) {
                        throw port.refuse(dec, ID, "strict_slashes= is not True or False");
                    }
                    slashOptional = flag.FALSE() != null;
                }
                default -> throw port.refuse(dec, ID, "the route option " + kw.getKey() + "= has no FastAPI "
                        + "counterpart");
            }
        }
        if (methods.isEmpty()) {
            methods.add(verb.equals("route") ? "GET" : verb.toUpperCase(Locale.ROOT));
        }
        FlaskModule.BlueprintDecl bp = port.module.blueprint(receiver);
        if (bp != null) {
            if (rule.isEmpty()) {
                throw port.refuse(dec, ID, "an empty rule on a blueprint (the prefix alone, without its slash)");
            }
            if (!rule.startsWith("/")) {
                rule = "/" + rule;
            }
        } else if (!rule.startsWith("/")) {
            throw port.refuse(dec, ID, "a rule without a leading slash fails in Flask too");
        }
        String name = endpoint != null ? endpoint : h.function.name().getText();
        if (bp != null) {
            if (bp.name() == null) {
                throw port.refuse(bp.stmt(), ID, "the blueprint's name is not a string literal");
            }
            name = bp.name() + "." + name;
        }
        if (slashOptional && rule.endsWith("/") && !(bp == null && rule.equals("/"))) {
            // Werkzeug answers 404, not 405, to another method on the path without the slash
            throw port.refuse(dec, ID, "strict_slashes=False on a rule ending with a slash (Flask answers the path "
                    + "without it, and 404 rather than 405 to the view's other methods there)");
        }
        try {
            return new Spec(dec, receiver, RoutePath.of(rule), methods, name, slashOptional);
        } catch (IllegalArgumentException e) {
            throw port.refuse(dec, ID, "the rule " + rule + ": " + e.getMessage());
        }
    }

    private List<String> methods(ExpressionContext value, DecoratorContext dec) throws NotPortable {
        AtomContext atom = Py.atom(value);
        List<ParseTree> elements = new ArrayList<>();
        if (atom != null && (atom.LSQB() != null || atom.LPAR() != null) && atom.testlist_comp() != null
                && atom.testlist_comp().comprehension() == null) {
            elements.addAll(atom.testlist_comp().star_named_expression());
        } else if (atom != null && atom.LBRACE() != null && atom.dict_or_set() != null
                && atom.dict_or_set().COLON() == null) {
            elements.addAll(Py.descendants(atom.dict_or_set(), Named_expressionContext.class));
            elements.addAll(atom.dict_or_set().expression());
        } else {
            throw port.refuse(dec, ID, "methods= is not a list of string literals");
        }
        Set<String> out = new LinkedHashSet<>();
        for (ParseTree e : elements) {
            String m = Py.string(e);
            if (m == null) {
                throw port.refuse(dec, ID, "methods= is not a list of string literals");
            }
            out.add(m.toUpperCase(Locale.ROOT));
        }
        return new ArrayList<>(out);
    }

    /** All methods the view serves, in order. */
    private List<String> allMethods() {
        Set<String> out = new LinkedHashSet<>();
        specs.forEach(s -> out.addAll(s.methods()));
        return new ArrayList<>(out);
    }

    void finish() throws NotPortable {
        List<List<MethodBranches.Segment>> plan = allMethods().size() > 1
                ? new MethodBranches(port, h, allMethods()).plan() : null;
        if (plan != null) {
            split(plan);
            return;
        }
        for (Spec s : specs) {
            String text = decoratorText(s, s.methods(), h.function.name().getText());
            port.edits.replace(port.start(s.decorator().named_expression()),
                    port.end(s.decorator().named_expression()), text, ID, "the route of FastAPI");
        }
        annotatePathParameters();
        List<String> added = declarations(at -> true);
        if (!added.isEmpty()) {
            var rpar = h.function.RPAR().getSymbol();
            boolean none = parameters().isEmpty();
            boolean trailingComma = !none && h.function.parameters().COMMA().size() >= parameters().size();
            port.edits.insert(port.edits.src.start(rpar), (none ? "" : trailingComma ? " " : ", ")
                    + String.join(", ", added), FlaskRequestToParameters.ID, "FastAPI passes the request's data as "
                    + "parameters", 0);
        }
    }

    /** The handler's new parameters in a scope; the Request class is imported when one is the request. */
    private List<String> declarations(java.util.function.IntPredicate inScope) {
        List<String> out = h.declarations(inScope);
        if (out.stream().anyMatch(d -> d.endsWith(": Request"))) {
            port.imports.fastapi("Request");
        }
        return out;
    }

    private void annotatePathParameters() throws NotPortable {
        for (ParameterContext p : parameters()) {
            String annotation = annotationOf(p.name().getText());
            if (!annotation.isEmpty() && p.COLON() == null) {
                port.edits.insert(port.end(p.name()), ": " + annotation, ID, "the path convertor's type", 0);
            }
        }
    }

    private String annotationOf(String param) {
        for (RoutePath.Param v : specs.get(0).path().params()) {
            if (v.name().equals(param)) {
                return v.annotation();
            }
        }
        return "";
    }

    private String decoratorText(Spec s, List<String> methods, String handlerName) {
        String alias = s.slashOptional() ? RoutePath.slashAlias(s.path().path()) : null;
        String main = routeText(s, s.path().path(), methods, handlerName);
        if (alias == null) {
            return main;
        }
        // strict_slashes=False: Flask also serves the path with (or without) the trailing slash, without a redirect;
        // the alias comes first in the text so that the rule as written is registered first (url_for builds it)
        int at = port.start(s.decorator());
        String indent = port.edits.text.substring(port.lineStart(at), at);
        return routeText(s, alias, methods, handlerName).replaceFirst("\\)$", ", include_in_schema=False)")
                + port.newline() + indent + "@" + main;
    }

    private String routeText(Spec s, String fastapiPath, List<String> methods, String handlerName) {
        if (s.path().usesSupportConvertors()) {
            port.imports.module(port.project.compatModule); // registers Flask's float and uuid convertors
        }
        String name = s.endpoint().equals(handlerName) ? "" : ", name=" + PyString.literal(s.endpoint());
        String path = PyString.literal(fastapiPath);
        if (methods.size() == 1) {
            return s.receiver() + "." + methods.get(0).toLowerCase(Locale.ROOT) + "(" + path + name + ")";
        }
        List<String> quoted = methods.stream().map(PyString::literal).toList();
        return s.receiver() + ".api_route(" + path + ", methods=[" + String.join(", ", quoted) + "]" + name + ")";
    }

    // ============================================================================ one handler per method

    private void split(List<List<MethodBranches.Segment>> plan) throws NotPortable {
        FileEdits e = port.edits;
        String nl = port.newline();
        int defStart = port.start(h.function);
        boolean wasAsync = h.function.getParent() instanceof dev.unblock.python.PythonParser.Async_stmtContext;
        int from = port.start(route.decorated());
        int to = port.lineEndWithNewline(port.lastVisibleEnd(h.function));
        String indent = e.text.substring(port.lineStart(from), from);
        // the async migration may have made the view async: take that insertion, decide per handler
        boolean madeAsync = !e.take(defStart, defStart, ID).isEmpty() || wasAsync;
        for (Edit planned : e.plannedIn(from, defStart)) {
            throw new NotPortable(port.path(), Py.line(h.function), ID, "not ported: the async migration edits the "
                    + "view's decorators");
        }
        String header = e.text.substring(port.end(h.function.RPAR()), port.start(h.function.COLON()));
        annotatedParamsCheck();
        String originalParams = originalParameters();
        java.util.Map<MethodBranches.Segment, String> taken = new java.util.HashMap<>();
        List<String> methods = allMethods();
        StringBuilder out = new StringBuilder();
        String between = indent.isEmpty() ? nl + nl : nl;
        for (int k = 0; k < methods.size(); k++) {
            String m = methods.get(k);
            List<MethodBranches.Segment> segments = plan.get(k);
            StringBuilder body = new StringBuilder();
            for (MethodBranches.Segment s : segments) {
                String text = taken.get(s);
                if (text == null) {
                    text = e.take(s.start(), s.end(), ID);
                    taken.put(s, text);
                }
                body.append(MethodBranches.dedent(text, s.dedent(), MethodBranches.indentOf(port, h.function.block().stmt(0))));
            }
            String handlerName = h.function.name().getText() + "_" + m.toLowerCase(Locale.ROOT);
            if (port.bindsAtModuleLevel(handlerName) || h.usedNames.contains(handlerName)) {
                throw port.refuse(h.function, ID, "the name " + handlerName + " for the " + m + " handler is taken");
            }
            List<String> parameters = new ArrayList<>();
            if (!originalParams.isEmpty()) {
                parameters.add(originalParams);
            }
            parameters.addAll(declarations(at -> segments.stream().anyMatch(s -> at >= s.start() && at < s.end())));
            boolean async = madeAsync && awaits(body.toString());
            if (k > 0) {
                out.append(between).append(indent);
            }
            for (Spec s : specs) {
                if (s.methods().contains(m)) {
                    out.append('@').append(decoratorText(s, List.of(m), handlerName)).append(nl).append(indent);
                }
            }
            out.append(async ? "async " : "").append("def ").append(handlerName).append('(')
                    .append(String.join(", ", parameters)).append(')').append(header).append(':').append(nl)
                    .append(body);
        }
        e.replace(from, to, out.toString(), ID, "one FastAPI handler per method");
    }

    private void annotatedParamsCheck() throws NotPortable {
        for (ParameterContext p : parameters()) {
            if (port.edits.touched(port.start(p), port.end(p))) {
                throw port.refuse(p, ID, "the view's parameters are edited by another rule");
            }
        }
    }

    private String originalParameters() {
        List<String> out = new ArrayList<>();
        for (ParameterContext p : parameters()) {
            String text = port.edits.src.text(p);
            String annotation = annotationOf(p.name().getText());
            out.add(p.COLON() == null && !annotation.isEmpty() ? text + ": " + annotation : text);
        }
        return String.join(", ", out);
    }

    /** True when a handler's body awaits (await, async for, async with). */
    private boolean awaits(String body) throws NotPortable {
        try {
            var src = PythonSource.parse(port.path(), "async def _handler():\n" + body);
            for (Token t : src.tokens()) {
                if (t.getType() == PythonLexer.AWAIT || t.getType() == PythonLexer.ASYNC && t.getTokenIndex() > 0) {
                    return true;
                }
            }
            return false;
        } catch (PythonSyntaxError ex) {
            throw port.refuse(h.function, ID, "the handler for one method would not parse (" + ex.reason() + ")");
        }
    }
}
