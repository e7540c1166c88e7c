package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.PrimaryExprContext;
import dev.unblock.python.PythonParser.StmtContext;

/**
 * One URLconf: its {@code urlpatterns} list read as routes to views and includes of other URLconfs, then written as
 * an {@code APIRouter} ({@code router.add_api_route(...)} per route, {@code router.include_router(...)} per include).
 * The root URLconf keeps an empty {@code urlpatterns}, so that Django's management commands (migrate…) still find
 * one.
 */
final class DjangoUrlconf {
    /**
     * A {@code path(route, view, name=…)} entry; {@code view} is how this module names the view (for a class-based
     * view {@code View.as_view()}, the class), {@code classBased} when it is one, {@code csrfExempt} when the
     * URLconf wraps it in {@code csrf_exempt(...)}.
     */
    record Route(PrimaryContext call, DjangoRoute route, String view, String viewModule, String viewName,
                 String name, boolean classBased, boolean csrfExempt) {
    }

    /** A {@code path(prefix, include(…))} entry; {@code router} is how this module names the included router. */
    record Include(PrimaryContext call, String prefix, String module, String router, String importLine) {
    }

    final DjangoFile file;
    final boolean root;
    final String namespace;
    final List<Route> routes = new ArrayList<>();
    final List<Include> includes = new ArrayList<>();
    final List<NotPortable> problems = new ArrayList<>();
    private StmtContext statement;
    /** Names the URLconf's rewrite consumes besides django.urls' (the csrf_exempt wrappers). */
    final Set<AtomContext> consumedNames = new HashSet<>();
    private final List<String> lines = new ArrayList<>();

    DjangoUrlconf(DjangoFile file, boolean root, String parentNamespace) {
        this.file = file;
        this.root = root;
        String appName = null;
        for (StmtContext s : file.src.tree().stmt()) {
            for (Expr_stmtContext e : Py.descendants(s, Expr_stmtContext.class)) {
                if ("app_name".equals(Py.nameOf(e.star_expressions())) && e.assigned_value().size() == 1) {
                    appName = Py.string(e.assigned_value(0).star_expressions());
                }
            }
        }
        this.namespace = appName == null ? parentNamespace : parentNamespace.isEmpty() ? appName
                : parentNamespace + ":" + appName;
        read();
    }

    private void read() {
        List<Expr_stmtContext> assignments = new ArrayList<>();
        for (Expr_stmtContext e : Py.descendants(file.src.tree(), Expr_stmtContext.class)) {
            for (AtomContext a : Py.descendants(e.star_expressions(), AtomContext.class)) {
                if (a.name() != null && a.name().getText().equals("urlpatterns")) {
                    assignments.add(e);
                }
            }
        }
        if (assignments.size() != 1 || assignments.get(0).assigned_value().size() != 1) {
            problems.add(file.refuse(assignments.isEmpty() ? file.src.tree() : assignments.get(assignments.size() - 1),
                    "urlpatterns is not one list written once (urlpatterns += …, or none)"));
            return;
        }
        Expr_stmtContext e = assignments.get(0);
        statement = Py.ancestor(e, StmtContext.class);
        if (!(statement.getParent() instanceof File_inputContext)
                || statement.simple_stmts() == null || statement.simple_stmts().simple_stmt().size() != 1
                || !"urlpatterns".equals(Py.nameOf(e.star_expressions()))) {
            problems.add(file.refuse(e, "urlpatterns is not a plain assignment at the top of the module"));
            return;
        }
        AtomContext list = Py.atom(e.assigned_value(0).star_expressions());
        if (list == null || list.LSQB() == null) {
            problems.add(file.refuse(e, "urlpatterns is not a list display"));
            return;
        }
        for (PrimaryContext p : Py.descendants(list, PrimaryContext.class)) {
            if (!(p.getParent() instanceof PrimaryExprContext) || nested(p, list)) {
                continue;
            }
            try {
                entry(p);
            } catch (NotPortable n) {
                problems.add(n);
            }
        }
    }

    /** True when a primary lies inside another one within the list (an argument), not directly in it. */
    private static boolean nested(PrimaryContext p, AtomContext list) {
        for (org.antlr.v4.runtime.tree.ParseTree n = p.getParent(); n != null && n != list; n = n.getParent()) {
            if (n instanceof PrimaryContext) {
                return true;
            }
        }
        return false;
    }

