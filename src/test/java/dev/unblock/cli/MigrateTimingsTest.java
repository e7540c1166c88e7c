package dev.unblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code unblock migrate --timings} names every stage, on stderr and in the JSON report (values not checked). */
class MigrateTimingsTest {
    private static final String[] STAGES = {"parse", "resolve", "plan", "edit", "rewrite"};

    @TempDir
    Path project;

    private final StringWriter err = new StringWriter();

    private String run(String... args) throws Exception {
        Files.writeString(project.resolve("app.py"), "import requests\n\n\ndef get():\n"
                + "    return requests.get('https://example.org').text\n");
        CommandLine cli = new CommandLine(new Main());
        cli.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.configure(cli).execute(args)).isZero();
        } finally {
            System.setOut(stdout);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheTimeOfEachStageOnStderr() throws Exception {
        run("migrate", "--timings", "--root", project.toString());
        String timings = err.toString().lines().filter(l -> l.startsWith("unblock migrate: timings: "))
                .findFirst().orElseThrow();
        for (String stage : STAGES) {
            assertThat(timings).containsPattern(stage + " \\d+\\.\\d\\d s");
        }
        assertThat(timings).contains("(1 file)").containsPattern("total \\d+\\.\\d\\d s");
    }

    @Test
    void jsonReportHasTheTimingsOnlyWhenAskedFor() throws Exception {
        JsonNode plain = new ObjectMapper().readTree(run("migrate", "--format", "json", "--root", project.toString()));
        assertThat(plain.has("timings")).isFalse();
        assertThat(err.toString()).doesNotContain("timings");
        JsonNode timed = new ObjectMapper().readTree(run("migrate", "--format", "json", "--timings", "--root",
                project.toString()));
        for (String stage : STAGES) {
            assertThat(timed.path("timings").path(stage).isNumber()).as(stage).isTrue();
        }
        assertThat(timed.path("timings").path("parsedFiles").asInt()).isEqualTo(1);
    }
}
