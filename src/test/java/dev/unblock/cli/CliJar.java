package dev.unblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged command as a user does: {@code java -jar target/unblock.jar …} (failsafe passes the jar's
 * path), or the {@code unblock} launcher script, in a working folder, and captures what it prints.
 */
final class CliJar {
    static final Path JAR = Path.of(System.getProperty("unblock.jar", "target/unblock.jar")).toAbsolutePath();
    static final Path LAUNCHER = Path.of(System.getProperty("unblock.launcher", "unblock")).toAbsolutePath();

    record Run(int exit, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }

        /** The last line of stderr: the summary. */
        String summary() {
            List<String> lines = err.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    private CliJar() {
    }

    static Run unblock(Path workDir, String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the packaged jar (run through `mvn verify`)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(workDir, command, null);
    }

    /** Runs any command; {@code stdin} (may be null) is written to its standard input. */
    static Run run(Path workDir, List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Path out = Files.createTempFile("unblock-out", ".txt");
        Path err = Files.createTempFile("unblock-err", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("UNBLOCK_PUBLIC_URL");
            Process p = builder.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin);
            }
            p.getOutputStream().close();
            assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("%s finished in time", command).isTrue();
            return new Run(p.exitValue(), Files.readAllBytes(out),
                    new String(Files.readAllBytes(err), StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path write(Path dir, String path, String text) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
