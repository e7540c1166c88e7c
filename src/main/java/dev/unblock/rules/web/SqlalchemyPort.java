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
import dev.unblock.python.PythonParser.BlockContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Import_as_nameContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;
import dev.unblock.python.PythonParser.With_stmtContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * Flask-SQLAlchemy converted for a ported app (UB807), where the mapping is clear: the db object becomes a declarative
 * {@code Base}, its SQLAlchemy names {@code sa.}'s, the engine an async one opened at start-up (UB804's mechanism),
 * and each view that queries gets its own {@code AsyncSession} from a dependency, awaiting its queries (so it becomes
 * {@code async def}). Every use it cannot convert soundly stays a problem naming why, and then the app stays on Flask.
 */
final class SqlalchemyPort {
    static final String SUPPORT = "/dev/unblock/support/sqlalchemy_compat.py";
    private static final String ID = FlaskSqlalchemy.ID;
    /** Names Flask-SQLAlchemy's db object takes from sqlalchemy itself (the same objects). */
    private static final Set<String> SA_NAMES = Set.of("Column", "Integer", "SmallInteger", "BigInteger", "String",
            "Text", "Unicode", "UnicodeText", "Boolean", "DateTime", "Date", "Time", "Interval", "Float", "Numeric",
            "LargeBinary", "JSON", "Enum", "PickleType", "ForeignKey", "Index", "UniqueConstraint", "CheckConstraint",
            "PrimaryKeyConstraint", "ForeignKeyConstraint", "func", "select", "and_", "or_", "not_", "desc", "asc",
            "text", "case", "literal", "null", "true", "false");
    /** Column options that never leave an attribute for the database to fill in after a flush. */
    private static final Set<String> COLUMN_OPTIONS = Set.of("primary_key", "nullable", "unique", "index", "default",
            "autoincrement", "comment", "doc", "key", "name", "info");
    private static final Set<String> QUERY_METHODS = Set.of("filter", "filter_by", "order_by", "limit", "offset");
    private static final Set<String> SESSION_AWAITED = Set.of("commit", "delete", "flush", "get", "execute", "scalar",
            "scalars", "refresh");
    /** Flask-SQLAlchemy 3's db.X_or_404(…) → the support module's helper, and how many arguments each takes. */
    private static final Map<String, Integer> OR_404 = Map.of("get_or_404", 2, "first_or_404", 1, "one_or_404", 1);
    private static final Map<String, String> OR_404_HELPERS = Map.of("get_or_404", "sqlalchemy_get_or_404",
            "first_or_404", "sqlalchemy_scalar_or_404", "one_or_404", "sqlalchemy_one_or_404");
    private static final Set<String> SESSION_PLAIN = Set.of("add", "add_all", "expunge");
    private static final Map<String, String> DRIVERS = Map.of("sqlite", "aiosqlite", "postgresql", "asyncpg",
            "mysql", "aiomysql");

    final List<NotPortable> problems = new ArrayList<>();
    /** The edits of modules the Flask port does not port itself (models, helpers). */
    final Map<String, FileEdits> extra = new LinkedHashMap<>();
    /** The async drivers the database URLs written in the project need. */
    final Set<String> drivers = new java.util.TreeSet<>();

