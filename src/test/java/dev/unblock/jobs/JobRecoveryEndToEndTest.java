package dev.unblock.jobs;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries survive the process: queued ones run after a restart, once; a dead run is revived; stale ones skip. */
class JobRecoveryEndToEndTest {
    @TempDir
    Path dir;
    FakeGitHub github;
    RemoteRepo remote;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
        remote = new RemoteRepo(dir.resolve("remote"));
        for (int pr : new int[] {2, 3}) {
            github.stubEarlierReview(pr, List.of());
            github.stubReviewAnswer(pr);
        }
        github.stubCheckRunAnswer();
    }

    @AfterEach
    void stop() {
        remote.close();
        github.close();
    }

    @Test
    void queuedJobsRunOnceAfterARestartAndASupersededOneIsSkipped() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String first = remote.commit("changes", Map.of("a.py", "import time\ndef a():\n    time.sleep(1)\n"), "one");
        String second = remote.commit("changes", Map.of("b.py", "import time\ndef b():\n    time.sleep(2)\n"), "two");
        remote.pullRef(2, second);
        remote.pullRef(3, first);

        Path data = dir.resolve("data");
        try (TestApp down = TestApp.start(data, github.url(), new SleepEngine(), TestApp.fastTuning().withWorkers(false))) {
            down.deliver("pull_request", "old-head", Payloads.pullRequest("opened", 2, first, base, remote.url()));
            down.deliver("pull_request", "new-head", Payloads.pullRequest("synchronize", 2, second, base, remote.url()));
            down.deliver("pull_request", "other-pr", Payloads.pullRequest("opened", 3, first, base, remote.url()));
            // The process "dies" holding the other PR's job: picked by a host whose heartbeat stopped long ago.
            markPickedByADeadHost(down.app.dataSource(), "other-pr");
        }
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).isEmpty();

        SleepEngine engine = new SleepEngine();
        try (TestApp up = TestApp.start(data, github.url(), engine, TestApp.fastTuning())) {
            assertThat(up.awaitFinished("old-head")).isEqualTo("skipped");
            assertThat(up.awaitFinished("new-head")).isEqualTo("done");
            assertThat(up.awaitFinished("other-pr")).isEqualTo("done");
        }
        List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
        assertThat(reviews).hasSize(1);
        assertThat(github.json(reviews.get(0)).get("commit_id").asText()).isEqualTo(second);
        assertThat(github.requests("POST", REPO + "/pulls/3/reviews")).hasSize(1);
        assertThat(engine.runs.get()).isEqualTo(2);
    }

    static void markPickedByADeadHost(DataSource dataSource, String deliveryId) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update scheduled_tasks set picked = true, picked_by = 'dead-host',"
                     + " last_heartbeat = ?, version = version + 1 where task_instance = ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now().minusSeconds(3600)));
            s.setString(2, deliveryId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
