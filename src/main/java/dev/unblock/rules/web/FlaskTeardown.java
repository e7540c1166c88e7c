package dev.unblock.rules.web;

import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;

/**
 * {@code @app.teardown_appcontext} / {@code @app.teardown_request} → {@code @flask_teardown(app)} (rule UB806): the
 * support module runs the hook after every request on the thread that ran the view, after the view's value became
 * the response, as Flask does. Mapped only where nothing can tell the difference: one hook, which ignores the
 * exception it is handed (FastAPI's handler cannot know whether an error handler takes the exception), reads nothing
 * of Flask's context, and is the only code that runs when an app context ends (no {@code app.app_context()} of the
 * project's own); and error handlers that call nothing but Flask's response helpers (they run after the hook in
 * FastAPI when a view raises, before it in Flask).
 */
final class FlaskTeardown {
    private static final String ID = FlaskRequestHooks.ID;
    private static final Set<String> HOOKS = Set.of("teardown_appcontext", "teardown_request");
    private static final Set<String> RESPONSE_HELPERS = Set.of("jsonify", "make_response", "render_template",
            "redirect", "url_for", "str", "int", "dict", "len");

    private FlaskTeardown() {
    }

    static boolean isTeardown(ModulePort port, DecoratorContext dec) {
        PrimaryContext p = Py.primary(dec.named_expression());
        return p != null && p.atom().name() != null && p.trailer().size() == 1 && p.trailer(0).DOT() != null
                && HOOKS.contains(p.trailer(0).name().getText()) && port.module.isApp(p.atom().name().getText());
    }

    static void teardown(ModulePort port, DecoratorContext dec) throws NotPortable {
        PrimaryContext p = Py.primary(dec.named_expression());
        String hook = p.trailer(0).name().getText();
        port.consume(p.atom()); // reported here, whatever the outcome
        String why = FlaskRequestHooks.bridge(hook);
        DecoratedContext d = (DecoratedContext) dec.getParent();
        Function_defContext f = d.function_def();
        if (f == null || d.decorator().size() != 1 || f.parameters() == null
                || f.parameters().parameter().size() != 1 || f.parameters().parameter(0).name() == null
                || f.parameters().parameter(0).EQUAL() != null) {
            throw port.refuse(dec, ID, hook + " on a hook of an unusual shape" + why);
        }
        long hooks = port.project.modules.stream().mapToLong(m -> m.src.text()
                .split("\\.(teardown_appcontext|teardown_request|teardown_app_request)\\b", -1).length - 1).sum();
        if (hooks > 1) {
            throw port.refuse(dec, ID, "several teardown hooks (Flask runs them in its own order)" + why);
        }
        ParameterContext param = f.parameters().parameter(0);
        for (AtomContext a : Py.descendants(f.block(), AtomContext.class)) {
            String name = a.name() == null ? null : a.name().getText();
            if (name != null && name.equals(param.name().getText())) {
                throw port.refuse(a, ID, "the " + hook + " hook reads the exception it is handed, which FastAPI's "
                        + "handler cannot tell apart from one an error handler takes" + why);
            }
            if (name != null && port.module.flaskName(name) != null) {
                throw port.refuse(a, ID, "the " + hook + " hook uses Flask's " + name + why);
            }
        }
        for (FlaskModule m : port.project.modules) {
            if (m.src.text().contains("app_context(") || m.src.text().contains("test_request_context(")) {
                throw port.refuse(dec, ID, "the " + hook + " hook also runs when " + m.path() + " ends an app context "
                        + "of its own" + why);
            }
            checkErrorHandlers(port, m, hook, why);
        }
        port.imports.compat("flask_teardown");
        port.edits.replace(port.start(p), port.end(p), "flask_teardown(" + p.atom().getText() + ")", ID,
                "the hook runs after every request, on the view's thread");
    }

    /** Error handlers must call only Flask's response helpers: FastAPI runs them after the hook, Flask before it. */
    private static void checkErrorHandlers(ModulePort port, FlaskModule m, String hook, String why)
            throws NotPortable {
        for (DecoratedContext d : Py.descendants(m.src.tree(), DecoratedContext.class)) {
            boolean handler = d.decorator().stream().anyMatch(dec -> dec.named_expression().getText()
                    .matches("\\w+\\.(app_)?errorhandler\\(.*"));
            if (!handler || d.function_def() == null) {
                continue;
            }
            for (PrimaryContext call : Py.descendants(d.function_def().block(), PrimaryContext.class)) {
                boolean calls = call.trailer().stream().anyMatch(Py::isCall);
                String name = call.atom().name() == null ? null : call.atom().name().getText();
                String flask = name == null ? null : m.flaskName(name);
                boolean helper = name != null && (flask != null ? RESPONSE_HELPERS.contains(flask)
                        : RESPONSE_HELPERS.contains(name) && !m.imports.containsKey(name));
                if (calls && !(helper && call.trailer().size() == 1)) {
                    throw new NotPortable(m.path(), Py.line(call), ID, "not ported to FastAPI: the error handler "
                            + "calls " + FlaskModule.describe(call, 3) + ", and FastAPI runs it after the " + hook
                            + " hook when a view raises (Flask: before)" + why);
                }
            }
        }
    }
}
