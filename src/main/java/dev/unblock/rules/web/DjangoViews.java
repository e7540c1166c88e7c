package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.unblock.python.PythonParser.ArgumentContext;
import dev.unblock.python.PythonParser.Async_stmtContext;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;

/**
 * The function views of one module become FastAPI handlers: the request is Starlette's ({@code request: Request}),
 * {@code request.GET} is {@code request.query_params}, {@code request.POST} and {@code request.body} come from
 * dependencies, Django's method and CSRF decorators become the route's methods, and Django's response classes are
 * built by the support module with Django's bodies. Everything else a view reads from Django's request is refused.
 */
final class DjangoViews {
    static final List<String> ALL_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** Django's response classes → the support module's builders with the same signatures. */
    static final Map<String, String> RESPONSES = Map.ofEntries(
            Map.entry("django.http.JsonResponse", "django_json"),
            Map.entry("django.http.HttpResponse", "django_response"),
            Map.entry("django.http.HttpResponseNotFound", "django_not_found"),
            Map.entry("django.http.HttpResponseBadRequest", "django_bad_request"),
            Map.entry("django.http.HttpResponseForbidden", "django_forbidden"),
            Map.entry("django.http.HttpResponseGone", "django_gone"),
            Map.entry("django.http.HttpResponseServerError", "django_server_error"),
            Map.entry("django.http.HttpResponseNotAllowed", "django_not_allowed"),
            Map.entry("django.http.HttpResponseRedirect", "django_redirect"),
            Map.entry("django.http.HttpResponsePermanentRedirect", "django_permanent_redirect"),
            Map.entry("django.http.response.JsonResponse", "django_json"),
            Map.entry("django.http.response.HttpResponse", "django_response"));
    /** Django names that keep working unchanged in the handlers (the support module maps their exceptions). */
    static final Set<String> KEPT = Set.of("django.http.Http404", "django.shortcuts.get_object_or_404",
            "django.shortcuts.get_list_or_404", "django.core.exceptions.PermissionDenied",
            "django.core.exceptions.ObjectDoesNotExist", "django.core.exceptions.SuspiciousOperation");
    /** The modules whose imports the port rewrites in a views module. */
    static final List<String> WEB_MODULES = List.of("django.http", "django.http.response", "django.shortcuts",
            "django.views.decorators.http", "django.views.decorators.csrf");
    private static final Set<String> MULTI_DICT_METHODS = Set.of("get", "getlist", "keys", "values", "items");

    private final DjangoFile file;
    private final DjangoSettings settings;
    final List<NotPortable> problems = new ArrayList<>();
    /** Ported views → the methods they answer. */
    private final Map<String, Ported> ported = new LinkedHashMap<>();
    private final Set<AtomContext> consumed = new HashSet<>();
    private final Set<DecoratorContext> viewDecorators = new HashSet<>();
    boolean usesForm;

    DjangoViews(DjangoFile file, DjangoSettings settings) {
        this.file = file;
        this.settings = settings;
    }

    /**
     * A ported view or method: the methods it answers, and whether it is marked {@code @csrf_exempt}; {@code limited}:
     * a method decorator limits it to those methods (in the decorator's order, which Django's 405 lists in Allow).
     */
    private record Ported(List<String> methods, boolean csrfExempt, boolean limited) {
    }

    /**
     * No methods listed: the route answers every method the routes before it on the same path do not take: Django's
     * 405 from the view, whose Allow lists the methods the view takes (Starlette's lists only those of the first
     * route matching the path, and a later pattern of the same path would take the others where Django never
     * reaches it).
     */
    static final List<String> EVERY_OTHER_METHOD = List.of();

