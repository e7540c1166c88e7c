package dev.unblock.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.migrate.Engine;
import dev.unblock.migrate.MigrationEngine;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures sorted by whether time can fix them, through the real server: a permanent one ends its job at once and
 * says why where it can; a failing or stuck job holds the later jobs of its repository back for one attempt (or its
 * time limit) at most; oversized input is reported, not retried. Each case prints how long its job took.
 */
class JobFailuresEndToEndTest {
    @TempDir
    Path dir;
    FakeGitHub github;
    RemoteRepo remote;
    TestApp app;
    String base;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;

    /** Fast timings, but a retry only after five seconds: long enough to see who runs in the meantime. */
    static dev.unblock.jobs.Tuning tuning() {
        dev.unblock.jobs.Tuning fast = TestApp.fastTuning();
        return new dev.unblock.jobs.Tuning(fast.pollingInterval(), fast.heartbeatInterval(), fast.missedHeartbeats(), 2,
                Duration.ofSeconds(5), 3, Duration.ofSeconds(1), fast.leaseTtl(), fast.jobTimeout(), true);
    }

    void start(MigrationEngine engine) throws Exception {
        start(engine, tuning());
    }

    void start(MigrationEngine engine, dev.unblock.jobs.Tuning tuning) throws Exception {
        System.setErr(new PrintStream(new org.apache.commons.io.output.TeeOutputStream(originalErr, log), true));
        github = new FakeGitHub();
        remote = new RemoteRepo(dir.resolve("remote"));
        app = TestApp.start(dir.resolve("data"), github.url(), engine, tuning);
        github.stubCheckRunAnswer();
        base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
    }

