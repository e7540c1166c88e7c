package dev.unblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ParseCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return Main.configure(cli).execute(args);
    }

    @Test
    void folderOfValidFilesExitsZeroWithASummary() throws Exception {
        Files.writeString(dir.resolve("a.py"), "x = 1\n");
        Files.createDirectories(dir.resolve("pkg"));
        Files.writeString(dir.resolve("pkg/b.py"), "def f():\n    return 2\n");
        Files.writeString(dir.resolve("notes.txt"), "not python (\n");
        assertThat(run("parse", dir.toString())).isZero();
        assertThat(out.toString()).matches("(?s)2 files, 3 lines, 0 failed, [0-9.]+ s, [0-9]+ lines/s\\R");
    }

    @Test
    void aFailingFileIsOneLineAndExitOne() throws Exception {
        Path bad = dir.resolve("bad.py");
        Files.writeString(bad, "x = (1,\n");
        Files.writeString(dir.resolve("good.py"), "y = 2\n");
        assertThat(run("parse", dir.toString())).isEqualTo(1);
        assertThat(out.toString().lines().toList()).hasSize(2)
                .first().isEqualTo(bad + ":1:5: '(' was never closed");
        assertThat(out.toString()).doesNotContain("Exception").contains("2 files, 2 lines, 1 failed");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("parse")).isEqualTo(2);
        assertThat(run("parse", dir.resolve("missing.py").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such file or folder");
        assertThat(run("no-such-command")).isEqualTo(2);
    }
}
