package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.migrate.FileRuleContext;
import dev.unblock.migrate.SupportFiles;
import dev.unblock.python.PythonParser.StmtContext;

/**
 * Which blueprint modules of a Flask app move to FastAPI in a partial port (UB810), which stay and why, or what keeps
 * them all on Flask. See UB810.md for the conditions.
 */
final class FlaskMovePlan {
    /** A route as Flask serves it: its module, line, full rule and endpoint. */
    record RouteAt(FlaskModule module, int line, String rule, String endpoint) {
    }

    private static final Set<String> ROUTE_VERBS = Set.of("route", "get", "post", "put", "delete", "patch");
    /** What the app (or a blueprint, app-wide) sets up for every request, or for the answers of every route. */
    private static final Pattern APP_WIDE = Pattern.compile("\\.(before_request|after_request|teardown_request|"
            + "teardown_appcontext|before_first_request|context_processor|url_value_preprocessor|url_defaults|"
            + "errorhandler|register_error_handler|template_filter|template_global|template_test|url_map|wsgi_app|"
            + "json_encoder|json_provider_class|json|jinja_env|session_interface|add_url_rule)\\b");
    private static final Pattern BLUEPRINT_APP_WIDE = Pattern.compile("\\.(before_app_request|after_app_request|"
            + "teardown_app_request|before_app_first_request|app_errorhandler|app_context_processor|"
            + "app_template_filter|app_template_global|app_url_value_preprocessor|app_url_defaults)\\b");
    /** An extension whose set-up on the app does nothing a moved route would miss, on conditions. */
    record Quiet(boolean feedsTemplates, String actsWhen) {
    }

    /** Extensions whose set-up on the app does nothing per request that a move loses (flask-quiet-extensions.tsv). */
    private static final Map<String, Quiet> QUIET_EXTENSIONS = quiet();
    /** The extension set up on the app that gives the templates names (its context processor), or null. */
    String templatesFedBy;
    private static final Pattern URL_FOR = Pattern.compile("url_for\\(\\s*[\"']([^\"']+)[\"']");

    final List<ModulePort> moved = new ArrayList<>();
    final Map<FlaskModule, String> kept = new LinkedHashMap<>();
    final List<RouteAt> routes = new ArrayList<>();
    final Map<FlaskModule.BlueprintDecl, String> registrationPrefix = new LinkedHashMap<>();
    String blocker;

    static String copyPath(FlaskModule m) {
        return m.path().substring(0, m.path().length() - 3) + "_fastapi.py";
    }

    static FlaskMovePlan of(FlaskPartial.Input in) {
        FlaskMovePlan plan = new FlaskMovePlan();
        plan.blocker = plan.appWide(in);
        if (plan.blocker == null) {
            plan.choose(in);
        }
        return plan;
    }

    /** What keeps every route on Flask (each thing, in order), or null. */
    private String appWide(FlaskPartial.Input in) {
        FileRuleContext c = in.context();
        List<String> why = new ArrayList<>();
        if (in.clients()) {
            why.add("the app's clients are opened at start-up");
        }
        String compat = c.read(in.compatPath());
        if (compat != null && !compat.equals(SupportFiles.read(FlaskPort.SUPPORT))) {
            why.add("the project has a " + in.compatPath() + " of its own");
        }
        String asgi = c.read(in.root() + "asgi.py");
        if (asgi != null && !asgi.contains("(" + FlaskPartial.ID + ")")) {
            why.add("the project has an asgi.py of its own");
        }
        var f = in.app().factory();
        if (f != null && f.parameters() != null && !f.parameters().parameter().stream()
                .allMatch(p -> p.EQUAL() != null || p.STAR() != null || p.DOUBLESTAR() != null)) {
            why.add("the app factory needs arguments");
        }
        if (mentioned(in, "permanent")) {
            why.add("the project may make sessions permanent, and Flask renews a permanent session's cookie in every "
                    + "answer");
        }
        for (FlaskModule m : in.modules()) {
            List<String> apps = new ArrayList<>(m.importedApps);
            m.apps.forEach(a -> apps.add(a.var()));
            String text = m.src.text();
            for (String appVar : apps) {
                Matcher h = Pattern.compile("\\b" + Pattern.quote(appVar) + APP_WIDE.pattern()).matcher(text);
                while (h.find()) {
                    why.add(appVar + "." + h.group(1) + " (" + m.path() + ":" + m.src.line(h.start()) + ") "
                            + (h.group(1).equals("add_url_rule") ? "adds a route whose paths this port does not read"
                            : "applies to every route of the app"));
                }
            }
            Matcher b = BLUEPRINT_APP_WIDE.matcher(text);
            while (b.find()) {
                why.add(b.group(1) + " (" + m.path() + ":" + m.src.line(b.start()) + ") applies to every route of "
                        + "the app");
            }
        }
        for (NotPortable p : in.problems()) {
            if (p.ruleId().equals(FlaskExtensions.ID)) {
                String line = lineText(c.pythonText(p.path()), p.line());
                Matcher module = Pattern.compile("\\b(flask_\\w+?|flaskext\\.\\w+?)[.)]").matcher(p.getMessage());
                Quiet quiet = module.find() ? QUIET_EXTENSIONS.get(module.group(1)) : null;
                boolean setUp = line.contains("init_app(") || Pattern.compile("\\(\\s*" + Pattern.quote(in.app().var())
                        + "\\s*[,)]").matcher(line).find();
                Matcher label = Pattern.compile(" is (\\S+)'s \\(").matcher(p.getMessage());
                String name = label.find() ? label.group(1) : "an extension";
                String where = " (" + p.path() + ":" + p.line() + ")";
                if (setUp && quiet == null) {
                    why.add(name + " is set up on the app" + where + " and may act on every request");
                } else if (setUp && quiet.actsWhen() != null && mentioned(in, quiet.actsWhen())) {
                    why.add(name + " is set up on the app" + where + " and acts on every request with "
                            + quiet.actsWhen());
                } else if (setUp && quiet.feedsTemplates()) {
                    templatesFedBy = name;
                }
            }
        }
        return why.isEmpty() ? null : "no blueprint can move to FastAPI beside it: " + String.join("; ", why);
    }

