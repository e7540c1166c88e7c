package dev.unblock.rules.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.FileRule;
import dev.unblock.migrate.FileRuleContext;
import dev.unblock.migrate.FileRuleSink;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.SupportFiles;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import dev.unblock.python.SourceFile;

/**
 * Ports a Django project's web layer to FastAPI (rule UB808): its URLconfs become routers, its function views
 * handlers, and {@code asgi.py} at the project's root (beside manage.py) runs {@code django.setup()} and serves the
 * routers with uvicorn; the ORM, models and migrations stay Django's. Whole or not at all: when any part cannot be
 * mapped safely, nothing changes and each part gets a finding.
 */
final class DjangoPort implements FileRule {
    static final String SUPPORT = "/dev/unblock/support/django_compat.py";
    private static final Pattern SETTINGS = Pattern.compile(
            "DJANGO_SETTINGS_MODULE['\"]\\s*,\\s*['\"]([A-Za-z_][\\w.]*)['\"]");

    @Override
    public boolean mayApply(String path, String text) {
        return text.contains("django") || text.contains("DJANGO");
    }

    @Override
    public void check(FileRuleContext context, FileRuleSink sink) {
        SourceFile manage = context.files().stream().filter(f -> SETTINGS.matcher(f.text()).find())
                .min(Comparator.comparing((SourceFile f) -> !f.path().endsWith("manage.py"))
                        .thenComparing(f -> f.path().length()))
                .orElse(null);
        if (manage == null) {
            return;
        }
        Matcher m = SETTINGS.matcher(manage.text());
        m.find();
        new Run(context, sink, folder(manage.path()), m.group(1)).port();
    }

    private static String folder(String path) {
        return path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
    }

    /** One port of one project. */
    private static final class Run {
        private final FileRuleContext context;
        private final FileRuleSink sink;
        private final String root;
        private final String settingsModule;
        private final Map<String, DjangoFile> files = new LinkedHashMap<>();
        private final Map<String, DjangoViews> views = new LinkedHashMap<>();
        private final List<DjangoUrlconf> urlconfs = new ArrayList<>();
        private final List<NotPortable> problems = new ArrayList<>();
        private String compatModule;

        Run(FileRuleContext context, FileRuleSink sink, String root, String settingsModule) {
            this.context = context;
            this.sink = sink;
            this.root = root;
            this.settingsModule = settingsModule;
        }

        /** The project file of a module (imported from the folder of manage.py), or null. */
        private String pathOf(String module) {
            String base = root + module.replace('.', '/');
            for (String candidate : List.of(base + ".py", base + "/__init__.py")) {
                if (context.pythonText(candidate) != null) {
                    return candidate;
                }
            }
            return null;
        }

        private DjangoFile file(String module) {
            String path = pathOf(module);
            if (path == null) {
                return null;
            }
            DjangoFile f = files.get(path);
            if (f == null) {
                try {
                    f = new DjangoFile(PythonSource.parse(path, context.pythonText(path)), module,
                            context.planned(path), compatModule);
                } catch (PythonSyntaxError e) {
                    return null;
                }
                files.put(path, f);
            }
            return f;
        }

