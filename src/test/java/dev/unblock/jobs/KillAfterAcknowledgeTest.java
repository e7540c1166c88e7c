package dev.unblock.jobs;

import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.LocalPostgres;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 202 means the delivery is on disk: the real {@code unblock serve} is killed with SIGKILL at random moments
 * right after answering 202s, many times over, on the embedded H2 database and on PostgreSQL; after the last
 * restart every acknowledged delivery has been processed exactly once (one review per pull request, GitHub's
 * stand-in remembering the reviews as GitHub does), and the queue works: nothing is left locked or stuck.
 */
class KillAfterAcknowledgeTest {
    static final int ROUNDS = Integer.getInteger("unblock.killRounds", 8);
    static final int PER_ROUND = 5;

    @TempDir
    Path dir;

    @Test
    void acknowledgedDeliveriesSurviveKillNineOnH2() throws Exception {
        Path data = dir.resolve("data");
        killRepeatedly("h2", data, null, ids -> statusesInH2(data, ids));
    }

    @Test
    void acknowledgedDeliveriesSurviveKillNineOnPostgres() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.startOrSkip()) {
            killRepeatedly("pg", dir.resolve("data"), postgres.jdbcUrl(), ids -> statuses(postgres.jdbcUrl(), ids));
        }
    }

    interface Statuses {
        Map<String, String> of(List<String> ids) throws Exception;
    }

    void killRepeatedly(String name, Path data, String databaseUrl, Statuses statuses) throws Exception {
        long seed = Long.getLong("unblock.killSeed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> env = Map.of("UNBLOCK_HEARTBEAT_SECONDS", "1", "UNBLOCK_WORKERS", "2");
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"))) {
            github.stubRememberedReviews();
            github.stubCheckRunAnswer();
            String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
            Map<String, Integer> acknowledged = new LinkedHashMap<>();
            Map<String, byte[]> bodies = new LinkedHashMap<>();
            List<String> unanswered = new ArrayList<>();
            int pr = 0;
            List<String> kills = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Map<Integer, byte[]> payloads = new LinkedHashMap<>();
                for (int i = 0; i < PER_ROUND; i++) {
                    int n = ++pr;
                    remote.checkout("master");
                    String head = remote.commit("pr-" + n, Map.of("app/w" + n + ".py",
                            "import time\n\n\ndef work" + n + "():\n    time.sleep(" + n + ")\n"), "pr " + n);
                    remote.pullRef(n, head);
                    payloads.put(n, Fixtures.JSON.writeValueAsBytes(Payloads.pullRequest("opened", n, head, base, remote.url())));
                }
                try (ServeProcess serve = ServeProcess.start(name + "-round-" + round, github.url(), data, databaseUrl, env)) {
                    serve.awaitReady();
                    int killAfter = 1 + random.nextInt(PER_ROUND);
                    int delayMillis = random.nextInt(300);
                    int answered = 0;
                    Thread killer = null;
                    for (Map.Entry<Integer, byte[]> p : payloads.entrySet()) {
                        String id = name + "-" + p.getKey();
                        try {
                            HttpResponse<String> answer = serve.deliver("pull_request", id, p.getValue());
                            assertThat(answer.statusCode()).as(id).isEqualTo(202);
                            assertThat(answer.body()).as(id).isEqualTo("queued\n");
                            acknowledged.put(id, p.getKey());
                            bodies.put(id, p.getValue());
                        } catch (IOException killed) {
                            unanswered.add(id);
                            continue;
                        }
                        if (++answered == killAfter) {
                            killer = new Thread(() -> {
                                try {
                                    Thread.sleep(delayMillis);
                                    serve.kill();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });
                            killer.start();
                        }
                    }
                    killer.join();
                    kills.add(killAfter + "+" + delayMillis + "ms");
                }
            }
            System.out.printf("%s: seed %d, %d rounds, killed after the n-th 202 + delay: %s; %d acknowledged, %d unanswered%n",
                    name, seed, ROUNDS, kills, acknowledged.size(), unanswered.size());

            long restarted = System.nanoTime();
            try (ServeProcess last = ServeProcess.start(name + "-last", github.url(), data, databaseUrl, env)) {
                last.awaitReady();
                long ready = System.nanoTime();
                // GitHub's content rate limit (80 a minute; each job posts a review and a check run) paces the jobs.
                long deadline = System.nanoTime() + (60 + 3L * acknowledged.size()) * 1_000_000_000L;
                while (System.nanoTime() < deadline && !allReviewed(github, acknowledged)) {
                    Thread.sleep(100);
                }
                long reviewed = System.nanoTime();
                System.out.printf("%s: after the last restart, ready in %.1f s, every acknowledged delivery reviewed %.1f s later%n",
                        name, (ready - restarted) / 1e9, (reviewed - ready) / 1e9);
                // A redelivery of an acknowledged id is recognised: its row was on disk.
                String first = acknowledged.keySet().iterator().next();
                assertThat(last.deliver("pull_request", first, bodies.get(first)).body()).isEqualTo("duplicate\n");
                Thread.sleep(500); // let the last check runs be recorded as done
                assertThat(last.stop()).isTrue();
                String output = last.output();
                assertThat(output).doesNotContain("Timeout trying to lock").doesNotContain("Exception in thread");
            }
            Map<String, String> status = statuses.of(new ArrayList<>(acknowledged.keySet()));
            if (!allReviewed(github, acknowledged) && databaseUrl == null) {
                Path kept = Path.of("target", "kill-data-" + name);
                org.eclipse.jgit.util.FileUtils.delete(kept.toFile(), org.eclipse.jgit.util.FileUtils.RECURSIVE
                        | org.eclipse.jgit.util.FileUtils.SKIP_MISSING);
                copy(data.resolve("db"), kept);
                System.out.println(name + ": kept the database in " + kept + " for a look");
            }
            assertThat(status).as("status of every acknowledged delivery (seed %d)", seed)
                    .hasSize(acknowledged.size()).allSatisfy((id, s) -> assertThat(s).as(id).isEqualTo("done"));
            for (Map.Entry<String, Integer> a : acknowledged.entrySet()) {
                assertThat(github.requests("POST", REPO + "/pulls/" + a.getValue() + "/reviews"))
                        .as("reviews of acknowledged delivery %s (seed %d)", a.getKey(), seed).hasSize(1);
            }
            for (int n = 1; n <= pr; n++) {
                assertThat(github.requests("POST", REPO + "/pulls/" + n + "/reviews")).as("reviews of #" + n).hasSizeLessThanOrEqualTo(1);
            }
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.nio.file.Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
    }

    static boolean allReviewed(FakeGitHub github, Map<String, Integer> acknowledged) {
        return acknowledged.values().stream().allMatch(n -> !github.requests("POST", REPO + "/pulls/" + n + "/reviews").isEmpty());
    }

    static Map<String, String> statusesInH2(Path data, List<String> ids) throws Exception {
        return statuses("jdbc:h2:file:" + data.toAbsolutePath().resolve("db").resolve("unblock")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;USER=sa;PASSWORD=", ids);
    }

    static Map<String, String> statuses(String url, List<String> ids) throws Exception {
        Map<String, String> status = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement s = c.prepareStatement("select status from deliveries where id = ?")) {
            for (String id : ids) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    status.put(id, r.next() ? r.getString(1) : "missing");
                }
            }
        }
        return status;
    }
}