    private void entry(PrimaryContext p) throws NotPortable {
        String fn = p.atom().name() == null ? null : file.djangoName(p.atom().name().getText());
        if (fn == null || p.trailer().size() != 1 || !Py.isCall(p.trailer(0))) {
            throw file.refuse(p, "the URL pattern " + shorten(file.src.text(p)) + " is not a call of path()");
        }
        if (fn.equals("django.urls.re_path") || fn.equals("django.conf.urls.url")) {
            throw file.refuse(p, "re_path() routes by a regular expression; FastAPI's paths take convertors, not "
                    + "regular expressions, so the port leaves it to you");
        }
        if (!fn.equals("django.urls.path")) {
            throw file.refuse(p, fn + "() in urlpatterns is not mapped");
        }
        Py.Args args = Py.args(p.trailer(0));
        if (args.starred || args.positional.size() > 2 || args.get(2, "kwargs") != null) {
            throw file.refuse(p, "path() with extra keyword arguments for the view is not mapped");
        }
        String route = Py.string(args.get(0, "route"));
        ExpressionContext view = args.get(1, "view");
        if (route == null || view == null) {
            throw file.refuse(p, "path() whose route is not a string literal");
        }
        PrimaryContext v = Py.primary(view);
        if (v != null && v.atom().name() != null && "django.urls.include".equals(file.djangoName(v.atom().name().getText()))
                && v.trailer().size() == 1 && Py.isCall(v.trailer(0))) {
            include(p, route, v);
            return;
        }
        ExpressionContext nameArg = args.keywords.get("name");
        String name = nameArg == null ? null : Py.string(nameArg);
        if (nameArg != null && name == null) {
            throw file.refuse(p, "path() whose name= is not a string literal");
        }
        boolean csrfExempt = false;
        if (v != null && v.atom().name() != null && v.trailer().size() == 1 && Py.isCall(v.trailer(0))
                && "django.views.decorators.csrf.csrf_exempt".equals(file.djangoName(v.atom().name().getText()))) {
            Py.Args wrapped = Py.args(v.trailer(0));
            if (wrapped.size() != 1 || wrapped.positional.size() != 1) {
                throw file.refuse(p, "csrf_exempt() with other arguments than the view");
            }
            consumedNames.add(v.atom());
            view = wrapped.positional.get(0);
            v = Py.primary(view);
            csrfExempt = true;
        }
        List<String> names = v == null ? List.of() : Py.leadingNames(v);
        String bridge = "keeps running on Django: mount the Django app with WSGIMiddleware "
                + "(app.mount(\"/\", WSGIMiddleware(get_wsgi_application()))) for it";
        boolean classBased = v != null && names.size() >= 2 && names.get(names.size() - 1).equals("as_view");
        if (classBased) {
            if (names.size() != v.trailer().size() || names.size() > 3 || !Py.isCall(v.trailer(v.trailer().size() - 1))
                    || Py.args(v.trailer(v.trailer().size() - 1)).size() != 0) {
                throw file.refuse(p, "the class-based view " + shorten(file.src.text(view)) + " (as_view with "
                        + "arguments, or a class this port cannot follow) " + bridge);
            }
            names = names.subList(0, names.size() - 1);
        }
        if (v != null && names.size() >= 2 && names.get(names.size() - 1).equals("urls")
                && names.size() == v.trailer().size() + 1) {
            throw file.refuse(p, "the URL patterns " + file.src.text(view) + " (Django's admin, or another app's "
                    + "URLconf object) " + bridge.replace("keeps", "keep"));
        }
        if (v == null || !classBased && names.size() != v.trailer().size() + 1 || names.size() > 2) {
            throw file.refuse(p, "the view " + shorten(file.src.text(view)) + " is not a function or class of a "
                    + "module this port can follow");
        }
        String module;
        String function;
        if (names.size() == 2) {
            module = file.moduleAliases.get(names.get(0));
            function = names.get(1);
            if (module == null) {
                throw file.refuse(p, "the view " + file.src.text(view) + " belongs to a module this port cannot "
                        + "follow (admin.site.urls and other apps keep running on Django through WSGIMiddleware)");
            }
        } else if (file.imports.containsKey(names.get(0))) {
            module = file.imports.get(names.get(0))[0];
            function = file.imports.get(names.get(0))[1];
        } else {
            module = file.module;
            function = names.get(0);
        }
        DjangoRoute r;
        try {
            r = DjangoRoute.of(route);
        } catch (IllegalArgumentException ex) {
            throw file.refuse(p, "the route \"" + route + "\": " + ex.getMessage());
        }
        String full = name == null ? null : namespace.isEmpty() ? name : namespace + ":" + name;
        String text = classBased ? String.join(".", names) : file.src.text(view);
        routes.add(new Route(p, r, text, module, function, full, classBased, csrfExempt));
    }

