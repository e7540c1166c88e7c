package dev.unblock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unblock.github.TestKeys;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logs of the real {@code unblock serve} process, as an operator's log collector sees them: JSON lines on request
 * (every line an object with the fields a collector indexes), the level setting, libraries only from WARN up, the
 * settings as key=value, and never the webhook secret, the private key, a token or a JWT — at the most verbose level.
 */
class ServeLogsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Loggers of libraries that chatter at start-up and shutdown (INFO) unless kept at WARN. */
    private static final List<String> LIBRARIES = List.of("org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.flywaydb",
            "com.github.kagkarlsson", "org.eclipse.jgit", "org.h2", "org.kohsuke", "wiremock", "com.github.tomakehurst");

    @TempDir
    Path dir;

    @Test
    void jsonLogsAtDebugCarryTheJobsFieldsKeepLibrariesQuietAndNeverTheSecretsKeyOrTokens() throws Exception {
        List<String> lines;
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"))) {
            github.wm.stubFor(get(urlPathMatching(REPO + "/pulls/\\d+/(comments|reviews)")).willReturn(okJson("[]")));
            github.wm.stubFor(post(urlPathMatching(REPO + "/pulls/\\d+/reviews")).willReturn(okJson("{\"id\":80}")));
            github.stubCheckRunAnswer();
            String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
            String head = remote.commit("pr-1", Map.of("app/w.py", "import time\n\n\ndef work():\n    time.sleep(1)\n"), "pr");
            remote.pullRef(1, head);
            byte[] payload = Fixtures.JSON.writeValueAsBytes(Payloads.pullRequest("opened", 1, head, base, remote.url()));
            try (ServeProcess serve = ServeProcess.start("json-logs", github.url(), dir.resolve("data"), null,
                    Map.of("UNBLOCK_LOG_FORMAT", "json", "UNBLOCK_LOG_LEVEL", "debug"))) {
                serve.awaitReady();
                assertThat(serve.deliver("pull_request", "log-1", payload).statusCode()).isEqualTo(202);
                HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port + "/webhook"))
                        .header("X-GitHub-Event", "push").header("X-GitHub-Delivery", "forged-id")
                        .header("X-Hub-Signature-256", "sha256=00")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"evil\":true}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(401);
                for (int i = 0; i < 1200 && !serve.output().contains("outcome=done"); i++) {
                    Thread.sleep(100);
                }
                assertThat(github.requests("POST", REPO + "/pulls/1/reviews")).hasSize(1);
                assertThat(serve.stop()).isTrue();
                lines = serve.output().lines().toList();
                String all = serve.output();
                String pemBody = TestKeys.pkcs1Pem().lines().filter(l -> !l.startsWith("-----")).skip(3).findFirst().orElseThrow();
                assertThat(all).doesNotContain(ServeProcess.SECRET).doesNotContain("PRIVATE KEY").doesNotContain(pemBody)
                        .doesNotContain("ghs_").doesNotContain("Bearer").doesNotContain("eyJhbGciOi")
                        .doesNotContain("evil").doesNotContain("forged-id");
            }
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines) {
            JsonNode event = Fixtures.JSON.readTree(line); // every line is one JSON object
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.has("@timestamp") && event.has("level") && event.has("logger_name") && event.has("message")
                    && event.has("thread_name")).as(line).isTrue();
            events.add(event);
        }
        for (JsonNode e : events) {
            String logger = e.path("logger_name").asText();
            if (LIBRARIES.stream().anyMatch(logger::startsWith)) {
                assertThat(Set.of("WARN", "ERROR")).as(e.toString()).contains(e.path("level").asText());
            }
        }
        JsonNode started = events.stream().filter(e -> e.path("message").asText().startsWith("unblock serve: listening"))
                .findFirst().orElseThrow();
        assertThat(started.path("message").asText()).matches("unblock serve: listening port=\\d+ app_id=4242 api_url=http://127\\.0\\.0\\.1:\\d+"
                + " data_dir=\\S+ database=h2:\\S+ content_limit_per_minute=80 content_limit_per_hour=500 workers=4"
                + " heartbeat_seconds=30 log_format=json log_level=debug");
        assertThat(started.path("app_id").asText()).isEqualTo("4242");
        assertThat(started.path("log_format").asText()).isEqualTo("json");
        JsonNode delivery = events.stream().filter(e -> e.path("message").asText().startsWith("delivery log-1 ")).findFirst().orElseThrow();
        assertThat(delivery.path("delivery").asText()).isEqualTo("log-1");
        assertThat(delivery.path("event").asText()).isEqualTo("pull_request");
        assertThat(delivery.path("action").asText()).isEqualTo("opened");
        assertThat(delivery.path("outcome").asText()).isEqualTo("queued");
        assertThat(delivery.path("status").asInt()).isEqualTo(202);
        JsonNode done = events.stream().filter(e -> e.path("message").asText().contains("outcome=done")).findFirst().orElseThrow();
        assertThat(done.path("delivery").asText()).isEqualTo("log-1");
        assertThat(done.path("event").asText()).isEqualTo("pull_request");
        assertThat(done.path("repository").asText()).isEqualTo("Codertocat/Hello-World");
        assertThat(done.path("level").asText()).isEqualTo("INFO");
    }

    @Test
    void atWarnTheStartUpAndDeliveryLinesAreLeftOutAndTextLinesCarryTimeAndLevel() throws Exception {
        try (FakeGitHub github = new FakeGitHub();
             ServeProcess serve = ServeProcess.start("warn-logs", github.url(), dir.resolve("data"), null,
                     Map.of("UNBLOCK_LOG_LEVEL", "warn"))) {
            serve.awaitReady();
            assertThat(serve.deliver("installation", "warn-1", Fixtures.JSON.writeValueAsBytes(
                    Fixtures.webhook("installation/created.payload.json"))).statusCode()).isEqualTo(202);
            assertThat(serve.stop()).isTrue();
            // A clean start, a delivery and a clean stop (SIGTERM) warn about nothing: no line at all.
            assertThat(serve.output()).isEmpty();
        }
        try (FakeGitHub github = new FakeGitHub();
             ServeProcess serve = ServeProcess.start("text-logs", github.url(), dir.resolve("data2"), null, Map.of())) {
            serve.awaitReady();
            assertThat(serve.stop()).isTrue();
            List<String> lines = serve.output().lines().toList();
            assertThat(lines).isNotEmpty().allSatisfy(l -> assertThat(l)
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z (INFO |WARN |ERROR|DEBUG) \\[[^]]+] \\S+ - .*"));
            assertThat(lines).anyMatch(l -> l.contains("INFO  [main] dev.unblock.server.Service - unblock serve: listening port="));
            assertThat(lines).noneMatch(l -> LIBRARIES.stream().anyMatch(lib -> l.contains("] " + lib)) && l.contains(" INFO "));
        }
    }
}
