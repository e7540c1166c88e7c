package dev.unblock.jobs;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.github.TestKeys;
import dev.unblock.github.WebhookSignature;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.LocalPostgres;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same schema, queue and store on a real PostgreSQL (UNBLOCK_DATABASE_URL); skipped where there is none. Then
 * two {@code unblock serve} processes (the real command, the real engine) on it: every delivery is processed exactly
 * once whichever replica received it (and a redelivery to the other replica is a duplicate), jobs of one repository
 * never overlap and run in the order their deliveries arrived, and a replica killed (SIGKILL) in the middle of a job
 * has that job finished by the other once its heartbeat is stale.
 */
class PostgresQueueTest {
    static final String SECRET = "two-replicas-secret";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static LocalPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = LocalPostgres.startOrSkip();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void migratesTheSchemaQueuesDeduplicatesAndRunsJobsOnPostgres() throws Exception {
        try (FakeGitHub github = new FakeGitHub();
             TestApp app = TestApp.start(dir, github.url(), new SleepEngine(), TestApp.fastTuning(), postgres.jdbcUrl())) {
            assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(app.deliver("installation", "pg-1", Fixtures.webhook("installation/created.payload.json")).body())
                    .isEqualTo("queued\n");
            assertThat(app.deliver("installation", "pg-1", Fixtures.webhook("installation/created.payload.json")).body())
                    .isEqualTo("duplicate\n");
            assertThat(app.awaitFinished("pg-1")).isEqualTo("done");
            assertThat(app.app.store().repositories(957387)).containsExactly(186853002L);

            RepositoryLeases leases = new RepositoryLeases(app.app.dataSource(), Clock.systemUTC(), Duration.ofMinutes(1));
            assertThat(leases.acquire(1, "a")).isTrue();
            assertThat(leases.acquire(1, "b")).isFalse();
        }
    }

    record Replica(String name, Process process, int port, Path log) {
        String output() throws Exception {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }

