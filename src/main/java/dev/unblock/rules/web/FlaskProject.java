package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;

/**
 * The Flask side of a whole project: its modules, where each blueprint is registered (a blueprint's prefix given at
 * registration replaces its own in Flask, while FastAPI would add the two), and every route's endpoint with its path
 * variables (for url_for).
 */
final class FlaskProject {
    final List<FlaskModule> modules;
    final String compatModule;
    /** Endpoint ("items.item", "index", "static") → its path variables. */
    final Map<String, List<String>> endpoints = new LinkedHashMap<>();
    /** Endpoints of views the port could not map (each has its own finding). */
    final java.util.Set<String> unportedEndpoints = new java.util.HashSet<>();
    final Map<FlaskModule.BlueprintDecl, List<Registration>> registrations = new LinkedHashMap<>();
    final List<Registration> unresolved = new ArrayList<>();
    /** Blueprints with app-wide error handlers, which the app installs where it includes their routers. */
    final java.util.Set<FlaskModule.BlueprintDecl> appWideHandlers;
    private final java.util.function.Predicate<String> folders;
    final java.util.Set<String> enabledRules;
    /** Where app.run() served, when it said so with literals (for asgi.py's __main__). */
    String runHost;
    /** Whether the project reads or sets the app's config (app.config, app.testing, current_app.config). */
    boolean configUsed;
    /** How many after_request hooks the project registers (their order differs between Flask and FastAPI). */
    int afterRequestHooks;
    String runPort;
    /** {@code app.url_map.strict_slashes = False} where it applies to every rule of the project's one app, or null. */
    dev.unblock.python.PythonParser.StmtContext slashesOptional;

    /** {@code receiver.register_blueprint(blueprint, url_prefix=…)}. */
    record Registration(FlaskModule module, PrimaryContext call, FlaskModule.BlueprintDecl blueprint,
                        ExpressionContext prefix) {
    }

    FlaskProject(List<FlaskModule> modules, String compatModule, java.util.function.Predicate<String> folders,
                 java.util.Set<String> enabledRules) {
        this.modules = modules;
        this.compatModule = compatModule;
        this.folders = folders;
        this.enabledRules = enabledRules;
        this.appWideHandlers = FlaskErrorHandlers.appWideDeclarers(modules);
        for (FlaskModule m : modules) {
            for (PrimaryContext p : Py.descendants(m.src.tree(), PrimaryContext.class)) {
                if (p.atom().name() == null || p.trailer().size() != 2 || p.trailer(0).DOT() == null
                        || !p.trailer(0).name().getText().equals("register_blueprint") || !Py.isCall(p.trailer(1))
                        || !m.isAppOrBlueprint(p.atom().name().getText())) {
                    continue;
                }
                Py.Args args = Py.args(p.trailer(1));
                ExpressionContext bpArg = args.get(0, "blueprint");
                FlaskModule.BlueprintDecl bp = bpArg == null ? null : resolveBlueprint(m, bpArg);
                Registration r = new Registration(m, p, bp, args.keywords.get("url_prefix"));
                if (bp == null) {
                    unresolved.add(r);
                } else {
                    registrations.computeIfAbsent(bp, k -> new ArrayList<>()).add(r);
                }
            }
        }
    }

    /** The blueprint an expression names: a local one, one imported from another module, or module.attribute. */
    FlaskModule.BlueprintDecl resolveBlueprint(FlaskModule from, ExpressionContext arg) {
        PrimaryContext p = Py.primary(arg);
        if (p == null || p.atom().name() == null) {
            return null;
        }
        List<String> names = Py.leadingNames(p);
        if (names.size() != p.trailer().size() + 1) {
            return null;
        }
        if (names.size() == 1) {
            FlaskModule.BlueprintDecl local = from.blueprint(names.get(0));
            if (local != null) {
                return local;
            }
            String[] imported = from.imports.get(names.get(0));
            return imported == null ? null : find(from, imported[0], imported[1]);
        }
        if (names.size() == 2 && from.moduleAliases.containsKey(names.get(0))) {
            return find(from, from.moduleAliases.get(names.get(0)), names.get(1));
        }
        return null;
    }