    /**
     * Ports a function view (once, however often it is routed): the URLconf's name for it → the methods it answers,
     * or a refusal. {@code exemptByUrl}: the URLconf wraps it in {@code csrf_exempt(...)}.
     */
    Map<String, List<String>> view(String name, String endpoint, List<DjangoRoute.Param> params,
                                   PrimaryContext routedAt, DjangoFile urls, boolean exemptByUrl) throws NotPortable {
        Function_defContext f = file.functions.get(name);
        if (f == null) {
            throw urls.refuse(routedAt, "the view " + name + " is not a function defined at the top of "
                    + file.module + " (other callables keep running on Django: mount the Django app with "
                    + "WSGIMiddleware for them)");
        }
        Ported p = ported.get(name);
        if (p == null) {
            p = port(f, name, requestParameter(f, name, params, routedAt, urls, false), params, false);
            ported.put(name, p);
            portedUnits.add(name);
        } else {
            requestParameter(f, name, params, routedAt, urls, false);
        }
        csrf(f, name, p.methods(), p.csrfExempt() || exemptByUrl);
        Map<String, List<String>> out = new LinkedHashMap<>();
        out.put(endpoint, p.methods());
        csrfFailures(out, urls, p.csrfExempt() || exemptByUrl);
        if (p.limited()) {
            notAllowed(out, urls, p.methods()); // @require_http_methods answers 405 with its list
        }
        return out;
    }

    /** The route answering the methods a view does not take with Django's 405 (see {@link #EVERY_OTHER_METHOD}). */
    private static void notAllowed(Map<String, List<String>> endpoints, DjangoFile urls, List<String> allowed) {
        endpoints.put("django_method_not_allowed(" + String.join(", ", allowed.stream().map(PyString::literal).toList())
                + ")", EVERY_OTHER_METHOD);
        urls.newImports.compat("django_method_not_allowed");
    }

    /**
     * A view under Django's CSRF protection that answers only safe methods: Django's middleware answers the unsafe
     * ones with 403 before the view is reached (no request to the ported app can carry a token), so the route does.
     */
    private void csrfFailures(Map<String, List<String>> endpoints, DjangoFile urls, boolean exempt) {
        if (settings.has(DjangoSettings.CSRF) && !exempt) {
            endpoints.put("django_csrf_failure", List.of("POST", "PUT", "PATCH", "DELETE"));
            urls.newImports.compat("django_csrf_failure");
        }
    }

