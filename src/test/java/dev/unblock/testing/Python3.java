package dev.unblock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs CPython from tests: the judge of what is valid Python, and the runtime of behaviour tests. */
public final class Python3 {
    private Python3() {
    }

    /** The python3 on PATH, if there is one that answers. */
    public static Optional<String> executable() {
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return Optional.of(candidate);
                }
            } catch (IOException e) {
                // try the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Runs {@code python3 -c code} (or a script) and returns its stdout; fails on a non-zero exit. */
    public static String run(String python, List<String> args, String stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(python);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = new Thread(() -> {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended early; its exit status tells
            }
        });
        feeder.start();
        String out;
        try (InputStream stdout = p.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        feeder.join();
        if (p.waitFor() != 0) {
            throw new IOException(command + " exited with " + p.exitValue());
        }
        return out;
    }

    /** The standard library folder of a python3 (the corpus of the conformance tests and benchmarks). */
    public static java.nio.file.Path stdlib(String python) throws IOException, InterruptedException {
        return java.nio.file.Path.of(run(python,
                List.of("-c", "import sysconfig; print(sysconfig.get_paths()['stdlib'])"), "").strip());
    }

    /** Copies a script from the test resources to a temporary file so python3 can run it. */
    public static Path script(String resource) throws IOException {
        Path file = Files.createTempFile("unblock-", ".py");
        file.toFile().deleteOnExit();
        try (InputStream in = Python3.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no test resource " + resource);
            }
            Files.write(file, in.readAllBytes());
        }
        return file;
    }
}