        void port() {
            String settingsPath = pathOf(settingsModule);
            if (settingsPath == null) {
                return; // the settings live outside the project (or are generated): nothing to port from here
            }
            DjangoSettings settings;
            try {
                settings = new DjangoSettings(PythonSource.parse(settingsPath, context.pythonText(settingsPath)),
                        settingsModule);
            } catch (PythonSyntaxError e) {
                return;
            }
            String pkg = settingsModule.contains(".") ? settingsModule.substring(0, settingsModule.lastIndexOf('.'))
                    : "";
            compatModule = pkg.isEmpty() ? "django_compat" : pkg + ".django_compat";
            String compatPath = folder(settingsPath) + "django_compat.py";
            String asgiPath = root + "asgi.py";
            String rootPath = settings.rootUrlconf == null ? null : pathOf(settings.rootUrlconf);
            if (rootPath != null && context.pythonText(rootPath).contains("router = APIRouter()")) {
                return; // ported already: the root URLconf is a FastAPI router
            }
            problems.addAll(settings.problems);
            if (settings.rootUrlconf != null) {
                urlconfs(settings);
            }
            for (DjangoViews v : views.values()) {
                v.finish();
                problems.addAll(v.problems);
            }
            tests();
            for (String path : List.of(compatPath, asgiPath)) {
                if (context.pythonFiles().contains(path)) {
                    problems.add(new NotPortable(path, 1, DjangoToFastapi.ID, "not ported to FastAPI: the project "
                            + "has a " + path + " of its own, where the port puts a module of its own"));
                }
            }
            if (problems.isEmpty()) {
                for (DjangoUrlconf u : urlconfs) {
                    try {
                        u.write(u.entries());
                    } catch (NotPortable e) {
                        problems.add(e);
                    }
                }
                List<String> rewritten = new ArrayList<>(DjangoViews.WEB_MODULES);
                rewritten.add("django.urls");
                for (DjangoFile f : files.values()) {
                    try {
                        f.writeImports(rewritten);
                    } catch (NotPortable e) {
                        problems.add(e);
                    }
                }
            }
            if (!problems.isEmpty()) {
                Set<String> seen = new HashSet<>();
                for (NotPortable p : problems) {
                    Finding f = new Finding(p.path(), p.line(), 1, p.ruleId(), p.getMessage(), null);
                    if (seen.add(f.path() + ":" + f.line() + ":" + f.message())) {
                        sink.finding(f);
                    }
                }
                sink.finding(new Finding(settingsPath, 1, 1, DjangoToFastapi.ID, "the Django project is not ported to "
                        + "FastAPI: " + seen.size() + " part(s) of it cannot be mapped safely (see the other findings), "
                        + "and a project is ported whole or not at all", null));
                return;
            }
            for (DjangoFile f : files.values()) {
                for (Edit e : f.edits.own()) {
                    sink.edit(f.path(), e);
                }
                for (Edit e : f.edits.absorbed()) {
                    sink.absorb(f.path(), e);
                }
            }
            sink.file(compatPath, SupportFiles.read(SUPPORT));
            sink.file(asgiPath, asgi(settings));
            sink.dependency(new DependencyChange("fastapi", null, "the web layer is a FastAPI app now (the ORM stays "
                    + "Django's)"));
            sink.dependency(new DependencyChange("uvicorn", null, "serves the app (uvicorn asgi:app)"));
            if (views.values().stream().anyMatch(v -> v.usesForm)) {
                sink.dependency(new DependencyChange("python-multipart", null, "FastAPI reads form fields with it"));
            }
        }

        /** Follows the root URLconf and its includes, porting every routed view. */
        private void urlconfs(DjangoSettings settings) {
            Deque<String[]> queue = new ArrayDeque<>();
            queue.add(new String[] {settings.rootUrlconf, "", "root"});
            Set<String> done = new HashSet<>();
            while (!queue.isEmpty()) {
                String[] next = queue.poll();
                if (!done.add(next[0])) {
                    problems.add(new NotPortable(settings.src.path(), 1, DjangoToFastapi.ID, "not ported to FastAPI: "
                            + "the URLconf " + next[0] + " is included twice"));
                    continue;
                }
                DjangoFile uf = file(next[0]);
                if (uf == null) {
                    problems.add(new NotPortable(settings.src.path(), 1, DjangoToFastapi.ID, "not ported to FastAPI: "
                            + "the URLconf " + next[0] + " is not a module of the project that parses"));
                    continue;
                }
                DjangoUrlconf u = new DjangoUrlconf(uf, next[2].equals("root"), next[1]);
                urlconfs.add(u);
                problems.addAll(u.problems);
                boolean convertors = false;
                for (DjangoUrlconf.Route r : u.routes) {
                    DjangoFile vf = file(r.viewModule());
                    if (vf == null) {
                        problems.add(uf.refuse(r.call(), "the view's module " + r.viewModule() + " is not in the "
                                + "project"));
                        continue;
                    }
                    DjangoViews v = views.computeIfAbsent(vf.path(), k -> new DjangoViews(vf, settings));
                    try {
                        u.route(r, r.classBased()
                                ? v.classView(r.viewName(), r.view(), r.route().params(), r.call(), uf, r.csrfExempt())
                                : v.view(r.viewName(), r.view(), r.route().params(), r.call(), uf, r.csrfExempt()));
                    } catch (NotPortable e) {
                        problems.add(e);
                    }
                    convertors |= r.route().usesSupportConvertors();
                }
                if (convertors) {
                    int dot = compatModule.lastIndexOf('.');
                    uf.headerLines.add((dot < 0 ? "import django_compat" : "from " + compatModule.substring(0, dot)
                            + " import django_compat") + "  # noqa: F401 (registers Django's path convertors)");
                }
                for (DjangoUrlconf.Include inc : u.includes) {
                    queue.add(new String[] {inc.module(), u.namespace, "included"});
                }
            }
        }

