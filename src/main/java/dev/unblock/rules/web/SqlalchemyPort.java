package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.unblock.migrate.Edit;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Import_as_nameContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * Flask-SQLAlchemy converted for a ported app (UB807), where the mapping is clear: the db object becomes a declarative
 * {@code Base}, its SQLAlchemy names {@code sa.}'s, the engine an async one opened at start-up (UB804's mechanism),
 * and each view that queries gets its own {@code AsyncSession} from a dependency, awaiting its queries (so it becomes
 * {@code async def}). Every use it cannot convert soundly stays a problem naming why, and then the app stays on Flask.
 */
final class SqlalchemyPort {
    static final String SUPPORT = "/dev/unblock/support/sqlalchemy_compat.py";
    static final String ID = FlaskSqlalchemy.ID;
    /** Names Flask-SQLAlchemy's db object takes from sqlalchemy itself (the same objects). */
    private static final Set<String> SA_NAMES = Set.of("Column", "Integer", "SmallInteger", "BigInteger", "String",
            "Text", "Unicode", "UnicodeText", "Boolean", "DateTime", "Date", "Time", "Interval", "Float", "Numeric",
            "LargeBinary", "JSON", "Enum", "PickleType", "ForeignKey", "Index", "UniqueConstraint", "CheckConstraint",
            "PrimaryKeyConstraint", "ForeignKeyConstraint", "func", "select", "and_", "or_", "not_", "desc", "asc",
            "text", "case", "literal", "null", "true", "false");
    private static final Map<String, String> DRIVERS = Map.of("sqlite", "aiosqlite", "postgresql", "asyncpg",
            "mysql", "aiomysql");

    final List<NotPortable> problems = new ArrayList<>();
    /** The edits of modules the Flask port does not port itself (models, helpers). */
    final Map<String, FileEdits> extra = new LinkedHashMap<>();
    /** The async drivers the database URLs written in the project need. */
    final Set<String> drivers = new java.util.TreeSet<>();

    private final FlaskSqlalchemy.Uses uses;
    final Map<String, ModulePort> ports = new LinkedHashMap<>();
    final FlaskProject project;
    private final Function<String, List<Edit>> planned;
    final String support;
    private final Set<Integer> reported = new HashSet<>();
    private final SqlalchemyModels models = new SqlalchemyModels(this);
    private final SqlalchemyViews views = new SqlalchemyViews(this);
    private final Map<FlaskModule, SourceLayout> layouts = new LinkedHashMap<>();
    final Set<FlaskModule> needBase = new LinkedHashSet<>();
    final Set<FlaskModule> needSa = new LinkedHashSet<>();
    final Map<Function_defContext, ModulePort> asyncViews = new LinkedHashMap<>();
    boolean createAll;
    String dbModule;
    String dbVar;

    SqlalchemyPort(FlaskSqlalchemy.Uses uses, List<ModulePort> modulePorts, FlaskProject project,
                   Function<String, List<Edit>> planned, String support) {
        this.uses = uses;
        modulePorts.forEach(p -> ports.put(p.path(), p));
        this.project = project;
        this.planned = planned;
        this.support = support;
    }