    /** Picks the blueprint modules that move; the others stay, each with why. */
    private void choose(FlaskPartial.Input in) {
        FlaskContextReach reach = new FlaskContextReach(in.context().pythonFiles(), in.context()::pythonText);
        FlaskProject project = in.ports().get(0).project;
        List<ModulePort> candidates = new ArrayList<>();
        Map<FlaskModule, List<RouteAt>> byModule = new LinkedHashMap<>();
        for (ModulePort p : in.ports()) {
            List<RouteAt> own = routes(p.module, project);
            if (own == null) {
                blocker = "no blueprint can move to FastAPI beside it: a route in " + p.path() + " has a rule or "
                        + "prefix that is not a string literal, so the paths it takes are unknown";
                return;
            }
            byModule.put(p.module, own);
            routes.addAll(own);
            if (own.isEmpty()) {
                continue;
            }
            String why = whyStays(in, p, reach, project);
            if (why == null) {
                candidates.add(p);
            } else {
                kept.put(p.module, why);
            }
        }
        List<RouteAt> flask = new ArrayList<>();
        var staticFolder = Py.args(in.app().call().trailer(0)).keywords.get("static_folder");
        if (staticFolder == null || Py.atom(staticFolder) == null || Py.atom(staticFolder).NONE() == null) {
            flask.add(new RouteAt(in.app().module(), Py.line(in.app().stmt()), "/static/<path:filename>", "static"));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            Set<String> movedEndpoints = new java.util.HashSet<>();
            candidates.forEach(p -> byModule.get(p.module).forEach(r -> movedEndpoints.add(r.endpoint())));
            List<RouteAt> staying = new ArrayList<>(flask);
            routes.stream().filter(r -> candidates.stream().noneMatch(p -> p.module == r.module())).forEach(staying::add);
            for (ModulePort p : List.copyOf(candidates)) {
                String why = conflict(p, byModule.get(p.module), staying, movedEndpoints);
                if (why != null) {
                    candidates.remove(p);
                    kept.put(p.module, why);
                    changed = true;
                }
            }
        }
        moved.addAll(candidates);
    }

    /** Why a module's routes may take paths of a route staying on Flask, or url_for one of them; or null. */
    private static String conflict(ModulePort p, List<RouteAt> own, List<RouteAt> staying, Set<String> moved) {
        for (RouteAt r : own) {
            for (RouteAt s : staying) {
                if (FlaskRuleOverlap.overlap(r.rule(), s.rule())) {
                    return "its route " + r.rule() + " may take paths of " + s.rule() + " (" + s.module().path()
                            + ":" + s.line() + "), which stays on Flask";
                }
            }
        }
        String bpName = blueprintOf(p.module).name();
        Matcher u = URL_FOR.matcher(p.module.src.text());
        while (u.find()) {
            String e = u.group(1).startsWith(".") ? bpName + u.group(1) : u.group(1);
            if (!moved.contains(e)) {
                return "url_for(\"" + u.group(1) + "\") (line " + p.module.src.line(u.start())
                        + ") names a route that stays on Flask";
            }
        }
        return null;
    }

