package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;

/**
 * Flask-CORS set up on the app ({@code CORS(app, resources=…, origins=…)}, a statement of its own beside it) →
 * {@code flask_cors_headers(app, …)} of the support module, with the same arguments: Flask-CORS's own functions
 * ({@code flask_cors.core}) then choose every response's headers from the same options and the app's
 * {@code CORS_*} settings, and OPTIONS is answered as Flask's automatic OPTIONS did, so preflight requests pass.
 * Other uses of Flask-CORS ({@code @cross_origin}, {@code CORS()} kept in a name) keep their UB809 findings.
 */
final class FlaskCors {
    private FlaskCors() {
    }

    /** The {@code CORS(app, …)} statements of a module that the port maps (the primaries of their calls). */
    static List<PrimaryContext> mapped(FlaskModule m) {
        List<PrimaryContext> out = new ArrayList<>();
        for (Expr_stmtContext s : Py.descendants(m.src.tree(), Expr_stmtContext.class)) {
            PrimaryContext call = s.assigned_value().isEmpty() && s.annotation() == null && s.augassign() == null
                    ? Py.primary(s.star_expressions()) : null;
            if (call == null || call.atom().name() == null || call.trailer().size() != 1
                    || !Py.isCall(call.trailer(0))) {
                continue;
            }
            String[] from = m.imports.get(call.atom().name().getText());
            if (from == null || !from[0].equals("flask_cors") || !from[1].equals("CORS")) {
                continue;
            }
            Py.Args args = Py.args(call.trailer(0));
            String app = args.positional.size() == 1 && !args.starred ? Py.nameOf(args.positional.get(0)) : null;
            boolean beside = Py.ancestor(s, Function_defContext.class) == null
                    || m.apps.stream().anyMatch(a -> a.factory() == Py.ancestor(s, Function_defContext.class));
            if (app != null && m.isApp(app) && beside) {
                out.add(call);
            }
        }
        return out;
    }

    /** Rewrites the module's mapped statements; drops {@code from flask_cors import CORS} once nothing else uses it. */
    static void port(ModulePort port) throws NotPortable {
        List<PrimaryContext> calls = mapped(port.module);
        if (calls.isEmpty()) {
            return;
        }
        for (PrimaryContext call : calls) {
            for (var a : Py.descendants(call.trailer(0), dev.unblock.python.PythonParser.AtomContext.class)) {
                if (a.name() != null && port.module.isApp(a.name().getText())) {
                    port.consume(a); // the app handed to flask_cors, which takes a FastAPI app
                }
            }
        }
        if (port.project.afterRequestHooks > 0) {
            // Flask runs the hooks registered after CORS(app) first, and Flask-CORS leaves a header they set alone
            throw port.refuse(calls.get(0), FlaskExtensions.ID, "CORS(app, …) beside after_request hooks: Flask "
                    + "orders their headers in a way the ported middlewares do not");
        }
        for (PrimaryContext call : calls) {
            port.imports.compat("flask_cors_headers");
            port.edits.replace(port.start(call.atom()), port.end(call.atom()), "flask_cors_headers", FlaskExtensions.ID,
                    "Flask-CORS's own functions set the headers; OPTIONS answered as Flask did");
        }
        String local = calls.get(0).atom().name().getText();
        long uses = port.module.nameAtoms().stream().filter(a -> a.name().getText().equals(local)).count();
        for (Import_fromContext i : Py.descendants(port.module.src.tree(), Import_fromContext.class)) {
            StmtContext stmt = Py.ancestor(i, StmtContext.class);
            boolean only = i.dotted_name() != null && i.dotted_name().getText().equals("flask_cors")
                    && i.import_as_name().size() == 1 && i.import_as_name(0).getText().equals("CORS");
            if (only && uses == calls.size() && port.removableLine(stmt, null)) {
                port.removeStatementLine(stmt, FlaskExtensions.ID, "flask_cors_headers of the support module "
                        + "replaces it");
            }
        }
    }
}
