package dev.unblock.behaviour;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3 (DESIGN.md §8): each program under {@code behaviour/<case>/} is migrated by the CLI and must
 * print exactly what the original printed, run by Debian's CPython with its httpx and aiofiles.
 * {@code -Dunblock.behaviour.dir=behaviour-pending} runs the cases the engine does not pass yet instead, and
 * {@code -Dunblock.behaviour.only=PREFIX} only the cases whose folder name starts with PREFIX.
 */
class BehaviourTest {
    private static final String FOLDER = System.getProperty("unblock.behaviour.dir", "behaviour");
    private static final String ONLY = System.getProperty("unblock.behaviour.only", "");
    private static final String PACKAGES = "python3-requests python3-httpx python3-aiofiles python3-aiohttp";

    private static LocalHttpServer server;
    private static LocalRedisServer redis;
    /** Whether Debian's python3 can import a module, per module (cases name what they need). */
    private static final Map<String, Boolean> IMPORTABLE = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    static Path work;

    /** Why the suite cannot run here, or null when it can. */
    private static String missing;

    @BeforeAll
    static void startServerIfPythonIsReady() throws IOException {
        if (!PythonProcess.available()) {
            missing = "behaviour tests skipped: no " + PythonProcess.PYTHON;
            return;
        }
        PythonProcess.Result imports = PythonProcess.run(work, Map.of(), "-c", "import requests, httpx, aiofiles, aiohttp");
        if (imports.exitCode() != 0) {
            missing = "behaviour tests skipped: " + PythonProcess.PYTHON + " lacks a library (apt-get install "
                    + PACKAGES + "):\n" + imports.stderr();
            return;
        }
        server = new LocalHttpServer();
        if (LocalRedisServer.available()) {
            redis = new LocalRedisServer(work.resolve("redis-server"));
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Why a case cannot run here (a module or redis-server it needs is missing), or null. */
    private static String missingFor(Path dir) {
        for (String need : Expectations.read(dir).needs()) {
            if (need.equals("redis-server")) {
                if (redis == null) {
                    return dir.getFileName() + " skipped: no " + LocalRedisServer.BINARY + " (apt-get install redis-server)";
                }
            } else if (!IMPORTABLE.computeIfAbsent(need,
                    m -> PythonProcess.run(work, Map.of(), "-c", "import " + m).exitCode() == 0)) {
                return dir.getFileName() + " skipped: " + PythonProcess.PYTHON + " cannot import " + need
                        + " (see behaviour/README.md for the Debian packages)";
            }
        }
        return null;
    }

    @TestFactory
    Stream<DynamicTest> migratedProgramsBehaveAsBefore() throws IOException {
        Path root = resource(FOLDER);
        Path inspector = resource("behaviour").resolve("inspect_sources.py");
        Map<String, String> env = new java.util.HashMap<>();
        if (server != null) {
            env.put("UNBLOCK_TEST_HTTP", server.baseUrl());
            env.put("UNBLOCK_TEST_CLOSED_URL", "http://127.0.0.1:" + closedPort() + "/");
        }
        if (redis != null) {
            env.put("UNBLOCK_TEST_REDIS", redis.url());
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("main.py")))
                    .filter(d -> d.getFileName().toString().startsWith(ONLY)).sorted().toList().stream()
                    .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), dir.toUri(), () -> {
                        // skipped one by one, so every case shows up in the report with the reason
                        assumeTrue(missing == null, missing);
                        String missingHere = missingFor(dir);
                        assumeTrue(missingHere == null, missingHere);
                        new BehaviourCase(dir, env, new CliMigrator(), inspector)
                                .check(Files.createDirectories(work.resolve(dir.getFileName().toString())));
                    }));
        }
    }

    /** A port that was free a moment ago: nothing listens there, so connecting is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Path resource(String name) {
        try {
            return Path.of(BehaviourTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new UncheckedIOException(new IOException("no test resource folder " + name, e));
        }
    }
}
