package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
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
    private final Map<String, List<String>> ported = new LinkedHashMap<>();
    private final Set<AtomContext> consumed = new HashSet<>();
    private final Set<DecoratorContext> viewDecorators = new HashSet<>();
    boolean usesForm;

    DjangoViews(DjangoFile file, DjangoSettings settings) {
        this.file = file;
        this.settings = settings;
    }

    /** Ports a view routed with these routes (once, however often it is routed); its methods, or a refusal. */
    List<String> view(String name, List<DjangoRoute.Param> params, PrimaryContext routedAt, DjangoFile urls)
            throws NotPortable {
        Function_defContext f = file.functions.get(name);
        if (f == null) {
            throw urls.refuse(routedAt, "the view " + name + " is not a function defined at the top of "
                    + file.module + " (class-based views and other callables keep running on Django: mount the "
                    + "Django app with WSGIMiddleware for them)");
        }
        if (f.getParent() instanceof dev.unblock.python.PythonParser.Async_stmtContext
                || f.getParent().getParent() instanceof dev.unblock.python.PythonParser.Async_stmtContext) {
            throw file.refuse(f, "the view " + name + " is an async Django view");
        }
        List<String> names = new ArrayList<>();
        ParameterContext request = null;
        if (f.parameters() != null) {
            for (ParameterContext p : f.parameters().parameter()) {
                if (p.name() == null || p.STAR() != null || p.DOUBLESTAR() != null || p.EQUAL() != null
                        || p.COLON() != null) {
                    throw file.refuse(p, "the view " + name + " has a parameter with a default, an annotation, * or "
                            + "**; only the request and the route's variables are mapped");
                }
                if (request == null) {
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
        List<String> known = ported.get(name);
        if (known != null) {
            return known;
        }
        List<String> methods = port(f, request, params);
        ported.put(name, methods);
        return methods;
    }

    private List<String> port(Function_defContext f, ParameterContext request, List<DjangoRoute.Param> params)
            throws NotPortable {
        String name = f.name().getText();
        List<String> methods = null;
        boolean csrfExempt = false;
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
                viewDecorators.add(dec);
            }
        }
        List<String> answered = methods == null ? ALL_METHODS : methods;
        if (settings.has(DjangoSettings.CSRF) && !csrfExempt && answered.stream().anyMatch(UNSAFE::contains)) {
            throw file.refuse(f, "the view " + name + " takes " + String.join("/", answered.stream()
                    .filter(UNSAFE::contains).toList()) + " under Django's CSRF protection, which FastAPI does not "
                    + "have: mark it @csrf_exempt if it is an API, or limit it with @require_GET / @require_safe");
        }
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
        file.edits.insert(file.end(request.name()), ": Request", DjangoToFastapi.ID,
                "FastAPI hands the handler Starlette's request", 0);
        file.newImports.fastapi("Request");
        for (ParameterContext p : f.parameters().parameter()) {
            for (DjangoRoute.Param v : params) {
                if (p != request && p.name().getText().equals(v.name()) && !v.annotation().isEmpty()) {
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
        return answered;
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
        List<String> out = listed.stream().map(m -> m.toUpperCase(java.util.Locale.ROOT)).toList();
        return out.isEmpty() ? null : out;
    }

    /**
     * After the views: Django's response classes become the support module's builders wherever they are called,
     * and any other Django web name left in the module is a problem.
     */
    void finish() {
        for (AtomContext a : Py.descendants(file.src.tree(), AtomContext.class)) {
            if (a.name() == null || consumed.contains(a) || Py.isKeyword(a)) {
                continue;
            }
            String local = a.name().getText();
            String django = file.djangoName(local);
            if (django == null || WEB_MODULES.stream().noneMatch(m -> django.startsWith(m + "."))) {
                continue;
            }
            try {
                String builder = RESPONSES.get(django);
                if (builder != null) {
                    PrimaryContext p = FlaskModule.primaryOf(a);
                    if (p == null || p.trailer().isEmpty() || !Py.isCall(p.trailer(0))) {
                        throw file.refuse(a, local + " is used without being called (a type test or a subclass); "
                                + "the port builds Django's responses with the support module's functions");
                    }
                    file.edits.replace(file.start(a), file.end(a), builder, DjangoToFastapi.ID,
                            "the support module builds Django's response as a Starlette one, with Django's body");
                    file.newImports.compat(builder);
                    file.replacedNames.add(local);
                } else if (!KEPT.contains(django)) {
                    throw file.refuse(a, django + " is not mapped to FastAPI");
                }
            } catch (NotPortable e) {
                problems.add(e);
            }
        }
        for (String local : file.imports.keySet()) {
            String django = file.djangoName(local);
            if (django != null && django.startsWith("django.views.decorators.") && usedOnlyOnViews(local)) {
                file.replacedNames.add(local);
            }
        }
    }

    /** True when every use of a decorator name is on a view the port rewrote. */
    private boolean usedOnlyOnViews(String local) {
        for (AtomContext a : Py.descendants(file.src.tree(), AtomContext.class)) {
            if (a.name() != null && a.name().getText().equals(local) && !consumed.contains(a)) {
                problems.add(file.refuse(a, local + " is used on something the port does not rewrite"));
                return false;
            }
        }
        return true;
    }
}
