package dev.unblock.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unblock.migrate.Migration;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The door: what is refused, what is dropped, what is stored and queued. Workers are off, so nothing runs. */
class WebhookIngressTest {
    @TempDir
    static Path dataDir;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start(dataDir, "http://127.0.0.1:9", (p, c, cfg) -> new Migration(List.of(), List.of(), List.of()),
                TestApp.fastTuning().withWorkers(false));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void storesAndQueuesAPullRequestOnceEvenWhenRedelivered() throws Exception {
        ObjectNode payload = Fixtures.webhook("pull_request/opened.payload.json");
        HttpResponse<String> first = app.deliver("pull_request", "delivery-pr-1", payload);
        HttpResponse<String> again = app.deliver("pull_request", "delivery-pr-1", payload);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("queued\n");
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.body()).isEqualTo("duplicate\n");
        assertThat(app.app.store().queuedIds()).containsOnlyOnce("delivery-pr-1");
    }

    @Test
    void refusesABadSignatureBeforeLookingAtTheBody() throws Exception {
        byte[] body = "not even json".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> wrong = app.post(body, "sha256=" + "0".repeat(64), "push", "d-bad-sig");
        HttpResponse<String> missing = app.post(body, null, "push", "d-no-sig");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(app.app.store().find("d-bad-sig")).isEmpty();
    }

    @Test
    void refusesMissingEventOrDeliveryHeaders() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(app.post(body, app.sign(body), null, "d-1").statusCode()).isEqualTo(400);
        assertThat(app.post(body, app.sign(body), "push", null).statusCode()).isEqualTo(400);
    }

    @Test
    void refusesMalformedJson() throws Exception {
        byte[] body = "{\"action\": ".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = app.post(body, app.sign(body), "pull_request", "d-malformed");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(app.app.store().find("d-malformed")).isEmpty();
    }

    @Test
    void acknowledgesEventsAndActionsItDoesNotHandleWithoutQueueing() throws Exception {
        assertThat(app.deliver("check_run", "d-check", Fixtures.webhook("check_run/rerequested.payload.json")).body())
                .isEqualTo("ignored\n");
        assertThat(app.deliver("pull_request", "d-closed", Fixtures.webhook("pull_request/closed.payload.json")).body())
                .isEqualTo("ignored\n");
        // A tag deletion, and a push from a plain repository webhook (no installation).
        assertThat(app.deliver("push", "d-tag", Fixtures.webhook("push/with-installation.payload.json")).body())
                .isEqualTo("ignored\n");
        assertThat(app.deliver("push", "d-nohook", Fixtures.webhook("push/payload.json")).body()).isEqualTo("ignored\n");
        assertThat(app.app.store().find("d-check")).isEmpty();
        assertThat(app.app.store().find("d-tag")).isEmpty();
    }

    @Test
    void refusesBodiesOver25Megabytes() throws Exception {
        byte[] body = new byte[25 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpResponse<String> response = app.post(body, app.sign(body), "push", "d-huge");
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void servesTheRuleDocsThatReviewCommentsLinkTo() throws Exception {
        HttpResponse<String> page = app.get("/rules/UB101");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).startsWith("<!doctype html>").contains("<title>UB101 requests-to-httpx · Unblock</title>")
                .contains("<h1>UB101 requests-to-httpx</h1>").contains("<h2>Fix safety</h2>")
                .contains("<a href=\"https://www.python-httpx.org/compatibility/\">httpx: Requests compatibility</a>")
                .contains("<pre><code class=\"language-python\">");
        HttpResponse<String> doc = app.get("/rules/UB101.md");
        assertThat(doc.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
        assertThat(doc.body()).startsWith("# UB101 requests-to-httpx").contains("## Fix safety");
        assertThat(app.get("/rules/UB999.md").statusCode()).isEqualTo(404);
        assertThat(app.get("/rules/UB999").statusCode()).isEqualTo(404);
        assertThat(app.get("/rules/..%2Fsecrets").statusCode()).isEqualTo(404);
    }

    @Test
    void answersHealthAndReadiness() throws Exception {
        assertThat(app.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
        assertThat(app.get("/metrics").body()).contains("unblock_webhook_deliveries");
    }

    @Test
    void refusesAHandledEventThatLacksAFieldItNeeds() throws Exception {
        ObjectNode payload = Fixtures.webhook("pull_request/opened.payload.json");
        ((ObjectNode) payload.get("pull_request").get("head")).remove("sha");
        HttpResponse<String> response = app.deliver("pull_request", "d-no-head", payload);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("payload lacks /pull_request/head/sha\n");
        assertThat(app.app.store().find("d-no-head")).isEmpty();
    }

    @Test
    void refusesAnOversizedBodySentWithoutALength() throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        java.util.function.Supplier<java.io.InputStream> body = () -> new java.io.SequenceInputStream(
                java.util.Collections.enumeration(java.util.stream.IntStream.range(0, 26)
                        .mapToObj(i -> (java.io.InputStream) new java.io.ByteArrayInputStream(chunk)).toList()));
        HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + app.app.port() + "/webhook"))
                .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", "d-chunked")
                .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void answers503AndStoresNothingWhenTheDatabaseIsDown(@TempDir Path otherDir) throws Exception {
        TestApp broken = TestApp.start(otherDir, "http://127.0.0.1:9", (p, c, cfg) -> new Migration(List.of(), List.of(), List.of()),
                TestApp.fastTuning().withWorkers(false));
        try {
            try (java.sql.Connection c = broken.app.dataSource().getConnection(); java.sql.Statement s = c.createStatement()) {
                s.execute("drop table deliveries cascade"); // any SQL failure stands for a database that is down
            }
            HttpResponse<String> response = broken.deliver("pull_request", "d-down", Fixtures.webhook("pull_request/opened.payload.json"));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("database unavailable\n");
        } finally {
            broken.close();
        }
    }
}
