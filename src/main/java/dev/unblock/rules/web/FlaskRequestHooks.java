package dev.unblock.rules.web;

import java.util.Map;
import java.util.Set;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;

/**
 * Flask's per-request hooks. An {@code @app.after_request} function that only sets headers or cookies on the
 * response becomes an HTTP middleware ({@code @app.middleware("http")}) doing the same after {@code call_next}; a
 * teardown hook becomes {@code @flask_teardown(app)} where {@link FlaskTeardown} can map it.
 * {@code before_request}, {@code g} and {@code session} are not mapped: each gets a finding
 * naming the FastAPI construct to use (a dependency or middleware, {@code request.state}, Starlette's
 * SessionMiddleware), and the app stays as it is.
 */
@RuleInfo(id = FlaskRequestHooks.ID, name = "flask-request-hooks",
        summary = "Flask's after_request and teardown hooks become middleware; before_request, g and session get findings.")
public final class FlaskRequestHooks implements Rule {
    static final String ID = "UB806";

    /** What to write instead of a hook or request global the port does not map. */
    static final Map<String, String> BRIDGES = Map.of(
            "before_request", "a dependency of the routes (dependencies=[Depends(...)]) or an HTTP middleware "
                    + "(@app.middleware(\"http\"))",
            "before_app_request", "a dependency of the app (FastAPI(dependencies=[Depends(...)]))",
            "teardown_request", "the hook run after each request on the view's own thread (flask_teardown of the "
                    + "support module), or an HTTP middleware with try/finally around call_next",
            "teardown_appcontext", "the hook run after each request on the view's own thread (flask_teardown of "
                    + "the support module), or a dependency with yield",
            "before_first_request", "a start-up handler (@app.on_event(\"startup\"))",
            "after_request", "an HTTP middleware (@app.middleware(\"http\"))",
            "context_processor", "the template's context",
            "g", "request.state, set in a dependency or middleware",
            "session", "Starlette's SessionMiddleware and request.session",
            "current_app", "request.app (its settings in request.app.state)");

    private static final Set<String> HEADER_METHODS = Set.of("setdefault", "update", "append", "add");
    private static final Set<String> RESPONSE_METHODS = Set.of("set_cookie", "delete_cookie");
    private static final Set<String> BUILTINS = Set.of("str", "int", "float", "len", "bool");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // carried out by the port of UB801, which reads this rule's switch
    }

    /** The finding for an unmapped hook or request global. */
    static String bridge(String what) {
        String bridge = BRIDGES.get(what);
        return bridge == null ? "" : "; FastAPI's way: " + bridge;
    }

    static boolean isAfterRequest(ModulePort port, DecoratorContext dec) {
        PrimaryContext p = Py.primary(dec.named_expression());
        return p != null && p.atom().name() != null && p.trailer().size() == 1 && p.trailer(0).DOT() != null
                && p.trailer(0).name().getText().equals("after_request")
                && port.module.isAppOrBlueprint(p.atom().name().getText());
    }

    /** An after_request hook setting headers or cookies → an HTTP middleware. */
    static void afterRequest(ModulePort port, DecoratorContext dec, int hooksInProject) throws NotPortable {
        DecoratedContext d = (DecoratedContext) dec.getParent();
        Function_defContext f = d.function_def();
        PrimaryContext p = Py.primary(dec.named_expression());
        port.consume(p.atom()); // reported here, whatever the outcome
        if (port.module.blueprint(p.atom().name().getText()) != null) {
            throw port.refuse(dec, ID, "after_request on a blueprint (FastAPI routers have no middleware)"
                    + bridge("after_request"));
        }
        if (hooksInProject > 1) {
            throw port.refuse(dec, ID, "several after_request hooks: Flask runs them last-registered first, "
                    + "FastAPI's middlewares the other way round" + bridge("after_request"));
        }
        if (f == null || d.decorator().size() != 1 || f.parameters() == null || f.parameters().parameter().size() != 1
                || f.parameters().parameter(0).name() == null || f.parameters().parameter(0).EQUAL() != null) {
            throw port.refuse(dec, ID, "an after_request hook of an unusual shape" + bridge("after_request"));
        }
        ParameterContext param = f.parameters().parameter(0);
        String response = param.name().getText();
        if (response.equals("request") || response.equals("call_next")) {
            throw port.refuse(dec, ID, "the after_request hook's parameter is named " + response);
        }
        for (Return_stmtContext r : Py.descendants(f.block(), Return_stmtContext.class)) {
            if (r.star_expressions() == null || !response.equals(Py.nameOf(r.star_expressions()))) {
                throw port.refuse(r, ID, "the after_request hook returns something else than its response"
                        + bridge("after_request"));
            }
        }
        var body = f.block().stmt();
        StmtContext last = body.isEmpty() ? null : body.get(body.size() - 1);
        if (last == null || last.simple_stmts() == null || last.simple_stmts().simple_stmt(0).return_stmt() == null) {
            throw port.refuse(f, ID, "the after_request hook does not end by returning its response");
        }
        for (PrimaryContext use : Py.descendants(f.block(), PrimaryContext.class)) {
            checkUse(port, use, response);
        }
        FileEdits e = port.edits;
        e.replace(port.start(p.trailer(0).name()), port.end(p.trailer(0).name()), "middleware(\"http\")", ID,
                "after_request becomes an HTTP middleware");
        e.insert(port.start(f), "async ", ID, "a middleware awaits the app", 0);
        e.replace(port.start(param), port.end(param), "request, call_next", ID, "a middleware's parameters");
        StmtContext first = body.get(0);
        int lineStart = port.lineStart(port.start(first));
        String indent = e.text.substring(lineStart, port.start(first));
        e.insert(lineStart, indent + response + " = await call_next(request)" + port.newline(), ID,
                "the response comes from the app", -1);
    }

    /** Only the response's headers and cookies, and a few builtins, may be used. */
    private static void checkUse(ModulePort port, PrimaryContext use, String response) throws NotPortable {
        String root = use.atom().name() == null ? null : use.atom().name().getText();
        boolean calls = use.trailer().stream().anyMatch(Py::isCall);
        if (!calls) {
            if (response.equals(root) && !use.trailer().isEmpty() && use.trailer(0).DOT() != null
                    && !Set.of("headers", "status_code").contains(use.trailer(0).name().getText())) {
                throw port.refuse(use, ID, "the after_request hook reads the response's "
                        + use.trailer(0).name().getText() + ", which Starlette's response does not have the same way");
            }
            return;
        }
        if (root != null && BUILTINS.contains(root) && use.trailer().size() == 1) {
            return;
        }
        if (response.equals(root) && use.trailer().size() == 2 && use.trailer(0).DOT() != null
                && RESPONSE_METHODS.contains(use.trailer(0).name().getText())) {
            return;
        }
        if (response.equals(root) && use.trailer().size() == 3 && use.trailer(0).DOT() != null
                && use.trailer(0).name().getText().equals("headers") && use.trailer(1).DOT() != null
                && HEADER_METHODS.contains(use.trailer(1).name().getText())) {
            TrailerContext method = use.trailer(1);
            if (method.name().getText().equals("add")) {
                port.edits.replace(port.start(method.name()), port.end(method.name()), "append", ID,
                        "Starlette's headers append");
            }
            return;
        }
        throw port.refuse(use, ID, "the after_request hook calls " + FlaskModule.describe(use, 3)
                + ", which may block or has no Starlette counterpart" + bridge("after_request"));
    }
}