    /** Converts what it can; {@link #problems} lists the rest (each use as today's finding when nothing converts). */
    void convert(List<String> texts) {
        List<ModulePort> appPorts = ports.values().stream().filter(p -> !p.module.apps.isEmpty()).toList();
        if (!project.enabledRules.contains(ID) || uses.dbs().size() != 1 || appPorts.size() != 1
                || appPorts.get(0).module.apps.size() != 1) {
            problems.addAll(uses.sites());
            return;
        }
        String db = uses.dbs().iterator().next();
        dbModule = db.substring(0, db.indexOf(':'));
        dbVar = db.substring(db.indexOf(':') + 1);
        ModulePort appPort = appPorts.get(0);
        FlaskModule.AppDecl app = appPort.module.apps.get(0);
        for (FlaskModule m : uses.modules()) {
            Set<String> dbs = FlaskSqlalchemy.dbNames(m, uses.dbs());
            Set<String> models = FlaskSqlalchemy.dbNames(m, uses.models());
            for (Class_defContext c : Py.descendants(m.src.tree(), Class_defContext.class)) {
                attempt(() -> this.models.model(m, c, dbs, models));
            }
            attempt(() -> throughModules(m));
            for (AtomContext a : m.nameAtoms()) {
                String name = a.name().getText();
                PrimaryContext p = FlaskModule.primaryOf(a);
                if (dbs.contains(name)) {
                    attempt(() -> dbUse(m, a, p));
                } else if (models.contains(name) && p != null && !p.trailer().isEmpty() && p.trailer(0).DOT() != null
                        && p.trailer(0).name().getText().equals("query")) {
                    attempt(() -> views.query(m, a, p));
                }
            }
        }
        attempt(() -> settings(appPort, texts));
        for (FlaskModule m : uses.modules()) {
            attempt(() -> imports(m));
        }
        for (var v : asyncViews.entrySet()) {
            attempt(() -> views.makeAsync(v.getValue(), v.getKey()));
        }
        Py.Args appArgs = Py.args(app.call().trailer(0));
        if (!"__name__".equals(Py.nameOf(appArgs.get(0, "import_name")))) {
            attempt(() -> {
                throw refuse(appPort.module, app.stmt(), "the app's database", "the app's import name is not "
                        + "__name__, from which its folders (and relative sqlite paths) are found");
            });
        }
        // relative sqlite paths: Flask-SQLAlchemy 3 puts them in the instance folder, 2 in the app's root folder; a
        // project pinning 2 (== or >=: which one runs is unknown) gets none, and a relative path fails at start-up
        boolean two = project.flaskSqlalchemyVersion != null && project.flaskSqlalchemyVersion.matches("[0-2](\\..*)?");
        String folder = two ? "None" : "flask_instance_path(__file__, __name__)";
        appPort.imports.add(support, "sqlalchemy_sessions");
        appPort.imports.add(support, "close_sqlalchemy_sessions");
        if (!two) {
            appPort.imports.add(support, "flask_instance_path");
        }
        appPort.startupClients.computeIfAbsent(app, k -> new ArrayList<>()).add(new FlaskClientsAtStartup.Client(
                "sqlalchemy_sessions", "await sqlalchemy_sessions({app}.state.config, " + folder
                + (createAll ? ", Base.metadata" : "") + ")", "await close_sqlalchemy_sessions({})", false));
    }

    /**
     * The db object or a model's query reached through a module ({@code models.db.session}, {@code models.Book.query}):
     * the port follows names, not module attributes, so such a use would be left behind; it keeps the app on Flask.
     */
    private void throughModules(FlaskModule m) throws NotPortable {
        Set<String> modelNames = new HashSet<>();
        uses.models().forEach(x -> modelNames.add(x.substring(x.indexOf(':') + 1)));
        for (PrimaryContext p : Py.descendants(m.src.tree(), PrimaryContext.class)) {
            if (p.atom().name() == null || !m.moduleAliases.containsKey(p.atom().name().getText())) {
                continue; // not an imported name (a module, or an object imported from one)
            }
            List<TrailerContext> t = p.trailer();
            for (int i = 0; i < t.size(); i++) {
                String attr = t.get(i).DOT() == null ? null : t.get(i).name().getText();
                boolean query = modelNames.contains(attr) && i + 1 < t.size() && t.get(i + 1).DOT() != null
                        && t.get(i + 1).name().getText().equals("query");
                if (dbVar.equals(attr) || query) {
                    throw refuse(m, p, FlaskModule.describe(p, i + 2), "it is reached as an attribute of a module, "
                            + "which the port does not follow");
                }
            }
        }
    }

    private interface Step {
        void run() throws NotPortable;
    }

    private void attempt(Step step) {
        try {
            step.run();
        } catch (NotPortable e) {
            if (reported.add((e.path() + ":" + e.line()).hashCode())) {
                problems.add(e);
            }
        }
    }

    NotPortable refuse(FlaskModule m, ParserRuleContext at, String what, String why) {
        return new NotPortable(m.path(), Py.line(at), ID, "not ported to FastAPI: " + what + " is Flask-SQLAlchemy, "
                + "bound to Flask's application context, and " + why + "; FastAPI's way: " + FlaskSqlalchemy.BRIDGE);
    }

    static NotPortable refuseModel(FlaskModule m, ParserRuleContext at, String model, String why) {
        return new NotPortable(m.path(), Py.line(at), ID, "not ported to FastAPI: the Flask-SQLAlchemy model " + model
                + " " + why + "; FastAPI's way: " + FlaskSqlalchemy.BRIDGE);
    }

    static NotPortable refuseView(FlaskModule m, Function_defContext f, String why) {
        return new NotPortable(m.path(), Py.line(f), ID, "not ported to FastAPI: the view " + f.name().getText()
                + " would await its queries on an AsyncSession (async def), but " + why);
    }

    FileEdits edits(FlaskModule m) {
        ModulePort p = ports.get(m.path());
        return p != null ? p.edits : extra.computeIfAbsent(m.path(), k -> new FileEdits(m.src, planned.apply(k)));
    }

    SourceLayout layout(FlaskModule m) {
        return layouts.computeIfAbsent(m, k -> new SourceLayout(k.src));
    }

