package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
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

    /** Delivers "pull request #2 opened" for the commits of {@link #pullRequestCommits} and waits for the job. */
    String openPullRequest(String deliveryId, String[] commits) throws Exception {
        app.deliver("pull_request", deliveryId, Payloads.pullRequest("opened", 2, commits[1], commits[0], remote.url()));
        return app.awaitFinished(deliveryId);
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
        assertThat(app.get("/metrics").body()).contains("unblock_jobs_total{outcome=\"done\"} 1.0")
                .contains("unblock_job_seconds_count{event=\"pull_request\"} 1");

        List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
        assertThat(reviews).hasSize(1);
        JsonNode review = github.json(reviews.get(0));
        assertThat(review.get("commit_id").asText()).isEqualTo(commits[1]);
        assertThat(review.get("event").asText()).isEqualTo("COMMENT");
        assertThat(review.get("body").asText()).isEqualTo("""
                **Unblock** found blocking I/O that can move to asyncio: 2 suggestions below. Each one stands alone: \
                commit any of them on its own, in any order (changes that need each other are in one suggestion, which \
                says why). To commit several at once, add them to one batch (*Add suggestion to batch*, then *Commit \
                suggestions*).

                **Needed beyond this pull request's suggestions** (1 change whose parts must be committed together and \
                cannot all be suggested here; `/unblock migrate` makes them):
                - `app/util.py` lines 2, 3 — not inline: lines 2, 3 lie outside this pull request's diff
                  - UB001 `wait` becomes async because it calls `time.sleep`
                  - UB701 `time.sleep` blocks the event loop; `await asyncio.sleep` does not.
                  - together because `wait` becomes `async def` (line 2), which the changes inside it need (line 3)

                **Findings** (left as they are):
                - `app/broken.py:1` UB000 does not parse; left unchanged

                Comment `/unblock migrate` to get a pull request with every change.
                """ + "\n" + Fingerprints.marker(review.get("body").asText().contains("fp=")
                ? Fingerprints.in(review.get("body").asText()) : List.of()));
        JsonNode comments = review.get("comments");
        // The `await` of work() needs its `async def` two lines up: one suggestion for both, saying why.
        assertThat(comments).hasSize(2);
        assertComment(comments.get(0), "app/worker.py", 4, 6,
                "async def work():\n    print(\"working\")\n    await asyncio.sleep(1)");
        assertThat(comments.get(0).get("body").asText()).contains("These changes need each other, so they are one"
                + " suggestion: `work` becomes `async def` (line 4), which the changes inside it need (line 6).");
        assertComment(comments.get(1), "app/worker.py", 10, 11, "async def nap():\n    await asyncio.sleep(2)");
        assertThat(schemaProblems("POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews", github, reviews)).isEmpty();

        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        assertThat(checks).hasSize(1);
        JsonNode check = github.json(checks.get(0));
        assertThat(check.get("name").asText()).isEqualTo("unblock");
        assertThat(check.get("head_sha").asText()).isEqualTo(commits[1]);
        assertThat(check.get("conclusion").asText()).isEqualTo("neutral");
        assertThat(check.at("/output/summary").asText()).contains("| 3 | 2 | 1 | 6 | 1 |");
        assertThat(check.at("/output/annotations/0/path").asText()).isEqualTo("app/broken.py");
        assertThat(schemaProblems("POST /repos/{owner}/{repo}/check-runs", github, checks)).isEmpty();

        assertThat(github.unmatched()).isEmpty();
        assertThat(github.calls()).containsExactly(
                "POST /app/installations/1/access_tokens",
                "GET " + REPO + "/pulls/2/comments",
                "GET " + REPO + "/pulls/2/reviews",
                "POST " + REPO + "/pulls/2/reviews",
                "GET /app",
                "GET " + ISSUES_BY_APP,
                "POST " + REPO + "/check-runs");
    }

    /** How the App looks for its dashboard: its own issues, in any state. */
    static final String ISSUES_BY_APP = REPO + "/issues?creator=unblock%5Bbot%5D&state=all&per_page=100";

    /** Waits (10 s at most) until {@code n} such requests were made: a job's failure report follows its end. */
    void awaitRequests(String method, String path, int n) throws InterruptedException {
        long until = System.nanoTime() + 10_000_000_000L;
        while (github.requests(method, path).size() < n && System.nanoTime() < until) {
            Thread.sleep(50);
        }
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

    @Test
    void aSecondPushNeverRepeatsASuggestion() throws Exception {
        String[] commits = pullRequestCommits();
        stubReviewCalls();
        assertThat(openPullRequest("pr-1", commits)).isEqualTo("done");
        JsonNode first = github.json(github.requests("POST", REPO + "/pulls/2/reviews").get(0));
        List<String> posted = new ArrayList<>();
        first.get("comments").forEach(c -> posted.add(c.get("body").asText()));
        github.stubEarlierReview(2, posted);
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/2/reviews"))
                .willReturn(okJson("[{\"id\":80,\"body\":" + first.get("body").toString() + "}]")));

        String second = remote.commit("changes", Map.of("app/extra.py", "import time\ndef more():\n    time.sleep(3)\n"), "more");
        remote.pullRef(2, second);
        app.deliver("pull_request", "pr-2", Payloads.pullRequest("synchronize", 2, second, commits[0], remote.url()));
        assertThat(app.awaitFinished("pr-2")).isEqualTo("done");

        List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
        assertThat(reviews).hasSize(2);
        JsonNode again = github.json(reviews.get(1));
        assertThat(again.get("commit_id").asText()).isEqualTo(second);
        assertThat(again.get("comments")).hasSize(1);
        assertComment(again.get("comments").get(0), "app/extra.py", 2, 3, "async def more():\n    await asyncio.sleep(3)");
        assertThat(again.get("body").asText()).doesNotContain("app/util.py").doesNotContain("broken.py")
                .contains("1 suggestion below");
        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        assertThat(checks).hasSize(2);
        // Earlier suggestions still count as suggested; util.py's call was only listed, so it is left over.
        assertThat(github.json(checks.get(1)).at("/output/summary").asText()).contains("| 4 | 3 | 1 | 8 | 1 |");
    }

    @Test
    void everyPushToAnOpenPullRequestIsReviewedAtOnceWithoutAFailedAttempt() throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(new org.apache.commons.io.output.TeeOutputStream(original, captured), true));
        List<Long> millis = new ArrayList<>();
        try {
            String[] commits = pullRequestCommits();
            stubReviewCalls();
            assertThat(openPullRequest("sync-0", commits)).isEqualTo("done");
            for (int push = 1; push <= 2; push++) {
                String head = remote.commit("changes", Map.of("app/extra" + push + ".py",
                        "import time\ndef more():\n    time.sleep(" + push + ")\n"), "push " + push);
                remote.pullRef(2, head);
                long start = System.nanoTime();
                app.deliver("pull_request", "sync-" + push, Payloads.pullRequest("synchronize", 2, head, commits[0], remote.url()));
                assertThat(app.awaitFinished("sync-" + push)).isEqualTo("done");
                millis.add((System.nanoTime() - start) / 1_000_000);
                JsonNode review = github.json(github.requests("POST", REPO + "/pulls/2/reviews").get(push));
                assertThat(review.get("commit_id").asText()).isEqualTo(head);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).doesNotContain("outcome=retry").doesNotContain("Duplicate ref");
        assertThat(log.lines().filter(l -> l.matches(".*job sync-\\d event=pull_request .* outcome=done in \\d+ ms"))).hasSize(3);
        // Retries wait (200 ms doubling here, 30 s in production): a first-attempt success shows in the time of the
        // re-reviews too (the first review is not timed: it warms the engine up, seconds on a loaded machine).
        assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(10_000));
    }

    @Test
    void aSuggestionAPushMadeStaleIsResolvedThroughGraphQL() throws Exception {
        String[] commits = pullRequestCommits();
        stubReviewCalls();
        assertThat(openPullRequest("stale-1", commits)).isEqualTo("done");
        JsonNode first = github.json(github.requests("POST", REPO + "/pulls/2/reviews").get(0));
        List<String> posted = new ArrayList<>();
        first.get("comments").forEach(c -> posted.add(c.get("body").asText()));
        assertThat(posted).hasSize(2); // work() and nap()
        github.stubEarlierReview(2, posted);
        // GitHub's threads: work's suggestion, nap's suggestion, a human's thread, an already resolved one.
        String threads = """
                {"data":{"repository":{"pullRequest":{"reviewThreads":{
                  "pageInfo":{"hasNextPage":false,"endCursor":"Y3Vyc29yOjQ="},
                  "nodes":[
                    {"id":"PRRT_work","isResolved":false,"comments":{"nodes":[{"body":%s}]}},
                    {"id":"PRRT_nap","isResolved":false,"comments":{"nodes":[{"body":%s}]}},
                    {"id":"PRRT_human","isResolved":false,"comments":{"nodes":[{"body":"Why sleep here?"}]}},
                    {"id":"PRRT_done","isResolved":true,"comments":{"nodes":[{"body":%s}]}}]}}}}}
                """.formatted(Fixtures.JSON.valueToTree(posted.get(0)), Fixtures.JSON.valueToTree(posted.get(1)),
                Fixtures.JSON.valueToTree(posted.get(1)));
        github.wm.stubFor(post(urlPathEqualTo("/graphql")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.query", com.github.tomakehurst.wiremock
                        .client.WireMock.containing("reviewThreads"))).willReturn(okJson(threads)));
        github.wm.stubFor(post(urlPathEqualTo("/graphql")).withRequestBody(
                com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.query", com.github.tomakehurst.wiremock
                        .client.WireMock.containing("resolveReviewThread"))).willReturn(okJson(
                "{\"data\":{\"resolveReviewThread\":{\"thread\":{\"id\":\"PRRT_nap\",\"isResolved\":true}}}}")));

        // The push makes nap() compute instead of sleep: its suggestion no longer applies; work()'s still does.
        String second = remote.commit("changes", Map.of("app/worker.py", WORKER.replace("    time.sleep(2)\n",
                "    return sum(range(10))\n")), "nap computes");
        remote.pullRef(2, second);
        app.deliver("pull_request", "stale-2", Payloads.pullRequest("synchronize", 2, second, commits[0], remote.url()));
        assertThat(app.awaitFinished("stale-2")).isEqualTo("done");

        List<LoggedRequest> graphql = github.requests("POST", "/graphql");
        assertThat(graphql).hasSize(2);
        JsonNode list = github.json(graphql.get(0));
        assertThat(list.get("query").asText()).contains("pullRequest(number: $number)")
                .contains("reviewThreads(first: 100, after: $cursor)").contains("comments(first: 1) { nodes { body } }");
        assertThat(list.get("variables").toString())
                .isEqualTo("{\"owner\":\"Codertocat\",\"name\":\"Hello-World\",\"number\":2,\"cursor\":null}");
        JsonNode resolve = github.json(graphql.get(1));
        assertThat(resolve.get("query").asText()).contains("mutation($threadId: ID!)")
                .contains("resolveReviewThread(input: {threadId: $threadId})");
        assertThat(resolve.get("variables").toString()).isEqualTo("{\"threadId\":\"PRRT_nap\"}");
        assertThat(graphql.get(1).getHeader("Authorization")).isEqualTo("token ghs_first");
        assertThat(github.unmatched()).isEmpty();
    }

    @Test
    void aPullRequestWithoutPythonChangesCallsNothingButTheTokenEndpoint() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String head = remote.commit("changes", Map.of("README.md", "hello again\n", "notes.txt", "time.sleep(1)\n"), "docs");
        remote.pullRef(2, head);
        app.deliver("pull_request", "pr-docs", Payloads.pullRequest("opened", 2, head, base, remote.url()));
        assertThat(app.awaitFinished("pr-docs")).isEqualTo("done");
        assertThat(github.calls()).containsExactly("POST /app/installations/1/access_tokens");
        assertThat(engine.runs.get()).isZero();
    }

    @Test
    void anInvalidConfigFileGetsAFailingCheckRunQuotingTheErrorAndNothingElse() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String head = remote.commit("changes", Map.of(".github/unblock.yml", "mode: sometimes\n", "app/worker.py", WORKER), "cfg");
        remote.pullRef(2, head);
        github.stubCheckRunAnswer();
        app.deliver("pull_request", "pr-cfg", Payloads.pullRequest("opened", 2, head, base, remote.url()));
        assertThat(app.awaitFinished("pr-cfg")).isEqualTo("done");

        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        assertThat(checks).hasSize(1);
        JsonNode check = github.json(checks.get(0));
        assertThat(check.get("conclusion").asText()).isEqualTo("failure");
        assertThat(check.get("head_sha").asText()).isEqualTo(head);
        assertThat(check.at("/output/summary").asText())
                .contains("mode must be one of suggest, pull-request, both, off (got 'sometimes')");
        assertThat(schemaProblems("POST /repos/{owner}/{repo}/check-runs", github, checks)).isEmpty();
        assertThat(github.calls()).containsExactly("POST /app/installations/1/access_tokens", "POST " + REPO + "/check-runs");
        assertThat(engine.runs.get()).isZero();
    }

    @Test
    void aGitHubServerErrorIsRetriedAndTheReviewPostedOnce() throws Exception {
        String[] commits = pullRequestCommits();
        stubReviewCalls();
        failFirstReviewWith(aResponse().withStatus(502).withBody("{\"message\":\"Bad Gateway\"}"));
        assertThat(openPullRequest("pr-502", commits)).isEqualTo("done");
        List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
        assertThat(reviews).hasSize(2);
        assertThat(reviews.get(1).getBodyAsString()).isEqualTo(reviews.get(0).getBodyAsString());
        assertThat(github.requests("POST", REPO + "/check-runs")).hasSize(1);
    }

    @Test
    void a429WithRetryAfterReschedulesTheJobWhichThenSucceeds() throws Exception {
        String[] commits = pullRequestCommits();
        stubReviewCalls();
        failFirstReviewWith(aResponse().withStatus(429).withHeader("Retry-After", "1")
                .withBody("{\"message\":\"You have exceeded a secondary rate limit\"}"));
        assertThat(openPullRequest("pr-429", commits)).isEqualTo("done");
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(2);
        assertThat(github.requests("POST", REPO + "/check-runs")).hasSize(1);
    }

    @Test
    void a403WithAnExhaustedQuotaReschedulesUntilTheResetThenSucceeds() throws Exception {
        String[] commits = pullRequestCommits();
        stubReviewCalls();
        long reset = java.time.Instant.now().getEpochSecond() + 1;
        failFirst(() -> get(urlPathEqualTo(REPO + "/pulls/2/comments")),
                aResponse().withStatus(403).withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Limit", "5000")
                        .withHeader("X-RateLimit-Reset", Long.toString(reset)).withBody("{\"message\":\"API rate limit exceeded\"}"),
                okJson("[]"));
        assertThat(openPullRequest("pr-403", commits)).isEqualTo("done");
        assertThat(github.requests("GET", REPO + "/pulls/2/comments")).hasSize(2);
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(1);
    }

    @Test
    void anInstallationTokenRejectedMidJobIsReplacedAndTheJobCompletes() throws Exception {
        String[] commits = pullRequestCommits();
        stubReviewCalls();
        stubFirstTokenRejected();
        assertThat(openPullRequest("pr-401", commits)).isEqualTo("done");
        assertThat(github.requests("POST", "/app/installations/1/access_tokens")).hasSize(2);
        List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
        assertThat(reviews).hasSize(1);
        assertThat(reviews.get(0).getHeader("Authorization")).isEqualTo("token ghs_new");
    }

    /** The first token ("ghs_old") is refused with 401 when reading review comments; the next one works. */
    void stubFirstTokenRejected() {
        failFirst(() -> post(urlPathEqualTo("/app/installations/1/access_tokens")), FakeGitHub.tokenAnswer("ghs_old", 60),
                FakeGitHub.tokenAnswer("ghs_new", 60));
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/2/comments")).atPriority(1)
                .withHeader("Authorization", equalTo("token ghs_old"))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Bad credentials\"}")));
    }

    void failFirstReviewWith(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        failFirst(() -> post(urlPathEqualTo(REPO + "/pulls/2/reviews")), failure, okJson("{\"id\":80,\"state\":\"COMMENTED\"}"));
    }

    /** The first matching request gets {@code failure}, later ones {@code success}. */
    void failFirst(java.util.function.Supplier<com.github.tomakehurst.wiremock.client.MappingBuilder> request,
                   com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure,
                   com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder success) {
        github.wm.stubFor(request.get().inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(failure.withHeader("Content-Type", "application/json")).willSetStateTo("healthy"));
        github.wm.stubFor(request.get().inScenario("flaky").whenScenarioStateIs("healthy").willReturn(success));
    }

    static final String PULLS_QUERY = REPO + "/pulls";

    void stubMigrationPullRequests(String existingJson) {
        github.wm.stubFor(get(urlPathEqualTo(PULLS_QUERY)).willReturn(okJson(existingJson)));
        github.wm.stubFor(post(urlPathEqualTo(PULLS_QUERY)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"number\":12,\"state\":\"open\"}")));
        github.wm.stubFor(patch(urlPathEqualTo(REPO + "/pulls/12")).willReturn(okJson("{\"number\":12,\"state\":\"open\"}")));
    }

    @Test
    void aPushToTheDefaultBranchOpensOneMigrationPullRequestWithOneBotCommit() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n", "app/util.py", util("x = 1")), "base");
        String pushed = remote.commit("master", Map.of("app/worker.py", WORKER), "add worker");
        stubMigrationPullRequests("[]");
        app.deliver("push", "push-1", Payloads.push("master", base, pushed, remote.url()));
        assertThat(app.awaitFinished("push-1")).isEqualTo("done");

        // The branch holds one commit by the bot on top of the pushed commit, with worker.py migrated.
        org.eclipse.jgit.revwalk.RevCommit commit = remote.tip(OpenMigrationPullRequest.BRANCH);
        assertThat(commit.getParent(0).getName()).isEqualTo(pushed);
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("unblock[bot]");
        Map<String, String> files = remote.files(OpenMigrationPullRequest.BRANCH);
        assertThat(files.get("app/worker.py")).isEqualTo(WORKER.replace("def work", "async def work")
                .replace("def nap", "async def nap").replace("time.sleep(", "await asyncio.sleep("));
        assertThat(files.get("app/util.py")).isEqualTo(util("x = 1")); // not in the pushed change set
        assertThat(files.keySet()).containsExactly("README.md", "app/util.py", "app/worker.py");

        List<LoggedRequest> created = github.requests("POST", PULLS_QUERY);
        assertThat(created).hasSize(1);
        JsonNode pr = github.json(created.get(0));
        assertThat(pr.get("head").asText()).isEqualTo("unblock/async-migration");
        assertThat(pr.get("base").asText()).isEqualTo("master");
        assertThat(pr.get("title").asText()).isEqualTo("Move blocking I/O to asyncio");
        assertThat(pr.get("body").asText()).startsWith("""
                Unblock migrated the Python code changed on `master` from blocking I/O to asyncio. It converts 2 \
                blocking call sites.

                ### Changes
                - `app/worker.py`
                  - line 4: UB001 becomes `async def` because it now awaits.
                  - line 6: UB701 `time.sleep` blocks the event loop; `await asyncio.sleep` does not.
                  - lines 10–11: UB001 becomes `async def` because it now awaits.; UB701 `time.sleep` blocks the event loop; \
                `await asyncio.sleep` does not.

                ### Dependency changes to make
                - add `aiofiles`: test engine says so
                """);
        assertThat(schemaProblems("POST /repos/{owner}/{repo}/pulls", github, created)).isEmpty();
        assertThat(github.unmatched()).isEmpty();
        // Then the dashboard: the App's issues (none yet), its migration pull requests (the stand-in lists none),
        // the open ones, a new issue, and the list again (a job that opened one at the same time would show there).
        assertThat(github.calls()).containsExactly(
                "POST /app/installations/1/access_tokens",
                "GET /app",
                "GET " + ISSUES_BY_APP,
                "GET " + PULLS_QUERY + "?head=Codertocat%3Aunblock%2Fasync-migration&base=master&state=all",
                "POST " + PULLS_QUERY,
                "GET " + PULLS_QUERY + "?head=Codertocat%3Aunblock%2Fasync-migration&base=master&state=all",
                "GET " + PULLS_QUERY + "?state=open&per_page=100",
                "POST " + REPO + "/issues",
                "GET " + ISSUES_BY_APP);
    }

    @Test
    void laterPushesUpdateTheOpenMigrationPullRequestAndAClosedOneIsNotReopened() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String first = remote.commit("master", Map.of("app/worker.py", WORKER), "add worker");
        stubMigrationPullRequests("[]");
        app.deliver("push", "push-a", Payloads.push("master", base, first, remote.url()));
        assertThat(app.awaitFinished("push-a")).isEqualTo("done");
        String body = github.json(github.requests("POST", PULLS_QUERY).get(0)).get("body").asText();

        // Open: a later push (another Python file) updates the branch and the body, keeping worker.py.
        github.wm.resetRequests();
        stubMigrationPullRequests("[{\"number\":12,\"state\":\"open\",\"body\":" + Fixtures.JSON.valueToTree(body) + "}]");
        String second = remote.commit("master", Map.of("app/extra.py", "import time\ndef more():\n    time.sleep(3)\n"), "more");
        app.deliver("push", "push-b", Payloads.push("master", first, second, remote.url()));
        assertThat(app.awaitFinished("push-b")).isEqualTo("done");
        assertThat(remote.tip(OpenMigrationPullRequest.BRANCH).getParent(0).getName()).isEqualTo(second);
        assertThat(remote.files(OpenMigrationPullRequest.BRANCH).get("app/worker.py")).contains("async def work");
        assertThat(remote.files(OpenMigrationPullRequest.BRANCH).get("app/extra.py")).contains("async def more");
        List<LoggedRequest> updates = github.requests("PATCH", REPO + "/pulls/12");
        assertThat(updates).hasSize(1);
        String updated = github.json(updates.get(0)).get("body").asText();
        assertThat(updated).contains("`app/extra.py`").contains("`app/worker.py`");
        assertThat(github.requests("POST", PULLS_QUERY)).isEmpty();

        // Closed by a human: a push that brings no new Python change neither pushes nor re-opens.
        github.wm.resetRequests();
        stubMigrationPullRequests("[{\"number\":12,\"state\":\"closed\",\"merged_at\":null,\"body\":"
                + Fixtures.JSON.valueToTree(updated) + "}]");
        String tip = remote.tip(OpenMigrationPullRequest.BRANCH).getName();
        String third = remote.commit("master", Map.of("README.md", "hello again\n"), "docs");
        app.deliver("push", "push-c", Payloads.push("master", second, third, remote.url()));
        assertThat(app.awaitFinished("push-c")).isEqualTo("done");
        assertThat(remote.tip(OpenMigrationPullRequest.BRANCH).getName()).isEqualTo(tip);
        assertThat(github.requests("POST", PULLS_QUERY)).isEmpty();
        assertThat(github.requests("PATCH", REPO + "/pulls/12")).isEmpty();
    }

    void stubCommandReads(String permission, String headSha) {
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/collaborators/Codertocat/permission"))
                .willReturn(okJson("{\"permission\":\"" + permission + "\",\"user\":{\"login\":\"Codertocat\"}}")));
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/issues/comments/492700400/reactions")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":1,\"content\":\"rocket\"}")));
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/issues/2/comments")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":5,\"body\":\"ok\"}")));
        com.fasterxml.jackson.databind.node.ObjectNode pr = (com.fasterxml.jackson.databind.node.ObjectNode)
                Payloads.pullRequest("opened", 2, headSha, "0".repeat(40), remote.url()).get("pull_request");
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/2")).willReturn(okJson(pr.toString())));
    }

    @Test
    void migrateCommandFromAWriterOpensACompanionPullRequestAgainstThePullRequestBranch() throws Exception {
        String[] commits = pullRequestCommits();
        stubCommandReads("admin", commits[1]);
        stubMigrationPullRequests("[]");
        app.deliver("issue_comment", "cmd-1", Payloads.command("/unblock migrate", 2, remote.url()));
        assertThat(app.awaitFinished("cmd-1")).isEqualTo("done");

        String branch = "unblock/async-migration-pr-2";
        assertThat(remote.tip(branch).getParent(0).getName()).isEqualTo(commits[1]);
        Map<String, String> files = remote.files(branch);
        assertThat(files.get("app/util.py")).contains("async def wait():\n    await asyncio.sleep(5)");
        assertThat(files.get("app/worker.py")).contains("async def nap():\n    await asyncio.sleep(2)");
        assertThat(files.get("app/broken.py")).isEqualTo("def broken(:\n    pass\n");
        JsonNode pr = github.json(github.requests("POST", PULLS_QUERY).get(0));
        assertThat(pr.get("head").asText()).isEqualTo(branch);
        assertThat(pr.get("base").asText()).isEqualTo("changes");
        assertThat(pr.get("body").asText()).contains("### Findings (not changed; please look)\n- `app/broken.py:1` UB000");
        assertThat(github.unmatched()).isEmpty();
        assertThat(github.calls()).containsExactly(
                "POST /app/installations/1/access_tokens",
                "GET " + REPO + "/collaborators/Codertocat/permission",
                "POST " + REPO + "/issues/comments/492700400/reactions",
                "GET " + REPO + "/pulls/2",
                "GET " + PULLS_QUERY + "?head=Codertocat%3Aunblock%2Fasync-migration-pr-2&base=changes&state=all",
                "POST " + PULLS_QUERY);
    }

    @Test
    void commandsFromPeopleWithoutWriteAccessAreIgnoredAndCommandTextIsNeverEchoed() throws Exception {
        String[] commits = pullRequestCommits();
        stubCommandReads("read", commits[1]);
        app.deliver("issue_comment", "cmd-read", Payloads.command("/unblock migrate", 2, remote.url()));
        app.deliver("issue_comment", "cmd-read-help", Payloads.command("/unblock help", 2, remote.url()));
        assertThat(app.awaitFinished("cmd-read")).isEqualTo("done");
        assertThat(app.awaitFinished("cmd-read-help")).isEqualTo("done");
        assertThat(github.requests("POST", REPO + "/issues/2/comments")).isEmpty();
        assertThat(github.requests("POST", REPO + "/issues/comments/492700400/reactions")).isEmpty();
        assertThat(github.calls()).containsOnly("POST /app/installations/1/access_tokens",
                "GET " + REPO + "/collaborators/Codertocat/permission");
        assertThat(remote.files("unblock/async-migration-pr-2")).isNull();

        // A writer's unknown command, full of markup, is answered with the fixed help text only.
        github.wm.resetRequests();
        stubCommandReads("write", commits[1]);
        String hostile = "/unblock <img src=x onerror=alert(1)> @everyone [x](javascript:alert(1)) ``` </details>";
        app.deliver("issue_comment", "cmd-hostile", Payloads.command(hostile, 2, remote.url()));
        assertThat(app.awaitFinished("cmd-hostile")).isEqualTo("done");
        List<LoggedRequest> replies = github.requests("POST", REPO + "/issues/2/comments");
        assertThat(replies).extracting(r -> github.json(r).get("body").asText()).containsExactly(Commands.unknown(Commands.Place.PULL_REQUEST));
    }

    @Test
    void aHostileRepositoryIsReadOnlyWithinItsLimitsAndWhatWasSkippedIsNoted() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        remote.stageLink("app/passwd.py", "/etc/passwd");
        remote.stageLink("app/outside.py", "../../../outside.py");
        remote.stageLink(".github/unblock.yml", "/etc/shadow");
        Map<String, String> change = new LinkedHashMap<>();
        change.put("app/ok.py", WORKER);
        change.put("vendor/lib.py", WORKER);
        change.put("app/huge.py", WORKER + "x = 1\n".repeat(200_000));
        change.put("app/we`ird](javascript:x).py", "def broken(:\n    pass\n");
        String head = remote.commit("changes", change, "hostile");
        remote.pullRef(2, head);
        stubReviewCalls();
        assertThat(openPullRequest("pr-hostile", new String[]{base, head})).isEqualTo("done");

        JsonNode review = github.json(github.requests("POST", REPO + "/pulls/2/reviews").get(0));
        List<String> paths = new ArrayList<>();
        review.get("comments").forEach(c -> paths.add(c.get("path").asText()));
        assertThat(paths).isNotEmpty().containsOnly("app/ok.py");
        // A path full of Markdown stays inside its code span.
        assertThat(review.get("body").asText()).contains("- ``app/we`ird](javascript:x).py:1`` UB000 does not parse");
        JsonNode check = github.json(github.requests("POST", REPO + "/check-runs").get(0));
        // Links the pull request added are named, not followed.
        assertThat(check.get("output").get("text").asText()).endsWith("""
                ### Skipped (not read)
                - `.github/unblock.yml`: a symbolic link (not followed)
                - `app/huge.py`: 1.1 MB; the limit is 1 MB
                - `app/outside.py`: a symbolic link (not followed)
                - `app/passwd.py`: a symbolic link (not followed)
                - `vendor/`: vendored or generated folder (1 Python file)
                """);
        assertThat(github.unmatched()).isEmpty();
    }

    @Test
    void aConfigBombOrAConfigFullOfMarkupGetsAFailingCheckRunAndNoWork() throws Exception {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        String markup = "\"````\\n</details> @everyone <img src=x>\": 1\n";
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        github.stubCheckRunAnswer();
        int n = 2;
        for (String config : List.of(bomb, markup)) {
            String head = remote.commit("cfg-" + n, Map.of(".github/unblock.yml", config, "app/worker.py", WORKER), "cfg");
            remote.pullRef(n, head);
            app.deliver("pull_request", "cfg-" + n, Payloads.pullRequest("opened", n, head, base, remote.url()));
            assertThat(app.awaitFinished("cfg-" + n)).isEqualTo("done");
            n++;
        }
        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        assertThat(checks).hasSize(2);
        assertThat(checks).allSatisfy(c -> assertThat(github.json(c).get("conclusion").asText()).isEqualTo("failure"));
        String quoted = github.json(checks.get(1)).at("/output/summary").asText();
        // The key is quoted inside a fence longer than any backtick run in it, so none of it renders.
        assertThat(quoted).contains("`````\n").contains("</details> @everyone <img src=x>");
        assertThat(quoted.substring(quoted.indexOf("`````\n") + 6, quoted.lastIndexOf("\n`````"))).doesNotContain("`````");
        assertThat(engine.runs.get()).isZero();
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).isEmpty();
        assertThat(github.json(checks.get(0)).at("/output/summary").asText())
                .contains("Number of aliases for non-scalar nodes exceeds the specified max=10");
    }

    @Test
    void aFullRunLogsOneLinePerDeliveryAndJobCountsItInMetricsAndNeverLogsTokensTheSecretOrTheKey() throws Exception {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        System.setErr(new java.io.PrintStream(new org.apache.commons.io.output.TeeOutputStream(original, captured), true));
        try {
            String[] commits = pullRequestCommits();
            stubReviewCalls();
            stubFirstTokenRejected();
            github.wm.stubFor(post(urlPathEqualTo(REPO + "/check-runs")).atPriority(1).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withHeader("X-RateLimit-Remaining", "4321")
                    .withBody("{\"id\":7,\"name\":\"unblock\",\"status\":\"completed\"}")));
            assertThat(openPullRequest("pr-logs", commits)).isEqualTo("done");
            stubCommandReads("write", commits[1]);
            stubMigrationPullRequests("[]");
            app.deliver("issue_comment", "cmd-logs", Payloads.command("/unblock migrate", 2, remote.url()));
            assertThat(app.awaitFinished("cmd-logs")).isEqualTo("done");
            assertThat(app.deliver("pull_request", "pr-logs", Payloads.pullRequest("opened", 2, commits[1], commits[0],
                    remote.url())).body()).isEqualTo("duplicate\n");
            assertThat(app.post("{}".getBytes(), "sha256=00", "push-evil", "forged").statusCode()).isEqualTo(401);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        String pemBody = dev.unblock.github.TestKeys.pkcs1Pem().lines().filter(l -> !l.startsWith("-----")).skip(3).findFirst().orElseThrow();
        assertThat(log).doesNotContain("ghs_old").doesNotContain("ghs_new").doesNotContain("ghs_first")
                .doesNotContain(TestApp.SECRET).doesNotContain("PRIVATE KEY").doesNotContain(pemBody)
                .doesNotContain("Bearer").doesNotContain("eyJhbGciOi").doesNotContain("evil").doesNotContain("forged");
        List<String> lines = log.lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("delivery pr-logs event=pull_request action=opened"
                + " repository=Codertocat/Hello-World outcome="))).hasSize(2)
                .anyMatch(l -> l.endsWith("outcome=queued status=202")).anyMatch(l -> l.endsWith("outcome=duplicate status=202"));
        assertThat(lines).anyMatch(l -> l.endsWith("delivery - event=unverified repository=- outcome=bad_signature status=401"));
        assertThat(lines.stream().filter(l -> l.matches(".*job pr-logs event=pull_request repository=Codertocat/Hello-World"
                + " outcome=done in \\d+ ms"))).hasSize(1);
        assertThat(lines.stream().filter(l -> l.matches(".*job cmd-logs event=issue_comment repository=Codertocat/Hello-World"
                + " outcome=done in \\d+ ms"))).hasSize(1);
        assertThat(lines).anyMatch(l -> l.contains("job pr-logs repository=Codertocat/Hello-World outcome=retry"));

        String metrics = app.get("/metrics").body();
        assertThat(metrics)
                .contains("unblock_webhook_deliveries_total{event=\"pull_request\",outcome=\"queued\"} 1.0")
                .contains("unblock_webhook_deliveries_total{event=\"pull_request\",outcome=\"duplicate\"} 1.0")
                .contains("unblock_webhook_deliveries_total{event=\"issue_comment\",outcome=\"queued\"} 1.0")
                .contains("unblock_webhook_deliveries_total{event=\"unverified\",outcome=\"bad_signature\"} 1.0")
                .contains("unblock_queue_depth 0.0")
                .contains("unblock_job_seconds_count{event=\"pull_request\"} 2") // the first attempt met the rejected token
                .contains("unblock_jobs_total{outcome=\"retried\"} 1.0")
                .contains("unblock_engine_seconds_count 3") // review attempts 1 and 2, the command
                .contains("unblock_github_api_calls_total{method=\"POST\",status=\"201\"}")
                .contains("unblock_github_api_calls_total{method=\"GET\",status=\"401\"} 1.0")
                .contains("unblock_github_rate_limit_remaining 4321.0")
                .contains("unblock_suggestions_posted_total 2.0")
                .contains("unblock_migration_pull_requests_total{action=\"opened\"} 1.0");
    }

    @Test
    void aDraftPullRequestIsNotReviewedUnlessTheConfigAsks() throws Exception {
        String[] commits = pullRequestCommits();
        com.fasterxml.jackson.databind.node.ObjectNode payload = Payloads.pullRequest("opened", 2, commits[1], commits[0], remote.url());
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("pull_request")).put("draft", true);
        app.deliver("pull_request", "pr-draft", payload);
        assertThat(app.awaitFinished("pr-draft")).isEqualTo("done");
        assertThat(github.calls()).containsExactly("POST /app/installations/1/access_tokens");
    }

    @Test
    void findingsBeyondFiftyAnnotationsAreSentInBatchesOfFifty() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        Map<String, String> broken = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            broken.put("broken/b" + i + ".py", "def broken(:\n");
        }
        String head = remote.commit("changes", broken, "sixty broken files");
        remote.pullRef(2, head);
        stubReviewCalls();
        github.wm.stubFor(patch(urlPathEqualTo(REPO + "/check-runs/7")).willReturn(okJson("{\"id\":7,\"name\":\"unblock\"}")));
        assertThat(openPullRequest("pr-60", new String[] {base, head})).isEqualTo("done");
        JsonNode created = github.json(github.requests("POST", REPO + "/check-runs").get(0));
        List<LoggedRequest> updates = github.requests("PATCH", REPO + "/check-runs/7");
        assertThat(created.at("/output/annotations")).hasSize(50);
        assertThat(updates).hasSize(1);
        assertThat(github.json(updates.get(0)).at("/output/annotations")).hasSize(10);
        assertThat(created.at("/output/summary").asText()).contains("| 0 | 0 | 0 | 0 | 60 |");
    }

    @Test
    void aClientErrorFromGitHubStopsTheJobWithoutRetrying() throws Exception {
        String[] commits = pullRequestCommits();
        github.stubEarlierReview(2, List.of());
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/pulls/2/reviews")).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"Unprocessable Entity\"}")));
        github.stubCheckRunAnswer();
        assertThat(openPullRequest("pr-422", commits)).isEqualTo("failed");
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(1);
        // The check run says why there is no review (sent right after the job is recorded as failed).
        awaitRequests("POST", REPO + "/check-runs", 1);
        assertThat(github.requests("POST", REPO + "/check-runs")).singleElement().satisfies(r -> {
            JsonNode check = github.json(r);
            assertThat(check.get("conclusion").asText()).isEqualTo("neutral");
            assertThat(check.at("/output/title").asText()).isEqualTo("Unblock could not finish");
            assertThat(check.at("/output/summary").asText()).contains("GitHub answered 422");
        });
    }

    @Test
    void aJobThatKeepsFailingIsGivenUpAfterItsAttempts() throws Exception {
        String[] commits = pullRequestCommits();
        github.stubEarlierReview(2, List.of());
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/pulls/2/reviews")).willReturn(aResponse().withStatus(503)));
        assertThat(openPullRequest("pr-503", commits)).isEqualTo("failed");
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(TestApp.fastTuning().maxAttempts());
    }

    @Test
    void inPullRequestModeAPullRequestGetsACompanionPullRequestInsteadOfAReview() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String head = remote.commit("changes", Map.of(".github/unblock.yml", "mode: pull-request\n", "app/worker.py", WORKER), "work");
        remote.pullRef(2, head);
        stubMigrationPullRequests("[]");
        assertThat(openPullRequest("pr-mode", new String[] {base, head})).isEqualTo("done");
        JsonNode pr = github.json(github.requests("POST", PULLS_QUERY).get(0));
        assertThat(pr.get("head").asText()).isEqualTo("unblock/async-migration-pr-2");
        assertThat(pr.get("base").asText()).isEqualTo("changes");
        assertThat(remote.files("unblock/async-migration-pr-2").get("app/worker.py")).contains("async def work():");
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).isEmpty();
    }

    @Test
    void migrateCommandWithAnInvalidConfigAnswersWithTheError() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String head = remote.commit("changes", Map.of(".github/unblock.yml", "max_comments: -1\n", "app/worker.py", WORKER), "cfg");
        remote.pullRef(2, head);
        stubCommandReads("write", head);
        app.deliver("issue_comment", "cmd-cfg", Payloads.command("/unblock migrate", 2, remote.url()));
        assertThat(app.awaitFinished("cmd-cfg")).isEqualTo("done");
        List<LoggedRequest> replies = github.requests("POST", REPO + "/issues/2/comments");
        assertThat(replies).singleElement().satisfies(r -> assertThat(github.json(r).get("body").asText())
                .contains("max_comments must be a whole number from 0 to 100"));
        assertThat(remote.files("unblock/async-migration-pr-2")).isNull();
    }

    @Test
    void aPushToAnotherBranchDoesNothing() throws Exception {
        remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String pushed = remote.commit("feature", Map.of("app/worker.py", WORKER), "work");
        app.deliver("push", "push-feature", Payloads.push("feature", "0".repeat(40), pushed, remote.url()));
        assertThat(app.awaitFinished("push-feature")).isEqualTo("done");
        assertThat(github.calls()).isEmpty();
        assertThat(remote.files(OpenMigrationPullRequest.BRANCH)).isNull();
    }

    @Test
    void modeSuggestOpensNoMigrationPullRequestButTheDashboardAndModeOffDoesNothing() throws Exception {
        github.rememberPullRequests();
        String base = remote.commit("master", Map.of(".github/unblock.yml", "mode: suggest\n"), "base");
        String pushed = remote.commit("master", Map.of("app/worker.py", WORKER), "work");
        app.deliver("push", "push-suggest", Payloads.push("master", base, pushed, remote.url()));
        assertThat(app.awaitFinished("push-suggest")).isEqualTo("done");
        assertThat(github.requests("POST", PULLS_QUERY)).isEmpty();
        assertThat(remote.files(OpenMigrationPullRequest.BRANCH)).isNull();
        // The dashboard still shows the progress, and says that pushes open no migration pull request here.
        assertThat(github.issues.all().values()).singleElement().satisfies(issue -> assertThat(issue.get("body").asText())
                .contains("| `app/` | 2 | 0 | 2 | 0 |")
                .contains("None open. Pushes do not open migration pull requests here (`mode` in `.github/unblock.yml`)."));
        assertThat(engine.runs.get()).isEqualTo(1); // the dashboard's count of the whole repository

        github.wm.resetRequests();
        String head = remote.commit("changes", Map.of(".github/unblock.yml", "mode: off\n", "app/more.py", WORKER), "off");
        remote.pullRef(2, head);
        assertThat(openPullRequest("pr-off", new String[] {pushed, head})).isEqualTo("done");
        String off = remote.commit("master", Map.of(".github/unblock.yml", "mode: off\n", "app/more.py", WORKER), "off");
        app.deliver("push", "push-off", Payloads.push("master", pushed, off, remote.url()));
        assertThat(app.awaitFinished("push-off")).isEqualTo("done");
        assertThat(github.calls()).isEmpty(); // not even the token: it was fetched for the first push
        assertThat(engine.runs.get()).isEqualTo(1);
    }
}
