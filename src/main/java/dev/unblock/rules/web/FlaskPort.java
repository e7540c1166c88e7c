package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.unblock.analysis.ModuleNames;
import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.FileRule;
import dev.unblock.migrate.FileRuleContext;
import dev.unblock.migrate.FileRuleSink;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.SupportFiles;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.python.SourceFile;

/**
 * The Flask → FastAPI port as a file rule: reads every module that imports flask, ports them together, and writes
 * the result only when nothing in them was left unmapped (no half-ported app). Adds the support module
 * ({@code flask_compat.py}, beside the app), {@code asgi.py} at the project's import root, and the dependency changes
 * (applied to {@code requirements.txt}).
 */
final class FlaskPort implements FileRule {
    static final String SUPPORT = "/dev/unblock/support/flask_compat.py";

    @Override
    public boolean mayApply(String path, String text) {
        return text.contains("flask") || FlaskTestClient.isTestFile(path);
    }

    /** Decorators that, once the app is ported, are FastAPI's and await coroutine handlers. */
    private static final List<String> ROUTE_DECORATORS = List.of("route", "get", "post", "put", "delete", "patch",
            "errorhandler", "app_errorhandler");

    /**
     * When the app will be ported, its views may become async (FastAPI awaits them): the planner learns that Flask's
     * route decorators accept coroutine functions here. An app that stays on Flask keeps its views sync.
     */
    @Override
    public boolean contribute(FileRuleContext context, Knowledge knowledge) {
        if (!port(context, new FileRuleSink())) {
            return false;
        }
        for (String type : List.of("flask.Flask", "flask.app.Flask", "flask.Blueprint", "flask.blueprints.Blueprint")) {
            for (String d : ROUTE_DECORATORS) {
                knowledge.asyncSafeDecorator(type + "." + d);
            }
        }
        return true;
    }

    @Override
    public void check(FileRuleContext context, FileRuleSink sink) {
        port(context, sink);
    }