    Replica start(String name, FakeGitHub github) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "two-replicas", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "-cp", System.getProperty("java.class.path"), "dev.unblock.cli.Main", "serve")
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("UNBLOCK_APP_ID", "4242");
        env.put("UNBLOCK_PRIVATE_KEY", TestKeys.pkcs1Pem());
        env.put("UNBLOCK_WEBHOOK_SECRET", SECRET);
        env.put("UNBLOCK_GITHUB_API_URL", github.url());
        env.put("UNBLOCK_PORT", Integer.toString(port));
        env.put("UNBLOCK_DATA_DIR", dir.resolve(name).toString());
        env.put("UNBLOCK_DATABASE_URL", postgres.jdbcUrl());
        env.put("UNBLOCK_HEARTBEAT_SECONDS", "1");
        return new Replica(name, builder.start(), port, log);
    }

    static void awaitReady(Replica r) throws Exception {
        for (int i = 0; i < 1200; i++) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            assertThat(r.process().isAlive()).as(r.name() + " died:\n" + r.output()).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError(r.name() + " did not get ready:\n" + r.output());
    }

    static String deliver(Replica r, String id, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + "/webhook"))
                .header("X-GitHub-Event", "pull_request").header("X-GitHub-Delivery", id)
                .header("X-Hub-Signature-256", new WebhookSignature(SECRET.getBytes(StandardCharsets.UTF_8)).sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String query(String sql, String arg) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    static void awaitDone(String deliveryId, int seconds) throws Exception {
        for (int i = 0; i < seconds * 10; i++) {
            if ("done".equals(query("select status from deliveries where id = ?", deliveryId))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(deliveryId + " is " + query("select status from deliveries where id = ?", deliveryId)
                + " after " + seconds + " s");
    }

    @Test
    void twoServeProcessesShareTheQueueProcessEachDeliveryOnceInTurnAndTakeOverAKilledReplicasJob() throws Exception {
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"))) {
            github.wm.stubFor(get(urlPathMatching(REPO + "/pulls/\\d+/(comments|reviews)")).willReturn(okJson("[]")));
            github.wm.stubFor(post(urlPathMatching(REPO + "/pulls/\\d+/reviews")).willReturn(okJson("{\"id\":80}")));
            github.stubCheckRunAnswer();
            String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
            Map<Integer, byte[]> payloads = new HashMap<>();
            for (int n : new int[]{1, 2, 3, 4, 99}) {
                String head = remote.commit("pr-" + n, Map.of("app/w" + n + ".py",
                        "import time\n\n\ndef work" + n + "():\n    time.sleep(" + n + ")\n"), "pr " + n);
                remote.pullRef(n, head);
                payloads.put(n, Fixtures.JSON.writeValueAsBytes(Payloads.pullRequest("opened", n, head, base, remote.url())));
            }

            List<Replica> replicas = new ArrayList<>(List.of(start("replica-a", github), start("replica-b", github)));
            try {
                for (Replica r : replicas) {
                    awaitReady(r); // both ran the Flyway migration against the same database at the same time
                }
                // Each delivery goes to one replica, and is redelivered to the other.
                for (int n = 1; n <= 4; n++) {
                    Replica first = replicas.get(n % 2);
                    Replica second = replicas.get(1 - n % 2);
                    assertThat(deliver(first, "d-" + n, payloads.get(n))).isEqualTo("queued\n");
                    assertThat(deliver(second, "d-" + n, payloads.get(n))).isEqualTo("duplicate\n");
                }
                for (int n = 1; n <= 4; n++) {
                    awaitDone("d-" + n, 120);
                }
                List<long[]> spans = new ArrayList<>();
                for (int n = 1; n <= 4; n++) {
                    List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/" + n + "/reviews");
                    assertThat(reviews).as("reviews of #" + n).hasSize(1);
                    assertThat(github.json(reviews.get(0)).get("comments").toString()).contains("await asyncio.sleep(" + n + ")");
                    List<LoggedRequest> reads = github.requests("GET", REPO + "/pulls/" + n + "/comments");
                    spans.add(new long[]{reads.get(reads.size() - 1).getLoggedDate().getTime(), reviews.get(0).getLoggedDate().getTime()});
                    String job = "job d-" + n + " event=pull_request";
                    int ran = 0;
                    for (Replica r : replicas) {
                        ran += (int) r.output().lines().filter(l -> l.contains(job) && l.contains("outcome=done")).count();
                    }
                    assertThat(ran).as("d-" + n + " done lines over both replicas").isEqualTo(1);
                }
                // One repository: one job at a time across both processes, in the order the deliveries arrived.
                for (int i = 1; i < spans.size(); i++) {
                    assertThat(spans.get(i)[0]).as("#" + (i + 1) + " started after #" + i + " posted").isGreaterThanOrEqualTo(spans.get(i - 1)[1]);
                }

                // Kill the replica that runs d-99 while it waits on GitHub; the other one finishes the job.
                StubMapping stall = github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/99/comments")).atPriority(1)
                        .willReturn(okJson("[]").withFixedDelay(600_000)));
                assertThat(deliver(replicas.get(0), "d-99", payloads.get(99))).isEqualTo("queued\n");
                for (int i = 0; i < 1200 && github.requests("GET", REPO + "/pulls/99/comments").isEmpty(); i++) {
                    Thread.sleep(100);
                }
                assertThat(github.requests("GET", REPO + "/pulls/99/comments")).hasSize(1);
                String pickedBy = query("select picked_by from scheduled_tasks where task_instance = ?", "d-99");
                long pid = Long.parseLong(pickedBy.split("-")[pickedBy.split("-").length - 2]);
                Replica victim = replicas.stream().filter(r -> r.process().pid() == pid).findFirst().orElseThrow();
                Replica survivor = replicas.stream().filter(r -> r != victim).findFirst().orElseThrow();
                victim.process().destroyForcibly();
                assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                long killedAt = System.nanoTime();
                github.wm.removeStub(stall);
                awaitDone("d-99", 120);
                System.out.printf("two replicas: %s killed mid-job; %s finished it %.1f s later%n", victim.name(), survivor.name(),
                        (System.nanoTime() - killedAt) / 1e9);
                assertThat(github.requests("POST", REPO + "/pulls/99/reviews")).hasSize(1);
                assertThat(survivor.output()).containsPattern("job d-99 event=pull_request repository=Codertocat/Hello-World outcome=done");

                // SIGTERM: the survivor stops cleanly.
                survivor.process().destroy();
                assertThat(survivor.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                for (Replica r : replicas) {
                    assertThat(r.output()).doesNotContain(SECRET).doesNotContain("PRIVATE KEY").doesNotContain("ghs_first");
                }
            } finally {
                for (Replica r : replicas) {
                    r.process().destroyForcibly();
                    r.process().waitFor(30, TimeUnit.SECONDS);
                }
            }
        }
    }
}
