package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.ModuleNames;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Import_as_nameContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.Import_nameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.TrailerContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * What one module says about Flask, read before anything is rewritten: the names it imports from flask, the apps
 * ({@code Flask(...)}) and blueprints ({@code Blueprint(...)}) it creates, the routes and error handlers declared
 * on them, and the other imports (to follow a blueprint registered in another module).
 */
final class FlaskModule {
    final SourceFile src;
    final String module;
    final boolean isPackage;
    /** Local name → flask name ({@code from flask import jsonify as j} → j → jsonify). */
    final Map<String, String> flaskNames = new LinkedHashMap<>();
    final List<Import_fromContext> flaskImports = new ArrayList<>();
    /** {@code import flask} statements: the module name itself is not mapped. */
    final List<Import_nameContext> flaskModuleImports = new ArrayList<>();
    /** Local name → (module, name) of the other {@code from … import …} statements. */
    final Map<String, String[]> imports = new LinkedHashMap<>();
    /** Local name → module of {@code import a.b as c} and {@code from pkg import module}. */
    final Map<String, String> moduleAliases = new LinkedHashMap<>();
    final List<AppDecl> apps = new ArrayList<>();
    final List<BlueprintDecl> blueprints = new ArrayList<>();
    final List<Route> routes = new ArrayList<>();
    /** Local names of apps created (at module level) in other modules and imported here. */
    final java.util.Set<String> importedApps = new java.util.HashSet<>();
    /** Local name → blueprint created in another module and imported here ({@code from . import bp}). */
    final Map<String, BlueprintDecl> importedBlueprints = new LinkedHashMap<>();

    /** {@code var = Flask(...)}; {@code factory} is the function creating it, or null at module level. */
    record AppDecl(FlaskModule module, String var, Expr_stmtContext stmt, PrimaryContext call,
                   Function_defContext factory) {
    }

    /** {@code var = Blueprint(name, import_name, url_prefix=…)}. */
    record BlueprintDecl(FlaskModule module, String var, String name, String urlPrefix, Expr_stmtContext stmt,
                         PrimaryContext call) {
    }

    /** A function carrying at least one {@code @x.route}/{@code @x.get}/… decorator of an app or blueprint. */
    record Route(FlaskModule module, DecoratedContext decorated, Function_defContext function,
                 List<DecoratorContext> routeDecorators) {
    }

    FlaskModule(SourceFile src, String module, boolean isPackage) {
        this.src = src;
        this.module = module;
        this.isPackage = isPackage;
        readImports();
        readDeclarations();
    }

    String path() {
        return src.path();
    }

    boolean importsFlask() {
        return !flaskNames.isEmpty() || !flaskModuleImports.isEmpty();
    }

    /** The flask name a local name stands for, or null. */
    String flaskName(String local) {
        return flaskNames.get(local);
    }

    /** The local name bound to a flask name (e.g. "request"), or null when the module does not import it. */
    String localFor(String flaskName) {
        for (Map.Entry<String, String> e : flaskNames.entrySet()) {
            if (e.getValue().equals(flaskName)) {
                return e.getKey();
            }
        }
        return null;
    }

    private void readImports() {
        for (Import_fromContext i : Py.descendants(src.tree(), Import_fromContext.class)) {
            int level = i.DOT().size() + 3 * i.ELLIPSIS().size();
            String from = i.dotted_name() == null ? "" : i.dotted_name().getText();
            if (level == 0 && from.equals("flask")) {
                flaskImports.add(i);
                for (Import_as_nameContext n : i.import_as_name()) {
                    String name = n.name(0).getText();
                    flaskNames.put(n.AS() == null ? name : n.name(1).getText(), name);
                }
                if (i.STAR() != null) {
                    flaskNames.put("*", "*");
                }
                continue;
            }
            String absolute = ModuleNames.resolveRelative(module, isPackage, level, from);
            for (Import_as_nameContext n : i.import_as_name()) {
                String name = n.name(0).getText();
                String local = n.AS() == null ? name : n.name(1).getText();
                imports.put(local, new String[] {absolute, name});
                moduleAliases.put(local, absolute.isEmpty() ? name : absolute + "." + name);
            }
        }
        for (Import_nameContext i : Py.descendants(src.tree(), Import_nameContext.class)) {
            for (var d : i.dotted_as_name()) {
                String name = d.dotted_name().getText();
                if (name.equals("flask") || name.startsWith("flask.")) {
                    flaskModuleImports.add(i);
                }
                if (d.AS() != null) {
                    moduleAliases.put(d.name().getText(), name);
                } else {
                    moduleAliases.put(name.contains(".") ? name.substring(0, name.indexOf('.')) : name,
                            name.contains(".") ? name.substring(0, name.indexOf('.')) : name);
                }
            }
        }
    }

