package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unblock.github.PrivateKeyPem;
import dev.unblock.github.TestKeys;
import dev.unblock.github.WebhookSignature;
import dev.unblock.jobs.Tuning;
import dev.unblock.migrate.MigrationEngine;
import dev.unblock.server.Settings;
import dev.unblock.server.UnblockApp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/** The real service on a random port, with fast queue timings, and a client that signs like GitHub does. */
public final class TestApp implements AutoCloseable {
    public static final String SECRET = "test-webhook-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final UnblockApp app;
    private final WebhookSignature signature = new WebhookSignature(SECRET.getBytes(StandardCharsets.UTF_8));

    private TestApp(UnblockApp app) {
        this.app = app;
    }

    public static Tuning fastTuning() {
        return new Tuning(Duration.ofMillis(100), Duration.ofMillis(500), 4, 2,
                Duration.ofMillis(200), 4, Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofMinutes(2), true);
    }

    /** Production timings, except a quicker poll so the first job is not waiting on the poll interval. */
    public static Tuning defaultsForBench() {
        Tuning d = Tuning.defaults();
        return new Tuning(Duration.ofMillis(200), d.heartbeatInterval(), d.missedHeartbeats(), d.threads(), d.retryBase(),
                d.maxAttempts(), d.busyWait(), d.leaseTtl(), d.jobTimeout(), true);
    }

    public static TestApp start(Path dataDir, String apiUrl, MigrationEngine engine, Tuning tuning) throws Exception {
        return start(dataDir, apiUrl, engine, tuning, null);
    }

    /** As above, on PostgreSQL when {@code databaseUrl} is given. */
    public static TestApp start(Path dataDir, String apiUrl, MigrationEngine engine, Tuning tuning, String databaseUrl)
            throws Exception {
        Settings settings = new Settings("4242", PrivateKeyPem.parse(TestKeys.pkcs1Pem()),
                SECRET.getBytes(StandardCharsets.UTF_8), URI.create(apiUrl), 0, dataDir, databaseUrl);
        return new TestApp(UnblockApp.start(settings, engine, tuning, Clock.systemUTC()));
    }

    public HttpResponse<String> deliver(String event, JsonNode payload) throws IOException, InterruptedException {
        return deliver(event, UUID.randomUUID().toString(), payload);
    }

    public HttpResponse<String> deliver(String event, String deliveryId, JsonNode payload) throws IOException, InterruptedException {
        byte[] body = Fixtures.JSON.writeValueAsBytes(payload);
        return post(body, signature.sign(body), event, deliveryId);
    }

    /** A raw POST /webhook; null headers are left out. */
    public HttpResponse<String> post(byte[] body, String signatureHeader, String event, String deliveryId)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhook"))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/test")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                // A large body waits for "100 Continue", so a refusal (413) arrives before the upload and is
                // read, instead of racing the server closing the connection mid-upload.
                .expectContinue(body.length > 1_000_000);
        if (signatureHeader != null) {
            request.header("X-Hub-Signature-256", signatureHeader);
        }
        if (event != null) {
            request.header("X-GitHub-Event", event);
        }
        if (deliveryId != null) {
            request.header("X-GitHub-Delivery", deliveryId);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public String sign(byte[] body) {
        return signature.sign(body);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    /** Polls (without asserting on time) until the delivery reached a final status; gives up after a minute. */
    public String awaitFinished(String deliveryId) throws Exception {
        for (int i = 0; i < 1200; i++) {
            String status = app.store().status(deliveryId);
            if (status != null && !status.equals("queued")) {
                return status;
            }
            Thread.sleep(50);
        }
        return app.store().status(deliveryId);
    }

    @Override
    public void close() {
        app.close();
    }
}
