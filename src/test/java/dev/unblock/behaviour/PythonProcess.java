package dev.unblock.behaviour;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs Debian's CPython, which is the one that sees the python3-httpx/-aiofiles/-requests packages. */
final class PythonProcess {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    /** Not a timed assertion: only a guard so a hung program fails the test instead of the build. */
    private static final long GUARD_SECONDS = 60;

    private PythonProcess() {
    }

    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    static boolean available() {
        return Files.isExecutable(PYTHON);
    }

    /** Runs {@code python3 args...} in {@code dir} with extra environment variables. */
    static Result run(Path dir, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = builder.environment();
        // the programs must talk to 127.0.0.1 directly, whatever proxy the machine is set up with
        environment.keySet().removeIf(k -> k.toLowerCase().endsWith("_proxy"));
        environment.put("NO_PROXY", "127.0.0.1,localhost");
        environment.put("PYTHONDONTWRITEBYTECODE", "1");
        environment.put("PYTHONHASHSEED", "0");
        environment.put("PYTHONIOENCODING", "utf-8");
        environment.remove("PYTHONPATH");
        environment.remove("PYTHONHOME");
        environment.putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(GUARD_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                return new Result(-1, stdout.join(), "killed after " + GUARD_SECONDS + " s\n" + stderr.join());
            }
            return new Result(process.exitValue(), stdout.join(), stderr.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
