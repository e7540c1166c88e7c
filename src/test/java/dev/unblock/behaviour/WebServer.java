package dev.unblock.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A web app served by a Python process on 127.0.0.1 (Flask's development server before the port, uvicorn after),
 * stopped when closed. Its output goes to a log file in the work folder, quoted when it fails to start.
 */
final class WebServer implements AutoCloseable {
    private static final long START_SECONDS = 30;

    private final Process process;
    private final Path log;
    final int port;

    private WebServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts {@code python3 args…} in {@code dir} with extra environment variables (where {@code {port}} in an
     * argument is the chosen port).
     */
    static WebServer start(Path dir, Path log, java.util.Map<String, String> env, String... args) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(PythonProcess.PYTHON.toString());
        for (String a : args) {
            command.add(a.replace("{port}", String.valueOf(port)));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.toLowerCase().endsWith("_proxy") || k.startsWith("PYTHON"));
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        builder.environment().put("NO_PROXY", "127.0.0.1,localhost");
        builder.environment().putAll(env);
        try {
            WebServer server = new WebServer(builder.start(), log, port);
            server.awaitListening();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("the server did not listen within " + START_SECONDS + " s:\n" + output());
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
