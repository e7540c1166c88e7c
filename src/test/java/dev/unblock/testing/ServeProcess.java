package dev.unblock.testing;

import dev.unblock.github.TestKeys;
import dev.unblock.github.WebhookSignature;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code unblock serve} command in a JVM of its own (so that a test can kill it with SIGKILL), its
 * output in a log file, and a client that signs deliveries as GitHub does.
 */
public final class ServeProcess implements AutoCloseable {
    public static final String SECRET = "serve-process-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final WebhookSignature SIGNATURE = new WebhookSignature(SECRET.getBytes(StandardCharsets.UTF_8));

    public final String name;
    public final Process process;
    public final int port;
    public final Path log;

    private ServeProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code unblock serve} with the App's test credentials, GitHub at {@code apiUrl}, the given data dir,
     * PostgreSQL when {@code databaseUrl} is not null, and any further settings in {@code env}.
     */
    public static ServeProcess start(String name, String apiUrl, Path dataDir, String databaseUrl, Map<String, String> env)
            throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "serve-processes", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "-cp", System.getProperty("java.class.path"), "dev.unblock.cli.Main", "serve")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("UNBLOCK_APP_ID", "4242");
        environment.put("UNBLOCK_PRIVATE_KEY", TestKeys.pkcs1Pem());
        environment.put("UNBLOCK_WEBHOOK_SECRET", SECRET);
        environment.put("UNBLOCK_GITHUB_API_URL", apiUrl);
        environment.put("UNBLOCK_PORT", Integer.toString(port));
        environment.put("UNBLOCK_DATA_DIR", dataDir.toString());
        if (databaseUrl != null) {
            environment.put("UNBLOCK_DATABASE_URL", databaseUrl);
        } else {
            environment.remove("UNBLOCK_DATABASE_URL");
        }
        environment.putAll(env);
        return new ServeProcess(name, builder.start(), port, log);
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits until {@code /readyz} answers 200 (at most two minutes); fails when the process died. */
    public void awaitReady() throws Exception {
        for (int i = 0; i < 1200; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " died:\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not get ready:\n" + output());
    }

    /** Posts a signed delivery; the answer, or an IOException when the process did not answer. */
    public HttpResponse<String> deliver(String event, String deliveryId, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", event).header("X-GitHub-Delivery", deliveryId)
                .header("X-Hub-Signature-256", SIGNATURE.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: the process gets no chance to finish anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then waits for the process to end (at most a minute). */
    public boolean stop() throws InterruptedException {
        process.destroy();
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