    static int start(FileEdits e, ParserRuleContext node) {
        return e.src.start(node);
    }

    static int end(FileEdits e, ParserRuleContext node) {
        return e.src.end(node);
    }

    // ============================================================================ the db object

    private void dbUse(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        FileEdits e = edits(m);
        String name = a.name().getText();
        Expr_stmtContext decl = Py.ancestor(a, Expr_stmtContext.class);
        if (decl != null && Py.atom(decl.star_expressions()) == a && m.module.equals(dbModule)) {
            models.declaration(m, decl);
            return;
        }
        if (p == null || p.trailer().isEmpty() || p.trailer(0).DOT() == null) {
            throw refuse(m, a, name, "the port follows it only through its attributes");
        }
        String attr = p.trailer(0).name().getText();
        String what = FlaskModule.describe(p, 3);
        switch (attr) {
            case "Model" -> {
                var arg = Py.ancestor(p, dev.unblock.python.PythonParser.ArgumentContext.class);
                if (arg == null || !(arg.getParent().getParent() instanceof Class_defContext) || !SqlalchemyModels.isDbModel(arg, Set.of(name))) {
                    throw refuse(m, a, what, "it is used other than as a model's base");
                }
                e.replace(start(e, p), end(e, p), "Base", ID, "the declarative base of the models");
                needBase.add(m);
            }
            case "session" -> views.session(m, a, p);
            case "create_all" -> views.createAll(m, a, p);
            case "init_app" -> views.initApp(m, a, p);
            case "get_or_404", "first_or_404", "one_or_404" -> views.or404(m, a, p, attr);
            case "metadata" -> {
                e.replace(start(e, a), end(e, p.trailer(0)), "Base.metadata", ID, "the models' metadata");
                needBase.add(m);
            }
            default -> {
                if (Set.of("relationship", "backref", "dynamic_loader").contains(attr)) {
                    throw refuse(m, a, what, "a relationship may load lazily, which raises MissingGreenlet under an "
                            + "AsyncSession");
                }
                if (!SA_NAMES.contains(attr)) {
                    throw refuse(m, a, what, "the port does not map db." + attr);
                }
                String problem = attr.equals("Column") && p.trailer().size() > 1 && Py.isCall(p.trailer(1))
                        ? SqlalchemyModels.columnProblem(p.trailer(1)) : null;
                if (problem != null) {
                    throw refuse(m, a, what, problem);
                }
                e.replace(start(e, a), end(e, a), "sa", ID, "Flask-SQLAlchemy's db." + attr + " is sqlalchemy's");
                needSa.add(m);
            }
        }
    }

    /** A column whose value the database fills in would be loaded lazily after a flush, which async code cannot. */
    // ============================================================================ module imports

