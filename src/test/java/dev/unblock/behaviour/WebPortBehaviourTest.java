package dev.unblock.behaviour;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Tier 3 for the web port (DESIGN.md §8): each Flask app (or Django project, {@code framework: django}) under
 * {@code web/<case>/} is served by its framework's own development server and probed with the requests of its
 * {@code probes.txt}; then it is migrated by the CLI, served by uvicorn ({@code asgi:app}) and probed again (a Django
 * project's database is made with {@code manage.py migrate} before each). Every answer must have the same status, Location, Allow
 * and JSON body (and the same text, where the original is not one of Flask's HTML error pages). The app's own tests, run
 * with pytest, pass before and after; handlers are {@code async def} exactly where the case says; a second
 * migration changes nothing.
 */
class WebPortBehaviourTest {
    private static final String PACKAGES = "python3-flask python3-django python3-fastapi python3-uvicorn "
            + "python3-multipart python3-jinja2 python3-httpx python3-pytest python3-flask-sqlalchemy python3-sqlalchemy "
            + "python3-aiosqlite python3-flask-login python3-flask-cors";
    /** Files of a case that describe the test, not the project. */
    private static final Set<String> CASE_FILES = Set.of("web.yml", "probes.txt");

    @TempDir
    static Path work;

    /** A case's {@code web.yml}. */
    private record WebCase(String framework, String app, List<String> needs, boolean tests, boolean upstream,
                           List<String> async, List<String> cpuOnly) {
        @SuppressWarnings("unchecked")
        static WebCase read(Path dir) throws IOException {
            Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(Files.readString(dir.resolve("web.yml")));
            Set<String> known = Set.of("framework", "app", "needs", "tests", "upstream", "async", "cpu_only");
            if (!known.containsAll(doc.keySet())) {
                throw new IllegalArgumentException(dir + "/web.yml: keys must be among " + known);
            }
            String framework = (String) doc.getOrDefault("framework", "flask");
            if (!framework.equals("flask") && !framework.equals("django")) {
                throw new IllegalArgumentException(dir + "/web.yml: framework must be flask or django");
            }
            return new WebCase(framework, (String) doc.get("app"), (List<String>) doc.getOrDefault("needs", List.of()),
                    Boolean.TRUE.equals(doc.get("tests")), Boolean.TRUE.equals(doc.get("upstream")),
                    (List<String>) doc.getOrDefault("async", List.of()),
                    (List<String>) doc.getOrDefault("cpu_only", List.of()));
        }
    }

    @TestFactory
    Stream<DynamicTest> portedAppsAnswerAsBefore() throws IOException {
        Path root = BehaviourTest.resource("web");
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("web.yml"))).sorted().toList().stream()
                    .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), dir.toUri(), () -> {
                        assumeTrue(PythonProcess.available(), "no " + PythonProcess.PYTHON);
                        WebCase c = WebCase.read(dir);
                        List<String> modules = new ArrayList<>(List.of(c.framework(), "fastapi", "uvicorn", "httpx"));
                        modules.addAll(c.needs());
                        if (c.tests()) {
                            modules.add("pytest");
                        }
                        PythonProcess.Result imports = PythonProcess.run(work, Map.of(), "-c",
                                "import " + String.join(", ", modules));
                        assumeTrue(imports.exitCode() == 0, dir.getFileName() + " skipped: " + PythonProcess.PYTHON
                                + " lacks a library (apt-get install " + PACKAGES + "):\n" + imports.stderr());
                        check(dir, c, Files.createDirectories(work.resolve(dir.getFileName().toString())));
                    }));
        }
    }

    private static void check(Path source, WebCase c, Path workDir) throws IOException {
        if (!c.upstream()) {
            check(source, c, workDir, Map.of());
            return;
        }
        try (LocalHttpServer upstream = new LocalHttpServer()) {
            check(source, c, workDir, Map.of("UNBLOCK_TEST_HTTP", upstream.baseUrl()));
        }
    }

    /** {@code env}: what the app's processes get (the upstream service's URL). */
    private static void check(Path source, WebCase c, Path workDir, Map<String, String> env) throws IOException {
        Path tools = BehaviourTest.resource("web");
        Path original = copy(source, workDir.resolve("original"));
        Path migrated = copy(source, workDir.resolve("migrated"));
        Path probes = source.resolve("probes.txt");

        Path before = workDir.resolve("before.jsonl");
        boolean django = c.framework().equals("django");
        String[] serve = django ? new String[] {"manage.py", "runserver", "127.0.0.1:{port}", "--noreload",
                "--nothreading"} : new String[] {tools.resolve("serve_flask.py").toString(), c.app(), "{port}"};
        if (django) {
            database(original, env);
        }
        try (WebServer server = WebServer.start(original, workDir.resolve(c.framework() + ".log"), env, serve)) {
            record(server, tools, probes, before);
        }
        if (c.tests()) {
            PythonProcess.Result tests = pytest(original, env);
            if (tests.exitCode() != 0) {
                fail("the original app's own tests must pass before the port:\n" + tests.describe());
            }
        }

        Migrator.Outcome outcome = new CliMigrator().migrate(migrated);
        String report = "--- migrate stderr ---\n" + outcome.stderr() + "\n--- migrate stdout ---\n" + outcome.stdout();
        if (outcome.exitCode() != 0 || outcome.stderr().contains("not ported")) {
            fail("the app was not ported:\n" + report);
        }
        if (!Files.exists(migrated.resolve("asgi.py"))) {
            fail("no asgi.py after the port:\n" + report);
        }
        List<String> problems = new ArrayList<>();
        Path after = workDir.resolve("after.jsonl");
        if (django) {
            database(migrated, env);
        }
        try (WebServer uvicorn = WebServer.start(migrated, workDir.resolve("uvicorn.log"), env, "-m", "uvicorn", "asgi:app",
                "--host", "127.0.0.1", "--port", "{port}")) {
            record(uvicorn, tools, probes, after);
        } catch (IllegalStateException e) {
            fail("the ported app does not start under uvicorn: " + e.getMessage() + "\n" + report + sources(migrated));
        }
        PythonProcess.Result compared = PythonProcess.run(workDir, Map.of(), tools.resolve("probe.py").toString(),
                "--compare", before.toString(), after.toString(), "--allow");
        if (compared.exitCode() != 0 || !compared.stdout().isBlank()) {
            problems.add("the ported app answers differently:\n" + compared.stdout() + compared.stderr());
        }
        if (c.tests()) {
            PythonProcess.Result tests = pytest(migrated, env);
            if (tests.exitCode() != 0) {
                problems.add("the app's own tests fail after the port:\n" + tests.describe());
            }
        }
        SourceInspection inspection = SourceInspection.of(migrated, BehaviourTest.resource("behaviour")
                .resolve("inspect_sources.py"));
        for (String id : c.async()) {
            var f = inspection.function(id);
            if (f.isEmpty() || !f.get().isAsync()) {
                problems.add(id + " should be async def, but is " + (f.isEmpty() ? "missing" : "a plain def"));
            }
        }
        for (String id : c.cpuOnly()) {
            var f = inspection.function(id);
            if (f.isEmpty() || f.get().isAsync()) {
                problems.add(id + " does no I/O and should be a plain def, but is "
                        + (f.isEmpty() ? "missing" : "async def"));
            }
        }
        inspection.functions().stream()
                .filter(f -> f.isAsync() && !f.awaits() && Files.exists(original.resolve(f.file())))
                .forEach(f -> problems.add(f.id() + " is async def but awaits nothing"));
        Map<Path, String> first = contents(migrated);
        Migrator.Outcome again = new CliMigrator().migrate(migrated);
        if (again.exitCode() != 0 || !first.equals(contents(migrated))) {
            problems.add("a second migration changed the ported app:\n" + again.stdout() + again.stderr());
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems) + "\n\n" + report + sources(migrated));
        }
    }

    private static void record(WebServer server, Path tools, Path probes, Path out) throws IOException {
        PythonProcess.Result r = PythonProcess.run(out.getParent(), Map.of(), tools.resolve("probe.py").toString(),
                server.baseUrl(), probes.toString());
        if (r.exitCode() != 0) {
            fail("probing " + server.baseUrl() + " failed:\n" + r.describe() + "\n--- server log ---\n"
                    + server.output());
        }
        Files.writeString(out, r.stdout());
    }

    /** A Django project's database, made by its migrations (Django's own management command, before and after). */
    private static void database(Path dir, Map<String, String> env) {
        PythonProcess.Result r = PythonProcess.run(dir, env, "manage.py", "migrate", "--noinput");
        if (r.exitCode() != 0) {
            fail("manage.py migrate failed in " + dir + ":\n" + r.describe());
        }
    }

    private static PythonProcess.Result pytest(Path dir, Map<String, String> env) {
        return PythonProcess.run(dir, env, "-m", "pytest", "-q", "-p", "no:cacheprovider");
    }

    private static Path copy(Path source, Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else if (!CASE_FILES.contains(file.getFileName().toString()) || !file.getParent().equals(source)) {
                    Files.copy(file, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<Path, String> contents(Path dir) throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".py") || p.toString().endsWith(".txt")).toList()) {
                out.put(dir.relativize(f), Files.readString(f));
            }
        }
        return out;
    }

    private static String sources(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                if (f.getFileName().toString().equals("flask_compat.py")) {
                    continue;
                }
                out.append("\n=== ").append(dir.relativize(f)).append(" ===\n");
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    out.append(String.format("%4d  %s%n", i + 1, lines.get(i)));
                }
            }
        }
        return out.toString();
    }
}
