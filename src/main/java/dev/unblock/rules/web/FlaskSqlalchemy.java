package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.PrimaryContext;

/**
 * Flask-SQLAlchemy ({@code db = SQLAlchemy(app)}, {@code db.Model}, {@code db.session}, {@code Model.query}) is bound
 * to Flask's application context, which a FastAPI app does not have. When the app is ported, {@link SqlalchemyPort}
 * converts it where the mapping is sound (declarative models, an async engine opened at start-up, an
 * {@code AsyncSession} per request in views, queries through {@code select()}); every other call site gets a finding
 * naming why and FastAPI's way, and the app it belongs to is not ported.
 */
@RuleInfo(id = FlaskSqlalchemy.ID, name = "flask-sqlalchemy",
        summary = "Flask-SQLAlchemy becomes SQLAlchemy with an AsyncSession per request where sound; the rest keeps findings.")
public final class FlaskSqlalchemy implements Rule {
    static final String ID = "UB807";
    private static final String BOUND = "bound to Flask's application context";
    static final String BRIDGE = "SQLAlchemy 2.x models (DeclarativeBase) and an AsyncSession per request from a "
            + "dependency (async_sessionmaker), queries through select()";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // a finding per call site, written by the port of UB801
    }

    /**
     * What the project does with Flask-SQLAlchemy: the modules read (those given and those importing a db object),
     * the db objects and the model classes (each as module:name), and one problem per line using a db object or a
     * model's query (what keeps the app on Flask unless {@link SqlalchemyPort} converts it).
     */
    record Uses(List<FlaskModule> modules, Set<String> dbs, Set<String> models, List<NotPortable> sites,
                Set<String> queryLines) {
        /** Whether a site is a line that queries (a model's query, db.session): it runs SQL where it stands. */
        boolean queries(NotPortable site) {
            return queryLines.contains(site.path() + ":" + site.line());
        }
    }

    /**
     * One problem per line using Flask-SQLAlchemy's db object or a model's query, over the given modules and those
     * {@code others} gives for the db objects' variable names (modules that never name Flask but import the db
     * object, such as a unittest {@code tests.py}).
     */
    static Uses uses(List<FlaskModule> given, Function<Set<String>, List<FlaskModule>> others) {
        List<FlaskModule> modules = new ArrayList<>(given);
        // the db objects: module → variable
        Set<String> dbs = new HashSet<>();
        for (FlaskModule m : modules) {
            Set<String> constructors = new HashSet<>();
            for (var imp : m.imports.entrySet()) {
                if (imp.getValue()[0].equals("flask_sqlalchemy") && imp.getValue()[1].equals("SQLAlchemy")) {
                    constructors.add(imp.getKey());
                }
            }
            for (Expr_stmtContext s : Py.descendants(m.src.tree(), Expr_stmtContext.class)) {
                PrimaryContext call = s.assigned_value().size() == 1
                        ? Py.primary(s.assigned_value(0).star_expressions()) : null;
                String target = Py.nameOf(s.star_expressions());
                if (target != null && call != null && call.atom().name() != null
                        && constructors.contains(call.atom().name().getText())) {
                    dbs.add(m.module + ":" + target);
                }
            }
        }
        List<NotPortable> out = new ArrayList<>();
        if (dbs.isEmpty()) {
            return new Uses(modules, dbs, Set.of(), out, Set.of());
        }
        Set<String> names = new HashSet<>();
        dbs.forEach(db -> names.add(db.substring(db.indexOf(':') + 1)));
        modules.addAll(others.apply(names));
        // the models: module:class, for classes deriving from a db object's Model
        Set<String> modelClasses = new HashSet<>();
        for (FlaskModule m : modules) {
            Set<String> local = dbNames(m, dbs);
            for (Class_defContext c : Py.descendants(m.src.tree(), Class_defContext.class)) {
                if (c.arguments() != null && local.stream().anyMatch(db -> c.arguments().getText().contains(db + ".Model"))) {
                    modelClasses.add(m.module + ":" + c.name().getText());
                }
            }
        }
        Set<String> queryLines = new HashSet<>();
        for (FlaskModule m : modules) {
            Set<String> local = dbNames(m, dbs);
            Set<String> models = dbNames(m, modelClasses);
            Set<Integer> lines = new LinkedHashSet<>();
            for (AtomContext a : m.nameAtoms()) {
                String name = a.name().getText();
                PrimaryContext p = FlaskModule.primaryOf(a);
                boolean query = models.contains(name) && p != null && !p.trailer().isEmpty()
                        && p.trailer(0).DOT() != null && p.trailer(0).name().getText().equals("query");
                boolean session = local.contains(name) && p != null && !p.trailer().isEmpty()
                        && p.trailer(0).DOT() != null && p.trailer(0).name().getText().equals("session");
                if (query || session) {
                    queryLines.add(m.path() + ":" + Py.line(a));
                }
                if ((local.contains(name) || query) && lines.add(Py.line(a))) {
                    String what = p == null ? name : FlaskModule.describe(p, 3);
                    out.add(new NotPortable(m.path(), Py.line(a), ID, "not ported to FastAPI: " + what
                            + " is Flask-SQLAlchemy, " + BOUND + "; FastAPI's way: " + BRIDGE));
                }
            }
        }
        return new Uses(modules, dbs, modelClasses, out, queryLines);
    }

    /** A site that would convert, left as it is because its app is not ported (UB801 says why). */
    static NotPortable withTheApp(NotPortable site) {
        return new NotPortable(site.path(), site.line(), ID, site.getMessage().replace(BOUND + ";",
                BOUND + ", and it stays with the app, which is not ported;"));
    }

    /** The local names a module has for objects given as module:name (its own, and those it imports). */
    static Set<String> dbNames(FlaskModule m, Set<String> objects) {
        Set<String> local = new HashSet<>();
        for (String object : objects) {
            String module = object.substring(0, object.indexOf(':'));
            String var = object.substring(object.indexOf(':') + 1);
            if (m.module.equals(module)) {
                local.add(var);
            }
            m.imports.forEach((name, from) -> {
                if (from[1].equals(var) && (module.equals(from[0]) || module.endsWith("." + from[0]))) {
                    local.add(name);
                }
            });
        }
        return local;
    }
}
