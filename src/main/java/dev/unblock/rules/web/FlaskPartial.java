package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.FileRuleContext;
import dev.unblock.migrate.FileRuleSink;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Rewriter;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.SupportFiles;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/**
 * When a Flask app cannot be ported whole, the blueprints that can move soundly are ported to FastAPI routers in new
 * modules ({@code items.py} → {@code items_fastapi.py}) and {@code asgi.py} serves them first, with the Flask app,
 * left exactly as it was, mounted last ({@code WSGIMiddleware}) for every other request. The Flask app keeps every
 * route, so its url_for, its tests and its own code still work; a blueprint moves only when the FastAPI copy answers
 * as Flask did: see {@link FlaskMovePlan} for what keeps one on Flask.
 */
@RuleInfo(id = FlaskPartial.ID, name = "flask-partial-port",
        summary = "Blueprints that port soundly move to FastAPI; the Flask app, mounted last, serves the rest.")
public final class FlaskPartial implements Rule {
    static final String ID = "UB810";
    static final String STAYS = "stays on Flask (mounted behind the FastAPI app): ";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // part of UB801's port
    }

    /** What the whole-app port found, handed over when it cannot port the app whole. */
    record Input(FileRuleContext context, FlaskModule.AppDecl app, List<FlaskModule> modules, List<ModulePort> ports,
                 List<NotPortable> problems, boolean clients, String compatPath,
                 String compatModule, String root) {
    }

    /**
     * Moves what can move and writes it into the sink, with a finding for every route that stays; returns null then,
     * else (nothing moves) why, for the whole-app finding.
     */
    static String port(Input in, FileRuleSink sink) {
        FlaskMovePlan plan = FlaskMovePlan.of(in);
        if (plan.blocker != null) {
            return plan.blocker;
        }
        if (plan.moved.isEmpty()) {
            return "no blueprint can move to FastAPI beside it (" + plan.kept.values().stream().findFirst()
                    .orElse("no blueprint") + ")";
        }
        for (NotPortable p : in.problems()) {
            sink.finding(new Finding(p.path(), p.line(), 1, p.ruleId(), staysMessage(p.getMessage()), null));
        }
        int movedRoutes = 0;
        int all = 0;
        List<String> names = new ArrayList<>();
        for (FlaskMovePlan.RouteAt r : plan.routes) {
            all++;
            String why = plan.kept.get(r.module());
            if (why == null) {
                movedRoutes++;
            } else {
                sink.finding(new Finding(r.module().path(), r.line(), 1, ID, "the route " + r.rule() + " "
                        + STAYS + why, null));
            }
        }
        boolean form = false;
        boolean templates = false;
        java.util.Set<FlaskModule> declaring = new java.util.LinkedHashSet<>();
        for (ModulePort p : plan.moved) {
            List<Edit> edits = new ArrayList<>(p.edits.own());
            edits.addAll(p.edits.absorbed());
            FlaskModule.BlueprintDecl bp = FlaskMovePlan.blueprintOf(p.module);
            if (p.module.blueprints.isEmpty()) {
                edits.addAll(FlaskBlueprintPackage.rebind(p, bp, in.root()));
                declaring.add(bp.module());
            }
            copy(in, sink, p, edits, FlaskMovePlan.copyPath(p.module));
            names.add(p.path() + " → " + FlaskMovePlan.copyPath(p.module));
            form |= p.imports.readsForm();
            templates |= p.templatesUsed;
        }
        for (ModulePort p : in.ports()) {
            if (declaring.contains(p.module)) {
                List<Edit> edits = new ArrayList<>(p.edits.own());
                edits.addAll(p.edits.absorbed());
                copy(in, sink, p, edits, FlaskBlueprintPackage.copyPath(p.module));
            }
        }
        write(in, sink, in.compatPath(), SupportFiles.read(FlaskPort.SUPPORT));
        write(in, sink, in.root() + "asgi.py", asgi(in, plan));
        sink.dependency(new DependencyChange("fastapi", null, "serves the routes moved from Flask"));
        sink.dependency(new DependencyChange("uvicorn", null, "serves the app (uvicorn asgi:app)"));
        if (form) {
            sink.dependency(new DependencyChange("python-multipart", null, "FastAPI reads form fields with it"));
        }
        if (templates) {
            sink.dependency(new DependencyChange("jinja2", null, "renders the app's templates"));
        }
        sink.finding(new Finding(in.app().module().path(), Py.line(in.app().stmt()), 1, ID, movedRoutes + " of " + all
                + " route(s) moved to FastAPI (" + String.join(", ", names) + "); the others stay on Flask, whose app "
                + "asgi.py mounts behind them; the project's tests still drive the Flask app, which keeps every route",
                null));
        return null;
    }

    /** Writes a module's FastAPI copy, and the comment on the module that says so. */
    private static void copy(Input in, FileRuleSink sink, ModulePort p, List<Edit> edits, String copyPath) {
        String header = header(p, copyPath);
        String ported = Rewriter.apply(p.module.src.text(), edits).text();
        String text = "# Moved to FastAPI from " + p.path() + " by Unblock (" + ID + "): asgi.py serves these routes "
                + "before the Flask app." + p.newline() + (ported.startsWith(header)
                ? ported.substring(header.length()) : ported);
        write(in, sink, copyPath, text);
        if (!p.module.src.text().startsWith(header)) {
            sink.edit(p.path(), new Edit(0, 0, header, ID, "the module's routes are answered by its FastAPI copy", 0));
        }
    }

    /** The comment the moved module gets: its routes are answered by the copy, the Flask app keeps them. */
    private static String header(ModulePort p, String copy) {
        return "# Answered by its FastAPI copy, " + copy.substring(copy.lastIndexOf('/') + 1) + " (" + ID
                + "), which asgi.py serves first; the Flask app" + p.newline() + "# keeps these routes for its tests "
                + "and url_for: change both." + p.newline();
    }

    /** A file the port adds, unless the project has it already as the port writes it (a second run). */
    private static void write(Input in, FileRuleSink sink, String path, String text) {
        if (!text.equals(in.context().read(path))) {
            sink.file(path, text);
        }
    }

    /** A problem's message as it reads when the rest of the app moves: that part stays on Flask. */
    static String staysMessage(String message) {
        for (String prefix : List.of("not ported to FastAPI: ", "not ported: ")) {
            if (message.startsWith(prefix)) {
                return STAYS + message.substring(prefix.length());
            }
        }
        return message;
    }

    /** asgi.py: the FastAPI app with the moved routers, the Flask app mounted last. */
    static String asgi(Input in, FlaskMovePlan plan) {
        FlaskModule.AppDecl app = in.app();
        String module = FlaskPort.moduleUnder(in.root(), app.module().path());
        String flaskApp = app.factory() == null
                ? "from " + module + " import " + app.var() + " as flask_app\n"
                : "from " + module + " import " + app.factory().name().getText() + "\n";
        StringBuilder imports = new StringBuilder("from fastapi import FastAPI\n\n").append(flaskApp)
                .append("from ").append(in.compatModule()).append(" import keep_flask_routing, mount_flask\n");
        StringBuilder routers = new StringBuilder();
        java.util.Set<FlaskModule.BlueprintDecl> included = new java.util.HashSet<>();
        for (ModulePort p : plan.moved) {
            FlaskModule.BlueprintDecl bp = FlaskMovePlan.blueprintOf(p.module);
            boolean own = !p.module.blueprints.isEmpty();
            String routerModule = FlaskPort.moduleUnder(in.root(), own ? FlaskMovePlan.copyPath(p.module)
                    : FlaskBlueprintPackage.copyPath(bp.module()));
            String alias = routerModule.replace('.', '_');
            String router = routerModule.contains(".") ? alias : routerModule;
            if (included.add(bp)) {
                imports.append("import ").append(routerModule).append(routerModule.contains(".") ? " as " + alias : "")
                        .append('\n');
                String prefix = plan.registrationPrefix.get(bp);
                routers.append("app.include_router(").append(router).append('.').append(bp.var())
                        .append(prefix == null ? "" : ", prefix=" + PyString.literal(prefix)).append(")\n");
            }
            if (!own) { // its routes join the router when the copy is imported, before the router is included
                imports.append("import ").append(FlaskPort.moduleUnder(in.root(), FlaskMovePlan.copyPath(p.module)))
                        .append("  # noqa: F401 adds its routes to the router\n");
            }
        }
        return "\"\"\"The ASGI entry point of the app ported in part from Flask: serve it with `uvicorn asgi:app`.\n\n"
                + "The routes moved to FastAPI answer first; every other request goes to the Flask app, mounted last "
                + "with\nWSGIMiddleware, where the routes left on Flask keep running (" + ID + ").\n\"\"\"\n"
                + imports + "\n"
                + (app.factory() == null ? "" : "flask_app = " + app.factory().name().getText() + "()\n")
                + "app = FastAPI(openapi_url=None)  # no /docs: those paths stay Flask's\n"
                + "app.state.config = flask_app.config\n"
                + "keep_flask_routing(app)\n" + routers
                + "mount_flask(app, flask_app)\n\n"
                + "if __name__ == \"__main__\":\n    import uvicorn\n\n"
                + "    uvicorn.run(app, host=\"127.0.0.1\", port=5000)\n";
    }
}
