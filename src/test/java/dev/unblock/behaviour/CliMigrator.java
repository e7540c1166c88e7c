package dev.unblock.behaviour;

import dev.unblock.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs {@code unblock migrate --write DIR} in this JVM, capturing what it prints. */
final class CliMigrator implements Migrator {
    // System.out/err are global: one migration at a time, even if JUnit runs tests in parallel
    private static final Object STREAMS = new Object();

    @Override
    public Outcome migrate(Path projectDir) {
        synchronized (STREAMS) {
            PrintStream out = System.out;
            PrintStream err = System.err;
            ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
            ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            int exit;
            try {
                exit = Main.run("migrate", "--write", projectDir.toString());
            } finally {
                System.out.flush();
                System.err.flush();
                System.setOut(out);
                System.setErr(err);
            }
            return new Outcome(exit, capturedOut.toString(StandardCharsets.UTF_8),
                    capturedErr.toString(StandardCharsets.UTF_8));
        }
    }
}
