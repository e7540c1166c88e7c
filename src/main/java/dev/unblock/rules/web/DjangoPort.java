package dev.unblock.rules.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import dev.unblock.python.PythonParser.PrimaryContext;
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

    /** The advice to mount Django that a reason carries, said once by the finding of a partial port instead. */
    private static final String BRIDGE = "[;,]? *\\(?(?:admin\\.site\\.urls and other apps )?keeps? running on Django"
            + "(?::| through) (?:mount the Django app with )?WSGIMiddleware(?: for it|\\))";

    /** "client" in any case (what a lowercase copy of a whole test file was searched for). */
    private static final Pattern CLIENT = Pattern.compile("client", Pattern.CASE_INSENSITIVE);

    /** One port of one project. */
    private static final class Run {
        private final FileRuleContext context;
        private final FileRuleSink sink;
        private final String root;
        private final String settingsModule;
        private final Map<String, SourceFile> parsed = new LinkedHashMap<>();
        // one attempt's state: rebuilt from the parsed files each time routes move to Django
        private final Map<String, DjangoFile> files = new LinkedHashMap<>();
        private final Map<String, DjangoViews> views = new LinkedHashMap<>();
        private final List<DjangoUrlconf> urlconfs = new ArrayList<>();
        private final Map<String, DjangoUrlconf> byModule = new LinkedHashMap<>();
        /** Route key → the route, its URLconf, and its view's file and top-level name. */
        private final Map<String, Routed> routed = new LinkedHashMap<>();
        private final Set<String> ported = new LinkedHashSet<>();
        /** Problems of the whole project: it stays on Django. */
        private final List<NotPortable> global = new ArrayList<>();
        /** Routes this attempt found cannot move to FastAPI, and why. */
        private final Map<String, NotPortable> demotions = new LinkedHashMap<>();
        private String compatModule;
        private DjangoSettings settings;
        /** The requests the tests make through a client: the same in every attempt, read at the first. */
        private List<DjangoMount.ClientRequest> testRequests;

        private record Routed(DjangoUrlconf urls, DjangoUrlconf.Route route, String viewPath) {
        }

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
                SourceFile src = parsed.get(path);
                if (src == null) {
                    try {
                        src = PythonSource.parse(path, context.pythonText(path));
                    } catch (PythonSyntaxError e) {
                        return null;
                    }
                    parsed.put(path, src);
                }
                f = new DjangoFile(src, module, context.planned(path), compatModule);
                files.put(path, f);
            }
            return f;
        }

        void port() {
            String settingsPath = pathOf(settingsModule);
            if (settingsPath == null) {
                return; // the settings live outside the project (or are generated): nothing to port from here
            }
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
            // ported already: the root URLconf serves a FastAPI router; only the patterns left to Django are reported
            boolean again = rootPath != null && context.pythonText(rootPath).contains("router = APIRouter()");
            Map<String, NotPortable> demoted = new LinkedHashMap<>();
            boolean partial;
            while (true) {
                partial = attempt(demoted.keySet(), again);
                if (demotions.isEmpty()) {
                    break;
                }
                demotions.forEach(demoted::putIfAbsent);
            }
            if (!again) {
                for (String path : List.of(compatPath, asgiPath)) {
                    if (context.pythonFiles().contains(path)) {
                        global.add(new NotPortable(path, 1, DjangoToFastapi.ID, "not ported to FastAPI: the project "
                                + "has a " + path + " of its own, where the port puts a module of its own"));
                    }
                }
            }
            List<Finding> kept = keptFindings(demoted, again);
            if (!global.isEmpty() || ported.isEmpty() && !again) {
                refuse(settingsPath, demoted);
                return;
            }
            kept.forEach(sink::finding);
            if (again) {
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
            sink.file(asgiPath, DjangoAsgi.text(settings, settingsModule, compatModule, partial));
            sink.dependency(new DependencyChange("fastapi", null, "the web layer is a FastAPI app now (the ORM stays "
                    + "Django's)"));
            sink.dependency(new DependencyChange("uvicorn", null, "serves the app (uvicorn asgi:app)"));
            if (views.values().stream().anyMatch(v -> v.usesForm)) {
                sink.dependency(new DependencyChange("python-multipart", null, "FastAPI reads form fields with it"));
            }
        }

        /** The whole project stays on Django: every reason, then the summary. */
        private void refuse(String settingsPath, Map<String, NotPortable> demoted) {
            List<NotPortable> all = new ArrayList<>(global);
            for (DjangoUrlconf u : urlconfs) {
                u.kept.forEach(k -> all.add(k.reason()));
            }
            all.addAll(demoted.values());
            // reasons come from maps and from tests read in parallel: one order, the same on every run
            all.sort(java.util.Comparator.comparing(NotPortable::path).thenComparingInt(NotPortable::line)
                    .thenComparing(NotPortable::getMessage));
            Set<String> seen = new LinkedHashSet<>();
            for (NotPortable p : all) {
                Finding f = new Finding(p.path(), p.line(), 1, p.ruleId(), p.getMessage(), null);
                if (seen.add(f.path() + ":" + f.line() + ":" + f.message())) {
                    sink.finding(f);
                }
            }
            sink.finding(new Finding(settingsPath, 1, 1, DjangoToFastapi.ID, "the Django project is not ported to "
                    + "FastAPI: " + seen.size() + " part(s) of it cannot be mapped safely (see the other findings), "
                    + (global.isEmpty() ? "and none of its URL patterns can move to FastAPI"
                    : "and some concern the whole project (its settings, middleware or tests)"), null));
        }

        /** One finding per pattern left to Django: it keeps running there, behind the ported routes. */
        private List<Finding> keptFindings(Map<String, NotPortable> demoted, boolean again) {
            List<Finding> out = new ArrayList<>();
            String mount = again ? "through the Django app asgi.py mounts behind the ported routes"
                    : "through the Django app asgi.py now mounts behind the ported routes (WSGIMiddleware)";
            for (DjangoUrlconf u : urlconfs) {
                List<Object[]> entries = new ArrayList<>();
                u.kept.forEach(k -> entries.add(new Object[] {k.call(), k.reason()}));
                for (DjangoUrlconf.Route r : u.routes) {
                    NotPortable why = demoted.get(r.key(u.file));
                    if (why != null) {
                        entries.add(new Object[] {r.call(), why});
                    } else if (again && ported.contains(r.key(u.file))) {
                        entries.add(new Object[] {r.call(), null});
                    }
                }
                entries.sort((a, b) -> Integer.compare(u.file.start((PrimaryContext) a[0]),
                        u.file.start((PrimaryContext) b[0])));
                for (Object[] e : entries) {
                    PrimaryContext call = (PrimaryContext) e[0];
                    NotPortable why = (NotPortable) e[1];
                    String text = u.file.src.text(call);
                    text = text.length() > 60 ? text.substring(0, 57) + "..." : text;
                    String reason = why == null ? "an earlier port left it there, and it could move to FastAPI now "
                            + "(add it to the router by hand)" : why.getMessage().replaceFirst("^not ported to FastAPI: ",
                            "").replaceAll(BRIDGE, "") + (why.path().equals(u.file.path()) && why.line() == Py.line(call) ? ""
                            : " (" + why.path() + ":" + why.line() + ")");
                    out.add(new Finding(u.file.path(), Py.line(call), 1, DjangoToFastapi.ID, "the URL pattern " + text
                            + " keeps running on Django, " + mount + ": " + reason, null));
                }
            }
            return out;
        }

        /**
         * Ports every route not in {@code demoted}; the routes found unportable are left in {@link #demotions}.
         * Returns whether the port is partial (patterns stay on Django).
         */
        private boolean attempt(Set<String> demoted, boolean again) {
            files.clear();
            views.clear();
            urlconfs.clear();
            byModule.clear();
            routed.clear();
            ported.clear();
            global.clear();
            demotions.clear();
            global.addAll(settings.problems);
            if (settings.rootUrlconf != null) {
                urlconfs(demoted);
            }
            if (urlconfs.isEmpty()) {
                return false;
            }
            Map<String, Set<String>> roots = djangoRoots();
            for (Map.Entry<String, DjangoViews> e : views.entrySet()) {
                e.getValue().finish(roots.getOrDefault(e.getKey(), Set.of())).forEach((unit, why) -> {
                    routed.forEach((key, r) -> {
                        if (ported.contains(key) && e.getKey().equals(r.viewPath()) && r.route().viewName().equals(unit)) {
                            demotions.putIfAbsent(key, why);
                        }
                    });
                });
            }
            List<DjangoMount.Flat> flat = DjangoMount.flatten(urlconfs.get(0), byModule, ported);
            if (settings.staticPrefix != null) { // WhiteNoise answers its static files before any URL pattern
                flat.add(0, new DjangoMount.Flat(settings.staticPrefix, false, null, false, settings.src.path() + ":"
                        + settings.staticLine + " (WhiteNoise's static files)", null));
            }
            DjangoMount.shadowed(flat).forEach((key, where) -> demotions.putIfAbsent(key, refuse(key, "the pattern at "
                    + where + " stays on Django and comes first in urlpatterns, where it may answer the same paths; "
                    + "FastAPI's routes are tried before the mounted Django app")));
            tests(flat);
            demotions.keySet().removeIf(demoted::contains);
            boolean partial = again || !demoted.isEmpty() || !demotions.isEmpty()
                    || settings.staticPrefix != null
                    || urlconfs.stream().anyMatch(u -> !u.kept.isEmpty() || !u.stubs.isEmpty() || u.extended);
            if (!demotions.isEmpty() || !global.isEmpty() || ported.isEmpty() || again) {
                return partial;
            }
            write(partial);
            return partial;
        }

        private NotPortable refuse(String key, String message) {
            Routed r = routed.get(key);
            return r.urls().file.refuse(r.route().call(), message);
        }

        /** Writes the routers and the imports; a file that cannot take them sends its routes back to Django. */
        private void write(boolean partial) {
            Set<DjangoUrlconf> withRouter = new HashSet<>();
            for (int i = urlconfs.size() - 1; i >= 0; i--) { // included URLconfs come after their includers
                DjangoUrlconf u = urlconfs.get(i);
                if (!partial || u.routes.stream().anyMatch(r -> ported.contains(r.key(u.file)))
                        || u.includes.stream().anyMatch(inc -> withRouter.contains(byModule.get(inc.module())))) {
                    withRouter.add(u);
                }
            }
            for (DjangoUrlconf u : urlconfs) {
                if (!withRouter.contains(u)) {
                    continue;
                }
                List<Object> order = new ArrayList<>();
                for (Object e : u.entries()) {
                    if (e instanceof DjangoUrlconf.Route r ? ported.contains(r.key(u.file))
                            : withRouter.contains(byModule.get(((DjangoUrlconf.Include) e).module()))) {
                        order.add(e);
                    }
                }
                try {
                    u.write(order, partial);
                } catch (NotPortable e) {
                    sendBack(u.file.path(), e);
                }
            }
            List<String> rewritten = new ArrayList<>(DjangoViews.WEB_MODULES);
            rewritten.add("django.urls");
            for (DjangoFile f : files.values()) {
                try {
                    f.writeImports(rewritten);
                } catch (NotPortable e) {
                    sendBack(f.path(), e);
                }
            }
        }

        /** A file-level problem: every ported route written in that file, or whose view is there, stays on Django. */
        private void sendBack(String path, NotPortable why) {
            routed.forEach((key, r) -> {
                if (ported.contains(key) && (path.equals(r.viewPath()) || path.equals(r.urls().file.path()))) {
                    demotions.putIfAbsent(key, why);
                }
            });
            if (demotions.isEmpty()) {
                global.add(why);
            }
        }

        /**
         * Per views module, the top-level names code that stays on Django uses: views of patterns left to Django and
         * names other modules use.
         */
        private Map<String, Set<String>> djangoRoots() {
            Map<String, Set<String>> out = new LinkedHashMap<>();
            routed.forEach((key, r) -> {
                if (!ported.contains(key) && r.viewPath() != null) {
                    out.computeIfAbsent(r.viewPath(), k -> new HashSet<>()).add(r.route().viewName());
                }
            });
            for (DjangoUrlconf u : urlconfs) {
                for (DjangoUrlconf.Kept k : u.kept) {
                    String path = k.view() == null ? null : pathOf(k.view()[0]);
                    if (path != null) {
                        out.computeIfAbsent(path, x -> new HashSet<>()).add(k.view()[1]);
                    }
                }
            }
            Map<String, List<int[]>> ranges = new HashMap<>();
            for (DjangoUrlconf u : urlconfs) {
                ranges.put(u.file.path(), u.patternRanges());
            }
            for (Map.Entry<String, DjangoViews> e : views.entrySet()) {
                DjangoFile f = files.get(e.getKey());
                out.computeIfAbsent(e.getKey(), x -> new HashSet<>()).addAll(DjangoMount.usedElsewhere(f.module,
                        e.getValue().portedUnits, context.pythonTexts(), f.path(), ranges));
            }
            return out;
        }

        /**
         * Follows the root URLconf and its includes, porting every routed view not in {@code demoted}; an included
         * URLconf the port cannot read stays Django's whole (its include is left to Django).
         */
        private void urlconfs(Set<String> demoted) {
            record Next(String module, String namespace, DjangoUrlconf parent, DjangoUrlconf.Include include) {
            }
            Deque<Next> queue = new ArrayDeque<>();
            queue.add(new Next(settings.rootUrlconf, "", null, null));
            Set<String> done = new HashSet<>();
            while (!queue.isEmpty()) {
                Next next = queue.poll();
                if (!done.add(next.module())) {
                    global.add(new NotPortable(settings.src.path(), 1, DjangoToFastapi.ID, "not ported to FastAPI: "
                            + "the URLconf " + next.module() + " is included twice"));
                    continue;
                }
                DjangoFile uf = file(next.module());
                DjangoUrlconf u = uf == null ? null : new DjangoUrlconf(uf, next.parent() == null, next.namespace());
                if (u == null || !u.problems.isEmpty()) {
                    NotPortable why = u != null ? u.problems.get(0) : next.parent() != null
                            ? next.parent().file.refuse(next.include().call(), "the URLconf " + next.module() + " is "
                            + "not a module of the project that parses (Django's own, or another package's)")
                            : new NotPortable(settings.src.path(), 1, DjangoToFastapi.ID, "not ported to FastAPI: the "
                            + "URLconf " + next.module() + " is not a module of the project that parses");
                    if (next.parent() == null) {
                        global.add(why);
                    } else {
                        next.parent().includes.remove(next.include());
                        next.parent().kept.add(new DjangoUrlconf.Kept(next.include().call(), why,
                                next.include().djangoRoute(), false, null));
                    }
                    continue;
                }
                urlconfs.add(u);
                byModule.put(next.module(), u);
                boolean convertors = false;
                for (DjangoUrlconf.Route r : u.routes) {
                    String key = r.key(uf);
                    DjangoFile vf = file(r.viewModule());
                    routed.put(key, new Routed(u, r, vf == null ? null : vf.path()));
                    if (demoted.contains(key)) {
                        continue;
                    }
                    if (vf == null) {
                        demotions.put(key, uf.refuse(r.call(), "the view's module " + r.viewModule() + " is not in "
                                + "the project"));
                        continue;
                    }
                    DjangoViews v = views.computeIfAbsent(vf.path(), k -> new DjangoViews(vf, settings));
                    try {
                        u.route(r, r.classBased()
                                ? v.classView(r.viewName(), r.view(), r.route().params(), r.call(), uf, r.csrfExempt())
                                : v.view(r.viewName(), r.view(), r.route().params(), r.call(), uf, r.csrfExempt()));
                        ported.add(key);
                    } catch (NotPortable e) {
                        demotions.put(key, e);
                    }
                    convertors |= r.route().usesSupportConvertors() && ported.contains(key);
                }
                if (convertors) {
                    int dot = compatModule.lastIndexOf('.');
                    uf.headerLines.add((dot < 0 ? "import django_compat" : "from " + compatModule.substring(0, dot)
                            + " import django_compat") + "  # noqa: F401 (registers Django's path convertors)");
                }
                for (DjangoUrlconf.Include inc : u.includes) {
                    queue.add(new Next(inc.module(), u.namespace, u, inc));
                }
            }
        }

        /**
         * The test files that may use a client, parsed (on every processor: a project's tests can be a third of its
         * files), in the order of the project's files; a test file that does not parse requests nothing the port
         * can read.
         */
        private List<SourceFile> testFiles() {
            List<Map.Entry<String, String>> candidates = new ArrayList<>();
            context.pythonTexts().forEach((path, text) -> {
                if (FlaskTestClient.isTestFile(path) && CLIENT.matcher(text).find()) {
                    candidates.add(Map.entry(path, text));
                }
            });
            List<SourceFile> read = candidates.parallelStream().map(c -> {
                SourceFile f = parsed.get(c.getKey());
                try {
                    return f != null ? f : PythonSource.parse(c.getKey(), c.getValue());
                } catch (PythonSyntaxError e) {
                    return null;
                }
            }).toList();
            List<SourceFile> out = new ArrayList<>();
            for (int i = 0; i < read.size(); i++) {
                if (read.get(i) != null) {
                    parsed.put(candidates.get(i).getKey(), read.get(i));
                    out.add(read.get(i));
                }
            }
            return out;
        }

        /**
         * Tests driving Django's test client serve Django's URLconf, where a ported route's view is the stub: the
         * routes they request stay on Django (requests the port cannot read keep the whole project there). Tests
         * calling views with RequestFactory name them, which keeps them on Django ({@link DjangoMount#usedElsewhere}).
         */
        private void tests(List<DjangoMount.Flat> flat) {
            if (testRequests == null) {
                testRequests = DjangoMount.clientRequests(testFiles());
            }
            Map<String, String> names = new LinkedHashMap<>();
            routed.forEach((key, r) -> {
                if (r.route().name() != null) {
                    names.put(key, r.route().name());
                }
            });
            List<NotPortable> unreadable = new ArrayList<>();
            DjangoMount.testedThroughDjango(testRequests, flat, names, unreadable).forEach((key, where) -> {
                if (ported.contains(key)) {
                    demotions.putIfAbsent(key, refuse(key, "the test at " + where + " requests it through Django's "
                            + "test client, which serves Django's URLconf"));
                }
            });
            global.addAll(unreadable);
        }
    }
}