    @BeforeEach
    void noop() {
    }

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        if (app != null) {
            app.close();
            remote.close();
            github.close();
        }
    }

    /** A pull request #n adding one file that sleeps, delivered now; returns the delivery id. */
    String pullRequest(int n) throws Exception {
        remote.checkout("master");
        String head = remote.commit("pr-" + n, Map.of("app/w" + n + ".py", "import time\n\n\ndef w():\n    time.sleep(" + n + ")\n"), "w");
        remote.pullRef(n, head);
        github.stubEarlierReview(n, List.of());
        github.stubReviewAnswer(n);
        String id = "pr-" + n;
        app.deliver("pull_request", id, Payloads.pullRequest("opened", n, head, base, remote.url()));
        return id;
    }

    List<String> logLines() {
        return log.toString(StandardCharsets.UTF_8).lines().toList();
    }

    static long since(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aDeliveryForAnInstallationThatIsGoneEndsAtOnceAndTheNextOneOfItsRepositoryRuns() throws Exception {
        start(new SleepEngine());
        github.wm.stubFor(post(urlPathEqualTo("/app/installations/99/access_tokens")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Not Found\"}")));
        remote.checkout("master");
        String head = remote.commit("gone", Map.of("app/g.py", "import time\n"), "gone");
        remote.pullRef(2, head);
        ObjectNode payload = Payloads.pullRequest("opened", 2, head, base, remote.url());
        ((ObjectNode) payload.get("installation")).put("id", 99);
        long start = System.nanoTime();
        app.deliver("pull_request", "gone", payload);
        String next = pullRequest(3);
        assertThat(app.awaitFinished("gone")).isEqualTo("failed");
        long failedAfter = since(start);
        assertThat(app.awaitFinished(next)).isEqualTo("done");
        long nextAfter = since(start);

        assertThat(github.requests("POST", "/app/installations/99/access_tokens")).hasSize(1); // not retried
        assertThat(logLines()).anyMatch(l -> l.contains("job gone repository=Codertocat/Hello-World outcome=failed (not retried):"
                + " GitHub answered 404: GitHub refused an installation token for installation 99: HTTP 404 (the App is not installed"
                + " there, or no longer)"));
        assertThat(github.requests("POST", REPO + "/pulls/3/reviews")).hasSize(1);
        System.out.printf("failures: token 404 ended its job in %,d ms; the next job of the repository was done %,d ms after the first delivery%n",
                failedAfter, nextAfter);
    }

    @Test
    void aJobThatKeepsFailingStepsAsideAndLaterJobsOfItsRepositoryRunMeanwhile() throws Exception {
        start(new SleepEngine());
        String failing = pullRequest(2);
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/pulls/2/reviews")).atPriority(1).willReturn(aResponse().withStatus(503)));
        long start = System.nanoTime();
        String later = pullRequest(3);
        assertThat(app.awaitFinished(later)).isEqualTo("done");
        long laterAfter = since(start);
        // The failing job had one attempt before the later one ran; its retry (5 s later) had not come yet.
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(1);
        assertThat(app.app.store().status(failing)).isEqualTo("queued");
        assertThat(app.awaitFinished(failing)).isEqualTo("failed");
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(tuning().maxAttempts());
        assertThat(logLines()).anyMatch(l -> l.contains("job pr-2 repository=Codertocat/Hello-World outcome=retry (attempt 1 failed)"));
        System.out.printf("failures: behind a job failing with 503, the next job of the repository was done %,d ms after its delivery%n",
                laterAfter);
    }

    @Test
    void aStuckJobIsAbandonedAtItsTimeLimitAndSaysSoAndTheNextJobRuns() throws Exception {
        start(new SleepEngine(), tuning().withJobTimeout(Duration.ofSeconds(15)));
        String stuck = pullRequest(4);
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/4/comments")).atPriority(1).willReturn(okJson("[]").withFixedDelay(60_000)));
        long start = System.nanoTime();
        String next = pullRequest(5);
        assertThat(app.awaitFinished(stuck)).isEqualTo("failed");
        long stuckAfter = since(start);
        assertThat(app.awaitFinished(next)).isEqualTo("done");
        long nextAfter = since(start);
        assertThat(stuckAfter).isLessThan(45_000);
        assertThat(logLines()).anyMatch(l -> l.contains("job pr-4 repository=Codertocat/Hello-World outcome=failed (not retried):"
                + " the job ran longer than its limit of 15 s"));
        JsonNode check = github.json(github.requests("POST", REPO + "/check-runs").stream()
                .filter(r -> github.json(r).get("conclusion").asText().equals("neutral")).findFirst().orElseThrow());
        assertThat(check.at("/output/summary").asText()).contains("the job ran longer than its limit of 15 s");
        System.out.printf("failures: a stuck job was abandoned %,d ms after its delivery; the next job of the repository was done %,d ms after that delivery%n",
                stuckAfter, nextAfter);
    }

    @Test
    void waitingBehindAnotherJobOfTheRepositoryIsNotLoggedAsAFailure() throws Exception {
        start(new SleepEngine());
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/6/comments")).atPriority(1).willReturn(okJson("[]").withFixedDelay(2_000)));
        String slow = pullRequest(6);
        String waiting = pullRequest(7);
        assertThat(app.awaitFinished(slow)).isEqualTo("done");
        assertThat(app.awaitFinished(waiting)).isEqualTo("done");
        assertThat(app.get("/metrics").body()).containsPattern("unblock_jobs_total\\{outcome=\"rescheduled\"} [1-9]");
        List<String> lines = logLines();
        // (db-scheduler's start-up warning about H2's time zones is not about jobs)
        assertThat(lines).noneMatch(l -> l.contains("WARN") && !l.contains("utc_warning"))
                .noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"))
                .noneMatch(l -> l.contains("job pr-7") && l.contains("rescheduled"));
        assertThat(lines.stream().filter(l -> l.contains("job pr-7 "))).singleElement()
                .satisfies(l -> assertThat(l).contains("outcome=done"));
    }

    @Test
    void anOversizedRequirementsFileIsNamedAsSkippedAndTheJobIsDone() throws Exception {
        start(new Engine());
        remote.checkout("master");
        String requirements = "requests==2.31.0\n" + "# padding\n".repeat(1_300_000); // 13 MB: over JGit's 10 MB read limit too
        String head = remote.commit("big-reqs", Map.of("requirements.txt", requirements,
                "app/client.py", "import requests\n\n\ndef fetch():\n    return requests.get('https://example.com')\n"), "reqs");
        remote.pullRef(8, head);
        github.stubEarlierReview(8, List.of());
        github.stubReviewAnswer(8);
        long start = System.nanoTime();
        app.deliver("pull_request", "big-reqs", Payloads.pullRequest("opened", 8, head, base, remote.url()));
        assertThat(app.awaitFinished("big-reqs")).isEqualTo("done");
        long after = since(start);
        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        assertThat(checks).hasSize(1);
        assertThat(github.json(checks.get(0)).at("/output/text").asText())
                .contains("### Skipped (not read)\n- `requirements.txt`: 12.4 MB; the limit is 1 MB\n");
        assertThat(logLines()).noneMatch(l -> l.contains("ExceedsLimit"));
        System.out.printf("failures: a 13 MB requirements.txt was named as skipped; the job was done in %,d ms%n", after);
    }
}
