package dev.unblock.rules.web;

import java.util.List;
import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.BlockContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;

/**
 * UB807's models: {@code db = SQLAlchemy(…)} becomes a declarative {@code Base}, and each {@code class X(db.Model)} a
 * model of it with the table name Flask-SQLAlchemy gave it, when nothing in it may load lazily or leave a value for
 * the database to fill in (an {@code AsyncSession} cannot load either after the fact).
 */
final class SqlalchemyModels {
    private static final String ID = FlaskSqlalchemy.ID;
    /** Column options that never leave an attribute for the database to fill in after a flush. */
    private static final Set<String> COLUMN_OPTIONS = Set.of("primary_key", "nullable", "unique", "index", "default",
            "autoincrement", "comment", "doc", "key", "name", "info");

    private final SqlalchemyPort sqla;

    SqlalchemyModels(SqlalchemyPort sqla) {
        this.sqla = sqla;
    }

    /** A model class: its base becomes Base, and it gets the table name Flask-SQLAlchemy would have given it. */
    void model(FlaskModule m, Class_defContext c, Set<String> dbs, Set<String> models) throws NotPortable {
        String name = c.name().getText();
        var args = c.arguments() == null ? List.<dev.unblock.python.PythonParser.ArgumentContext>of()
                : c.arguments().argument();
        for (var arg : args) {
            AtomContext a = Py.atom(arg);
            if (a != null && models.contains(Py.name(a))) {
                throw sqla.refuse(m, c, name, "it inherits from the model " + Py.name(a) + " (table inheritance is not "
                        + "mapped)");
            }
        }
        boolean model = args.stream().anyMatch(arg -> isDbModel(arg, dbs));
        if (!model) {
            return;
        }
        if (args.size() != 1 || args.get(0).EQUAL() != null) {
            throw sqla.refuse(m, c, name, "the model has other bases or class options");
        }
        BlockContext block = c.block();
        if (block.stmt().isEmpty()) {
            throw sqla.refuse(m, c, name, "the model's body is on its class line");
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
                    throw sqla.refuse(m, e, name + "." + target, "the port maps no such model option");
                }
                tablename |= target.equals("__tablename__");
                primaryKey |= m.src.text(e).replace(" ", "").contains("primary_key=True");
            }
        }
        if (!tablename) {
            if (!primaryKey) {
                throw sqla.refuse(m, c, name, "the model has no primary key column of its own, so its table name depends "
                        + "on its bases");
            }
            if (name.matches(".*[A-Z]{2}.*")) {
                throw sqla.refuse(m, c, name, "Flask-SQLAlchemy 2 and 3 derive different table names from it; give it a "
                        + "__tablename__");
            }
            StmtContext first = block.stmt(0);
            if (isDocstring(first) && block.stmt().size() > 1) {
                first = block.stmt(1);
            }
            FileEdits e = sqla.edits(m);
            int at = SqlalchemyPort.start(e, first);
            int lineStart = sqla.layout(m).lineStart(at);
            String indent = e.text.substring(lineStart, at);
            if (!indent.isBlank()) {
                throw sqla.refuse(m, c, name, "the model's first statement shares its line");
            }
            e.insert(lineStart, indent + "__tablename__ = " + PyString.literal(tableName(name)) + sqla.layout(m).newline(),
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
                    throw SqlalchemyPort.refuseModel(m, p, model, "uses " + callee + "(…), which may load lazily: that raises "
                            + "MissingGreenlet under an AsyncSession");
                }
                if (SERVER_VALUES.contains(callee)) {
                    throw SqlalchemyPort.refuseModel(m, p, model, "uses " + callee + "(…): the database fills in the value, which an "
                            + "AsyncSession cannot load lazily after a flush");
                }
                String problem = callee.equals("Column") || callee.equals("mapped_column")
                        ? columnProblem(t.get(i + 1)) : null;
                if (problem != null) {
                    throw SqlalchemyPort.refuseModel(m, p, model, "has a " + callee + "(…) where " + problem);
                }
            }
        }
        for (Expr_stmtContext e : Py.descendants(c.block(), Expr_stmtContext.class)) {
            if (e.annotation() != null && Py.ancestor(e, Function_defContext.class) == null) {
                throw SqlalchemyPort.refuseModel(m, e, model, "has annotated attributes (Mapped[…]), SQLAlchemy 2's, which the port "
                        + "does not map");
            }
        }
    }

    private static boolean isDocstring(StmtContext s) {
        var e = s.simple_stmts() == null || s.simple_stmts().simple_stmt().size() != 1 ? null
                : s.simple_stmts().simple_stmt(0).expr_stmt();
        return e != null && e.assigned_value().isEmpty() && Py.string(e.star_expressions()) != null;
    }

    static boolean isDbModel(dev.unblock.python.PythonParser.ArgumentContext arg, Set<String> dbs) {
        PrimaryContext p = arg.expression().isEmpty() ? null : Py.primary(arg.expression(arg.expression().size() - 1));
        return p != null && p.atom().name() != null && dbs.contains(p.atom().name().getText()) && p.trailer().size() == 1
                && p.trailer(0).DOT() != null && p.trailer(0).name().getText().equals("Model");
    }

    /** Flask-SQLAlchemy 3's table name for a model class: CamelCase → camel_case. */
    static String tableName(String className) {
        return className.replaceAll("((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", "_$1").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("^_+", "");
    }

    static String columnProblem(TrailerContext call) {
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
    void declaration(FlaskModule m, Expr_stmtContext decl) throws NotPortable {
        PrimaryContext call = decl.assigned_value().size() == 1 ? Py.primary(decl.assigned_value(0).star_expressions())
                : null;
        StmtContext stmt = Py.ancestor(decl, StmtContext.class);
        if (call == null || call.trailer().size() != 1 || !(stmt.getParent() instanceof File_inputContext)) {
            throw sqla.refuse(m, decl, sqla.dbVar, "it is not made once at module level by SQLAlchemy() or SQLAlchemy(app)");
        }
        Py.Args args = Py.args(call.trailer(0));
        ModulePort port = sqla.ports.get(m.path());
        if (args.size() == 1 && args.positional.size() == 1) {
            AtomContext app = Py.atom(args.positional.get(0));
            if (port == null || app == null || port.module.apps.stream().noneMatch(x -> x.factory() == null
                    && x.var().equals(Py.name(app)))) {
                throw sqla.refuse(m, decl, sqla.dbVar + " = SQLAlchemy(…)", "it is handed something other than the module's app");
            }
            port.consume(app);
        } else if (args.size() != 0) {
            throw sqla.refuse(m, decl, sqla.dbVar + " = SQLAlchemy(…)", "its options are not mapped");
        }
        if (SqlalchemyPort.binds(m, "Base")) {
            throw sqla.refuse(m, decl, sqla.dbVar, "the module already uses the name Base, which the models' base would take");
        }
        FileEdits e = sqla.edits(m);
        e.replace(SqlalchemyPort.start(e, decl), SqlalchemyPort.end(e, decl), "Base = declarative_base()", ID, "the declarative base of the models");
        sqla.needBase.add(m);
    }
}