    /** Ports the project's Flask app into the sink; false when there is none or it stays on Flask (findings). */
    private boolean port(FileRuleContext context, FileRuleSink sink) {
        if (context.files().stream().noneMatch(f -> context.mentions(f.path(), "flask"))) {
            return false; // only test files passed: no Flask import, so nothing to port (and no tree to parse)
        }
        List<FlaskModule> modules = new ArrayList<>();
        List<FlaskModule> all = new ArrayList<>();
        List<FlaskModule> tests = new ArrayList<>();
        List<FlaskModule> others = new ArrayList<>();
        boolean configUsed = false;
        for (SourceFile src : context.files()) {
            String module = moduleName(context, src.path());
            FlaskModule m = new FlaskModule(src, module, ModuleNames.isPackage(src.path()));
            all.add(m);
            if (m.importsFlask()) {
                modules.add(m);
            } else {
                others.add(m);
            }
            configUsed |= src.text().matches("(?s).*(\\.config\\b|\\.testing\\b|\\.debug\\s*=|current_app).*");
        }
        modules.forEach(m -> m.importApps(modules));
        for (FlaskModule m : usersOfDeclarations(context, modules, others)) {
            modules.add(m);
            if (!others.contains(m)) {
                all.add(m);
            }
        }
        others.stream().filter(m -> !modules.contains(m) && FlaskTestClient.isTestFile(m.path())).forEach(tests::add);
        // every Flask-SQLAlchemy call site gets a finding, ported app or not
        FlaskSqlalchemy.Uses uses = FlaskSqlalchemy.uses(all, names -> importers(context, all, names));
        List<NotPortable> sqlalchemy = uses.sites();
        if (modules.isEmpty()) {
            sqlalchemy.forEach(p -> sink.finding(finding(p)));
            return false;
        }
        List<FlaskModule.AppDecl> apps = new ArrayList<>();
        modules.forEach(m -> apps.addAll(m.apps));
        if (apps.isEmpty()) {
            sqlalchemy.forEach(p -> sink.finding(finding(p)));
            sink.finding(new Finding(modules.get(0).path(), 1, 1, FlaskToFastapi.ID, "not ported to FastAPI: no "
                    + "Flask(...) app in the project, so its blueprints and views are left as they are", null));
            return false;
        }
        FlaskModule home = apps.get(0).module();
        String dir = home.path().contains("/") ? home.path().substring(0, home.path().lastIndexOf('/') + 1) : "";
        String root = importRoot(home, context.pythonFiles());
        String compatPath = dir + "flask_compat.py";
        String compatModule = moduleUnder(root, compatPath);

        FlaskProject project = new FlaskProject(modules, compatModule, context.project()::hasFolder,
                context.enabledRules());
        project.configUsed = configUsed;
        if (apps.size() == 1) {
            Set<String> projectModules = new java.util.HashSet<>();
            context.pythonFiles().forEach(f -> projectModules.add(moduleName(context, f)));
            project.slashesOptional = FlaskAppSlashes.statement(apps.get(0), projectModules);
        }
        project.templateFolder = dir + templateFolder(apps.get(0)) + "/";
        project.afterRequestHooks = (int) modules.stream().mapToLong(m -> m.src.text().split("\\.after_request\\b", -1).length - 1).sum();
        project.reader = context::read;
        project.pythonFiles = context.pythonFiles();
        project.fastapiVersion = context.targets().pinnedVersion("fastapi");
        project.flaskSqlalchemyVersion = context.targets().pinnedVersion("flask-sqlalchemy");
        List<ModulePort> ports = new ArrayList<>();
        for (FlaskModule m : modules) {
            ports.add(new ModulePort(m, project, new FileEdits(m.src, context.planned(m.path())), compatModule));
        }
        ports.forEach(ModulePort::prepare);
        String sqlaPath = dir + "sqlalchemy_compat.py";
        SqlalchemyPort sqla = sqlalchemy.isEmpty() ? null : new SqlalchemyPort(uses, ports, project, context::planned,
                moduleUnder(root, sqlaPath));
        if (sqla != null) {
            List<String> texts = new ArrayList<>();
            context.pythonFiles().stream().sorted().map(context::pythonText).filter(t -> t != null).forEach(texts::add);
            sqla.convert(texts);
        }
        ports.forEach(ModulePort::port);
        List<NotPortable> precise = new ArrayList<>(sqla == null ? sqlalchemy : sqla.problems);
        precise.addAll(FlaskExtensions.callSites(all, names -> importers(context, all, names)));
        List<NotPortable> problems = new ArrayList<>(precise);
        ports.forEach(p -> problems.addAll(p.problems));
        problems.removeAll(superseded(problems, precise));
        List<NotPortable> appProblems = List.copyOf(problems);
        List<TestPort> testPorts = new ArrayList<>();
        if (!tests.isEmpty() && context.enabled(FlaskTestClient.ID)) {
            FlaskTestClient.Fixtures fixtures = FlaskTestClient.Fixtures.of(tests);
            for (FlaskModule t : tests) {
                TestPort tp = new TestPort(t, new FileEdits(t.src, context.planned(t.path())), compatModule);
                tp.port(apps, fixtures, ports.stream().anyMatch(p -> p.clients.values().stream()
                        .anyMatch(c -> !c.isEmpty())));
                problems.addAll(tp.problems);
                if (tp.changed) {
                    testPorts.add(tp);
                }
            }
        }
        if (context.project() != null && exists(context, compatPath)
                && !SupportFiles.read(SUPPORT).equals(context.read(compatPath))) {
            problems.add(new NotPortable(compatPath, 1, FlaskToFastapi.ID, "not ported to FastAPI: the project has a "
                    + compatPath + " of its own, where the port puts its support module"));
        }
        if (sqla != null && context.project() != null && exists(context, sqlaPath)) {
            problems.add(new NotPortable(sqlaPath, 1, FlaskSqlalchemy.ID, "not ported to FastAPI: the project has a "
                    + sqlaPath + " of its own, where the port puts its support module"));
        }
        if (!problems.isEmpty()) {
            String why = "";
            if (apps.size() == 1 && context.enabled(FlaskPartial.ID)) {
                boolean clients = ports.stream().anyMatch(p -> p.clients.values().stream().anyMatch(c -> !c.isEmpty()));
                why = FlaskPartial.port(new FlaskPartial.Input(context, apps.get(0), modules, ports, appProblems,
                        clients, compatPath, compatModule, root), sink);
                if (why == null) {
                    return false; // the moved blueprints are FastAPI's; the app and its views stay Flask's (sync)
                }
                why = "; " + why;
            }
            for (NotPortable p : problems) {
                sink.finding(finding(p));
            }
            // the Flask-SQLAlchemy queries the port would have converted stay as they are too: say so on each
            Set<String> said = new java.util.HashSet<>();
            problems.forEach(p -> said.add(p.path() + ":" + p.line()));
            for (NotPortable site : sqlalchemy) {
                if (uses.queries(site) && said.add(site.path() + ":" + site.line())) {
                    sink.finding(finding(FlaskSqlalchemy.withTheApp(site)));
                }
            }
            long routes = modules.stream().mapToLong(m -> m.routes.stream()
                    .mapToLong(r -> r.routeDecorators().size()).sum()).sum();
            for (FlaskModule.AppDecl app : apps) {
                sink.finding(new Finding(app.module().path(), Py.line(app.stmt()), 1, FlaskToFastapi.ID,
                        "the Flask app is not ported to FastAPI: " + problems.size() + " part(s) of it cannot be "
                                + "mapped safely (see the other findings), and an app is ported whole or not at all; "
                                + "its " + routes + " route(s) stay on Flask" + why,
                        null));
            }
            return false;
        }
        boolean usesForm = false;
        boolean usesTemplates = false;
        for (ModulePort p : ports) {
            for (Edit e : p.edits.own()) {
                sink.edit(p.path(), e);
            }
            for (Edit e : p.edits.absorbed()) {
                sink.absorb(p.path(), e);
            }
            usesForm |= p.imports.readsForm();
            usesTemplates |= p.templatesUsed;
        }
        for (TestPort t : testPorts) {
            t.edits.own().forEach(e -> sink.edit(t.module.path(), e));
            t.edits.absorbed().forEach(e -> sink.absorb(t.module.path(), e));
        }
        sink.file(compatPath, SupportFiles.read(SUPPORT));
        if (sqla != null) {
            for (FileEdits e : sqla.extra.values()) {
                e.own().forEach(x -> sink.edit(e.path(), x));
                e.absorbed().forEach(x -> sink.absorb(e.path(), x));
            }
            sink.file(sqlaPath, SupportFiles.read(SqlalchemyPort.SUPPORT));
            sink.dependency(new DependencyChange("sqlalchemy", "flask-sqlalchemy", "the models and queries are "
                    + "SQLAlchemy's own now, with an AsyncSession per request"));
            sqla.drivers.forEach(d -> sink.dependency(new DependencyChange(d, null, "the async driver of the "
                    + "app's database")));
        }
        asgi(context, sink, apps, project, root);
        dependencies(sink, usesForm, usesTemplates);
        return true;
    }

