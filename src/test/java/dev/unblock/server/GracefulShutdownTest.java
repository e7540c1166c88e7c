package dev.unblock.server;

import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.MigrationEngine;
import dev.unblock.migrate.ProjectSnapshot;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Closing the App (what SIGTERM does) stops accepting deliveries at once and lets the running job finish. */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    /** The tests' engine, slowed down, saying when it started. */
    static final class SlowEngine implements MigrationEngine {
        final CountDownLatch started = new CountDownLatch(1);
        final MigrationEngine engine = new SleepEngine();

        @Override
        public Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config) throws IOException {
            started.countDown();
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return engine.migrate(project, changes, config);
        }
    }

    @Test
    void stopsAcceptingAndFinishesTheRunningJob() throws Exception {
        SlowEngine engine = new SlowEngine();
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"))) {
            TestApp app = TestApp.start(dir.resolve("data"), github.url(), engine, TestApp.fastTuning());
            String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
            String head = remote.commit("changes", Map.of("app/w.py", "import time\ndef w():\n    time.sleep(1)\n"), "w");
            remote.pullRef(2, head);
            github.stubEarlierReview(2, List.of());
            github.stubReviewAnswer(2);
            github.stubCheckRunAnswer();
            app.deliver("pull_request", "shutdown-1", Payloads.pullRequest("opened", 2, head, base, remote.url()));
            assertThat(engine.started.await(60, TimeUnit.SECONDS)).isTrue();

            // a request that reaches the server as it stops may get no answer: it times out and is asked again
            java.net.http.HttpRequest health = java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + app.app.port() + "/healthz"))
                    .timeout(java.time.Duration.ofSeconds(2)).build();
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            Thread closing = new Thread(app::close);
            closing.start();
            Throwable refused = null;
            for (int i = 0; i < 100 && !(refused instanceof ConnectException); i++) {
                Thread.sleep(10);
                refused = catchThrowable(() -> http.send(health, java.net.http.HttpResponse.BodyHandlers.discarding()));
            }
            assertThat(refused).as("new requests are refused while the job still runs").isInstanceOf(ConnectException.class);
            assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).isEmpty(); // the job was still running
            closing.join(60_000);
            assertThat(closing.isAlive()).isFalse();
            assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(1);
            assertThat(github.requests("POST", REPO + "/check-runs")).hasSize(1);
        }
        // The job was recorded as done before the database closed.
        try (TestApp again = TestApp.start(dir.resolve("data"), "http://127.0.0.1:9", new SleepEngine(),
                TestApp.fastTuning().withWorkers(false))) {
            assertThat(again.app.store().status("shutdown-1")).isEqualTo("done");
        }
    }
}
