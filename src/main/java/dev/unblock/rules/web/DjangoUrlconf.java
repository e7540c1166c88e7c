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
import org.antlr.v4.runtime.ParserRuleContext;

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
                 String name, boolean classBased, boolean csrfExempt, ExpressionContext viewArg, String djangoRoute) {
        String key(DjangoFile urls) {
            return urls.path() + "@" + urls.start(call);
        }
    }

    /** A {@code path(prefix, include(…))} entry; {@code router} is how this module names the included router. */
    record Include(PrimaryContext call, String prefix, String module, String router, String importLine,
                   String djangoRoute) {
    }

    /**
     * An entry the port leaves to Django (served through the mount), and why; {@code prefix} is the literal start of
     * the paths it may match (as Django writes them, relative to this URLconf), {@code exact} when it matches that
     * path alone; {@code view} the module and name of its view when they can be told, else null.
     */
    record Kept(PrimaryContext call, NotPortable reason, String prefix, boolean exact, String[] view) {
    }

    /** An entry an earlier partial port left in urlpatterns for a route FastAPI serves (its view is the stub). */
    record Stub(PrimaryContext call, String prefix, boolean exact) {
    }

    final DjangoFile file;
    final boolean root;
    final String namespace;
    final List<Route> routes = new ArrayList<>();
    final List<Include> includes = new ArrayList<>();
    final List<Kept> kept = new ArrayList<>();
    final List<Stub> stubs = new ArrayList<>();
    /** True when urlpatterns grows after it is written (+=, append, extend): the port can only be partial. */
    boolean extended;
    final List<NotPortable> problems = new ArrayList<>();
    private StmtContext statement;
    /** Names the URLconf's rewrite consumes besides django.urls' (the csrf_exempt wrappers). */
    final Set<AtomContext> consumedNames = new HashSet<>();
    private final Map<Route, String> lines = new java.util.HashMap<>();

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
        List<Expr_stmtContext> added = new ArrayList<>();
        for (Expr_stmtContext e : Py.descendants(file.src.tree(), Expr_stmtContext.class)) {
            boolean mentions = Py.descendants(e.star_expressions(), AtomContext.class).stream()
                    .anyMatch(a -> a.name() != null && a.name().getText().equals("urlpatterns"));
            if (!mentions) {
                continue;
            }
            if (appends(e)) {
                added.add(e);
            } else {
                assignments.add(e);
            }
        }
        if (assignments.size() != 1 || assignments.get(0).assigned_value().size() != 1) {
            problems.add(file.refuse(assignments.isEmpty() ? file.src.tree() : assignments.get(assignments.size() - 1),
                    "urlpatterns is not one list written once (or it is changed otherwise than by += or append "
                    + "after it)"));
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
        var written = e.assigned_value(0).star_expressions();
        AtomContext list = Py.atom(written);
        if (list == null || list.LSQB() == null) {
            if (!sum(written)) {
                problems.add(file.refuse(e, "urlpatterns is not a list display"));
                return;
            }
        } else {
            entries(list);
        }
        for (Expr_stmtContext more : added) {
            if (file.start(more) < file.start(statement)) {
                problems.add(file.refuse(more, "urlpatterns is changed before it is written"));
                return;
            }
            extended = true;
            StmtContext st = Py.ancestor(more, StmtContext.class);
            grown.add(st);
            ParserRuleContext value = more.augassign() != null ? more.assigned_value(0).star_expressions()
                    : Py.args(Py.primary(more.star_expressions()).trailer(1)).positional.get(0);
            AtomContext moreList = Py.atom(value);
            boolean atTop = st.getParent() instanceof File_inputContext;
            if (atTop && moreList != null && moreList.LSQB() != null
                    && (more.augassign() != null || Py.leadingNames(Py.primary(more.star_expressions())).get(1)
                    .equals("extend"))) {
                entries(moreList);
                continue;
            }
            PrimaryContext p = Py.primary(value);
            if (p == null) {
                problems.add(file.refuse(more, "urlpatterns is extended with something the port cannot place"));
                return;
            }
            String why = (atTop ? "" : "a conditional ") + "urlpatterns " + (more.augassign() != null ? "+= "
                    : ".append/extend ") + shorten(file.src.text(value)) + " adds patterns the port does not read";
            kept.add(new Kept(p, file.refuse(p, why), "", false, null));
        }
    }

    /**
     * {@code urlpatterns = [...] + static(...)}: the list's entries are read in their place, the other operands (list
     * displays read too) stay on Django, after them. False when the value is not such a sum.
     */
    private boolean sum(ParserRuleContext value) {
        List<PrimaryContext> operands = new ArrayList<>();
        for (PrimaryContext p : Py.descendants(value, PrimaryContext.class)) {
            if (operands.stream().noneMatch(o -> file.start(p) >= file.start(o) && file.end(p) <= file.end(o))) {
                operands.add(p);
            }
        }
        StringBuilder between = new StringBuilder();
        int at = file.start(value);
        for (PrimaryContext p : operands) {
            between.append(file.src.text().substring(at, file.start(p)));
            at = file.end(p);
        }
        between.append(file.src.text().substring(at, file.end(value)));
        if (operands.size() < 2 || !between.toString().replaceAll("[\\s+\\\\]", "").isEmpty()
                || operands.get(0).trailer().size() != 0 || operands.get(0).atom().LSQB() == null) {
            return false;
        }
        extended = true;
        for (PrimaryContext p : operands) {
            if (p.trailer().isEmpty() && p.atom().LSQB() != null) {
                entries(p.atom());
            } else {
                kept.add(new Kept(p, file.refuse(p, "urlpatterns = [...] + " + shorten(file.src.text(p)) + " adds "
                        + "patterns the port does not read"), "", false, null));
            }
        }
        return true;
    }

    /** True when urlpatterns is written once before, then grown with += or append/extend. */
    private boolean appends(Expr_stmtContext e) {
        if (e.augassign() != null) {
            return e.augassign().PLUSEQUAL() != null && "urlpatterns".equals(Py.nameOf(e.star_expressions()))
                    && e.assigned_value().size() == 1;
        }
        PrimaryContext p = Py.primary(e.star_expressions());
        if (p == null || !e.assigned_value().isEmpty() || p.trailer().size() != 2 || !Py.isCall(p.trailer(1))) {
            return false;
        }
        List<String> names = Py.leadingNames(p);
        return names.size() == 2 && names.get(0).equals("urlpatterns")
                && (names.get(1).equals("append") || names.get(1).equals("extend"))
                && Py.args(p.trailer(1)).size() == 1 && Py.args(p.trailer(1)).positional.size() == 1;
    }

    /** Reads the entries of a list display of patterns. */
    private void entries(AtomContext list) {
        for (PrimaryContext p : Py.descendants(list, PrimaryContext.class)) {
            if (!(p.getParent() instanceof PrimaryExprContext) || nested(p, list)) {
                continue;
            }
            try {
                entry(p);
            } catch (NotPortable n) {
                kept.add(keptEntry(p, n));
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
        if (isStub(view)) {
            stubs.add(new Stub(p, DjangoRoute.literalPrefix(route), route.indexOf('<') < 0));
            return;
        }
        ExpressionContext viewArg = view;
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
        String bridge = "keeps running on Django: mount the Django app with WSGIMiddleware for it";
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
        routes.add(new Route(p, r, text, module, function, full, classBased, csrfExempt, viewArg, route));
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
            includes.add(new Include(p, prefix, module, alias, "from " + module + " import router as " + alias, route));
            return;
        }
        String local = Py.nameOf(target);
        if (local != null && file.moduleAliases.containsKey(local)) {
            includes.add(new Include(p, prefix, file.moduleAliases.get(local), local + ".router", null, route));
            return;
        }
        throw file.refuse(call, "include(" + shorten(file.src.text(target)) + ") is not a URLconf module this port "
                + "can follow (a list of patterns, a DRF router or admin.site.urls keep running on Django through "
                + "WSGIMiddleware)");
    }

    /** True when a view argument is the support module's stub for a route FastAPI serves. */
    private boolean isStub(ExpressionContext view) {
        String local = Py.nameOf(view);
        String[] imp = local == null ? null : file.imports.get(local);
        return imp != null && imp[1].equals(STUB) && imp[0].endsWith("django_compat");
    }

    static final String STUB = "served_by_fastapi";

    /** What Django may route to an entry the port leaves to it: its path span and, when it can be told, its view. */
    private Kept keptEntry(PrimaryContext p, NotPortable reason) {
        String prefix = "";
        boolean exact = false;
        String[] view = null;
        if (p.atom().name() != null && p.trailer().size() == 1 && Py.isCall(p.trailer(0))) {
            String fn = file.djangoName(p.atom().name().getText());
            Py.Args args = Py.args(p.trailer(0));
            String route = Py.string(args.get(0, "route"));
            ExpressionContext viewArg = args.get(1, "view");
            PrimaryContext v = viewArg == null ? null : Py.primary(viewArg);
            boolean include = v != null && (Py.leadingNames(v).size() > 1
                    && Py.leadingNames(v).get(Py.leadingNames(v).size() - 1).equals("urls")
                    || v.atom().name() != null && "django.urls.include".equals(file.djangoName(v.atom().name().getText())));
            if (route != null && "django.urls.path".equals(fn)) {
                prefix = DjangoRoute.literalPrefix(route);
                exact = !include && route.indexOf('<') < 0;
            } else if (route != null && fn != null && (fn.equals("django.urls.re_path") || fn.equals("django.conf.urls.url"))) {
                prefix = DjangoRoute.regexPrefix(route);
            }
            if (v != null && !include) {
                view = viewOf(v);
            }
        }
        return new Kept(p, reason, prefix, exact, view);
    }

    /** The module and name of a view expression ({@code views.f}, {@code f}, {@code views.C.as_view()}), or null. */
    private String[] viewOf(PrimaryContext v) {
        if (v.atom().name() != null && v.trailer().size() == 1 && Py.isCall(v.trailer(0))
                && Py.args(v.trailer(0)).positional.size() == 1) {
            PrimaryContext inner = Py.primary(Py.args(v.trailer(0)).positional.get(0));
            if (inner != null) {
                v = inner; // a wrapper such as csrf_exempt(view) or login_required(view)
            }
        }
        List<String> names = Py.leadingNames(v);
        if (!names.isEmpty() && names.get(names.size() - 1).equals("as_view")) {
            names = names.subList(0, names.size() - 1);
        }
        if (names.size() == 2 && file.moduleAliases.containsKey(names.get(0))) {
            return new String[] {file.moduleAliases.get(names.get(0)), names.get(1)};
        }
        if (names.size() == 1) {
            String[] imp = file.imports.get(names.get(0));
            return imp != null ? imp : new String[] {file.module, names.get(0)};
        }
        return null;
    }

    /** Records a ported route's lines of the router: endpoint → the methods it answers. */
    void route(Route r, Map<String, List<String>> endpoints) {
        StringBuilder text = new StringBuilder();
        for (var e : endpoints.entrySet()) {
            text.append(text.length() == 0 ? "" : "\n");
            if (e.getValue().isEmpty()) { // DjangoViews.EVERY_OTHER_METHOD
                // Starlette's own route: without methods it takes every one (an API route takes only those listed)
                text.append("router.add_route(").append(PyString.literal(r.route().path())).append(", ")
                        .append(e.getKey());
            } else {
                List<String> quoted = e.getValue().stream().map(PyString::literal).toList();
                text.append("router.add_api_route(").append(PyString.literal(r.route().path())).append(", ")
                        .append(e.getKey()).append(", methods=[").append(String.join(", ", quoted)).append("]");
            }
            text.append(r.name() == null ? "" : ", name=" + PyString.literal(r.name())).append(")");
        }
        lines.put(r, text.toString());
    }

    /**
     * Writes the router in place of urlpatterns (the entries in their order), and the imports it needs; in a partial
     * port ({@code partial}) urlpatterns stays, each ported route's view replaced by the stub (so that reverse(),
     * {@code {% url %}} and APPEND_SLASH still know it), and the router follows it.
     */
    void write(List<Object> order, boolean partial) throws NotPortable {
        String nl = file.newline();
        StringBuilder text = new StringBuilder();
        if (root && !partial) {
            text.append("urlpatterns = []  # Django's URLconf stays empty: the routes are FastAPI's (router, served by "
                    + "asgi.py)").append(nl);
        }
        text.append("router = APIRouter()").append(nl);
        for (Object entry : order) {
            if (entry instanceof Include inc) {
                text.append("router.include_router(").append(inc.router())
                        .append(inc.prefix().isEmpty() ? "" : ", prefix=" + PyString.literal(inc.prefix())).append(")")
                        .append(nl);
                if (inc.importLine() != null) {
                    file.headerLines.add(inc.importLine());
                }
            } else {
                text.append(lines.get((Route) entry).replace("\n", nl)).append(nl);
            }
        }
        if (partial) {
            for (Object entry : order) {
                if (entry instanceof Route r) {
                    file.edits.replace(file.start(r.viewArg()), file.end(r.viewArg()), STUB, DjangoToFastapi.ID,
                            "FastAPI serves the route; the pattern stays for reverse() and APPEND_SLASH");
                    for (AtomContext a : Py.descendants(r.viewArg(), AtomContext.class)) {
                        file.handled.add(a);
                    }
                }
            }
            file.newImports.compat(STUB);
            file.newImports.fastapi("APIRouter");
            for (String local : file.imports.keySet()) {
                if (consumedNames.stream().anyMatch(a -> a.name().getText().equals(local)) && file.allHandled(local)) {
                    file.replacedNames.add(local);
                }
            }
            file.edits.insert(file.lineEnd(file.end(statement) - 1), text.toString(), DjangoToFastapi.ID,
                    "the ported routes, served by FastAPI before the Django app mounted behind them", 0);
            return;
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
        file.handled.addAll(Py.descendants(statement, AtomContext.class));
        file.edits.replace(file.start(statement), file.lineEnd(file.end(statement) - 1), text.toString(),
                DjangoToFastapi.ID, "the URLconf becomes a FastAPI router");
    }

    /** Where urlpatterns is written and grown, [start, end) each, in order. */
    List<int[]> patternRanges() {
        List<int[]> out = new ArrayList<>();
        if (statement != null) {
            out.add(new int[] {file.start(statement), file.end(statement)});
        }
        for (StmtContext st : grown) {
            out.add(new int[] {file.start(st), file.end(st)});
        }
        return out;
    }

    private final List<StmtContext> grown = new ArrayList<>();

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