    /**
     * The generic findings ("another decorator", "handed to other code") on lines that a finding naming the
     * library (UB807, UB809) already explains.
     */
    private static List<NotPortable> superseded(List<NotPortable> problems, List<NotPortable> precise) {
        Set<String> lines = new java.util.HashSet<>();
        precise.forEach(p -> lines.add(p.path() + ":" + p.line()));
        return problems.stream().filter(p -> p.ruleId().equals(FlaskToFastapi.ID) && lines.contains(p.path() + ":"
                + p.line()) && (p.getMessage().contains(ViewPort.OTHER_DECORATOR)
                || p.getMessage().contains(ModulePort.HANDED_TO_OTHER_CODE))).toList();
    }

    /** The app's template_folder= (a string literal), else Flask's default. */
    private static String templateFolder(FlaskModule.AppDecl app) {
        var arg = Py.args(app.call().trailer(0)).keywords.get("template_folder");
        String folder = arg == null ? null : Py.string(arg);
        return folder == null ? "templates" : folder;
    }

    private static Finding finding(NotPortable p) {
        return new Finding(p.path(), p.line(), 1, p.ruleId(), p.getMessage(), null);
    }

    private static boolean exists(FileRuleContext context, String path) {
        try {
            return context.project().exists(path);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Modules that do not mention flask but use an app or blueprint another module creates ({@code from . import bp}
     * then {@code @bp.route}): they are ported with the app, or refused with it, never left decorating a FastAPI
     * router with Flask's API.
     */
    private static List<FlaskModule> usersOfDeclarations(FileRuleContext context, List<FlaskModule> modules,
                                                         List<FlaskModule> read) {
        Set<String> names = new java.util.HashSet<>();
        Set<String> seen = new java.util.HashSet<>();
        for (FlaskModule m : modules) {
            m.apps.stream().filter(a -> a.factory() == null).forEach(a -> names.add(a.var()));
            m.blueprints.forEach(b -> names.add(b.var()));
        }
        context.files().forEach(f -> seen.add(f.path()));
        List<FlaskModule> out = new ArrayList<>();
        if (names.isEmpty()) {
            return out;
        }
        // the files already read without a flask import (a package named flask, or bowdata/test/… holding routes)
        for (FlaskModule m : read) {
            m.importApps(modules);
            if (m.usesImportedDeclarations() && (!FlaskTestClient.isTestFile(m.path()) || !m.routes.isEmpty())) {
                out.add(m);
            }
        }
        java.util.regex.Pattern mention = java.util.regex.Pattern.compile("\\b(" + String.join("|",
                names.stream().sorted().map(java.util.regex.Pattern::quote).toList()) + ")\\b");
        for (String path : new java.util.TreeSet<>(context.pythonFiles())) {
            if (seen.contains(path) || !context.config().paths().matches(path)) {
                continue;
            }
            String text = context.pythonText(path);
            if (text == null || !text.contains("import") || !mention.matcher(text).find()) {
                continue;
            }
            try {
                FlaskModule m = new FlaskModule(dev.unblock.python.PythonSource.parse(path, text),
                        moduleName(context, path), ModuleNames.isPackage(path));
                m.importApps(modules);
                if (m.usesImportedDeclarations() && (!FlaskTestClient.isTestFile(path) || !m.routes.isEmpty())) {
                    out.add(m);
                }
            } catch (dev.unblock.python.PythonSyntaxError e) {
                // a file that does not parse is reported by the engine
            }
        }
        return out;
    }

    /**
     * The project's other modules (within the configured paths, tests included) that import one of these names
     * and mention it: they may use an object of the app's modules without ever naming Flask.
     */
    private static List<FlaskModule> importers(FileRuleContext context, List<FlaskModule> known, Set<String> names) {
        Set<String> seen = new java.util.HashSet<>();
        known.forEach(m -> seen.add(m.path()));
        java.util.regex.Pattern mention = java.util.regex.Pattern.compile("\\b(" + String.join("|",
                names.stream().sorted().map(java.util.regex.Pattern::quote).toList()) + ")\\b");
        List<FlaskModule> out = new ArrayList<>();
        for (String path : new java.util.TreeSet<>(context.pythonFiles())) {
            String text = context.pythonText(path);
            if (seen.contains(path) || !context.config().paths().matches(path) || text == null
                    || !text.contains("import") || !mention.matcher(text).find()) {
                continue;
            }
            try {
                out.add(new FlaskModule(dev.unblock.python.PythonSource.parse(path, text), moduleName(context, path),
                        ModuleNames.isPackage(path)));
            } catch (dev.unblock.python.PythonSyntaxError e) {
                // a file that does not parse is reported by the engine
            }
        }
        return out;
    }

    private static String moduleName(FileRuleContext context, String path) {
        String name = ModuleNames.moduleName(path, context.pythonFiles());
        String root = context.project() == null ? null : context.project().rootPackage();
        if (root == null) {
            return name;
        }
        return name.isEmpty() ? root : root + "." + name;
    }

    /**
     * The folder the app's module is imported from: the project's import root ("" or "src/"), or the module's own
     * folder when the project is run from there (its imports of project modules resolve only from there).
     */
    static String importRoot(FlaskModule app, Set<String> files) {
        String root = ModuleNames.sourceRoot(app.path(), files);
        String dir = app.path().contains("/") ? app.path().substring(0, app.path().lastIndexOf('/') + 1) : "";
        if (dir.equals(root)) {
            return root;
        }
        List<String> imported = new ArrayList<>();
        app.imports.values().forEach(i -> imported.add(i[0]));
        app.moduleAliases.values().forEach(imported::add);
        for (String module : imported) {
            if (module.isEmpty() || module.startsWith(".")) {
                continue;
            }
            String first = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
            if (under(files, root + first)) {
                return root;
            }
            if (under(files, dir + first)) {
                return dir;
            }
        }
        return root;
    }

    private static boolean under(Set<String> files, String stem) {
        return files.contains(stem + ".py") || files.stream().anyMatch(f -> f.startsWith(stem + "/"));
    }

    /** The module name of a file imported from a root folder. */
    static String moduleUnder(String root, String path) {
        String rel = path.startsWith(root) ? path.substring(root.length()) : path;
        rel = rel.substring(0, rel.length() - 3);
        if (rel.endsWith("/__init__")) {
            rel = rel.substring(0, rel.length() - "/__init__".length());
        }
        return rel.replace('/', '.');
    }

    /** {@code asgi.py} at the import root: {@code uvicorn asgi:app} serves the app. */
    private static void asgi(FileRuleContext context, FileRuleSink sink, List<FlaskModule.AppDecl> apps,
                             FlaskProject project, String root) {
        FlaskModule.AppDecl app = apps.get(0);
        String path = root + "asgi.py";
        if (apps.size() > 1) {
            sink.finding(new Finding(app.module().path(), Py.line(app.stmt()), 1, FlaskToFastapi.ID,
                    "asgi.py not written: the project creates " + apps.size() + " apps; serve the one you mean with "
                            + "uvicorn module:app", null));
            return;
        }
        if (exists(context, path)) {
            sink.finding(new Finding(path, 1, 1, FlaskToFastapi.ID, "asgi.py not written: the project has one; "
                    + "it must serve the FastAPI app now (uvicorn asgi:app)", null));
            return;
        }
        String module = moduleUnder(root, app.module().path());
        String lines;
        if (app.factory() == null) {
            lines = "from " + module + " import " + (app.var().equals("app") ? "app" : app.var() + " as app") + "\n";
        } else {
            var f = app.factory();
            boolean topLevel = Py.ancestor(f, dev.unblock.python.PythonParser.Function_defContext.class) == null
                    && Py.ancestor(f, dev.unblock.python.PythonParser.Class_defContext.class) == null;
            boolean noRequired = f.parameters() == null || f.parameters().parameter().stream()
                    .allMatch(p -> p.EQUAL() != null || p.STAR() != null || p.DOUBLESTAR() != null);
            if (!topLevel || !noRequired) {
                sink.finding(new Finding(app.module().path(), Py.line(f), 1, FlaskToFastapi.ID, "asgi.py not written: "
                        + "the app factory " + f.name().getText() + " needs arguments; call it in an asgi.py of "
                        + "your own", null));
                return;
            }
            String factory = f.name().getText();
            lines = "from " + module + " import " + factory + "\n\napp = " + factory + "()\n";
        }
        String host = project.runHost != null ? project.runHost : "\"127.0.0.1\"";
        String port = project.runPort != null ? project.runPort : "5000";
        sink.file(path, "\"\"\"The ASGI entry point of the app ported from Flask: serve it with `uvicorn asgi:app`.\"\"\"\n"
                + lines + "\nif __name__ == \"__main__\":\n    import uvicorn\n\n    uvicorn.run(app, host=" + host
                + ", port=" + port + ")\n");
    }

    /**
     * Flask gives way to FastAPI and uvicorn. The front end applies these to the project's dependency files
     * (requirements, pyproject.toml, setup.cfg), as it does for every rule's dependency changes.
     */
    private static void dependencies(FileRuleSink sink, boolean usesForm, boolean usesTemplates) {
        sink.dependency(new DependencyChange("fastapi", "flask", "the app is a FastAPI app now"));
        sink.dependency(new DependencyChange("uvicorn", null, "serves the app (uvicorn asgi:app)"));
        if (usesForm) {
            sink.dependency(new DependencyChange("python-multipart", null, "FastAPI reads form fields with it"));
        }
        if (usesTemplates) {
            sink.dependency(new DependencyChange("jinja2", null, "renders the app's templates"));
        }
    }
}
