package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.RequestSchemas;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/** The real server, a real git remote and WireMock as GitHub: what each delivery makes the App send. */
class BotEndToEndTest {
    static final String WORKER = """
            import time


            def work():
                print("working")
                time.sleep(1)
                return True


            def nap():
                time.sleep(2)
            """;

    @TempDir
    Path dir;
    FakeGitHub github;
    RemoteRepo remote;
    SleepEngine engine;
    TestApp app;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
        remote = new RemoteRepo(dir.resolve("remote"));
        engine = new SleepEngine();
        app = TestApp.start(dir.resolve("data"), github.url(), engine, TestApp.fastTuning());
    }

    @AfterEach
    void stop() {
        app.close();
        remote.close();
        github.close();
    }

    static String util(String last) {
        StringBuilder text = new StringBuilder("import time\ndef wait():\n    time.sleep(5)\n");
        for (int i = 4; i < 20; i++) {
            text.append("# filler ").append(i).append('\n');
        }
        return text.append(last).append('\n').toString();
    }

    /** master with util.py; branch "changes" edits its last line and adds worker.py and a file that does not parse. */
    String[] pullRequestCommits() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n", "app/util.py", util("x = 1")), "base");
        Map<String, String> change = new LinkedHashMap<>();
        change.put("app/util.py", util("x = 2"));
        change.put("app/worker.py", WORKER);
        change.put("app/broken.py", "def broken(:\n    pass\n");
        String head = remote.commit("changes", change, "work");
        remote.pullRef(2, head);
        return new String[] {base, head};
    }

    void stubReviewCalls() {
        github.stubEarlierReview(2, List.of());
        github.stubReviewAnswer(2);
        github.stubCheckRunAnswer();
    }

    static List<String> schemaProblems(String operation, FakeGitHub github, List<LoggedRequest> requests) {
        List<String> problems = new ArrayList<>();
        requests.forEach(r -> problems.addAll(RequestSchemas.problems(operation, github.json(r))));
        return problems;
    }

    @Test
    void reviewsAPullRequestOnceWithSuggestionsOnItsDiffEvenWhenRedelivered() throws Exception {
        String[] commits = pullRequestCommits();
        stubReviewCalls();
        JsonNode payload = Payloads.pullRequest("opened", 2, commits[1], commits[0], remote.url());

        assertThat(app.deliver("pull_request", "pr-opened-1", payload).statusCode()).isEqualTo(202);
        assertThat(app.awaitFinished("pr-opened-1")).isEqualTo("done");
        assertThat(app.deliver("pull_request", "pr-opened-1", payload).body()).isEqualTo("duplicate\n");

        List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
        assertThat(reviews).hasSize(1);
        JsonNode review = github.json(reviews.get(0));
        assertThat(review.get("commit_id").asText()).isEqualTo(commits[1]);
        assertThat(review.get("event").asText()).isEqualTo("COMMENT");
        assertThat(review.get("body").asText()).isEqualTo("""
                **Unblock** found blocking I/O that can move to asyncio: 3 suggestions below, each one click to commit.

                **Changes not suggested inline** (outside this pull request's diff, or over the limit of 25 comments):
                - `app/util.py` lines 2–3: UB001 becomes `async def` because it now awaits.; UB701 `time.sleep` blocks \
                the event loop; `await asyncio.sleep` does not.

                **Findings** (left as they are):
                - `app/broken.py:1` UB000 does not parse; left unchanged

                Comment `/unblock migrate` to get a pull request with every change.
                """ + "\n" + Fingerprints.marker(review.get("body").asText().contains("fp=")
                ? Fingerprints.in(review.get("body").asText()) : List.of()));
        JsonNode comments = review.get("comments");
        assertThat(comments).hasSize(3);
        assertComment(comments.get(0), "app/worker.py", null, 4, "async def work():");
        assertComment(comments.get(1), "app/worker.py", null, 6, "    await asyncio.sleep(1)");
        assertComment(comments.get(2), "app/worker.py", 10, 11, "async def nap():\n    await asyncio.sleep(2)");
        assertThat(schemaProblems("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", github, reviews)).isEmpty();

        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        assertThat(checks).hasSize(1);
        JsonNode check = github.json(checks.get(0));
        assertThat(check.get("name").asText()).isEqualTo("unblock");
        assertThat(check.get("head_sha").asText()).isEqualTo(commits[1]);
        assertThat(check.get("conclusion").asText()).isEqualTo("neutral");
        assertThat(check.at("/output/summary").asText()).contains("| 6 | 4 | 2 | 1 |");
        assertThat(check.at("/output/annotations/0/path").asText()).isEqualTo("app/broken.py");
        assertThat(schemaProblems("POST /repos/{owner}/{repo}/check-runs", github, checks)).isEmpty();

        assertThat(github.unmatched()).isEmpty();
        assertThat(github.calls()).containsExactly(
                "POST /app/installations/1/access_tokens",
                "GET " + REPO + "/pulls/2/comments",
                "GET " + REPO + "/pulls/2/reviews",
                "POST " + REPO + "/pulls/2/reviews",
                "POST " + REPO + "/check-runs");
    }

    static void assertComment(JsonNode comment, String path, Integer startLine, int line, String replacement) {
        assertThat(comment.get("path").asText()).isEqualTo(path);
        assertThat(comment.get("line").asInt()).isEqualTo(line);
        assertThat(comment.path("side").asText()).as(comment.toString()).isEqualTo("RIGHT");
        if (startLine == null) {
            assertThat(comment.has("start_line")).isFalse();
        } else {
            assertThat(comment.get("start_line").asInt()).isEqualTo(startLine);
            assertThat(comment.get("start_side").asText()).isEqualTo("RIGHT");
        }
        assertThat(comment.get("body").asText()).contains("```suggestion\n" + replacement + "\n```");
    }
}
