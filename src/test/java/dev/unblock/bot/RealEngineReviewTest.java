package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.migrate.Engine;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/** The App with the engine it ships with (not the tests' stand-in): a pull request gets the engine's real rewrite. */
class RealEngineReviewTest {
    static final String CLIENT = """
            import time

            import requests


            def fetch(url):
                response = requests.get(url)
                time.sleep(1)
                return response.json()
            """;

    static void assertComment(JsonNode comment, int startLine, int line, String bodyBeforeMarker) {
        assertThat(comment.get("path").asText()).isEqualTo("app/client.py");
        assertThat(comment.get("side").asText()).isEqualTo("RIGHT");
        assertThat(comment.get("line").asInt()).isEqualTo(line);
        if (startLine == line) {
            assertThat(comment.has("start_line")).isFalse();
        } else {
            assertThat(comment.get("start_line").asInt()).isEqualTo(startLine);
        }
        String body = comment.get("body").asText();
        assertThat(body.substring(0, body.indexOf("\n<!-- unblock:fp="))).isEqualTo(bodyBeforeMarker);
    }

    @TempDir
    Path dir;

    @Test
    void aPullRequestUsingRequestsAndTimeSleepGetsTheRealRewriteAsSuggestions() throws Exception {
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"));
             TestApp app = TestApp.start(dir.resolve("data"), github.url(), new Engine(), TestApp.fastTuning())) {
            String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
            String head = remote.commit("changes", Map.of("app/client.py", CLIENT), "client");
            remote.pullRef(2, head);
            github.stubEarlierReview(2, List.of());
            github.stubReviewAnswer(2);
            github.stubCheckRunAnswer();
            app.deliver("pull_request", "real-1", Payloads.pullRequest("opened", 2, head, base, remote.url()));
            assertThat(app.awaitFinished("real-1")).isEqualTo("done");

            List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
            assertThat(reviews).hasSize(1);
            JsonNode review = github.json(reviews.get(0));
            assertThat(review.get("body").asText()).isEqualTo("""
                    **Unblock** found blocking I/O that can move to asyncio: 1 suggestion below. It stands alone: it \
                    can be committed on its own (changes that need each other are in one suggestion, which says why).

                    Comment `/unblock migrate` to get a pull request with every change.
                    """);
            // The imports serve the rewritten function, so all of it is one suggestion, which says why.
            JsonNode comments = review.get("comments");
            assertThat(comments).hasSize(1);
            assertComment(comments.get(0), 1, 8, """
                    **UB002** imports the async API%s
                    **UB001** `fetch` becomes async because it calls `requests.get`%s
                    **UB101** a client used with `async with` is closed when the statement is done%s
                    **UB701** time.sleep blocks the event loop; asyncio.sleep lets other tasks run%s

                    These changes need each other, so they are one suggestion: `fetch` becomes `async def` (line 6), \
                    which the changes inside it need (lines 7, 8); the import of `time` (line 1) can only go with its \
                    last uses (line 8); the import of `asyncio` (line 1) is needed by line 8; the import of `httpx` \
                    (line 3) is needed by line 7; and 1 more.

                    ```suggestion
                    import asyncio

                    import httpx


                    async def fetch(url):
                        async with httpx.AsyncClient(follow_redirects=True) as client:
                            response = await client.get(url)
                        await asyncio.sleep(1)
                    ```
                    """.formatted(Suggestion.ruleLink("UB002"), Suggestion.ruleLink("UB001"), Suggestion.ruleLink("UB101"),
                    Suggestion.ruleLink("UB701")));

            // Committing every suggestion gives exactly the engine's rewrite.
            List<String> lines = new java.util.ArrayList<>(CLIENT.lines().toList());
            for (int i = comments.size() - 1; i >= 0; i--) {
                JsonNode c = comments.get(i);
                String body = c.get("body").asText();
                String replacement = body.substring(body.indexOf("```suggestion\n") + 14, body.lastIndexOf("```"));
                int start = c.path("start_line").asInt(c.get("line").asInt());
                lines.subList(start - 1, c.get("line").asInt()).clear();
                lines.addAll(start - 1, replacement.lines().toList());
            }
            assertThat(String.join("\n", lines) + "\n").isEqualTo("""
                    import asyncio

                    import httpx


                    async def fetch(url):
                        async with httpx.AsyncClient(follow_redirects=True) as client:
                            response = await client.get(url)
                        await asyncio.sleep(1)
                        return response.json()
                    """);
            JsonNode check = github.json(github.requests("POST", REPO + "/check-runs").get(0));
            // The one-off call is rewritten with several edits (a client opened around its statement, the awaited call),
            // but it is one blocking call site, as the sleep is.
            assertThat(check.get("output").get("title").asText()).isEqualTo("2 blocking call sites: 2 suggested, 0 for"
                    + " /unblock migrate");
        }
    }
}
