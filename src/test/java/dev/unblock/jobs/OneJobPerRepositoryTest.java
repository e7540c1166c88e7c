package dev.unblock.jobs;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/** Two pull requests of one repository, two worker threads: the second job waits (rescheduled) for the first. */
class OneJobPerRepositoryTest {
    @TempDir
    Path dir;

    /** Holds the first migration until released, and records how many ran at once. */
    static final class GatedEngine implements MigrationEngine {
        final SleepEngine inner = new SleepEngine();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config) throws IOException {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                entered.countDown();
                release.await();
                return inner.migrate(project, changes, config);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    @Test
    void jobsForOneRepositoryRunOneAtATime() throws Exception {
        GatedEngine engine = new GatedEngine();
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"));
             TestApp app = TestApp.start(dir.resolve("data"), github.url(), engine, TestApp.fastTuning())) {
            String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
            String head = remote.commit("changes", Map.of("a.py", "import time\ndef a():\n    time.sleep(1)\n"), "work");
            for (int pr : new int[] {2, 3}) {
                remote.pullRef(pr, head);
                github.stubEarlierReview(pr, List.of());
                github.stubReviewAnswer(pr);
            }
            github.stubCheckRunAnswer();

            app.deliver("pull_request", "first", Payloads.pullRequest("opened", 2, head, base, remote.url()));
            engine.entered.await();
            app.deliver("pull_request", "second", Payloads.pullRequest("opened", 3, head, base, remote.url()));
            boolean waited = false;
            for (int i = 0; i < 1200 && !waited; i++) { // the second job finds the repository busy and is put back
                waited = app.get("/metrics").body().contains("unblock_jobs_total{outcome=\"rescheduled\"}");
                Thread.sleep(waited ? 0 : 50);
            }
            assertThat(waited).as("the second job was rescheduled while the first ran").isTrue();
            engine.release.countDown();

            assertThat(app.awaitFinished("first")).isEqualTo("done");
            assertThat(app.awaitFinished("second")).isEqualTo("done");
            assertThat(engine.mostAtOnce.get()).isEqualTo(1);
            assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(1);
            assertThat(github.requests("POST", REPO + "/pulls/3/reviews")).hasSize(1);
        }
    }
}
