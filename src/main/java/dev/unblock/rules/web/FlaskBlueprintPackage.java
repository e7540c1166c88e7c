package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.unblock.migrate.Edit;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.StmtContext;

/**
 * The layout where a blueprint is declared in one module ({@code bp = Blueprint(...)} in a package's
 * {@code __init__.py}) and its routes live in others ({@code from app.main import bp} in {@code routes.py}), in a
 * partial port (UB810): the declaring module gets a FastAPI copy holding the router, and each route module that
 * moves gets a copy whose {@code bp} is that router. The declaring module must only declare: imports, the blueprint
 * and constants; its copy then binds the router and nothing a route could call.
 */
final class FlaskBlueprintPackage {
    private FlaskBlueprintPackage() {
    }

    /** The blueprint a module's routes are all on when it is declared in another module, or null. */
    static FlaskModule.BlueprintDecl imported(FlaskModule m) {
        FlaskModule.BlueprintDecl found = null;
        for (FlaskModule.Route r : m.routes) {
            for (var d : r.routeDecorators()) {
                FlaskModule.BlueprintDecl bp = m.importedBlueprints.get(receiver(d));
                if (bp == null || found != null && found != bp) {
                    return null;
                }
                found = bp;
            }
        }
        return found;
    }

    /** The name a route module has for its imported blueprint. */
    static String localName(FlaskModule m, FlaskModule.BlueprintDecl bp) {
        for (Map.Entry<String, FlaskModule.BlueprintDecl> e : m.importedBlueprints.entrySet()) {
            if (e.getValue() == bp) {
                return e.getKey();
            }
        }
        return bp.var();
    }

    /** Why the blueprint's declaring module cannot have a FastAPI copy, or null. */
    static String whyNot(FlaskPartial.Input in, ModulePort route, FlaskModule.BlueprintDecl bp) {
        FlaskModule d = bp.module();
        if (d == in.app().module()) {
            return "its blueprint is declared in the app's module";
        }
        if (!d.routes.isEmpty() || d.blueprints.size() != 1) {
            return "the module declaring its blueprint, " + d.path() + ", also has routes or other blueprints";
        }
        for (NotPortable p : in.problems()) {
            if (p.path().equals(d.path())) {
                return "line " + p.line() + " of " + d.path() + ", which declares its blueprint, cannot be mapped";
            }
        }
        if (!in.context().planned(d.path()).isEmpty()) {
            return "the async migration changes " + d.path() + ", which declares its blueprint";
        }
        for (StmtContext s : d.src.tree().stmt()) {
            String state = FlaskMovePlan.moduleState(s, bp);
            if (state != null) {
                return "line " + Py.line(s) + " of " + d.path() + ", which declares its blueprint, " + state;
            }
        }
        String local = localName(route.module, bp);
        String[] from = route.module.imports.get(local);
        for (Map.Entry<String, String[]> e : route.module.imports.entrySet()) {
            if (!e.getKey().equals(local) && from != null && e.getValue()[0].equals(from[0])) {
                return "it imports " + e.getKey() + " from " + d.path() + " besides the blueprint";
            }
        }
        String copy = copyPath(d);
        String existing = in.context().read(copy);
        if (existing != null && !existing.contains("(" + FlaskPartial.ID + ")")) {
            return "the project has a " + copy + " of its own, where its router would go";
        }
        return importOf(route, local) == null ? "its import of the blueprint is not a from-import at module level"
                : null;
    }

    /** Where the declaring module's copy goes: beside it ({@code pkg/__init__.py} → {@code pkg/blueprint_fastapi.py}). */
    static String copyPath(FlaskModule declaring) {
        String path = declaring.path();
        return path.endsWith("__init__.py") ? path.substring(0, path.length() - "__init__.py".length())
                + "blueprint_fastapi.py" : FlaskMovePlan.copyPath(declaring);
    }

    /** The route module's copy binds the blueprint's name to the router, just after its import of the blueprint. */
    static List<Edit> rebind(ModulePort route, FlaskModule.BlueprintDecl bp, String root) {
        String local = localName(route.module, bp);
        StmtContext stmt = importOf(route, local);
        String module = FlaskPort.moduleUnder(root, copyPath(bp.module()));
        String line = route.newline() + "from " + module + " import " + bp.var() + (local.equals(bp.var()) ? ""
                : " as " + local) + "  # noqa: F811 the FastAPI router (" + FlaskPartial.ID + ")";
        List<Edit> out = new ArrayList<>();
        out.add(new Edit(route.lineEndOfLastToken(stmt), route.lineEndOfLastToken(stmt), line, FlaskPartial.ID,
                "the blueprint is the FastAPI router of the declaring module's copy", 1));
        return out;
    }

    /** The module-level from-import that binds the blueprint's name, or null. */
    private static StmtContext importOf(ModulePort route, String local) {
        for (StmtContext s : route.module.src.tree().stmt()) {
            for (Import_fromContext i : Py.descendants(s, Import_fromContext.class)) {
                for (var n : i.import_as_name()) {
                    String bound = n.name().size() > 1 ? n.name(1).getText() : n.name(0).getText();
                    if (bound.equals(local)) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    private static String receiver(dev.unblock.python.PythonParser.DecoratorContext dec) {
        return Py.primary(dec.named_expression()).atom().name().getText();
    }
}
