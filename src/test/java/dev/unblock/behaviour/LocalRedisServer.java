package dev.unblock.behaviour;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} on 127.0.0.1 and a free port, without persistence, for the Redis behaviour cases.
 * Started by the test and stopped with it.
 */
final class LocalRedisServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Process process;
    private final int port;

    LocalRedisServer(Path dir) throws IOException {
        port = freePort();
        Files.createDirectories(dir);
        process = new ProcessBuilder(BINARY.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                close();
                throw new IOException("redis-server did not start on port " + port + ": see " + dir.resolve("redis.log"));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting redis-server", e);
            }
        }
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** e.g. {@code redis://127.0.0.1:41234/0}. */
    String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