        /** Tests driving Django's test client (or RequestFactory) would test what the port replaced. */
        private void tests() {
            for (SourceFile f : context.files()) {
                if (FlaskTestClient.isTestFile(f.path()) && f.text().contains("django.test")
                        && (f.text().contains("client") || f.text().contains("Client")
                        || f.text().contains("RequestFactory"))) {
                    problems.add(new NotPortable(f.path(), 1, DjangoToFastapi.ID, "not ported to FastAPI: these tests "
                            + "use Django's test client or request factory, which serve the Django URLconf the port "
                            + "empties or build Django requests the ported views no longer take; port them to "
                            + "FastAPI's TestClient first"));
                }
            }
        }

        private String asgi(DjangoSettings settings) {
            List<String> compat = new ArrayList<>(List.of("django_errors"));
            List<String> setup = new ArrayList<>(List.of("django_errors(app)"));
            boolean common = settings.has(DjangoSettings.COMMON);
            if (common && settings.appendSlash) {
                compat.add("keep_django_slashes");
                setup.add("keep_django_slashes(app)");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            if (settings.has(DjangoSettings.SECURITY)) {
                headers.put("X-Content-Type-Options", "nosniff");
                headers.put("Referrer-Policy", "same-origin");
            }
            if (settings.has(DjangoSettings.XFRAME)) {
                headers.put("X-Frame-Options", "DENY");
            }
            if (!headers.isEmpty()) {
                compat.add("keep_django_headers");
                List<String> items = new ArrayList<>();
                headers.forEach((k, v) -> items.add(PyString.literal(k) + ": " + PyString.literal(v)));
                setup.add("keep_django_headers(app, {" + String.join(", ", items) + "})");
            }
            StringBuilder imports = new StringBuilder("from fastapi import FastAPI  # noqa: E402\n");
            if (common) {
                imports.append("from starlette.middleware.trustedhost import TrustedHostMiddleware  # noqa: E402\n");
                List<String> hosts = settings.trustedHosts().stream().map(PyString::literal).toList();
                setup.add("app.add_middleware(TrustedHostMiddleware, allowed_hosts=[" + String.join(", ", hosts)
                        + "], www_redirect=False)");
            }
            imports.append("\nfrom ").append(compatModule).append(" import ").append(String.join(", ", compat))
                    .append("  # noqa: E402\n");
            imports.append("from ").append(settings.rootUrlconf).append(" import router  # noqa: E402\n");
            return "\"\"\"The ASGI entry point of the app ported from Django: serve it with `uvicorn asgi:app`.\"\"\"\n"
                    + "import os\n\nimport django\n\n"
                    + "os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", " + PyString.literal(settingsModule) + ")\n"
                    + "django.setup()\n\n" + imports + "\napp = FastAPI()\n" + String.join("\n", setup) + "\n"
                    + "app.include_router(router)\n\n"
                    + "if __name__ == \"__main__\":\n    import uvicorn\n\n"
                    + "    uvicorn.run(app, host=\"127.0.0.1\", port=8000)\n";
        }
    }
}
