package dev.unblock.rules.web;

import java.util.List;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;

/**
 * Flask's error handlers (UB803): {@code @app.errorhandler(404)} or {@code (OwnException)} becomes
 * {@code @app.exception_handler(...)} taking (request, exc) and returning the same body.
 */
final class FlaskErrorHandlers {
    private static final String ID = FlaskResponses.ID;

    private FlaskErrorHandlers() {
    }

    /**
     * The body of an error handler: for a status code Flask passes werkzeug's exception, of which only the status code
     * reads the same in Starlette ({@code code} → {@code status_code}), its messages differ. A handler of the
     * project's own exception class receives the very exception raised, in FastAPI too. Runs before the returns are
     * converted.
     */
    static void errorHandlerBody(ModulePort port, Handler h) throws NotPortable {
        List<String> params = h.parameterNames();
        if (params.size() != 1 || params.get(0) == null) {
            throw port.refuse(h.function, ID, "an error handler taking " + params.size() + " parameters");
        }
        if (!handlesStatusCode(port, h)) {
            return;
        }
        String exc = params.get(0);
        for (AtomContext a : Py.descendants(h.function.block(), AtomContext.class)) {
            if (a.name() != null && a.name().getText().equals(exc) && !Py.isKeyword(a)) {
                PrimaryContext use = FlaskModule.primaryOf(a);
                if (use != null && use.trailer().size() >= 1 && use.trailer(0).DOT() != null
                        && use.trailer(0).name().getText().equals("code")) {
                    port.edits.replace(port.start(use.trailer(0).name()), port.end(use.trailer(0).name()),
                            "status_code", ID, "werkzeug's code is Starlette's status_code");
                } else {
                    throw port.refuse(a, ID, "the error handler reads the exception (" + exc + "); werkzeug's "
                            + "messages differ from Starlette's, so the body would change");
                }
            }
        }
    }

    /** {@code @app.errorhandler(404)} / {@code (Exc)} → {@code @app.exception_handler(...)} taking (request, exc). */
    static void errorHandler(ModulePort port, Handler h, DecoratorContext dec) throws NotPortable {
        PrimaryContext p = Py.primary(dec.named_expression());
        Py.Args args = Py.args(p.trailer(1));
        if (args.size() != 1 || args.positional.size() != 1) {
            throw port.refuse(dec, ID, "errorhandler takes one code or exception class");
        }
        ExpressionContext what = args.positional.get(0);
        if (Py.integer(what) == null) {
            String name = Py.nameOf(what);
            if (name == null || port.module.imports.containsKey(name) && port.module.imports.get(name)[0].startsWith("werkzeug")
                    || name.equals("Exception") || name.equals("BaseException")) {
                throw port.refuse(dec, ID, "errorhandler(" + what.getText() + "): Flask also hands it HTTP errors "
                        + "(404, 405…) and werkzeug's exception classes, which FastAPI does not; only status codes and "
                        + "the project's own exception classes are mapped");
            }
        }
        FileEdits e = port.edits;
        if (isAppWide(p)) {
            // an APIRouter has no handlers: the router keeps it until the app including the router installs it
            port.imports.compat("flask_app_errorhandler");
            e.replace(port.start(p), port.start(what), "flask_app_errorhandler(" + p.atom().getText() + ", ", ID,
                    "the blueprint's app-wide error handler, installed where its router is included");
        } else {
            e.replace(port.start(p.trailer(0).name()), port.end(p.trailer(0).name()), "exception_handler", ID,
                    "Flask's error handler becomes a FastAPI exception handler");
        }
        String exc = h.parameterNames().get(0);
        String requestParam = h.requestName == null || h.requestName.equals(exc) ? "request" : h.requestName;
        e.insert(port.start(h.function.parameters()), requestParam + ", ", ID, "exception handlers also receive the "
                + "request", 0);
    }

    /** True when the handler's {@code @errorhandler(...)} names a status code (not an exception class). */
    private static boolean handlesStatusCode(ModulePort port, Handler h) {
        for (DecoratorContext dec : h.decorated.decorator()) {
            if (isErrorHandlerDecorator(port, dec)) {
                Py.Args args = Py.args(Py.primary(dec.named_expression()).trailer(1));
                return args.positional.size() != 1 || Py.integer(args.positional.get(0)) != null;
            }
        }
        return true;
    }

    /** {@code @app.errorhandler(…)}, {@code @bp.errorhandler(…)} or {@code @bp.app_errorhandler(…)}. */
    static boolean isErrorHandlerDecorator(ModulePort port, DecoratorContext dec) {
        PrimaryContext p = Py.primary(dec.named_expression());
        if (p == null || p.atom().name() == null || p.trailer().size() != 2 || p.trailer(0).DOT() == null
                || !Py.isCall(p.trailer(1))) {
            return false;
        }
        String name = p.atom().name().getText();
        return p.trailer(0).name().getText().equals("errorhandler") && port.module.isAppOrBlueprint(name)
                || isAppWide(p) && port.module.blueprint(name) != null;
    }

    /** {@code bp.app_errorhandler(…)}: a blueprint's handler for the errors of the whole app. */
    static boolean isAppWide(PrimaryContext p) {
        return p.trailer(0).name().getText().equals("app_errorhandler");
    }

    /**
     * The blueprints declaring app-wide error handlers ({@code @bp.app_errorhandler}), in any module: where such a
     * blueprint's router is included, the app installs them.
     */
    static java.util.Set<FlaskModule.BlueprintDecl> appWideDeclarers(List<FlaskModule> modules) {
        java.util.Set<FlaskModule.BlueprintDecl> out = new java.util.HashSet<>();
        for (FlaskModule m : modules) {
            for (DecoratorContext dec : Py.descendants(m.src.tree(), DecoratorContext.class)) {
                PrimaryContext p = Py.primary(dec.named_expression());
                if (p != null && p.atom().name() != null && p.trailer().size() == 2 && p.trailer(0).DOT() != null
                        && isAppWide(p) && m.blueprint(p.atom().name().getText()) != null) {
                    out.add(m.blueprint(p.atom().name().getText()));
                }
            }
        }
        return out;
    }

    static DecoratedContext decoratedOf(DecoratorContext dec) {
        return (DecoratedContext) dec.getParent();
    }
}