    /** The db object's imports give way to Base where a module needs it; sa and declarative_base are imported. */
    private void imports(FlaskModule m) throws NotPortable {
        FileEdits e = edits(m);
        ModulePort port = ports.get(m.path());
        SourceLayout layout = layout(m);
        boolean hasSa = "sqlalchemy".equals(m.moduleAliases.get("sa"));
        if (needSa.contains(m) && binds(m, "sa") && !hasSa) {
            throw refuse(m, m.src.tree(), "db", "the module already uses the name sa, which the port imports "
                    + "sqlalchemy as");
        }
        for (Import_fromContext f : Py.descendants(m.src.tree(), Import_fromContext.class)) {
            List<Import_as_nameContext> names = f.import_as_name();
            for (int k = 0; k < names.size(); k++) {
                Import_as_nameContext n = names.get(k);
                String[] from = m.imports.get(n.name(n.name().size() - 1).getText());
                if (from == null || !from[1].equals(n.name(0).getText())) {
                    continue;
                }
                boolean flaskSqlalchemy = from[0].equals("flask_sqlalchemy");
                boolean db = from[1].equals(dbVar) && (dbModule.equals(from[0]) || dbModule.endsWith("." + from[0]));
                if (!flaskSqlalchemy && !db) {
                    continue;
                }
                StmtContext stmt = Py.ancestor(f, StmtContext.class);
                if (n.AS() != null || flaskSqlalchemy && names.size() != 1
                        || stmt.simple_stmts() == null || stmt.simple_stmts().simple_stmt().size() != 1) {
                    throw refuse(m, f, m.src.text(f), "the port rewrites only plain imports of it on their own line");
                }
                if (flaskSqlalchemy) {
                    List<String> lines = new ArrayList<>();
                    if (port != null) {
                        if (needBase.contains(m)) {
                            port.imports.add("sqlalchemy.orm", "declarative_base");
                        }
                        if (needSa.contains(m) && !hasSa) {
                            port.imports.module("sqlalchemy as sa");
                        }
                    } else {
                        if (needSa.contains(m) && !hasSa) {
                            lines.add("import sqlalchemy as sa");
                        }
                        if (needBase.contains(m) && m.module.equals(dbModule)) {
                            lines.add("from sqlalchemy.orm import declarative_base");
                        }
                    }
                    if (lines.isEmpty()) {
                        removeLine(m, stmt, "Flask-SQLAlchemy is not used now");
                    } else {
                        e.replace(start(e, stmt), layout.lineEndOfLastToken(stmt), String.join(layout.newline(), lines),
                                ID, "sqlalchemy's own names");
                    }
                    continue;
                }
                if (needBase.contains(m)) {
                    if (binds(m, "Base")) {
                        throw refuse(m, f, "db", "the module already uses the name Base, which the models' base takes");
                    }
                    e.replace(start(e, n), end(e, n), "Base", ID, "the declarative base of the models");
                } else if (names.size() == 1) {
                    removeLine(m, stmt, "the module does not use the db object now");
                } else if (k > 0) {
                    e.replace(end(e, names.get(k - 1)), end(e, n), "", ID, "the module does not use the db object now");
                } else {
                    e.replace(start(e, n), start(e, names.get(1)), "", ID, "the module does not use the db object now");
                }
            }
        }
        boolean hasFlaskSqlalchemyImport = m.imports.values().stream().anyMatch(v -> v[0].equals("flask_sqlalchemy"));
        if (!hasFlaskSqlalchemyImport && needSa.contains(m) && !hasSa) {
            if (port != null) {
                port.imports.module("sqlalchemy as sa");
            } else {
                for (StmtContext stmt : m.src.tree().stmt()) {
                    if (stmt.simple_stmts() != null && !Py.descendants(stmt, dev.unblock.python.PythonParser
                            .Import_stmtContext.class).isEmpty() && !e.src.text(stmt).startsWith("from __future__")) {
                        e.insert(layout.lineStart(start(e, stmt)), "import sqlalchemy as sa" + layout.newline(), ID,
                                "sqlalchemy's own names", 0);
                        return;
                    }
                }
                throw refuse(m, m.src.tree(), "db", "the module has no import before which sqlalchemy's could go");
            }
        }
    }

    /** Removes a statement's line, and a blank line before it when a blank line also follows it. */
    private void removeLine(FlaskModule m, StmtContext stmt, String message) throws NotPortable {
        FileEdits e = edits(m);
        SourceLayout layout = layout(m);
        int from = layout.lineStart(start(e, stmt));
        int to = layout.lineEndWithNewline(layout.lastVisibleEnd(stmt));
        boolean blankBefore = from > 0 && e.text.substring(layout.lineStart(from - 1), from).isBlank();
        boolean blankAfter = to < e.text.length() && e.text.substring(to, layout.lineEndWithNewline(to)).isBlank();
        if (blankBefore && blankAfter) {
            from = layout.lineStart(from - 1);
        }
        e.replace(from, to, "", ID, message);
    }

    static boolean binds(FlaskModule m, String name) {
        for (NameContext n : Py.descendants(m.src.tree(), NameContext.class)) {
            if (n.getText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    // ============================================================================ settings and dependencies

    /** The app's settings must name the database (a URL the project writes) and nothing the port does not map. */
    private void settings(ModulePort appPort, List<String> texts) throws NotPortable {
        FlaskModule m = appPort.module;
        String all = String.join("\n", texts);
        if (!project.configUsed || !all.contains("SQLALCHEMY_DATABASE_URI")) {
            throw refuse(m, m.apps.get(0).stmt(), "the app's database", "its config never sets "
                    + "SQLALCHEMY_DATABASE_URI");
        }
        var other = java.util.regex.Pattern.compile("SQLALCHEMY_(BINDS|ENGINE_OPTIONS|POOL_\\w+|COMMIT_ON_TEARDOWN|"
                + "NATIVE_UNICODE|RECORD_QUERIES|MAX_OVERFLOW)").matcher(all);
        if (other.find()) {
            throw refuse(m, m.apps.get(0).stmt(), "the app's " + other.group(), "the port does not map that setting");
        }
        var url = java.util.regex.Pattern.compile("[\"'](sqlite|postgresql|mysql)(\\+\\w+)?:").matcher(all);
        while (url.find()) {
            drivers.add(DRIVERS.get(url.group(1)));
        }
        if (drivers.isEmpty()) {
            throw refuse(m, m.apps.get(0).stmt(), "the app's database", "no sqlite, postgresql or mysql URL is "
                    + "written in the project, so the async driver to install is unknown");
        }
    }
}
