package dev.unblock.github;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.LocalPostgres;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.ServeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GitHub's content-creation limit holds for all replicas together: two {@code unblock serve} processes on one
 * PostgreSQL, the limit set to 2 a minute. The replica that ran the first job used both slots; the other one, given the
 * next job while the minute is not over, sends nothing and reschedules the job for when the first slot frees up.
 * (Counted per process, as before, the second replica would have posted at once.)
 */
class ContentLimitAcrossReplicasTest {
    private static final Pattern RESCHEDULED = Pattern.compile("job lim-2 repository=Codertocat/Hello-World outcome=rescheduled at (\\S+): "
            + "2 content-creating requests in the last minute");

    @TempDir
    Path dir;

    @Test
    void aReplicaWaitsForTheSlotsAnotherReplicaUsed() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.startOrSkip();
             FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"))) {
            github.stubRememberedReviews();
            github.stubCheckRunAnswer();
            String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
            byte[][] payloads = new byte[3][];
            for (int n = 1; n <= 2; n++) {
                String head = remote.commit("pr-" + n, Map.of("app/w" + n + ".py",
                        "import time\n\n\ndef work" + n + "():\n    time.sleep(" + n + ")\n"), "pr " + n);
                remote.pullRef(n, head);
                payloads[n] = Fixtures.JSON.writeValueAsBytes(Payloads.pullRequest("opened", n, head, base, remote.url()));
            }
            Map<String, String> env = Map.of("UNBLOCK_CONTENT_LIMIT_PER_MINUTE", "2", "UNBLOCK_HEARTBEAT_SECONDS", "1");
            try (ServeProcess a = ServeProcess.start("limit-a", github.url(), dir.resolve("a"), postgres.jdbcUrl(), env);
                 ServeProcess b = ServeProcess.start("limit-b", github.url(), dir.resolve("b"), postgres.jdbcUrl(), env)) {
                a.awaitReady();
                b.awaitReady();
                assertThat(a.deliver("pull_request", "lim-1", payloads[1]).body()).isEqualTo("queued\n");
                awaitStatus(postgres, "lim-1", "done");
                List<LoggedRequest> used = contentRequests(github);
                assertThat(used).extracting(r -> r.getMethod().getName() + " " + r.getUrl())
                        .containsExactlyInAnyOrder("POST " + REPO + "/pulls/1/reviews", "POST " + REPO + "/check-runs");
                Instant firstSlot = used.get(0).getLoggedDate().toInstant();

                // The replica that used the slots stops; the other one gets the next pull request within the minute.
                ServeProcess runner = a.output().contains("job lim-1 event=pull_request") ? a : b;
                ServeProcess other = runner == a ? b : a;
                assertThat(runner.stop()).isTrue();
                assertThat(other.deliver("pull_request", "lim-2", payloads[2]).body()).isEqualTo("queued\n");
                Matcher rescheduled = null;
                for (int i = 0; i < 600 && rescheduled == null; i++) {
                    Matcher m = RESCHEDULED.matcher(other.output());
                    rescheduled = m.find() ? m : null;
                    Thread.sleep(100);
                }
                assertThat(rescheduled).as(other.name + " rescheduled lim-2:\n" + other.output()).isNotNull();
                Instant at = Instant.parse(rescheduled.group(1));
                System.out.printf("content limit across replicas: %s used the 2 slots; %s rescheduled the next job %.1f s after"
                        + " the first slot was taken (the minute ends at %.1f s)%n", runner.name, other.name,
                        Duration.between(firstSlot, Instant.now()).toMillis() / 1000.0, Duration.between(firstSlot, at).toMillis() / 1000.0);
                // When the first of the two slots leaves the minute, with the second of margin (counted from just before it
                // was sent, a little before GitHub's stand-in logged it).
                assertThat(Duration.between(firstSlot, at)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(62));
                assertThat(contentRequests(github)).hasSize(2);
                assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).isEmpty();
                assertThat(query(postgres, "select status from deliveries where id = ?", "lim-2")).isEqualTo("queued");
            }
        }
    }

    /** Requests that create content (not reads, not installation tokens), oldest first. */
    static List<LoggedRequest> contentRequests(FakeGitHub github) {
        return github.wm.getAllServeEvents().stream().map(e -> (LoggedRequest) e.getRequest())
                .filter(r -> !r.getMethod().getName().equals("GET") && !r.getMethod().getName().equals("HEAD"))
                .filter(r -> !r.getUrl().startsWith("/app/installations/"))
                .sorted(java.util.Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    static void awaitStatus(LocalPostgres postgres, String id, String status) throws Exception {
        for (int i = 0; i < 1200; i++) {
            if (status.equals(query(postgres, "select status from deliveries where id = ?", id))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(id + " is " + query(postgres, "select status from deliveries where id = ?", id));
    }

    static String query(LocalPostgres postgres, String sql, String arg) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl()); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, arg);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }
}