    private final FlaskSqlalchemy.Uses uses;
    private final Map<String, ModulePort> ports = new LinkedHashMap<>();
    private final FlaskProject project;
    private final Function<String, List<Edit>> planned;
    private final String support;
    private final Set<Integer> reported = new HashSet<>();
    private final Map<FlaskModule, SourceLayout> layouts = new LinkedHashMap<>();
    private final Set<FlaskModule> needBase = new LinkedHashSet<>();
    private final Set<FlaskModule> needSa = new LinkedHashSet<>();
    private final Map<Function_defContext, ModulePort> asyncViews = new LinkedHashMap<>();
    private boolean createAll;
    private String dbModule;
    private String dbVar;

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
                attempt(() -> model(m, c, dbs, models));
            }
            attempt(() -> throughModules(m));
            for (AtomContext a : m.nameAtoms()) {
                String name = a.name().getText();
                PrimaryContext p = FlaskModule.primaryOf(a);
                if (dbs.contains(name)) {
                    attempt(() -> dbUse(m, a, p));
                } else if (models.contains(name) && p != null && !p.trailer().isEmpty() && p.trailer(0).DOT() != null
                        && p.trailer(0).name().getText().equals("query")) {
                    attempt(() -> query(m, a, p));
                }
            }
        }
        attempt(() -> settings(appPort, texts));
        for (FlaskModule m : uses.modules()) {
            attempt(() -> imports(m));
        }
        for (var v : asyncViews.entrySet()) {
            attempt(() -> makeAsync(v.getValue(), v.getKey()));
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

    private NotPortable refuse(FlaskModule m, ParserRuleContext at, String what, String why) {
        return new NotPortable(m.path(), Py.line(at), ID, "not ported to FastAPI: " + what + " is Flask-SQLAlchemy, "
                + "bound to Flask's application context, and " + why + "; FastAPI's way: " + FlaskSqlalchemy.BRIDGE);
    }

    private static NotPortable refuseModel(FlaskModule m, ParserRuleContext at, String model, String why) {
        return new NotPortable(m.path(), Py.line(at), ID, "not ported to FastAPI: the Flask-SQLAlchemy model " + model
                + " " + why + "; FastAPI's way: " + FlaskSqlalchemy.BRIDGE);
    }

    private static NotPortable refuseView(FlaskModule m, Function_defContext f, String why) {
        return new NotPortable(m.path(), Py.line(f), ID, "not ported to FastAPI: the view " + f.name().getText()
                + " would await its queries on an AsyncSession (async def), but " + why);
    }

    private FileEdits edits(FlaskModule m) {
        ModulePort p = ports.get(m.path());
        return p != null ? p.edits : extra.computeIfAbsent(m.path(), k -> new FileEdits(m.src, planned.apply(k)));
    }

    private SourceLayout layout(FlaskModule m) {
        return layouts.computeIfAbsent(m, k -> new SourceLayout(k.src));
    }

    private static int start(FileEdits e, ParserRuleContext node) {
        return e.src.start(node);
    }

    private static int end(FileEdits e, ParserRuleContext node) {
        return e.src.end(node);
    }

    // ============================================================================ models

    /** A model class: its base becomes Base, and it gets the table name Flask-SQLAlchemy would have given it. */
    private void model(FlaskModule m, Class_defContext c, Set<String> dbs, Set<String> models) throws NotPortable {
        String name = c.name().getText();
        var args = c.arguments() == null ? List.<dev.unblock.python.PythonParser.ArgumentContext>of()
                : c.arguments().argument();
        for (var arg : args) {
            AtomContext a = Py.atom(arg);
            if (a != null && models.contains(Py.name(a))) {
                throw refuse(m, c, name, "it inherits from the model " + Py.name(a) + " (table inheritance is not "
                        + "mapped)");
            }
        }
        boolean model = args.stream().anyMatch(arg -> isDbModel(arg, dbs));
        if (!model) {
            return;
        }
        if (args.size() != 1 || args.get(0).EQUAL() != null) {
            throw refuse(m, c, name, "the model has other bases or class options");
        }
        BlockContext block = c.block();
        if (block.stmt().isEmpty()) {
            throw refuse(m, c, name, "the model's body is on its class line");
        }
        mapping(m, c, name);
        boolean tablename = false;
        boolean primaryKey = false;
        for (StmtContext s : block.stmt()) {
            for (Expr_stmtContext e : Py.descendants(s, Expr_stmtContext.class)) {
                String target = Py.nameOf(e.star_expressions());
                if (target == null || e.assigned_value().isEmpty() || Py.ancestor(e, Function_defContext.class) != null) {
                    continue;
                }
                if (Set.of("__bind_key__", "__abstract__", "query_class", "__table__").contains(target)) {
                    throw refuse(m, e, name + "." + target, "the port maps no such model option");
                }
                tablename |= target.equals("__tablename__");
                primaryKey |= m.src.text(e).replace(" ", "").contains("primary_key=True");
            }
        }
        if (!tablename) {
            if (!primaryKey) {
                throw refuse(m, c, name, "the model has no primary key column of its own, so its table name depends "
                        + "on its bases");
            }
            if (name.matches(".*[A-Z]{2}.*")) {
                throw refuse(m, c, name, "Flask-SQLAlchemy 2 and 3 derive different table names from it; give it a "
                        + "__tablename__");
            }
            StmtContext first = block.stmt(0);
            if (isDocstring(first) && block.stmt().size() > 1) {
                first = block.stmt(1);
            }
            FileEdits e = edits(m);
            int at = start(e, first);
            int lineStart = layout(m).lineStart(at);
            String indent = e.text.substring(lineStart, at);
            if (!indent.isBlank()) {
                throw refuse(m, c, name, "the model's first statement shares its line");
            }
            e.insert(lineStart, indent + "__tablename__ = " + PyString.literal(tableName(name)) + layout(m).newline(),
                    ID, "the table name Flask-SQLAlchemy gave the model", 0);
        }
    }

    /** SQLAlchemy's own mapping constructs, however imported: those that may load lazily keep a finding. */
    private static final Set<String> LAZY = Set.of("relationship", "backref", "dynamic_loader", "deferred",
            "column_property", "composite", "synonym", "association_proxy", "query_expression", "undefer");
    private static final Set<String> SERVER_VALUES = Set.of("FetchedValue", "Computed", "Identity", "DefaultClause");

    /**
     * The model's body outside its methods: no construct that may load lazily, and columns (db.Column, sa.Column,
     * mapped_column) whose values never come from the database after a flush; no annotated (Mapped[…]) attributes.
     */
    private void mapping(FlaskModule m, Class_defContext c, String model) throws NotPortable {
        for (PrimaryContext p : Py.descendants(c.block(), PrimaryContext.class)) {
            if (Py.ancestor(p, Function_defContext.class) != null
                    && Py.ancestor(Py.ancestor(p, Function_defContext.class), Class_defContext.class) == c) {
                continue; // a method's body runs later, where each use is judged on its own
            }
            List<TrailerContext> t = p.trailer();
            for (int i = -1; i < t.size(); i++) {
                String callee = i < 0 ? Py.name(p.atom()) : t.get(i).DOT() != null ? t.get(i).name().getText() : null;
                boolean called = i + 1 < t.size() && Py.isCall(t.get(i + 1));
                if (callee == null || !called) {
                    continue;
                }
                if (LAZY.contains(callee)) {
                    throw refuseModel(m, p, model, "uses " + callee + "(…), which may load lazily: that raises "
                            + "MissingGreenlet under an AsyncSession");
                }
                if (SERVER_VALUES.contains(callee)) {
                    throw refuseModel(m, p, model, "uses " + callee + "(…): the database fills in the value, which an "
                            + "AsyncSession cannot load lazily after a flush");
                }
                String problem = callee.equals("Column") || callee.equals("mapped_column")
                        ? columnProblem(t.get(i + 1)) : null;
                if (problem != null) {
                    throw refuseModel(m, p, model, "has a " + callee + "(…) where " + problem);
                }
            }
        }
        for (Expr_stmtContext e : Py.descendants(c.block(), Expr_stmtContext.class)) {
            if (e.annotation() != null && Py.ancestor(e, Function_defContext.class) == null) {
                throw refuseModel(m, e, model, "has annotated attributes (Mapped[…]), SQLAlchemy 2's, which the port "
                        + "does not map");
            }
        }
    }

    private static boolean isDocstring(StmtContext s) {
        var e = s.simple_stmts() == null || s.simple_stmts().simple_stmt().size() != 1 ? null
                : s.simple_stmts().simple_stmt(0).expr_stmt();
        return e != null && e.assigned_value().isEmpty() && Py.string(e.star_expressions()) != null;
    }

    private static boolean isDbModel(dev.unblock.python.PythonParser.ArgumentContext arg, Set<String> dbs) {
        PrimaryContext p = arg.expression().isEmpty() ? null : Py.primary(arg.expression(arg.expression().size() - 1));
        return p != null && p.atom().name() != null && dbs.contains(p.atom().name().getText()) && p.trailer().size() == 1
                && p.trailer(0).DOT() != null && p.trailer(0).name().getText().equals("Model");
    }

    /** Flask-SQLAlchemy 3's table name for a model class: CamelCase → camel_case. */
    static String tableName(String className) {
        return className.replaceAll("((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", "_$1").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("^_+", "");
    }

    // ============================================================================ the db object

    private void dbUse(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        FileEdits e = edits(m);
        String name = a.name().getText();
        Expr_stmtContext decl = Py.ancestor(a, Expr_stmtContext.class);
        if (decl != null && Py.atom(decl.star_expressions()) == a && m.module.equals(dbModule)) {
            declaration(m, decl);
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
                if (arg == null || !(arg.getParent().getParent() instanceof Class_defContext) || !isDbModel(arg, Set.of(name))) {
                    throw refuse(m, a, what, "it is used other than as a model's base");
                }
                e.replace(start(e, p), end(e, p), "Base", ID, "the declarative base of the models");
                needBase.add(m);
            }
            case "session" -> session(m, a, p);
            case "create_all" -> createAll(m, a, p);
            case "init_app" -> initApp(m, a, p);
            case "get_or_404", "first_or_404", "one_or_404" -> or404(m, a, p, attr);
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
                        ? columnProblem(p.trailer(1)) : null;
                if (problem != null) {
                    throw refuse(m, a, what, problem);
                }
                e.replace(start(e, a), end(e, a), "sa", ID, "Flask-SQLAlchemy's db." + attr + " is sqlalchemy's");
                needSa.add(m);
            }
        }
    }

    /** A column whose value the database fills in would be loaded lazily after a flush, which async code cannot. */
    private static String columnProblem(TrailerContext call) {
        Py.Args args = Py.args(call);
        if (args.starred) {
            return "its options are not written out";
        }
        for (var kw : args.keywords.entrySet()) {
            if (!COLUMN_OPTIONS.contains(kw.getKey())) {
                return kw.getKey() + "= may leave a value for the database to fill in, which an AsyncSession cannot "
                        + "load lazily";
            }
            if (kw.getKey().equals("default") && kw.getValue().lambdef() == null && !Py.isConstant(kw.getValue())) {
                PrimaryContext d = Py.primary(kw.getValue());
                if (d == null || d.trailer().stream().anyMatch(Py::isCall)) {
                    return "default= is not a constant or a function, and an SQL default is loaded lazily after the "
                            + "insert, which an AsyncSession cannot";
                }
            }
        }
        return null;
    }

    /** {@code db = SQLAlchemy()} or {@code db = SQLAlchemy(app)} at module level → {@code Base = declarative_base()}. */
    private void declaration(FlaskModule m, Expr_stmtContext decl) throws NotPortable {
        PrimaryContext call = decl.assigned_value().size() == 1 ? Py.primary(decl.assigned_value(0).star_expressions())
                : null;
        StmtContext stmt = Py.ancestor(decl, StmtContext.class);
        if (call == null || call.trailer().size() != 1 || !(stmt.getParent() instanceof File_inputContext)) {
            throw refuse(m, decl, dbVar, "it is not made once at module level by SQLAlchemy() or SQLAlchemy(app)");
        }
        Py.Args args = Py.args(call.trailer(0));
        ModulePort port = ports.get(m.path());
        if (args.size() == 1 && args.positional.size() == 1) {
            AtomContext app = Py.atom(args.positional.get(0));
            if (port == null || app == null || port.module.apps.stream().noneMatch(x -> x.factory() == null
                    && x.var().equals(Py.name(app)))) {
                throw refuse(m, decl, dbVar + " = SQLAlchemy(…)", "it is handed something other than the module's app");
            }
            port.consume(app);
        } else if (args.size() != 0) {
            throw refuse(m, decl, dbVar + " = SQLAlchemy(…)", "its options are not mapped");
        }
        if (binds(m, "Base")) {
            throw refuse(m, decl, dbVar, "the module already uses the name Base, which the models' base would take");
        }
        FileEdits e = edits(m);
        e.replace(start(e, decl), end(e, decl), "Base = declarative_base()", ID, "the declarative base of the models");
        needBase.add(m);
    }

    /** {@code db.init_app(app)} alone on its line, where the app is made: the engine opens at the app's start-up. */
    private void initApp(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        ModulePort port = ports.get(m.path());
        StmtContext stmt = Py.ancestor(p, StmtContext.class);
        AtomContext app = p.trailer().size() == 2 && Py.args(p.trailer(1)).positional.size() == 1
                && Py.args(p.trailer(1)).size() == 1 ? Py.atom(Py.args(p.trailer(1)).positional.get(0)) : null;
        Expr_stmtContext alone = stmt.simple_stmts() == null ? null : stmt.simple_stmts().simple_stmt(0).expr_stmt();
        if (port == null || app == null || !appHere(port, Py.name(app), stmt) || alone == null
                || !alone.assigned_value().isEmpty() || Py.primary(alone.star_expressions()) != p
                || !port.removableLine(stmt, null)) {
            throw refuse(m, a, FlaskModule.describe(p, 2), "it is not a statement of its own beside the app it "
                    + "is handed");
        }
        port.consume(app);
        port.removeStatementLine(stmt, ID);
    }

    /** True when a statement lies at the level where the app of that name is made (module or factory body). */
    private static boolean appHere(ModulePort port, String var, StmtContext stmt) {
        for (FlaskModule.AppDecl app : port.module.apps) {
            if (app.var().equals(var)) {
                return app.factory() == null ? stmt.getParent() instanceof File_inputContext
                        : stmt.getParent() == app.factory().block();
            }
        }
        return false;
    }

    /** {@code with app.app_context(): db.create_all()} → the tables are created at start-up. */
    private void createAll(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        ModulePort port = ports.get(m.path());
        StmtContext stmt = Py.ancestor(p, StmtContext.class);
        With_stmtContext with = stmt.getParent() instanceof BlockContext b && b.stmt().size() == 1
                && b.getParent() instanceof With_stmtContext w ? w : null;
        PrimaryContext context = with == null || with.with_item().size() != 1 || with.with_item(0).target() != null
                ? null : Py.primary(with.with_item(0).expression());
        StmtContext withStmt = with == null ? null : Py.ancestor(with, StmtContext.class);
        if (port == null || p.trailer().size() != 2 || p.trailer(1).arguments() != null || context == null
                || context.atom().name() == null || context.trailer().size() != 2
                || !context.trailer(0).getText().equals(".app_context") || context.trailer(1).arguments() != null
                || !appHere(port, context.atom().name().getText(), withStmt) || !removable(withStmt)) {
            throw refuse(m, a, FlaskModule.describe(p, 2), "only `with app.app_context(): db.create_all()` where "
                    + "the app is made is mapped (to the app's start-up)");
        }
        port.consume(context.atom());
        // the with statement's lines, and the blank lines after it when blank lines also precede it
        FileEdits e = port.edits;
        int from = port.lineStart(port.start(withStmt));
        int to = port.lineEndWithNewline(port.lastVisibleEnd(withStmt));
        if (from > 0 && e.text.substring(port.lineStart(from - 1), from).isBlank()) {
            while (to < e.text.length() && e.text.substring(to, port.lineEndWithNewline(to)).isBlank()) {
                to = port.lineEndWithNewline(to);
            }
        }
        e.replace(from, to, "", ID, "the tables are created at the app's start-up");
        createAll = true;
        needBase.add(m);
    }

    private static boolean removable(StmtContext stmt) {
        return stmt.getParent() instanceof File_inputContext f ? f.stmt().size() > 1
                : stmt.getParent() instanceof BlockContext b && b.stmt().size() > 1;
    }

    // ============================================================================ views

    /** The view whose own body (no nested function, lambda or comprehension) holds the atom. */
    private Handler viewAt(FlaskModule m, AtomContext a, String what, boolean awaits) throws NotPortable {
        ModulePort port = ports.get(m.path());
        Handler h = port == null ? null : port.handlerAt(port.start(a));
        if (h == null || h.kind != Handler.Kind.VIEW) {
            throw refuse(m, a, what, "it is used outside a view, where no session per request reaches it");
        }
        ParseTree child = a;
        for (ParseTree n = a.getParent(); n != h.function; child = n, n = n.getParent()) {
            if (n instanceof Function_defContext || n instanceof Class_defContext
                    || n instanceof dev.unblock.python.PythonParser.LambdefContext
                    || comprehension(n) && !firstIterable(n, child, a)) {
                throw refuse(m, a, what, "it is used in a nested function, lambda or comprehension of the view");
            }
        }
        if (awaits) {
            asyncViews.put(h.function, port);
        }
        return h;
    }

    /**
     * True when {@code child} (a child of the comprehension's container) is the comprehension and the atom lies in
     * its first iterable, which the enclosing function evaluates (an await there is the view's, in a list, set or
     * dict comprehension; a generator expression is left alone).
     */
    private static boolean firstIterable(ParseTree container, ParseTree child, AtomContext a) {
        boolean listLike = container instanceof dev.unblock.python.PythonParser.Testlist_compContext t
                && t.getParent() instanceof AtomContext at && at.LSQB() != null
                || container instanceof dev.unblock.python.PythonParser.Dict_or_setContext;
        if (!listLike) {
            return false;
        }
        ParseTree c = child;
        if (c instanceof dev.unblock.python.PythonParser.Dict_restContext r) {
            c = r.comprehension();
        } else if (c instanceof dev.unblock.python.PythonParser.Set_restContext r) {
            c = r.comprehension();
        }
        return c instanceof dev.unblock.python.PythonParser.ComprehensionContext comp && inside(a,
                comp.for_if_clause(0).disjunction(0));
    }

    private static boolean inside(ParseTree node, ParseTree ancestor) {
        for (ParseTree n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static boolean comprehension(ParseTree n) {
        return n instanceof dev.unblock.python.PythonParser.Testlist_compContext t && t.comprehension() != null
                || n instanceof dev.unblock.python.PythonParser.ArgumentContext g && g.comprehension() != null
                || n instanceof dev.unblock.python.PythonParser.Dict_or_setContext d
                && (d.dict_rest() != null && d.dict_rest().comprehension() != null
                || d.set_rest() != null && d.set_rest().comprehension() != null);
    }

    /** {@code db.session.commit()} → {@code await session.commit()}; add/add_all/expunge stay calls. */
    private void session(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        String what = FlaskModule.describe(p, 3);
        List<TrailerContext> t = p.trailer();
        if (t.size() < 3 || t.get(1).DOT() == null || !Py.isCall(t.get(2))) {
            throw refuse(m, a, what, "the session is used other than by calling its methods");
        }
        String method = t.get(1).name().getText();
        boolean awaited = SESSION_AWAITED.contains(method);
        if (!awaited && !SESSION_PLAIN.contains(method)) {
            throw refuse(m, a, what, method.equals("rollback") ? "a rollback expires every object, which an "
                    + "AsyncSession cannot reload lazily" : "the port does not map session." + method);
        }
        Handler h = viewAt(m, a, what, awaited);
        ModulePort port = ports.get(m.path());
        String s = sessionParameter(port, h, a);
        boolean wrap = awaited && t.size() > 3;
        FileEdits e = port.edits;
        e.replace(start(e, a), end(e, t.get(1)), (wrap ? "(" : "") + (awaited ? "await " : "") + s + "." + method, ID,
                "the request's AsyncSession");
        if (wrap) {
            e.insert(end(e, t.get(2)), ")", ID, "the awaited result", 0);
        }
    }

    /** Flask-SQLAlchemy 3's {@code db.get_or_404(Model, id)}, {@code db.first_or_404(stmt)}, {@code db.one_or_404(stmt)}. */
    private void or404(FlaskModule m, AtomContext a, PrimaryContext p, String attr) throws NotPortable {
        String what = FlaskModule.describe(p, 3);
        List<TrailerContext> t = p.trailer();
        if (t.size() < 2 || !Py.isCall(t.get(1)) || !positionalAndDescription(Py.args(t.get(1)), OR_404.get(attr))) {
            throw refuse(m, a, what, "only db." + attr + " called with its positional arguments (and description=) "
                    + "is mapped");
        }
        Handler h = viewAt(m, a, what, true);
        ModulePort port = ports.get(m.path());
        String s = sessionParameter(port, h, a);
        String helper = OR_404_HELPERS.get(attr);
        port.imports.add(support, helper);
        boolean wrap = t.size() > 2;
        FileEdits e = port.edits;
        e.replace(start(e, a), e.src.end(t.get(1).LPAR().getSymbol()), (wrap ? "(" : "") + "await " + helper + "(" + s
                + ", ", ID, "the request's AsyncSession");
        if (wrap) {
            e.insert(end(e, t.get(1)), ")", ID, "the awaited result", 0);
        }
    }

    private String sessionParameter(ModulePort port, Handler h, AtomContext a) {
        port.imports.fastapi("Depends");
        port.imports.add(support, "sqlalchemy_session");
        // "session" is free when the view never reads or binds the name (db.session's attribute is no use of it)
        boolean free = !h.parameterNames().contains("session") && Py.descendants(h.function, AtomContext.class).stream()
                .noneMatch(x -> "session".equals(Py.name(x)));
        return h.need(port.start(a), "sqlalchemy:session", "session", n -> n + "=Depends(sqlalchemy_session)", free);
    }

    /** {@code Model.query…} in a view → the AsyncSession's get, or a select() it executes. */
    private void query(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        String what = FlaskModule.describe(p, 3);
        List<TrailerContext> t = p.trailer();
        int i = 1;
        while (i + 1 < t.size() && t.get(i).DOT() != null && QUERY_METHODS.contains(t.get(i).name().getText())
                && Py.isCall(t.get(i + 1))) {
            i += 2;
        }
        if (i + 1 >= t.size() || t.get(i).DOT() == null || !Py.isCall(t.get(i + 1))) {
            throw refuse(m, a, what, "the port maps only Model.query's filter, filter_by, order_by, limit and offset ended by get, "
                    + "get_or_404, all, first, first_or_404, one, one_or_none or count");
        }
        String term = t.get(i).name().getText();
        TrailerContext call = t.get(i + 1);
        boolean rest = t.size() > i + 2;
        Py.Args args = Py.args(call);
        boolean byKey = term.equals("get") || term.equals("get_or_404");
        boolean arity = term.equals("get") ? args.size() == 1 && args.positional.size() == 1
                : term.equals("get_or_404") ? positionalAndDescription(args, 1)
                : term.equals("first_or_404") ? positionalAndDescription(args, 0) : args.size() == 0;
        if (!arity || byKey && i != 1 || !byKey
                && !Set.of("all", "first", "first_or_404", "one", "one_or_none", "count").contains(term)) {
            throw refuse(m, a, what, "the port does not map query." + term + " used this way");
        }
        Handler h = viewAt(m, a, what, true);
        ModulePort port = ports.get(m.path());
        String s = sessionParameter(port, h, a);
        String model = a.getText();
        FileEdits e = port.edits;
        if (byKey) {
            boolean orAbort = term.equals("get_or_404");
            if (orAbort) {
                port.imports.add(support, "sqlalchemy_get_or_404");
            }
            e.replace(start(e, a), e.src.end(call.LPAR().getSymbol()), (rest ? "(" : "") + "await "
                    + (orAbort ? "sqlalchemy_get_or_404(" + s + ", " : s + ".get(") + model + ", ", ID, "the AsyncSession's get");
            if (rest) {
                e.insert(end(e, call), ")", ID, "the awaited result", 0);
            }
            return;
        }
        needSa.add(m);
        String open;
        String close;
        switch (term) {
            case "count" -> {
                open = "(await " + s + ".execute(sa.select(sa.func.count()).select_from(";
                close = ".subquery()))).scalar_one()";
            }
            case "first_or_404" -> {
                port.imports.add(support, "sqlalchemy_first_or_404");
                open = (rest ? "(" : "") + "await sqlalchemy_first_or_404(" + s + ", ";
                close = rest ? "))" : ")";
            }
            default -> {
                open = "(await " + s + ".execute(";
                close = switch (term) {
                    case "first" -> ".limit(1))).scalars().first()";
                    case "one" -> ")).scalar_one()";
                    case "one_or_none" -> ")).scalar_one_or_none()";
                    default -> ")).scalars().all()";
                };
            }
        }
        e.replace(start(e, a), end(e, t.get(0)), open + "sa.select(" + model + ")", ID, "a select() the AsyncSession "
                + "executes");
        if (call.arguments() != null) { // first_or_404(description=…): the argument goes to the helper as it is
            e.replace(start(e, t.get(i)), e.src.end(call.LPAR().getSymbol()), ", ", ID, "the query's result");
            if (rest) {
                e.insert(end(e, call), ")", ID, "the awaited result", 0);
            }
            return;
        }
        e.replace(start(e, t.get(i)), end(e, call), close, ID, "the query's result");
    }

    /** A call with exactly {@code positional} positional arguments and at most a description= keyword. */
    private static boolean positionalAndDescription(Py.Args args, int positional) {
        return !args.starred && args.positional.size() == positional
                && args.keywords.keySet().stream().allMatch("description"::equals)
                && args.size() == positional + args.keywords.size();
    }

    /**
     * A view that now awaits becomes {@code async def}: only when nothing but its route refers to it (no caller that
     * would get a coroutine) and it runs no event loop of its own.
     */
    private void makeAsync(ModulePort port, Function_defContext f) throws NotPortable {
        String name = f.name().getText();
        FlaskModule m = port.module;
        for (AtomContext a : m.nameAtoms()) {
            if (a.name().getText().equals(name) && !localOfItsFunction(a, name) && !assignedTo(a)) {
                throw refuseView(m, f, "the module refers to it (a caller would get a coroutine)");
            }
        }
        String last = m.module.contains(".") ? m.module.substring(m.module.lastIndexOf('.') + 1) : m.module;
        var word = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b");
        var mod = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(last) + "\\b");
        for (String text : project.otherTexts(port.path())) {
            if (word.matcher(text).find() && mod.matcher(text).find()) {
                throw refuseView(m, f, "another module may call it (and would get a coroutine)");
            }
        }
        FileEdits e = port.edits;
        String body = e.peek(start(e, f), end(e, f));
        if (body.contains("asyncio.run(") || body.contains("run_until_complete(") || body.contains("async_to_sync(")) {
            throw refuseView(m, f, "it runs an event loop of its own, which an async view cannot");
        }
        boolean async = f.getParent() instanceof dev.unblock.python.PythonParser.Async_stmtContext
                || e.plannedIn(start(e, f), start(e, f)).stream().anyMatch(x -> x.text().contains("async"));
        if (!async) {
            e.insert(start(e, f), "async ", ID, "the view awaits its queries", 0);
        }
    }

    /** True when the atom is the whole target of an assignment (a store calls nothing). */
    private static boolean assignedTo(AtomContext a) {
        Expr_stmtContext s = Py.ancestor(a, Expr_stmtContext.class);
        return s != null && !s.assigned_value().isEmpty() && Py.atom(s.star_expressions()) == a;
    }

    /**
     * True when the name, where the atom uses it, is a local of the function around it: a parameter, or assigned by
     * a statement of that function itself (not of a nested one), with no global declaration.
     */
    private static boolean localOfItsFunction(AtomContext a, String name) {
        Function_defContext f = Py.ancestor(a, Function_defContext.class);
        if (f == null || Py.ancestor(a, dev.unblock.python.PythonParser.LambdefContext.class) != null
                && Py.ancestor(Py.ancestor(a, dev.unblock.python.PythonParser.LambdefContext.class),
                Function_defContext.class) == f) {
            return false;
        }
        if (f.parameters() != null && f.parameters().parameter().stream()
                .anyMatch(p -> p.name() != null && p.name().getText().equals(name))) {
            return true;
        }
        for (var g : Py.descendants(f.block(), dev.unblock.python.PythonParser.Global_stmtContext.class)) {
            if (g.name().stream().anyMatch(n -> n.getText().equals(name))) {
                return false;
            }
        }
        for (Expr_stmtContext s : Py.descendants(f.block(), Expr_stmtContext.class)) {
            if (!s.assigned_value().isEmpty() && name.equals(Py.nameOf(s.star_expressions()))
                    && Py.ancestor(s, Function_defContext.class) == f) {
                return true;
            }
        }
        return false;
    }

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

    private static boolean binds(FlaskModule m, String name) {
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
