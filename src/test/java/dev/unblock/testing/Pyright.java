package dev.unblock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds pyright for the real-code soundness tests: the executable named by the system property
 * {@code unblock.pyright} or the environment variable {@code UNBLOCK_PYRIGHT}, else the copy that
 * scripts/soundness-check.sh and .ci/run install into ~/.cache/unblock/pyright, installing it there with npm
 * when npm exists. Empty only when there is no pyright and no npm to install it.
 */
public final class Pyright {
    public static final String VERSION = "1.1.414";

    private Pyright() {
    }

    public static Optional<Path> find() throws IOException, InterruptedException {
        String named = System.getProperty("unblock.pyright", System.getenv("UNBLOCK_PYRIGHT"));
        if (named != null && !named.isBlank()) {
            Path exe = Path.of(named);
            if (!answers(exe)) {
                throw new IOException("pyright " + VERSION + " does not answer at " + exe
                        + " (unblock.pyright / UNBLOCK_PYRIGHT)");
            }
            return Optional.of(exe);
        }
        Path home = Path.of(System.getProperty("user.home"), ".cache", "unblock", "pyright");
        Path exe = home.resolve("node_modules/.bin/pyright");
        if (answers(exe)) {
            return Optional.of(exe);
        }
        if (!onPath("npm") || !onPath("node")) {
            return Optional.empty();
        }
        Files.createDirectories(home);
        Process npm = new ProcessBuilder("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                "pyright@" + VERSION).redirectErrorStream(true).start();
        String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0 || !answers(exe)) {
            throw new IOException("npm install pyright@" + VERSION + " failed:\n" + out);
        }
        return Optional.of(exe);
    }

    private static boolean answers(Path exe) throws InterruptedException {
        if (!Files.isExecutable(exe)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(exe.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor(2, TimeUnit.MINUTES) && p.exitValue() == 0 && out.contains(VERSION);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(List.of(command, "--version")).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