    private void include(PrimaryContext p, String route, PrimaryContext call) throws NotPortable {
        Py.Args args = Py.args(call.trailer(0));
        if (args.size() != 1 || args.positional.size() != 1) {
            throw file.refuse(call, "include() with a namespace or several arguments is not mapped");
        }
        String prefix;
        try {
            prefix = DjangoRoute.prefix(route);
        } catch (IllegalArgumentException ex) {
            throw file.refuse(p, ex.getMessage());
        }
        ExpressionContext target = args.positional.get(0);
        String module = Py.string(target);
        if (module != null) {
            String alias = module.replace('.', '_') + "_router";
            includes.add(new Include(p, prefix, module, alias, "from " + module + " import router as " + alias));
            return;
        }
        String local = Py.nameOf(target);
        if (local != null && file.moduleAliases.containsKey(local)) {
            includes.add(new Include(p, prefix, file.moduleAliases.get(local), local + ".router", null));
            return;
        }
        throw file.refuse(call, "include(" + shorten(file.src.text(target)) + ") is not a URLconf module this port "
                + "can follow (a list of patterns, a DRF router or admin.site.urls keep running on Django through "
                + "WSGIMiddleware)");
    }

    /** Records a ported route's lines of the router: endpoint → the methods it answers. */
    void route(Route r, Map<String, List<String>> endpoints) {
        StringBuilder text = new StringBuilder();
        for (var e : endpoints.entrySet()) {
            List<String> quoted = e.getValue().stream().map(PyString::literal).toList();
            text.append(text.length() == 0 ? "" : "\n").append("router.add_api_route(")
                    .append(PyString.literal(r.route().path())).append(", ").append(e.getKey()).append(", methods=[")
                    .append(String.join(", ", quoted)).append("]")
                    .append(r.name() == null ? "" : ", name=" + PyString.literal(r.name())).append(")");
        }
        lines.add(text.toString());
    }

    /** Writes the router in place of urlpatterns (the entries in their order), and the imports it needs. */
    void write(List<Object> order) throws NotPortable {
        String nl = file.newline();
        StringBuilder text = new StringBuilder();
        if (root) {
            text.append("urlpatterns = []  # Django's URLconf stays empty: the routes are FastAPI's (router, served by "
                    + "asgi.py)").append(nl);
        }
        text.append("router = APIRouter()").append(nl);
        int next = 0;
        for (Object entry : order) {
            if (entry instanceof Include inc) {
                text.append("router.include_router(").append(inc.router())
                        .append(inc.prefix().isEmpty() ? "" : ", prefix=" + PyString.literal(inc.prefix())).append(")")
                        .append(nl);
                if (inc.importLine() != null) {
                    file.headerLines.add(inc.importLine());
                }
            } else {
                text.append(lines.get(next++).replace("\n", nl)).append(nl);
            }
        }
        file.newImports.fastapi("APIRouter");
        for (String local : file.imports.keySet()) {
            String django = file.djangoName(local);
            boolean wrapper = consumedNames.stream().anyMatch(a -> a.name().getText().equals(local));
            if (django == null || !django.startsWith("django.urls.") && !wrapper) {
                continue;
            }
            for (AtomContext a : Py.descendants(file.src.tree(), AtomContext.class)) {
                if (a.name() != null && a.name().getText().equals(local) && !Py.isKeyword(a)
                        && (file.start(a) < file.start(statement) || file.start(a) >= file.end(statement))) {
                    throw file.refuse(a, django + " is used outside urlpatterns; FastAPI's router has no such "
                            + "function (request.url_for builds URLs from a route's name)");
                }
            }
            file.replacedNames.add(local);
        }
        file.edits.replace(file.start(statement), file.lineEnd(file.end(statement) - 1), text.toString(),
                DjangoToFastapi.ID, "the URLconf becomes a FastAPI router");
    }

    /** The entries in their order in urlpatterns. */
    List<Object> entries() {
        List<Object> out = new ArrayList<>();
        out.addAll(routes);
        out.addAll(includes);
        out.sort((a, b) -> Integer.compare(file.start(call(a)), file.start(call(b))));
        return out;
    }

    private static PrimaryContext call(Object entry) {
        return entry instanceof Route r ? r.call() : ((Include) entry).call();
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
