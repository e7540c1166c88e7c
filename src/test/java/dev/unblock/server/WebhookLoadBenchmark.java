package dev.unblock.server;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.unblock.testing.FakeGitHub.REPO;

/**
 * A benchmark, not a test (it asserts nothing and is skipped unless asked for):
 * {@code mvn -B -q test -Dtest=WebhookLoadBenchmark -Dunblock.bench=true}. It prints
 * (1) the time from delivery to review posted for a pull request touching 10 files of a 50,000-line repository
 * (cold cache, then warm), and (2) webhook acknowledgement latency p50/p99 at a steady rate of signed
 * deliveries while those deliveries' jobs run. WireMock is GitHub; the engine is the test's SleepEngine.
 */
@EnabledIfSystemProperty(named = "unblock.bench", matches = "true")
class WebhookLoadBenchmark {
    static final int FILES = 50;
    static final int LINES = 1000;
    static final int RATE_PER_SECOND = Integer.getInteger("unblock.bench.rate", 50);
    static final int SECONDS = Integer.getInteger("unblock.bench.seconds", 20);

    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"));
             TestApp app = TestApp.start(dir.resolve("data"), github.url(), new SleepEngine(), TestApp.defaultsForBench())) {
            Map<String, String> files = new HashMap<>();
            for (int f = 0; f < FILES; f++) {
                StringBuilder text = new StringBuilder("import time\n\n\n");
                for (int l = 3; l < LINES; l++) {
                    text.append("VALUE_").append(l).append(" = ").append(l * f).append('\n');
                }
                files.put("pkg/module_" + f + ".py", text.toString());
            }
            String base = remote.commit("master", files, "50k lines");
            Map<String, String> touched = new HashMap<>();
            for (int f = 0; f < 10; f++) {
                touched.put("pkg/module_" + f + ".py", files.get("pkg/module_" + f + ".py") + "\n\ndef pause_" + f
                        + "():\n    time.sleep(" + f + ")\n");
            }
            String head = remote.commit("changes", touched, "touch 10 files");
            for (int pr = 1; pr <= 200; pr++) {
                remote.pullRef(pr, head);
                github.stubEarlierReview(pr, List.of());
                github.stubReviewAnswer(pr);
            }
            github.stubCheckRunAnswer();

            for (int run = 1; run <= 3; run++) {
                long sent = System.currentTimeMillis();
                app.deliver("pull_request", "bench-review-" + run, Payloads.pullRequest("opened", run, head, base, remote.url()));
                app.awaitFinished("bench-review-" + run);
                LoggedRequest review = github.requests("POST", REPO + "/pulls/" + run + "/reviews").get(0);
                System.out.printf("delivery -> review posted, 10 of 50 files (%d lines), %s cache: %d ms%n",
                        FILES * LINES, run == 1 ? "cold" : "warm", review.getLoggedDate().getTime() - sent);
            }

            // Steady load: PR synchronize deliveries for PRs 10..200, each a real job (most superseded later).
            int total = RATE_PER_SECOND * SECONDS;
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            ExecutorService senders = Executors.newFixedThreadPool(8);
            List<Future<?>> sent = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / RATE_PER_SECOND;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int pr = 10 + i % 190;
                String id = "bench-load-" + i;
                sent.add(senders.submit(() -> {
                    long t0 = System.nanoTime();
                    app.deliver("pull_request", id, Payloads.pullRequest("synchronize", pr, head, base, remote.url()));
                    latencies.add(System.nanoTime() - t0);
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("webhook ack latency at %d deliveries/s for %d s (%d deliveries, jobs running): "
                            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", RATE_PER_SECOND, SECONDS, sorted.size(),
                    sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
                    sorted.get(sorted.size() - 1) / 1e6);
        }
    }
}