    private void readDeclarations() {
        for (Expr_stmtContext s : Py.descendants(src.tree(), Expr_stmtContext.class)) {
            if (s.assigned_value().size() != 1 || s.annotation() != null || s.augassign() != null) {
                continue;
            }
            String target = Py.nameOf(s.star_expressions());
            PrimaryContext call = Py.primary(s.assigned_value(0).star_expressions());
            if (target == null || call == null || call.atom().name() == null || call.trailer().size() != 1
                    || !Py.isCall(call.trailer(0))) {
                continue;
            }
            String callee = flaskName(call.atom().name().getText());
            if ("Flask".equals(callee)) {
                apps.add(new AppDecl(this, target, s, call, Py.ancestor(s, Function_defContext.class)));
            } else if ("Blueprint".equals(callee)) {
                Py.Args args = Py.args(call.trailer(0));
                String prefix = args.keywords.containsKey("url_prefix") ? Py.string(args.keywords.get("url_prefix"))
                        : null;
                String name = Py.string(args.get(0, "name"));
                blueprints.add(new BlueprintDecl(this, target, name, prefix, s, call));
            }
        }
        readRoutes();
    }

    /**
     * Links the apps (at module level) and blueprints other modules create and this one imports, and reads the routes
     * declared on them too.
     */
    void importApps(List<FlaskModule> modules) {
        for (var imp : imports.entrySet()) {
            for (FlaskModule m : modules) {
                boolean same = m.module.equals(imp.getValue()[0]) || m.module.endsWith("." + imp.getValue()[0]);
                if (m == this || !same) {
                    continue;
                }
                if (m.apps.stream().anyMatch(a -> a.factory() == null && a.var().equals(imp.getValue()[1]))) {
                    importedApps.add(imp.getKey());
                }
                m.blueprints.stream().filter(b -> b.var().equals(imp.getValue()[1])).findFirst()
                        .ifPresent(b -> importedBlueprints.put(imp.getKey(), b));
            }
        }
        if (!importedApps.isEmpty() || !importedBlueprints.isEmpty()) {
            routes.clear();
            readRoutes();
        }
    }

    /** True when the module uses an app or blueprint that another module creates. */
    boolean usesImportedDeclarations() {
        return !importedApps.isEmpty() || !importedBlueprints.isEmpty();
    }

    private void readRoutes() {
        for (DecoratedContext d : Py.descendants(src.tree(), DecoratedContext.class)) {
            Function_defContext f = d.function_def() != null ? d.function_def()
                    : d.async_stmt() != null ? d.async_stmt().function_def() : null;
            if (f == null) {
                continue;
            }
            List<DecoratorContext> routeDecorators = new ArrayList<>();
            for (DecoratorContext dec : d.decorator()) {
                if (isRouteDecorator(dec)) {
                    routeDecorators.add(dec);
                }
            }
            if (!routeDecorators.isEmpty()) {
                routes.add(new Route(this, d, f, routeDecorators));
            }
        }
    }

    static final List<String> METHOD_SHORTCUTS = List.of("get", "post", "put", "delete", "patch");

    /** {@code @v.route(...)} or {@code @v.get(...)} … where v is an app or blueprint of this module. */
    boolean isRouteDecorator(DecoratorContext dec) {
        PrimaryContext p = Py.primary(dec.named_expression());
        if (p == null || p.atom().name() == null || p.trailer().size() != 2 || p.trailer(0).DOT() == null
                || !Py.isCall(p.trailer(1))) {
            return false;
        }
        String method = p.trailer(0).name().getText();
        return isAppOrBlueprint(p.atom().name().getText())
                && (method.equals("route") || METHOD_SHORTCUTS.contains(method));
    }

    /** True when a name is an app or blueprint variable created in this module or imported from its creator. */
    boolean isAppOrBlueprint(String name) {
        return isApp(name) || blueprint(name) != null;
    }

    /** An app created in this module, or imported from the module that creates it. */
    boolean isApp(String name) {
        return apps.stream().anyMatch(a -> a.var().equals(name)) || importedApps.contains(name);
    }

    /** The blueprint a name stands for here: created in this module, or imported from the module creating it. */
    BlueprintDecl blueprint(String var) {
        return blueprints.stream().filter(b -> b.var().equals(var)).findFirst()
                .orElse(importedBlueprints.get(var));
    }

    /** Every name atom of the module, in source order. */
    List<AtomContext> nameAtoms() {
        List<AtomContext> out = new ArrayList<>();
        for (AtomContext a : Py.descendants(src.tree(), AtomContext.class)) {
            if (a.name() != null && !Py.isKeyword(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** The primary an atom starts, or null when the atom is a part of something else. */
    static PrimaryContext primaryOf(AtomContext atom) {
        return atom.getParent() instanceof PrimaryContext p ? p : null;
    }

    /** The trailers of a primary as a readable chain for messages: {@code request.files[…]}. */
    static String describe(PrimaryContext p, int trailers) {
        StringBuilder out = new StringBuilder(p.atom().getText());
        for (int i = 0; i < Math.min(trailers, p.trailer().size()); i++) {
            TrailerContext t = p.trailer(i);
            out.append(t.DOT() != null ? "." + t.name().getText() : t.LPAR() != null ? "(…)" : "[…]");
        }
        return out.toString();
    }

    int line(ParserRuleContext node) {
        return Py.line(node);
    }
}
