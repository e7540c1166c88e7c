package dev.unblock.realcode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unblock.testing.Pyright;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3b (issue 9): two small realistic projects are migrated in full and type-checked with pyright before and
 * after by the same script as the real-code check (scripts/soundness_check.py); the migration must add no
 * diagnostic. Debian's python3 supplies the libraries' types (.ci/run installs requests, httpx and redis).
 */
class SoundnessCheckTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PROJECTS = Path.of("src/test/resources/realcode");
    private static Path pyright;

    @TempDir
    Path work;

    @BeforeAll
    static void tools() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: real-code soundness not checked");
        pyright = Pyright.find().orElse(null);
        Assumptions.assumeTrue(pyright != null, "no pyright and no node/npm to install it (apt-get install nodejs npm):"
                + " real-code soundness not checked");
    }

    /** A crawler on a requests session, with a console-script entry point and sources as a class hierarchy. */
    @Test
    void crawlerGainsNoDiagnostic() throws Exception {
        assertSound(check("crawler", PROJECTS.resolve("crawler")));
    }

    /** A WSGI service on one Redis client shared by every module (limits, sessions, a job queue). */
    @Test
    void redisServiceGainsNoDiagnostic() throws Exception {
        assertSound(check("limiter", PROJECTS.resolve("limiter")));
    }

    /**
     * The crawler plus health checks: Check.run has a sync override (disk space) and an I/O one (page up), and
     * run_all calls c.run() for each c in a list[Check]. The family once became async with that call left un-awaited
     * (pyright: health.py reportReturnType dict[str, CoroutineType[..., bool]]); now it must not gain a diagnostic.
     */
    @Test
    void crawlerWithHealthChecksGainsNoDiagnostic() throws Exception {
        Path project = work.resolve("crawler-health");
        copy(PROJECTS.resolve("crawler"), project);
        copy(PROJECTS.resolve("crawler-health"), project);
        assertSound(check("crawler-health", project));
    }

    private static void assertSound(JsonNode project) {
        assertTrue(project.get("filesChanged").asInt() > 0, "the migration changed nothing: the check proves nothing");
        assertTrue(project.get("checked").asInt() > 0, "pyright checked no file");
        List<String> added = new ArrayList<>();
        project.get("added").forEach(d -> added.add(d.get("file").asText() + ":" + d.get("line").asInt() + " "
                + d.get("rule").asText() + " " + d.get("message").asText().replaceAll("\\s+", " ")));
        assertEquals(List.of(), added, "diagnostics the migration added");
        assertEquals(0, project.get("secondRunChanges").size(), "a second run changes the migrated files again");
    }

    private JsonNode check(String name, Path project) throws IOException, InterruptedException {
        Path summary = work.resolve(name + ".json");
        Path log = work.resolve(name + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String unblock = "'" + java + "' -Xss8m -cp '" + System.getProperty("java.class.path") + "' dev.unblock.cli.Main";
        Process p = new ProcessBuilder(PYTHON.toString(), "scripts/soundness_check.py", "--verbose", "--unblock", unblock,
                "--pyright", pyright.toString(), "--python", PYTHON.toString(), "--json", summary.toString(),
                name + "=" + project.toAbsolutePath())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the soundness check did not finish in 15 minutes:\n" + Files.readString(log));
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        if (p.exitValue() > 1 || !Files.exists(summary)) {
            fail("the soundness check failed (exit " + p.exitValue() + "):\n" + output);
        }
        return new ObjectMapper().readTree(summary.toFile()).get("projects").get(0);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