    /**
     * The blueprint {@code var} of a module named as an import names it: exactly, or (a project run from one of its
     * folders, importing {@code app.routes} for {@code pkg/app/routes.py}) by the one module whose name ends so.
     */
    private FlaskModule.BlueprintDecl find(FlaskModule from, String module, String var) {
        for (FlaskModule m : modules) {
            if (m.module.equals(module)) {
                return m.blueprint(var);
            }
        }
        // imported from the importer's own folder (the project is run from there)
        String pkg = from.isPackage ? from.module : from.module.contains(".")
                ? from.module.substring(0, from.module.lastIndexOf('.')) : "";
        for (FlaskModule m : modules) {
            if (!pkg.isEmpty() && m.module.equals(pkg + "." + module)) {
                return m.blueprint(var);
            }
        }
        FlaskModule.BlueprintDecl found = null;
        for (FlaskModule m : modules) {
            if (m.module.endsWith("." + module) && m.blueprint(var) != null) {
                if (found != null) {
                    return null;
                }
                found = m.blueprint(var);
            }
        }
        return found;
    }

    /** True when some registration gives the blueprint a prefix of its own (Flask: it replaces the blueprint's). */
    boolean prefixGivenAtRegistration(FlaskModule.BlueprintDecl bp) {
        return registrations.getOrDefault(bp, List.of()).stream().anyMatch(r -> r.prefix() != null);
    }

    /** The full endpoint url_for names from inside a handler ({@code .item} → the view's blueprint), or null. */
    String endpoint(ModulePort port, String endpoint, Handler h) {
        String full = endpoint;
        if (endpoint.startsWith(".")) {
            FlaskModule.BlueprintDecl bp = null;
            for (ViewPort v : port.views) {
                if (v.handler() == h) {
                    bp = v.blueprint();
                }
            }
            if (bp == null || bp.name() == null) {
                return null;
            }
            full = bp.name() + endpoint;
        }
        return endpoints.containsKey(full) ? full : null;
    }

    List<String> pathParams(String endpoint) {
        return endpoints.get(endpoint);
    }

    /** Reads a project file's text (null when unreadable); set by the port. */
    java.util.function.Function<String, String> reader = path -> null;
    java.util.Set<String> pythonFiles = java.util.Set.of();
    /** The FastAPI version the project pins, or null. */
    String fastapiVersion;
    /** The Flask-SQLAlchemy version the project pins, or null. */
    String flaskSqlalchemyVersion;

    /** The texts of the project's other Python files. */
    List<String> otherTexts(String path) {
        List<String> out = new ArrayList<>();
        for (String f : pythonFiles) {
            String text = f.equals(path) ? null : reader.apply(f);
            if (text != null) {
                out.add(text);
            }
        }
        return out;
    }

    /** FastAPI 0.93 introduced lifespan= (0.92, Debian's, has only on_event). */
    boolean hasLifespan() {
        if (fastapiVersion == null) {
            return false;
        }
        String[] parts = fastapiVersion.split("\\.");
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("[^0-9].*", "")) : 0;
            return major > 0 || minor >= 93;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The app's template folder (relative to the project), set from the app's module and template_folder. */
    String templateFolder = "templates/";

    /** Why a template cannot be rendered by FastAPI's templates as Flask rendered it, or null. */
    String templateProblem(String name) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(name));
        java.util.regex.Pattern refs = java.util.regex.Pattern.compile(
                "\\{%-?\\s*(?:extends|include|import|from)\\s+[\"']([^\"']+)[\"']");
        java.util.regex.Pattern flaskOnly = java.util.regex.Pattern.compile(
                "\\b(get_flashed_messages|session|config)\\b|\\bg\\.|\\brequest\\.(?!url\\b)");
        while (!todo.isEmpty()) {
            String t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            String text = reader.apply(templateFolder + t);
            if (text == null) {
                return "the template " + templateFolder + t + " is not in the project";
            }
            var m = flaskOnly.matcher(text);
            if (m.find()) {
                return "the template " + t + " uses " + m.group() + ", which only Flask gives templates";
            }
            var r = refs.matcher(text);
            while (r.find()) {
                todo.push(r.group(1));
            }
        }
        return null;
    }

    /** The Python expression, in a module at {@code path}, of the app's template folder. */
    String templateFolderFrom(String path) {
        java.nio.file.Path from = java.nio.file.Path.of(path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : ".");
        java.nio.file.Path to = java.nio.file.Path.of(templateFolder.substring(0, templateFolder.length() - 1));
        String rel = from.normalize().relativize(to.normalize()).toString().replace('\\', '/');
        StringBuilder out = new StringBuilder("os.path.join(os.path.dirname(__file__)");
        for (String part : rel.split("/")) {
            out.append(", ").append(PyString.literal(part));
        }
        return out.append(")").toString();
    }

    /** True when the project has files under a folder. */
    boolean hasFolder(String path) {
        return folders.test(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    /** Normalizes a Flask prefix for FastAPI, which wants no trailing slash ("/" alone is no prefix). */
    static String prefix(String flaskPrefix) {
        String p = flaskPrefix;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
