package dev.unblock.rules.web;

import java.util.List;
import java.util.Set;

import dev.unblock.migrate.FileRule;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import dev.unblock.python.PythonParser.Simple_stmtContext;
import dev.unblock.python.PythonParser.StmtContext;

/**
 * The Flask app becomes a FastAPI app: {@code Flask(__name__)} (at module level or in a factory) → {@code FastAPI()},
 * blueprints → {@code APIRouter(prefix=…)} included with {@code include_router}, routes → {@code @router.get/post/…}
 * with FastAPI path convertors, one handler per method where the view branches on {@code request.method}, the static
 * folder mounted, {@code app.run()} → {@code uvicorn.run(app)}, an {@code asgi.py} for {@code uvicorn asgi:app} and
 * the dependency changes. The whole app is ported or, when any part of it cannot be mapped safely, none of it.
 */
@RuleInfo(id = FlaskToFastapi.ID, name = "flask-to-fastapi",
        summary = "Flask apps, blueprints and routes become FastAPI apps, routers and handlers served by uvicorn.")
public final class FlaskToFastapi implements Rule {
    static final String ID = "UB801";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // a file rule: nothing for the call catalog
    }

    @Override
    public FileRule fileRule(MigrationConfig config, Targets targets) {
        return targets.portsWebApps() ? new FlaskPort() : null;
    }

    private static final Set<String> RUN_OPTIONS_DROPPED = Set.of("debug", "use_reloader", "threaded",
            "load_dotenv", "use_debugger");

    /** Apps, blueprints, registrations and app.run() of one module. */
    static void portDeclarations(ModulePort port) {
        for (FlaskModule.AppDecl app : port.module.apps) {
            attempt(port, () -> app(port, app));
        }
        for (FlaskModule.BlueprintDecl bp : port.module.blueprints) {
            attempt(port, () -> blueprint(port, bp));
        }
        for (FlaskProject.Registration r : port.project.unresolved) {
            if (r.module() == port.module) {
                port.problems.add(port.refuse(r.call(), ID, "register_blueprint with a blueprint this port cannot "
                        + "follow to its Blueprint(...)"));
            }
        }
        for (var regs : port.project.registrations.values()) {
            for (FlaskProject.Registration r : regs) {
                if (r.module() == port.module) {
                    attempt(port, () -> registration(port, r));
                }
            }
        }
        factoryCalls(port);
        var slashes = port.project.slashesOptional;
        if (slashes != null && Py.ancestor(slashes, dev.unblock.python.PythonParser.File_inputContext.class)
                == port.module.src.tree()) {
            Py.descendants(slashes, AtomContext.class).forEach(port::consume);
            attempt(port, () -> port.removeStatementLine(slashes, ID, "every route serves both slash forms"));
        }
        for (PrimaryContext p : Py.descendants(port.module.src.tree(), PrimaryContext.class)) {
            if (p.atom().name() != null && port.module.isApp(p.atom().name().getText())
                    && p.getText().endsWith(".url_map.strict_slashes") && (slashes == null
                    || Py.ancestor(p, dev.unblock.python.PythonParser.StmtContext.class) != slashes)) {
                port.consume(p.atom());
                port.problems.add(port.refuse(p, ID, "app.url_map.strict_slashes is set or read where it may not "
                        + "apply to every rule (Werkzeug reads it as each rule is added); set it to False right after "
                        + "the app is made"));
            }
        }
        for (PrimaryContext p : Py.descendants(port.module.src.tree(), PrimaryContext.class)) {
            if (p.atom().name() != null && !p.trailer().isEmpty() && p.trailer(0).DOT() != null
                    && port.module.isApp(p.atom().name().getText())) {
                attempt(port, () -> {
                    if (config(port.edits, port.imports, p, ID)) {
                        port.consume(p.atom());
                    }
                });
            }
            if (p.atom().name() != null && p.trailer().size() == 2 && p.trailer(0).DOT() != null
                    && p.trailer(0).name().getText().equals("run") && Py.isCall(p.trailer(1))
                    && port.module.apps.stream().anyMatch(a -> a.var().equals(p.atom().name().getText()))) {
                attempt(port, () -> run(port, p));
            }
        }
    }

    private interface Step {
        void run() throws NotPortable;
    }

    private static void attempt(ModulePort port, Step step) {
        try {
            step.run();
        } catch (NotPortable e) {
            port.problems.add(e);
        }
    }

    /**
     * {@code app = create_app()} in the factory's own module (typically under {@code if __name__ == "__main__"}):
     * the name holds the app, as the factory's local of that name does.
     */
    private static void factoryCalls(ModulePort port) {
        for (FlaskModule.AppDecl app : port.module.apps) {
            if (app.factory() == null) {
                continue;
            }
            String factory = app.factory().name().getText();
            for (var s : Py.descendants(port.module.src.tree(), dev.unblock.python.PythonParser.Expr_stmtContext.class)) {
                PrimaryContext call = s.assigned_value().size() == 1
                        ? Py.primary(s.assigned_value(0).star_expressions()) : null;
                AtomContext target = Py.atom(s.star_expressions());
                if (call != null && target != null && app.var().equals(Py.name(target)) && call.atom().name() != null
                        && call.atom().name().getText().equals(factory) && call.trailer().size() == 1) {
                    port.consume(target);
                }
            }
        }
    }

    private static void app(ModulePort port, FlaskModule.AppDecl app) throws NotPortable {
        Py.Args args = Py.args(app.call().trailer(0));
        String staticFolder = "static";
        String staticUrl = null;
        if (args.starred || args.positional.size() > 1) {
            throw port.refuse(app.stmt(), ID, "Flask(...) with more than the import name");
        }
        for (var kw : args.keywords.entrySet()) {
            switch (kw.getKey()) {
                case "import_name", "instance_relative_config", "template_folder" -> {
                }
                case "static_folder" -> {
                    var atom = Py.atom(kw.getValue());
                    staticFolder = atom != null && atom.NONE() != null ? null : Py.string(kw.getValue());
                    if (staticFolder == null && (atom == null || atom.NONE() == null)) {
                        throw port.refuse(app.stmt(), ID, "static_folder= is not a string literal");
                    }
                }
                case "static_url_path" -> {
                    staticUrl = Py.string(kw.getValue());
                    if (staticUrl == null) {
                        throw port.refuse(app.stmt(), ID, "static_url_path= is not a string literal");
                    }
                }
                default -> throw port.refuse(app.stmt(), ID, "Flask(" + kw.getKey() + "=…) is not mapped");
            }
        }
        FileEdits e = port.edits;
        port.consume(app.call().atom());
        port.consume(Py.atom(app.stmt().star_expressions()));
        port.imports.fastapi("FastAPI");
        port.imports.compat("keep_flask_routing");
        String nl = port.newline();
        StmtContext stmt = Py.ancestor(app.stmt(), StmtContext.class);
        int at = port.lineEndOfLastToken(stmt);
        String indent = e.text.substring(port.lineStart(port.start(stmt)), port.start(stmt));
        List<FlaskClientsAtStartup.Client> clients = port.clients.getOrDefault(app, List.of());
        boolean lifespan = !clients.isEmpty() && port.project.hasLifespan();
        boolean nested = app.factory() != null;
        if (lifespan) {
            port.imports.add("contextlib", "asynccontextmanager");
            e.insert(port.lineStart(port.start(stmt)), FlaskClientsAtStartup.lifespan(indent, nl, clients, nested),
                    FlaskClientsAtStartup.ID, "the clients are opened and closed by the app's lifespan", -1);
        }
        e.replace(port.start(app.call()), port.end(app.call()), lifespan ? "FastAPI(lifespan=lifespan)" : "FastAPI()",
                ID, "the FastAPI app");
        StringBuilder after = new StringBuilder();
        if (port.project.configUsed) {
            port.imports.compat("flask_config");
            after.append(nl).append(indent).append(app.var()).append(".state.config = flask_config()");
        }
        after.append(nl).append(indent).append("keep_flask_routing(").append(app.var()).append(')');
        if (staticFolder != null) {
            String folder = dirOf(port.path()) + staticFolder;
            if (port.project.hasFolder(folder)) {
                String url = staticUrl != null ? staticUrl
                        : "/" + (staticFolder.contains("/") ? staticFolder.substring(staticFolder.lastIndexOf('/') + 1)
                        : staticFolder);
                port.imports.module("os");
                port.imports.add("fastapi.staticfiles", "StaticFiles");
                after.append(nl).append(indent).append(app.var()).append(".mount(").append(PyString.literal(url))
                        .append(", StaticFiles(directory=os.path.join(os.path.dirname(__file__), ")
                        .append(PyString.literal(staticFolder)).append(")), name=\"static\")");
                port.project.endpoints.put("static", List.of("filename"));
            }
        }
        if (!clients.isEmpty()) {
            after.append(lifespan ? FlaskClientsAtStartup.dependencies(indent, nl, clients, nested)
                    : FlaskClientsAtStartup.onEvents(app.var(), indent, nl, clients, nested));
        }
        e.insert(at, after.toString(), ID, "Flask's trailing-slash rule and static folder", 0);
        if (app.factory() != null) {
            for (Return_stmtContext r : Py.descendants(app.factory().block(), Return_stmtContext.class)) {
                AtomContext a = r.star_expressions() == null ? null : Py.atom(r.star_expressions());
                if (a != null && app.var().equals(Py.name(a))) {
                    port.consume(a);
                }
            }
        }
    }

    private static String dirOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static void blueprint(ModulePort port, FlaskModule.BlueprintDecl bp) throws NotPortable {
        Py.Args args = Py.args(bp.call().trailer(0));
        if (args.starred || args.positional.size() > 2) {
            throw port.refuse(bp.stmt(), ID, "Blueprint(...) with more than a name and an import name");
        }
        for (String k : args.keywords.keySet()) {
            if (!Set.of("name", "import_name", "url_prefix").contains(k)) {
                throw port.refuse(bp.stmt(), ID, "Blueprint(" + k + "=…) is not mapped");
            }
        }
        if (args.keywords.containsKey("url_prefix") && bp.urlPrefix() == null) {
            throw port.refuse(bp.stmt(), ID, "the blueprint's url_prefix is not a string literal");
        }
        port.consume(bp.call().atom());
        port.consume(Py.atom(bp.stmt().star_expressions()));
        port.imports.fastapi("APIRouter");
        String prefix = bp.urlPrefix() == null || port.project.prefixGivenAtRegistration(bp) ? ""
                : FlaskProject.prefix(bp.urlPrefix());
        port.edits.replace(port.start(bp.call()), port.end(bp.call()),
                prefix.isEmpty() ? "APIRouter()" : "APIRouter(prefix=" + PyString.literal(prefix) + ")", ID,
                "a blueprint is an APIRouter");
    }

    private static void registration(ModulePort port, FlaskProject.Registration r) throws NotPortable {
        PrimaryContext p = r.call();
        Py.Args args = Py.args(p.trailer(1));
        for (String k : args.keywords.keySet()) {
            if (!k.equals("url_prefix") && !k.equals("blueprint")) {
                throw port.refuse(p, ID, "register_blueprint(" + k + "=…) is not mapped");
            }
        }
        if (!isStatement(p)) {
            throw port.refuse(p, ID, "register_blueprint inside an expression");
        }
        FileEdits e = port.edits;
        port.consume(p.atom());
        var blueprintAtom = Py.atom(args.get(0, "blueprint"));
        if (blueprintAtom != null) {
            port.consume(blueprintAtom); // the blueprint, now a router, is handed to include_router
        }
        e.replace(port.start(p.trailer(0).name()), port.end(p.trailer(0).name()), "include_router", ID,
                "a blueprint's registration includes its router");
        if (port.project.appWideHandlers.contains(r.blueprint())) {
            StmtContext stmt = Py.ancestor(p, StmtContext.class);
            String indent = e.text.substring(port.lineStart(port.start(stmt)), port.start(stmt));
            port.imports.compat("add_flask_app_errorhandlers");
            e.insert(port.lineEndOfLastToken(stmt), port.newline() + indent + "add_flask_app_errorhandlers("
                    + p.atom().getText() + ", " + e.src.text(args.get(0, "blueprint")) + ")", ID,
                    "the blueprint's app-wide error handlers", 0);
        }
        ExpressionContext prefixArg = r.prefix();
        if (prefixArg != null) {
            String value = Py.string(prefixArg);
            if (value == null) {
                throw port.refuse(p, ID, "url_prefix= is not a string literal");
            }
            for (var a : args.all) {
                if (a.EQUAL() != null && a.expression(0).getText().equals("url_prefix")) {
                    e.replace(port.start(a.expression(0)), port.end(a.expression(0)), "prefix", ID, "");
                }
            }
            String normalized = FlaskProject.prefix(value);
            if (!normalized.equals(value)) {
                e.replace(port.start(prefixArg), port.end(prefixArg), PyString.literal(normalized), ID,
                        "FastAPI's prefixes end without a slash");
            }
        } else if (port.project.prefixGivenAtRegistration(r.blueprint()) && r.blueprint().urlPrefix() != null) {
            String own = FlaskProject.prefix(r.blueprint().urlPrefix());
            if (!own.isEmpty()) {
                var list = p.trailer(1).arguments().argument();
                e.insert(port.end(list.get(list.size() - 1)), ", prefix=" + PyString.literal(own), ID,
                        "the blueprint's own prefix, given here because another registration replaces it", 0);
            }
        }
    }

    private static void run(ModulePort port, PrimaryContext p) throws NotPortable {
        Py.Args args = Py.args(p.trailer(1));
        if (args.starred || args.positional.size() > 2 || !isStatement(p)) {
            throw port.refuse(p, ID, "app.run(...) with these arguments is not mapped");
        }
        for (String k : args.keywords.keySet()) {
            if (!k.equals("host") && !k.equals("port") && !RUN_OPTIONS_DROPPED.contains(k)) {
                throw port.refuse(p, ID, "app.run(" + k + "=…) has no uvicorn counterpart here");
            }
        }
        FileEdits e = port.edits;
        ExpressionContext host = args.get(0, "host");
        ExpressionContext portArg = args.get(1, "port");
        String h = host == null ? "\"127.0.0.1\"" : e.take(port.start(host), port.end(host), ID);
        String n = portArg == null ? "5000" : e.take(port.start(portArg), port.end(portArg), ID);
        port.consume(p.atom());
        port.imports.module("uvicorn");
        if (host == null || Py.string(host) != null) {
            port.project.runHost = h;
        }
        if (portArg == null || Py.integer(portArg) != null) {
            port.project.runPort = n;
        }
        e.replace(port.start(p), port.end(p), "uvicorn.run(" + p.atom().getText() + ", host=" + h + ", port=" + n + ")",
                ID, "uvicorn serves the app where Flask's server did");
    }

    /**
     * {@code app.config…} → {@code app.state.config…} ({@code from_mapping} → {@code update}), {@code app.testing}
     * and {@code app.debug} → the config entries Flask keeps them in. False when the use is something else.
     */
    static boolean config(FileEdits e, NewImports imports, PrimaryContext p, String ruleId) throws NotPortable {
        var name = p.trailer(0).name();
        String attr = name.getText();
        int start = e.src.start(name);
        int end = e.src.end(name);
        switch (attr) {
            case "config" -> {
                if (p.trailer().size() >= 3 && p.trailer(1).DOT() != null && Py.isCall(p.trailer(2))) {
                    String method = p.trailer(1).name().getText();
                    if (method.equals("from_object")) {
                        fromObject(e, imports, p, ruleId);
                    } else if (method.startsWith("from_") && !method.equals("from_mapping")) {
                        throw new NotPortable(e.path(), Py.line(p), ruleId, "not ported to FastAPI: app.config."
                                + method + " loads Flask settings from a file or the environment; only from_object, "
                                + "from_mapping and update are mapped");
                    }
                    if (method.equals("from_mapping")) {
                        e.replace(e.src.start(p.trailer(1).name()), e.src.end(p.trailer(1).name()), "update", ruleId,
                                "the config is a plain dict");
                    }
                }
                e.replace(start, end, "state.config", ruleId, "the app's config lives on app.state");
                return true;
            }
            case "testing", "debug" -> {
                e.replace(start, end, "state.config[\"" + attr.toUpperCase(java.util.Locale.ROOT) + "\"]", ruleId,
                        "Flask keeps app." + attr + " in the config");
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * {@code app.config.from_object(obj)} → {@code app.state.config.update(flask_config_object(obj))}: the helper
     * reads what Flask's from_object reads (the upper-case attributes of the object, or of the object an import
     * string names).
     */
    private static void fromObject(FileEdits e, NewImports imports, PrimaryContext p, String ruleId) throws NotPortable {
        Py.Args args = Py.args(p.trailer(2));
        if (args.starred || args.positional.size() != 1 || !args.keywords.isEmpty()) {
            throw new NotPortable(e.path(), Py.line(p), ruleId, "not ported to FastAPI: app.config.from_object with "
                    + "other than one argument");
        }
        ExpressionContext obj = args.positional.get(0);
        imports.compat("flask_config_object");
        e.replace(e.src.start(p.trailer(1).name()), e.src.end(p.trailer(1).name()), "update", ruleId,
                "the config is a plain dict");
        e.insert(e.src.start(obj), "flask_config_object(", ruleId, "the settings Flask's from_object reads", 0);
        e.insert(e.src.end(obj), ")", ruleId, "", 0);
    }

    static boolean isStatement(PrimaryContext p) {
        Simple_stmtContext s = Py.ancestor(p, Simple_stmtContext.class);
        return s != null && s.expr_stmt() != null && s.expr_stmt().assigned_value().isEmpty()
                && s.expr_stmt().annotation() == null && s.expr_stmt().augassign() == null
                && Py.primary(s.expr_stmt().star_expressions()) == p;
    }
}