    /** Why a module with routes cannot move whatever the others do, or null. */
    private String whyStays(FlaskPartial.Input in, ModulePort p, FlaskContextReach reach, FlaskProject project) {
        FlaskModule m = p.module;
        if (m == in.app().module()) {
            return "its routes are the app's own (only blueprints move)";
        }
        FlaskModule.BlueprintDecl bp = blueprintOf(m);
        if (bp == null) {
            return m.blueprints.size() > 1 ? "its module declares " + m.blueprints.size() + " blueprints (only a module "
                    + "declaring one moves)" : "its routes are not all on one blueprint";
        }
        boolean imported = m.blueprints.isEmpty();
        if (imported) {
            String why = FlaskBlueprintPackage.whyNot(in, p, bp);
            if (why != null) {
                return why;
            }
        }
        String local = imported ? FlaskBlueprintPackage.localName(m, bp) : bp.var();
        for (NotPortable problem : in.problems()) {
            if (problem.path().equals(m.path())) {
                return "line " + problem.line() + " of its module cannot be mapped ("
                        + shorten(FlaskPartial.staysMessage(problem.getMessage()).substring(FlaskPartial.STAYS.length())) + ")";
            }
        }
        if (templatesFedBy != null && p.templatesUsed) {
            return "it renders templates, which on Flask get names from " + templatesFedBy + "'s context processor";
        }
        if (p.edits.own().stream().anyMatch(e -> e.ruleId().equals(FlaskSqlalchemy.ID))) {
            return "its Flask-SQLAlchemy queries would need the models ported, which the Flask side keeps";
        }
        if (!in.context().planned(m.path()).isEmpty()) {
            return "the async migration changes its module, which the Flask side keeps using";
        }
        if (m.path().endsWith("__init__.py")) {
            return "its blueprint is declared in a package's __init__.py";
        }
        for (FlaskModule other : in.modules()) {
            if (!imported && other != m && other.routes.stream().anyMatch(r -> r.routeDecorators().stream()
                    .anyMatch(d -> other.blueprint(receiver(d)) == bp))) {
                return "its blueprint also has routes in " + other.path();
            }
        }
        var regs = project.registrations.getOrDefault(bp, List.of());
        if (regs.size() != 1 || !regs.get(0).module().isApp(regs.get(0).call().atom().getText())) {
            return "its blueprint is not registered once, on the app";
        }
        for (var use : Py.descendants(m.src.tree(), dev.unblock.python.PythonParser.PrimaryContext.class)) {
            if (use.atom().name() != null && use.atom().getText().equals(local) && !use.trailer().isEmpty()
                    && use.trailer(0).DOT() != null && !ROUTE_VERBS.contains(use.trailer(0).name().getText())) {
                return local + "." + use.trailer(0).name().getText() + " (line " + Py.line(use)
                        + ") is not moved with its routes";
            }
        }
        for (StmtContext s : m.src.tree().stmt()) {
            String state = moduleState(s, bp);
            if (state != null) {
                return "line " + Py.line(s) + " " + state + ", which the FastAPI copy of the module would "
                        + "hold a second time";
            }
        }
        String bound = reach.firstBound(m.path(), in.root(), bp.module().path());
        if (bound != null) {
            return "it imports " + bound + ", which needs Flask's request or application context";
        }
        String copy = copyPath(m);
        String existing = in.context().read(copy);
        if (existing != null && !existing.contains("(" + FlaskPartial.ID + ")")) {
            return "the project has a " + copy + " of its own, where the moved routes would go";
        }
        return null;
    }

    /** The blueprint all of a module's routes are on: declared there (alone), or imported; else null. */
    static FlaskModule.BlueprintDecl blueprintOf(FlaskModule m) {
        if (m.blueprints.size() == 1) {
            return m.blueprints.get(0);
        }
        return m.blueprints.isEmpty() ? FlaskBlueprintPackage.imported(m) : null;
    }

