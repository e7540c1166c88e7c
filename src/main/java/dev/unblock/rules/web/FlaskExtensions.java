package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
 * Flask extensions (Flask-Login, Flask-WTF, Flask-Babel, Flask-HTTPAuth, …) read Flask's request and application
 * context, which a FastAPI app does not have: {@code current_user} would be None and a {@code FlaskForm} would read
 * no form. Every line naming something taken from one — an imported name, an object made with one
 * ({@code login = LoginManager()}), a class derived from one ({@code class LoginForm(FlaskForm)}), in any module that
 * imports them — gets a finding naming FastAPI's way, and the app is not ported. The extensions and their FastAPI
 * ways are data ({@code flask-extensions.tsv}); Flask-SQLAlchemy has its own rule (UB807).
 */
@RuleInfo(id = FlaskExtensions.ID, name = "flask-extensions",
        summary = "Every use of a Flask extension gets a finding naming its FastAPI way; the app stays on Flask.")
public final class FlaskExtensions implements Rule {
    static final String ID = "UB809";

    /** One extension: its label, the names it exports that need no Flask context, and FastAPI's way. */
    record Extension(String module, String label, Set<String> plain, String fastapiWay, String binding) {
        private static final String KNOWN_BINDING = "bound to Flask's request and application context";
    }

    private static final Map<String, Extension> KNOWN = load();
    /** Modules named like extensions that are not: ours (the port's support module) and the one with its own rule. */
    private static final Set<String> NOT_EXTENSIONS = Set.of("flask_compat", "flask_sqlalchemy");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // a finding per use, written by the port of UB801
    }

    /** The extension a module belongs to ({@code flask_wtf.file} → Flask-WTF), or null when it is none. */
    static Extension of(String module) {
        String top = module.contains(".") ? module.substring(0, module.indexOf('.')) : module;
        if (NOT_EXTENSIONS.contains(top)) {
            return null;
        }
        if (top.equals("flaskext") && module.length() > "flaskext.".length()) {
            top = module;
        } else if (!top.startsWith("flask_")) {
            return null;
        }
        Extension known = KNOWN.get(top);
        return known != null ? known : new Extension(top, top, Set.of(),
                "its FastAPI counterpart, or the library it wraps used directly",
                "an extension written for Flask, which may read Flask's request and application context");
    }

    /**
     * One problem per line using an extension, over the given modules and those {@code others} gives for the names
     * of the objects and classes made with extensions (modules that import them without importing the extension).
     */
    static List<NotPortable> callSites(List<FlaskModule> given, Function<Set<String>, List<FlaskModule>> others) {
        List<FlaskModule> modules = new ArrayList<>(given);
        Map<String, Use> made = new LinkedHashMap<>(); // module:name → what it is
        for (FlaskModule m : modules) {
            Map<String, Use> local = importedNames(m);
            for (Expr_stmtContext s : Py.descendants(m.src.tree(), Expr_stmtContext.class)) {
                PrimaryContext call = s.assigned_value().size() == 1
                        ? Py.primary(s.assigned_value(0).star_expressions()) : null;
                String target = Py.nameOf(s.star_expressions());
                Use from = call == null || call.atom().name() == null ? null : local.get(call.atom().name().getText());
                if (target != null && from != null && isConstruction(call)) {
                    made.put(m.module + ":" + target, new Use(from.extension, "an object made with " + from.what));
                }
            }
            for (Class_defContext c : Py.descendants(m.src.tree(), Class_defContext.class)) {
                if (c.arguments() == null) {
                    continue;
                }
                for (AtomContext a : Py.descendants(c.arguments(), AtomContext.class)) {
                    Use base = a.name() == null ? null : local.get(a.name().getText());
                    if (base != null) {
                        made.put(m.module + ":" + c.name().getText(), new Use(base.extension, "a class derived from "
                                + base.what));
                        break;
                    }
                }
            }
        }
        List<NotPortable> out = new ArrayList<>();
        if (!made.isEmpty()) {
            Set<String> names = new HashSet<>();
            made.keySet().forEach(k -> names.add(k.substring(k.indexOf(':') + 1)));
            Set<String> known = new HashSet<>();
            modules.forEach(m -> known.add(m.path()));
            others.apply(names).stream().filter(m -> known.add(m.path())).forEach(modules::add);
        }
        for (FlaskModule m : modules) {
            Map<String, Use> local = importedNames(m);
            local.putAll(objectNames(m, made));
            Set<Integer> lines = new LinkedHashSet<>();
            List<PrimaryContext> mapped = FlaskCors.mapped(m); // CORS(app, …): ported by FlaskCors
            for (AtomContext a : m.nameAtoms()) {
                if (mapped.contains(FlaskModule.primaryOf(a))) {
                    continue;
                }
                Use use = local.get(a.name().getText());
                if (use == null || use.extension.plain().contains(a.name().getText()) || !lines.add(Py.line(a))) {
                    continue;
                }
                PrimaryContext p = FlaskModule.primaryOf(a);
                String what = p == null ? a.name().getText() : FlaskModule.describe(p, 3);
                out.add(new NotPortable(m.path(), Py.line(a), ID, "not ported to FastAPI: " + what + " is "
                        + use.extension.label() + "'s (" + use.what + "), " + use.extension.binding()
                        + "; FastAPI's way: " + use.extension.fastapiWay()));
            }
        }
        return out;
    }

    /** {@code Name(...)} or {@code module.Name(...)}: a call ending a chain of attribute reads. */
    private static boolean isConstruction(PrimaryContext call) {
        int n = call.trailer().size();
        if (n == 0 || !Py.isCall(call.trailer(n - 1))) {
            return false;
        }
        for (int i = 0; i < n - 1; i++) {
            if (call.trailer(i).DOT() == null) {
                return false;
            }
        }
        return true;
    }

    /** What a local name is: something of an extension. */
    private record Use(Extension extension, String what) {
    }

    /** Names a module imports from extensions ({@code from flask_login import current_user}, {@code import flask_login}). */
    private static Map<String, Use> importedNames(FlaskModule m) {
        Map<String, Use> out = new LinkedHashMap<>();
        m.imports.forEach((local, from) -> {
            Extension e = of(from[0]);
            if (e != null && !e.plain().contains(from[1])) {
                out.put(local, new Use(e, from[0] + "." + from[1]));
            }
        });
        m.moduleAliases.forEach((local, module) -> {
            Extension e = of(module);
            if (e != null && !m.imports.containsKey(local)) {
                out.put(local, new Use(e, module));
            }
        });
        return out;
    }

    /** The local names a module has for objects and classes made with extensions (its own and those it imports). */
    private static Map<String, Use> objectNames(FlaskModule m, Map<String, Use> made) {
        Map<String, Use> out = new LinkedHashMap<>();
        made.forEach((object, use) -> {
            String module = object.substring(0, object.indexOf(':'));
            String var = object.substring(object.indexOf(':') + 1);
            if (m.module.equals(module)) {
                out.put(var, use);
            }
            m.imports.forEach((name, from) -> {
                if (from[1].equals(var) && (module.equals(from[0]) || module.endsWith("." + from[0]))) {
                    out.put(name, use);
                }
            });
        });
        return out;
    }

    private static Map<String, Extension> load() {
        Map<String, Extension> out = new LinkedHashMap<>();
        for (String[] f : DataTable.rows("flask-extensions.tsv", 4)) {
            out.put(f[0], new Extension(f[0], f[1], f[2].equals("-") ? Set.of() : Set.of(f[2].split(",")), f[3],
                    Extension.KNOWN_BINDING));
        }
        return Map.copyOf(out);
    }
}