    /**
     * Ports a class-based view whose class derives from Django's {@code View} and holds only HTTP method handlers
     * that never read {@code self} (FastAPI calls one instance for every request, Django a new one each time): each
     * method → its route, OPTIONS → Django's answer (200 with the Allow header).
     */
    Map<String, List<String>> classView(String name, String endpoint, List<DjangoRoute.Param> params,
                                        PrimaryContext routedAt, DjangoFile urls, boolean exemptByUrl)
            throws NotPortable {
        Class_defContext c = file.classes.get(name);
        String bridge = " keeps running on Django: mount the Django app with WSGIMiddleware for it";
        if (c == null) {
            throw urls.refuse(routedAt, "the class-based view " + name + " is not a class defined at the top of "
                    + file.module + ";" + bridge);
        }
        if (c.getParent() instanceof DecoratedContext) {
            throw file.refuse(c, "the class-based view " + name + " has a class decorator;" + bridge);
        }
        var bases = c.arguments() == null ? List.<ArgumentContext>of()
                : c.arguments().argument();
        String base = bases.size() != 1 || bases.get(0).EQUAL() != null || bases.get(0).STAR() != null
                || bases.get(0).DOUBLESTAR() != null ? null : dottedDjangoName(bases.get(0).expression(0));
        if (base == null || !VIEW_BASES.contains(base)) {
            throw file.refuse(c, "the class-based view " + name + " derives from "
                    + (c.arguments() == null ? "nothing" : c.arguments().getText()) + ", not from django.views.View"
                    + " alone (generic views, mixins and DRF hold behaviour the port does not map);" + bridge);
        }
        Map<String, Function_defContext> handlers = new LinkedHashMap<>();
        for (StmtContext st : Py.statements(c.block())) {
            Function_defContext m = st.compound_stmt() == null ? null : st.compound_stmt().function_def();
            if (m != null && HTTP_METHODS.contains(m.name().getText())) {
                handlers.put(m.name().getText(), m);
            } else if (!isDocstringOrPass(st)) {
                throw file.refuse(st, "the class-based view " + name + " holds more than HTTP method handlers ("
                        + file.src.text(st).strip().lines().findFirst().orElse("") + ");" + bridge);
            }
        }
        if (handlers.isEmpty()) {
            throw file.refuse(c, "the class-based view " + name + " has no HTTP method handler");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> unsafe = new ArrayList<>();
        for (Map.Entry<String, Function_defContext> h : handlers.entrySet()) {
            String key = name + "." + h.getKey();
            Function_defContext m = h.getValue();
            for (AtomContext a : Py.descendants(m.block(), AtomContext.class)) {
                if (a.name() != null && a.name().getText().equals("self")) {
                    throw file.refuse(a, "the method " + key + " reads self; FastAPI calls one instance for every "
                            + "request where Django makes a new one (self.request, self.kwargs, state)");
                }
            }
            Ported p = ported.get(key);
            if (p == null) {
                p = port(m, key, requestParameter(m, key, params, routedAt, urls, true), params, true);
                ported.put(key, p);
            } else {
                requestParameter(m, key, params, routedAt, urls, true);
            }
            String method = h.getKey().toUpperCase(Locale.ROOT);
            List<String> methods = method.equals("GET") && !handlers.containsKey("head") ? List.of("GET", "HEAD")
                    : List.of(method);
            out.put(endpoint + "()." + h.getKey(), methods);
            if (UNSAFE.contains(method)) {
                unsafe.add(method);
            }
        }
        if (settings.has(DjangoSettings.CSRF) && !exemptByUrl && !unsafe.isEmpty()) {
            throw urls.refuse(routedAt, "the class-based view " + name + " takes " + String.join("/", unsafe)
                    + " under Django's CSRF protection, which FastAPI does not have: wrap it in csrf_exempt(...) in "
                    + "the URLconf if it is an API");
        }
        csrfFailures(out, urls, exemptByUrl);
        // View._allowed_methods(): http_method_names the instance has, head set from get by View.setup()
        List<String> allowed = new ArrayList<>();
        for (String m : HTTP_METHODS) {
            if (handlers.containsKey(m) || m.equals("options") || m.equals("head") && handlers.containsKey("get")) {
                allowed.add(m.toUpperCase(Locale.ROOT));
            }
        }
        if (!handlers.containsKey("options")) {
            out.put("django_view_options(" + String.join(", ", allowed.stream().map(PyString::literal).toList()) + ")",
                    List.of("OPTIONS"));
            urls.newImports.compat("django_view_options");
        }
        notAllowed(out, urls, allowed); // View.http_method_not_allowed
        portedUnits.add(name);
        return out;
    }

    /** Django's View.http_method_names, in its order. */
    static final List<String> HTTP_METHODS = List.of("get", "post", "put", "patch", "delete", "head", "options",
            "trace");
    private static final Set<String> VIEW_BASES = Set.of("django.views.View", "django.views.generic.View",
            "django.views.generic.base.View");

    /** The django name a base class expression stands for ({@code View}, {@code generic.View}), or null. */
    private String dottedDjangoName(ExpressionContext e) {
        PrimaryContext p = Py.primary(e);
        if (p == null || p.atom().name() == null) {
            return null;
        }
        List<String> names = Py.leadingNames(p);
        if (names.size() != p.trailer().size() + 1) {
            return null;
        }
        String head = file.djangoName(names.get(0));
        if (head == null) {
            String module = file.moduleAliases.get(names.get(0));
            head = module != null && module.startsWith("django") ? module : null;
        }
        return head == null ? null : String.join(".", Stream.concat(Stream.of(head),
                names.subList(1, names.size()).stream()).toList());
    }

    private static boolean isDocstringOrPass(StmtContext st) {
        if (st.simple_stmts() == null || st.simple_stmts().simple_stmt().size() != 1) {
            return false;
        }
        var simple = st.simple_stmts().simple_stmt(0);
        return simple.pass_stmt() != null || simple.expr_stmt() != null
                && Py.string(simple.expr_stmt().star_expressions()) != null && simple.expr_stmt().assigned_value().isEmpty();
    }

    /** The request parameter of a view (after self in a method), checked against the route's variables. */
    private ParameterContext requestParameter(Function_defContext f, String name, List<DjangoRoute.Param> params,
                                              PrimaryContext routedAt, DjangoFile urls, boolean method)
            throws NotPortable {
        if (f.getParent() instanceof Async_stmtContext
                || f.getParent().getParent() instanceof Async_stmtContext) {
            throw file.refuse(f, "the view " + name + " is an async Django view");
        }
        List<String> names = new ArrayList<>();
        ParameterContext request = null;
        boolean self = !method;
        if (f.parameters() != null) {
            for (ParameterContext p : f.parameters().parameter()) {
                if (p.name() == null || p.STAR() != null || p.DOUBLESTAR() != null || p.EQUAL() != null
                        || p.COLON() != null && !self) {
                    throw file.refuse(p, "the view " + name + " has a parameter with a default, * or **; only the "
                            + "request and the route's variables are mapped");
                }
                if (p.COLON() != null && request != null && params.stream().noneMatch(v -> v.name().equals(
                        p.name().getText()) && v.accepts(file.src.text(p.expression(0)).replace(" ", "")))) {
                    throw file.refuse(p, "the view " + name + " annotates " + p.name().getText() + " with a type "
                            + "its route's converter does not give (FastAPI would check it)");
                }
                if (!self) {
                    self = true;
                } else if (request == null) {
                    request = p;
                } else {
                    names.add(p.name().getText());
                }
            }
        }
        if (request == null) {
            throw file.refuse(f, "the view " + name + " takes no request");
        }
        Set<String> variables = new HashSet<>();
        params.forEach(p -> variables.add(p.name()));
        if (!variables.equals(new HashSet<>(names))) {
            throw urls.refuse(routedAt, "the route's variables " + variables + " differ from the parameters "
                    + names + " of the view " + name);
        }
        return request;
    }

    /** Django's CSRF protection, which FastAPI does not have, must not guard an unsafe method of a ported view. */
    private void csrf(Function_defContext f, String name, List<String> methods, boolean exempt) throws NotPortable {
        if (settings.has(DjangoSettings.CSRF) && !exempt && methods.stream().anyMatch(UNSAFE::contains)) {
            throw file.refuse(f, "the view " + name + " takes " + String.join("/", methods.stream()
                    .filter(UNSAFE::contains).toList()) + " under Django's CSRF protection, which FastAPI does not "
                    + "have: mark it @csrf_exempt if it is an API, or limit it with @require_GET / @require_safe");
        }
    }

    private Ported port(Function_defContext f, String name, ParameterContext request, List<DjangoRoute.Param> params,
                        boolean method) throws NotPortable {
        List<String> methods = null;
        boolean csrfExempt = false;
        if (method && f.getParent() instanceof DecoratedContext) {
            throw file.refuse(f, "the method " + name + " has a decorator, which FastAPI does not run");
        }
        if (f.getParent() instanceof DecoratedContext d) {
            for (DecoratorContext dec : d.decorator()) {
                PrimaryContext p = Py.primary(dec.named_expression());
                String django = p == null || p.atom().name() == null ? null : file.djangoName(p.atom().name().getText());
                if (django == null) {
                    throw file.refuse(dec, "the view " + name + " has the decorator @"
                            + dec.named_expression().getText() + ", which FastAPI does not run");
                }
                boolean bare = p.trailer().isEmpty();
                switch (django) {
                    case "django.views.decorators.csrf.csrf_exempt" -> csrfExempt = bare;
                    case "django.views.decorators.http.require_GET" -> methods = bare ? List.of("GET") : null;
                    case "django.views.decorators.http.require_POST" -> methods = bare ? List.of("POST") : null;
                    case "django.views.decorators.http.require_safe" -> methods = bare ? List.of("GET", "HEAD") : null;
                    case "django.views.decorators.http.require_http_methods" -> methods = methodList(p);
                    default -> throw file.refuse(dec, "the view " + name + " has the decorator @" + django
                            + ", which is not mapped");
                }
                if (methods == null && !django.endsWith("csrf_exempt") || django.endsWith("csrf_exempt") && !bare) {
                    throw file.refuse(dec, "the decorator @" + dec.named_expression().getText() + " is not used as "
                            + "Django documents it");
                }
                consumed.add(p.atom());
                file.handled.add(p.atom());
                viewDecorators.add(dec);
            }
        }
        List<String> answered = methods == null ? ALL_METHODS : methods;
        String requestName = request.name().getText();
        boolean needsBody = false;
        boolean needsForm = false;
        for (AtomContext a : Py.descendants(f.block(), AtomContext.class)) {
            if (a.name() == null || !a.name().getText().equals(requestName) || Py.isKeyword(a)) {
                continue;
            }
            PrimaryContext p = FlaskModule.primaryOf(a);
            if (p == null || p.trailer().isEmpty() || p.trailer(0).DOT() == null) {
                throw file.refuse(a, "the request is handed to other code or used whole in " + name + "; Starlette's "
                        + "Request is not Django's HttpRequest");
            }
            String attr = p.trailer(0).name().getText();
            int from = file.start(p.atom());
            int to = file.end(p.trailer(0));
            switch (attr) {
                case "method", "headers" -> {
                }
                case "GET" -> {
                    multiDictUse(p, "request.GET");
                    file.edits.replace(file.start(p.trailer(0).name()), to, "query_params", DjangoToFastapi.ID,
                            "Django's query dict is Starlette's query_params");
                }
                case "POST" -> {
                    multiDictUse(p, "request.POST");
                    file.edits.replace(from, to, "request_post", DjangoToFastapi.ID,
                            "the form fields come from a dependency");
                    needsForm = true;
                }
                case "body" -> {
                    file.edits.replace(from, to, "request_body", DjangoToFastapi.ID,
                            "the body's bytes come from a dependency");
                    needsBody = true;
                }
                case "COOKIES" -> file.edits.replace(file.start(p.trailer(0).name()), to, "cookies", DjangoToFastapi.ID,
                        "Django's COOKIES are Starlette's cookies");
                case "path", "path_info" -> file.edits.replace(file.start(p.trailer(0).name()), to, "url.path",
                        DjangoToFastapi.ID, "the request's path");
                default -> throw file.refuse(a, "request." + attr + " is not mapped to FastAPI"
                        + (attr.equals("user") || attr.equals("session") ? " (Django's " + attr + " middleware does "
                        + "not run around FastAPI handlers)" : attr.equals("FILES") ? " (use UploadFile parameters)"
                        : ""));
            }
        }
        Set<String> bound = new HashSet<>();
        for (NameContext n : Py.descendants(f, NameContext.class)) {
            bound.add(n.getText());
        }
        for (String taken : List.of("request_post", "request_body")) {
            if (bound.contains(taken)) {
                throw file.refuse(f, "the view " + name + " already uses the name " + taken
                        + ", which the port needs for a parameter");
            }
        }
        if (request.COLON() != null) {
            file.edits.replace(file.end(request.name()), file.end(request.expression(0)), ": Request",
                    DjangoToFastapi.ID, "FastAPI hands the handler Starlette's request");
            consumed.addAll(Py.descendants(request.expression(0), AtomContext.class));
            file.handled.addAll(Py.descendants(request.expression(0), AtomContext.class));
            Py.descendants(request.expression(0), AtomContext.class).forEach(a -> {
                if (a.name() != null && file.djangoName(a.name().getText()) != null) {
                    file.replacedNames.add(a.name().getText()); // its import goes when nothing else uses it
                }
            });
        } else {
            file.edits.insert(file.end(request.name()), ": Request", DjangoToFastapi.ID,
                    "FastAPI hands the handler Starlette's request", 0);
        }
        if (f.RARROW() != null) { // FastAPI would take the returned type for a response model
            file.edits.replace(file.src.end(f.RPAR().getSymbol()), file.end(f.expression()), "", DjangoToFastapi.ID,
                    "the handler returns a Starlette response");
            consumed.addAll(Py.descendants(f.expression(), AtomContext.class));
            file.handled.addAll(Py.descendants(f.expression(), AtomContext.class));
            Py.descendants(f.expression(), AtomContext.class).forEach(a -> {
                if (a.name() != null && file.djangoName(a.name().getText()) != null) {
                    file.replacedNames.add(a.name().getText()); // its import goes when nothing else uses it
                }
            });
        }
        file.newImports.fastapi("Request");
        for (ParameterContext p : f.parameters().parameter()) {
            for (DjangoRoute.Param v : params) {
                if (p != request && p.COLON() == null && p.name().getText().equals(v.name())
                        && !v.annotation().isEmpty()) {
                    file.edits.insert(file.end(p.name()), ": " + v.annotation(), DjangoToFastapi.ID,
                            "the path converter's type", 0);
                }
            }
        }
        List<String> extra = new ArrayList<>();
        if (needsBody) {
            extra.add("request_body=Depends(raw_body)");
            file.newImports.compat("raw_body");
        }
        if (needsForm) {
            extra.add("request_post=Depends(form_data)");
            file.newImports.compat("form_data");
            usesForm = true;
        }
        if (!extra.isEmpty()) {
            file.newImports.fastapi("Depends");
            var list = f.parameters().parameter();
            file.edits.insert(file.end(list.get(list.size() - 1)), ", " + String.join(", ", extra),
                    DjangoToFastapi.ID, "request data FastAPI reads with dependencies", 1);
        }
        for (DecoratorContext dec : viewDecorators) {
            if (Py.ancestor(dec, DecoratedContext.class) == f.getParent()) {
                int at = file.start(dec);
                if (!file.startsLine(at)) {
                    throw file.refuse(dec, "a decorator sharing its line");
                }
                file.edits.replace(file.lineStart(at), file.end(dec), "", DjangoToFastapi.ID,
                        "the route's methods replace Django's method and CSRF decorators");
            }
        }
        return new Ported(answered, csrfExempt, methods != null);
    }

    /** {@code request.GET.get(…)}, {@code .getlist(…)}, {@code [key]}…: what Starlette's multi-dicts answer alike. */
    private void multiDictUse(PrimaryContext p, String what) throws NotPortable {
        if (p.trailer().size() >= 2) {
            TrailerContext next = p.trailer(1);
            if (next.LSQB() != null || next.DOT() != null && MULTI_DICT_METHODS.contains(next.name().getText())) {
                return;
            }
            throw file.refuse(p, what + next.getText() + " is not mapped (Starlette's multi-dict has get, getlist, "
                    + "keys, values, items and [key])");
        }
        throw file.refuse(p, what + " is used whole; only its get, getlist, keys, values, items and [key] are mapped");
    }

    private static List<String> methodList(PrimaryContext p) {
        if (p.trailer().size() != 1 || !Py.isCall(p.trailer(0))) {
            return null;
        }
        Py.Args args = Py.args(p.trailer(0));
        if (args.size() != 1 || args.positional.size() != 1) {
            return null;
        }
        List<String> listed = Py.stringList(args.positional.get(0));
        if (listed == null) {
            return null;
        }
        // Django compares the request's method with the list as written: a lower-case one never matches
        return listed.isEmpty() || listed.stream().anyMatch(m -> !m.equals(m.toUpperCase(Locale.ROOT))) ? null : listed;
    }

    /**
     * After the views: Django's response classes become the support module's builders in the ported views and the
     * module's functions and classes they reach; code that stays on Django ({@code djangoRoots}: views of patterns
     * left to Django, names other modules use, and what module-level code reaches) keeps Django's. Returns the
     * ported views (function or class names) that cannot be ported after all, and why: they reach code shared with
     * Django that builds Django's responses (or are themselves used by it), or a Django name the port does not map.
     */
    Map<String, NotPortable> finish(Set<String> djangoRoots) {
        Map<String, StmtContext> units = new LinkedHashMap<>();
        List<StmtContext> moduleLevel = new ArrayList<>();
        for (StmtContext st : file.src.tree().stmt()) {
            String name = DjangoFile.unitName(st);
            if (name != null) {
                units.put(name, st);
            } else if (!file.src.text(st).startsWith("urlpatterns")) {
                moduleLevel.add(st);
            }
        }
        Set<String> djangoSide = new HashSet<>(djangoRoots);
        for (StmtContext st : moduleLevel) {
            djangoSide.addAll(DjangoFile.references(st, units));
        }
        djangoSide = DjangoFile.closure(djangoSide, units);
        Map<String, NotPortable> out = new LinkedHashMap<>();
        Map<String, Set<String>> reach = new LinkedHashMap<>();
        for (String u : portedUnits) {
            Set<String> c = DjangoFile.closure(Set.of(u), units);
            reach.put(u, c);
            if (djangoSide.contains(u)) {
                out.put(u, file.refuse(units.get(u), "the view " + u + " is also used by code that stays on Django "
                        + "(a view left to Django, module-level code or another module); it keeps running on Django"));
                continue;
            }
            for (String w : c) {
                if (!w.equals(u) && djangoSide.contains(w) && (isView(w) || djangoRoots.contains(w)
                        || !webNames(units.get(w)).isEmpty())) {
                    out.put(u, file.refuse(units.get(w), "the view " + u + " calls " + w + ", which "
                            + (isView(w) || djangoRoots.contains(w) ? "is a view" : "builds Django's responses") + " and is shared with code that "
                            + "stays on Django; it keeps running on Django"));
                    break;
                }
            }
        }
        for (StmtContext st : moduleLevel) {
            for (AtomContext a : webNames(st)) {
                for (String u : portedUnits) {
                    out.putIfAbsent(u, file.refuse(a, file.djangoName(a.name().getText()) + " is used by module-level "
                            + "code of " + file.module + "; the port leaves its views on Django"));
                }
            }
        }
        Set<String> rewritten = new java.util.TreeSet<>();
        reach.forEach((u, c) -> {
            if (!out.containsKey(u)) {
                rewritten.addAll(c);
            }
        });
        for (String w : rewritten) {
            for (AtomContext a : webNames(units.get(w))) {
                String local = a.name().getText();
                String django = file.djangoName(local);
                String builder = RESPONSES.get(django);
                PrimaryContext p = FlaskModule.primaryOf(a);
                NotPortable why;
                if (builder != null && p != null && !p.trailer().isEmpty() && Py.isCall(p.trailer(0))) {
                    try {
                        file.edits.replace(file.start(a), file.end(a), builder, DjangoToFastapi.ID,
                                "the support module builds Django's response as a Starlette one, with Django's body");
                        file.newImports.compat(builder);
                        file.replacedNames.add(local);
                        file.handled.add(a);
                        continue;
                    } catch (NotPortable e) {
                        why = e;
                    }
                } else {
                    why = file.refuse(a, builder != null ? local + " is used without being called (a type test or a "
                            + "subclass); the port builds Django's responses with the support module's functions"
                            : django + " is not mapped to FastAPI");
                }
                NotPortable reason = why;
                reach.forEach((u, c) -> {
                    if (c.contains(w)) {
                        out.putIfAbsent(u, reason);
                    }
                });
            }
        }
        for (String local : portedUnits.isEmpty() ? Set.<String>of() : file.imports.keySet()) {
            String django = file.djangoName(local);
            if (django != null && django.startsWith("django.views.decorators.")) {
                file.replacedNames.add(local);
            }
        }
        return out;
    }

    /** The ported views (function names, and class names of class-based views). */
    final Set<String> portedUnits = new java.util.LinkedHashSet<>();

    private boolean isView(String unit) {
        return portedUnits.contains(unit) || file.classes.containsKey(unit) && ported.keySet().stream()
                .anyMatch(k -> k.startsWith(unit + "."));
    }

    /** The atoms naming Django web names (django.http, shortcuts, view decorators) the port has not consumed. */
    private List<AtomContext> webNames(org.antlr.v4.runtime.tree.ParseTree node) {
        List<AtomContext> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        for (AtomContext a : Py.descendants(node, AtomContext.class)) {
            if (a.name() == null || consumed.contains(a) || Py.isKeyword(a)) {
                continue;
            }
            String django = file.djangoName(a.name().getText());
            if (django != null && WEB_MODULES.stream().anyMatch(m -> django.startsWith(m + "."))
                    && !KEPT.contains(django)) {
                out.add(a);
            }
        }
        return out;
    }
}