    /** What a module-level statement keeps (state, a class), or null for imports, functions and constants. */
    static String moduleState(StmtContext s, FlaskModule.BlueprintDecl bp) {
        if (s.compound_stmt() != null) {
            var c = s.compound_stmt();
            if (c.function_def() != null || c.async_stmt() != null && c.async_stmt().function_def() != null
                    || c.decorated() != null && c.decorated().class_def() == null) {
                return null;
            }
            return c.class_def() != null || c.decorated() != null ? "defines a class" : "runs code at import";
        }
        for (var simple : s.simple_stmts().simple_stmt()) {
            if (simple.import_stmt() != null) {
                continue;
            }
            var e = simple.expr_stmt();
            if (e == null) {
                return "runs code at import";
            }
            if (e == bp.stmt() || e.assigned_value().isEmpty() && Py.string(e.star_expressions()) != null) {
                continue; // the blueprint, or the docstring
            }
            if (e.assigned_value().size() != 1 || e.assigned_value(0).star_expressions() == null
                    || !immutable(e.assigned_value(0).star_expressions())) {
                return "keeps module state (" + Py.nameOf(e.star_expressions()) + ")";
            }
        }
        return null;
    }

    /** A constant, or a tuple of constants: a value both copies of a module may hold without sharing state. */
    private static boolean immutable(dev.unblock.python.PythonParser.Star_expressionsContext value) {
        if (Py.isConstant(value)) {
            return true;
        }
        for (var a : Py.descendants(value, dev.unblock.python.PythonParser.AtomContext.class)) {
            boolean tuple = a.LPAR() != null && a.testlist_comp() != null && a.testlist_comp().comprehension() == null;
            if (!tuple && a.name() == null && a.LSQB() == null && a.LBRACE() == null && a.LPAR() == null) {
                continue; // a number, string, None, True, False
            }
            if (!tuple) {
                return false;
            }
        }
        return Py.descendants(value, dev.unblock.python.PythonParser.TrailerContext.class).isEmpty();
    }

    /** The module's routes as Flask serves them, or null when a rule or prefix is not a literal. */
    private List<RouteAt> routes(FlaskModule m, FlaskProject project) {
        List<RouteAt> out = new ArrayList<>();
        for (FlaskModule.Route r : m.routes) {
            for (var dec : r.routeDecorators()) {
                var p = Py.primary(dec.named_expression());
                Py.Args args = Py.args(p.trailer(1));
                String rule = Py.string(args.get(0, "rule"));
                var endpointArg = args.keywords.get("endpoint");
                String endpoint = endpointArg == null ? r.function().name().getText() : Py.string(endpointArg);
                FlaskModule.BlueprintDecl bp = m.blueprint(receiver(dec));
                String prefix = "";
                if (bp != null) {
                    var regs = project.registrations.getOrDefault(bp, List.of());
                    var given = regs.isEmpty() ? null : regs.get(0).prefix();
                    prefix = given != null ? Py.string(given) : bp.urlPrefix() != null ? bp.urlPrefix() : "";
                    if (given != null) {
                        registrationPrefix.put(bp, prefix == null ? null : FlaskProject.prefix(prefix));
                    }
                    endpoint = bp.name() == null || endpoint == null ? null : bp.name() + "." + endpoint;
                }
                if (rule == null || prefix == null || endpoint == null
                        || bp != null && args.keywords.containsKey("url_prefix")) {
                    return null;
                }
                String full = prefix.isEmpty() ? rule : rule.isEmpty() ? prefix
                        : FlaskProject.prefix(prefix) + "/" + (rule.startsWith("/") ? rule.substring(1) : rule);
                out.add(new RouteAt(m, Py.line(dec), full, endpoint));
                var strict = Py.atom(args.keywords.get("strict_slashes"));
                boolean optional = strict != null ? strict.FALSE() != null : project.slashesOptional != null;
                String alias = optional ? RoutePath.slashAlias(full) : null;
                if (alias != null) {
                    out.add(new RouteAt(m, Py.line(dec), alias, endpoint)); // Flask answers it too
                }
            }
        }
        return out;
    }

    private static String receiver(dev.unblock.python.PythonParser.DecoratorContext dec) {
        return Py.primary(dec.named_expression()).atom().name().getText();
    }

    private static String lineText(String text, int line) {
        if (text == null) {
            return "";
        }
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    private static Map<String, Quiet> quiet() {
        Map<String, Quiet> out = new LinkedHashMap<>();
        DataTable.rows("flask-quiet-extensions.tsv", 4).forEach(r -> out.put(r[0], new Quiet(r[1].equals("templates"),
                r[2].equals("-") ? null : r[2])));
        return Map.copyOf(out);
    }

    /** True when a word appears in one of the project's Python files. */
    private static boolean mentioned(FlaskPartial.Input in, String word) {
        Pattern w = Pattern.compile("\\b" + Pattern.quote(word) + "\\b");
        return in.context().pythonFiles().stream().map(in.context()::pythonText)
                .anyMatch(t -> t != null && w.matcher(t).find());
    }
}
