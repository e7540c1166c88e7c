package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.IssueMemory;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.unblock.bot.BotEndToEndTest.WORKER;
import static dev.unblock.bot.BotEndToEndTest.util;
import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard issue, the migration pull requests' promises and the commands, through the real server, a real git
 * remote and the GitHub stand-in, which keeps issues and pull requests as GitHub does.
 */
class DashboardEndToEndTest {
    static final String VIEWS = "import requests\n\n\ndef page():\n    return requests.get('http://example.com')\n";

    @TempDir
    Path dir;
    FakeGitHub github;
    RemoteRepo remote;
    SleepEngine engine;
    TestApp app;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
        github.rememberPullRequests();
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

    /** master with util.py (one sleep) and app/api/views.py (a call the test engine keeps, with a finding). */
    String base() throws Exception {
        return remote.commit("master", Map.of("README.md", "hello\n", "app/util.py", util("x = 1"), "app/api/views.py", VIEWS),
                "base");
    }

    void push(String id, String before, String after) throws Exception {
        app.deliver("push", id, Payloads.push("master", before, after, remote.url()));
        assertThat(app.awaitFinished(id)).isEqualTo("done");
    }

    void command(String id, String body, int issue) throws Exception {
        String issueBody = github.issues.all().containsKey(issue) ? github.issues.all().get(issue).get("body").asText() : "help";
        app.deliver("issue_comment", id, Payloads.issueCommand(body, issue, issueBody, remote.url()));
        assertThat(app.awaitFinished(id)).isEqualTo("done");
    }

    void stubCommandReads() {
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/collaborators/Codertocat/permission"))
                .willReturn(okJson("{\"permission\":\"write\",\"user\":{\"login\":\"Codertocat\"}}")));
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/issues/comments/492700400/reactions")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":1,\"content\":\"rocket\"}")));
        github.wm.stubFor(post(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(REPO + "/issues/\\d+/comments"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":5}")));
    }

    List<JsonNode> dashboards() {
        return github.issues.all().values().stream().filter(i -> DashboardIssue.isDashboard(i.get("body").asText())).toList();
    }

    static String body(JsonNode node) {
        return node.get("body").asText();
    }

    /**
     * The extract of GitHub's description has no issue operations, so the fields are checked here against GitHub's
     * create- and update-issue parameters: only known fields, {@code required} ones present, texts as text, and
     * no labels or assignees (a dashboard assigns nobody).
     */
    static void assertIssueFields(JsonNode request, String... required) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        assertThat(names).contains(required).isSubsetOf("title", "body", "assignee", "assignees", "milestone", "labels",
                "state", "state_reason");
        for (String text : List.of("title", "body", "state")) {
            assertThat(!request.has(text) || request.get(text).isTextual()).as(text).isTrue();
        }
        for (String list : List.of("labels", "assignees")) {
            assertThat(!request.has(list) || (request.get(list).isArray() && request.get(list).isEmpty())).as(list).isTrue();
        }
    }

    @Test
    void aPushOpensOneDashboardPerPackageAndLaterPushesEditThatIssueEvenAfterItWasRenamed() throws Exception {
        String base = base();
        String first = remote.commit("master", Map.of("app/worker.py", WORKER), "add worker");
        push("push-1", base, first);

        List<LoggedRequest> created = github.requests("POST", REPO + "/issues");
        assertThat(created).hasSize(1);
        JsonNode request = github.json(created.get(0));
        assertIssueFields(request, "title", "body");
        assertThat(request.get("title").asText()).isEqualTo("Unblock: asyncio migration dashboard");
        String board = request.get("body").asText();
        assertThat(board).startsWith("**Unblock** tracks the migration of `master` from blocking I/O to asyncio here, and"
                + " edits this issue after each push to `master`. Numbers as of " + first.substring(0, 7) + ".\n\n"
                + "**4 blocking call sites found: 0 migrated, 3 to migrate, 1 left synchronous.**\n");
        assertThat(board).contains("""
                | `app/` | 3 | 0 | 3 | 0 |
                | `app/api/` | 1 | 0 | 0 | 1 |
                | **all** | **4** | **0** | **3** | **1** |
                """);
        // The migration pull request opened by the same push is listed with what it converts (worker.py's two calls).
        assertThat(board).contains("### Migration pull requests\n- #12 `Move blocking I/O to asyncio` into `master`: 2 blocking"
                + " call sites\n");
        assertThat(board).contains("**`app/api/`** (1 finding)\n- `app/api/views.py:5` UB101 requests.get has no async target"
                + " configured (bridge: `asyncio.to_thread(requests.get, ...)`)\n");
        assertThat(dashboards()).hasSize(1);
        int number = dashboards().get(0).get("number").asInt();

        // Someone renames it; a later push edits the same issue (found by its marker) and leaves the title alone.
        github.issues.edit(number, "title", "Async progress (do not close)");
        github.wm.resetRequests();
        String second = remote.commit("master", Map.of("app/extra.py", "import time\ndef more():\n    time.sleep(3)\n"), "more");
        push("push-2", first, second);
        assertThat(github.requests("POST", REPO + "/issues")).isEmpty();
        List<LoggedRequest> edits = github.requests("PATCH", REPO + "/issues/" + number);
        assertThat(edits).hasSize(1);
        assertIssueFields(github.json(edits.get(0)), "body");
        assertThat(github.json(edits.get(0)).has("title")).isFalse();
        assertThat(dashboards()).singleElement().satisfies(issue -> {
            assertThat(issue.get("title").asText()).isEqualTo("Async progress (do not close)");
            assertThat(body(issue)).contains("Numbers as of " + second.substring(0, 7))
                    .contains("| `app/` | 4 | 0 | 4 | 0 |")
                    .contains("- #12 `Move blocking I/O to asyncio` into `master`: 3 blocking call sites\n");
        });
        // The migration pull request now links the dashboard by number.
        String pr = github.json(github.requests("PATCH", REPO + "/pulls/12").get(0)).get("body").asText();
        assertThat(pr).contains("- **Merging** it counts its blocking call sites as migrated on the dashboard, #" + number + ".");

        // A push that changes nothing the dashboard shows edits nothing.
        github.wm.resetRequests();
        String third = remote.commit("master", Map.of("README.md", "hello again\n"), "docs");
        push("push-3", second, third);
        assertThat(github.requests("PATCH", REPO + "/issues/" + number)).hasSize(1); // only the commit it names changed
        stubCommandReads();
        github.wm.resetRequests();
        command("recheck-same", "/unblock recheck", number);
        assertThat(github.requests("PATCH", REPO + "/issues/" + number)).isEmpty();
        assertThat(github.unmatched()).isEmpty();
    }

    @Test
    void mergedMigrationPullRequestsCountAsMigratedAndADeclinedOneIsNamed() throws Exception {
        github.pulls.seed(OpenMigrationPullRequest.BRANCH, "master", "Move blocking I/O to asyncio", "earlier\n"
                + MigrationReport.sitesMarker(Map.of("app/", 5, "lib/", 2)), "closed", true);
        int declined = github.pulls.seed(OpenMigrationPullRequest.BRANCH, "master", "Move blocking I/O to asyncio",
                "declined\n" + MigrationReport.sitesMarker(Map.of("app/", 1)), "closed", false);
        String base = remote.commit("master", Map.of(".github/unblock.yml", "mode: suggest\n", "app/util.py", util("x = 1")),
                "base");
        String pushed = remote.commit("master", Map.of("app/worker.py", WORKER), "worker");
        push("push-merged", base, pushed);

        String board = body(dashboards().get(0));
        assertThat(board).contains("**10 blocking call sites found: 7 migrated, 3 to migrate, 0 left synchronous.**")
                .contains("| `app/` | 8 | 5 | 3 | 0 |\n| `lib/` | 2 | 2 | 0 | 0 |\n")
                .contains("None open. #" + declined + " was closed without merging");
        assertThat(github.requests("POST", REPO + "/pulls")).isEmpty(); // mode: suggest
    }

    @Test
    void twoJobsAtOnceLeaveOneDashboard() throws Exception {
        String base = remote.commit("master", Map.of(".github/unblock.yml", "mode: suggest\n", "app/util.py", util("x = 1")),
                "base");
        String pushed = remote.commit("master", Map.of("app/worker.py", WORKER), "worker");
        // A second server with its own queue: the two jobs run at the same time, and both see no dashboard at first.
        try (TestApp other = TestApp.start(dir.resolve("data-2"), github.url(), new SleepEngine(), TestApp.fastTuning())) {
            github.issues.race(2);
            app.deliver("push", "race-a", Payloads.push("master", base, pushed, remote.url()));
            other.deliver("push", "race-b", Payloads.push("master", base, pushed, remote.url()));
            assertThat(app.awaitFinished("race-a")).isEqualTo("done");
            assertThat(other.awaitFinished("race-b")).isEqualTo("done");
        }
        assertThat(github.requests("POST", REPO + "/issues")).hasSize(2); // the race happened
        Map<Integer, JsonNode> issues = github.issues.all();
        assertThat(issues).hasSize(2);
        JsonNode kept = issues.get(40);
        JsonNode duplicate = issues.get(41);
        assertThat(kept.get("state").asText()).isEqualTo("open");
        assertThat(body(kept)).contains("| `app/` | 3 | 0 | 3 | 0 |");
        assertThat(duplicate.get("state").asText()).isEqualTo("closed");
        assertThat(body(duplicate)).isEqualTo("This issue duplicated Unblock's dashboard, #40 (two jobs opened one at the"
                + " same time); it is closed and no longer updated.");
        assertThat(dashboards()).hasSize(1);

        // The next push edits the one that was kept.
        github.wm.resetRequests();
        String next = remote.commit("master", Map.of("app/extra.py", "import time\ndef more():\n    time.sleep(3)\n"), "more");
        push("after-race", pushed, next);
        assertThat(github.requests("POST", REPO + "/issues")).isEmpty();
        assertThat(github.requests("PATCH", REPO + "/issues/40")).hasSize(1);
    }

    @Test
    void aDashboardClosedByAPersonStaysClosedAndRecheckInItUpdatesIt() throws Exception {
        String base = base();
        String first = remote.commit("master", Map.of("app/worker.py", WORKER), "worker");
        push("push-1", base, first);
        int number = dashboards().get(0).get("number").asInt();
        github.issues.edit(number, "state", "closed");

        github.wm.resetRequests();
        String second = remote.commit("master", Map.of("app/extra.py", "import time\ndef more():\n    time.sleep(3)\n"), "more");
        push("push-2", first, second);
        assertThat(github.requests("PATCH", REPO + "/issues/" + number)).isEmpty();
        assertThat(github.requests("POST", REPO + "/issues")).isEmpty();

        stubCommandReads();
        command("recheck", "/unblock recheck", number);
        assertThat(github.requests("POST", REPO + "/issues/comments/492700400/reactions")).hasSize(1);
        List<LoggedRequest> edits = github.requests("PATCH", REPO + "/issues/" + number);
        assertThat(edits).hasSize(1);
        assertIssueFields(github.json(edits.get(0)), "body");
        assertThat(github.json(edits.get(0)).has("state")).isFalse(); // not re-opened: the person decides that
        JsonNode issue = github.issues.all().get(number);
        assertThat(issue.get("state").asText()).isEqualTo("closed");
        assertThat(body(issue)).contains("Numbers as of " + second.substring(0, 7)).contains("| `app/` | 4 | 0 | 4 | 0 |");
        assertThat(github.requests("POST", REPO + "/issues/" + number + "/comments")).isEmpty(); // the dashboard is the answer

        // Re-opened by the person: pushes update it again.
        github.issues.edit(number, "state", "open");
        github.wm.resetRequests();
        String third = remote.commit("master", Map.of("app/more.py", "import time\ndef most():\n    time.sleep(4)\n"), "most");
        push("push-3", second, third);
        assertThat(body(github.issues.all().get(number))).contains("| `app/` | 5 | 0 | 5 | 0 |");
    }

    @Test
    void dashboardFalseClosesTheDashboardAndTurningItBackOnReopensIt() throws Exception {
        String base = base();
        String first = remote.commit("master", Map.of("app/worker.py", WORKER), "worker");
        push("on", base, first);
        int number = dashboards().get(0).get("number").asInt();

        String off = remote.commit("master", Map.of(".github/unblock.yml", "dashboard: false\n"), "off");
        push("off", first, off);
        JsonNode closed = github.issues.all().get(number);
        assertThat(closed.get("state").asText()).isEqualTo("closed");
        assertThat(body(closed)).startsWith("**Unblock**'s migration dashboard is turned off (`dashboard: false` in"
                + " `.github/unblock.yml` on `master` at " + off.substring(0, 7) + ")");

        github.wm.resetRequests();
        String again = remote.commit("master", Map.of("README.md", "quiet\n"), "still off");
        push("still-off", off, again);
        assertThat(github.requests("PATCH", REPO + "/issues/" + number)).isEmpty();

        String on = remote.commit("master", Map.of(".github/unblock.yml", "dashboard: true\n"), "on again");
        push("on-again", again, on);
        JsonNode reopened = github.issues.all().get(number);
        assertThat(reopened.get("state").asText()).isEqualTo("open");
        assertThat(body(reopened)).contains("Numbers as of " + on.substring(0, 7)).contains("| `app/` | 3 | 0 | 3 | 0 |");
        assertThat(github.issues.all()).hasSize(1);
    }

    @Test
    void aClosedMigrationPullRequestIsNotReopenedNothingOfItIsCarriedAndMigrateOnTheDashboardBringsEverythingBack()
            throws Exception {
        String base = base();
        String first = remote.commit("master", Map.of("app/worker.py", WORKER), "worker");
        push("push-1", base, first);
        int dashboard = dashboards().get(0).get("number").asInt();
        String promise = github.json(github.requests("POST", REPO + "/pulls").get(0)).get("body").asText();
        assertThat(promise).contains("- **Closing it without merging** declines it: Unblock never re-opens it. Later pushes"
                + " start afresh from the files they change (nothing of this pull request is carried over) and open a new"
                + " pull request only for a migration that differs from every declined one. `/unblock migrate` brings"
                + " everything back in a new pull request.");

        // A person closes it: the App hears of it and the dashboard says so.
        github.pulls.close(12, false);
        github.wm.resetRequests();
        app.deliver("pull_request", "closed-12", Payloads.closedMigrationPullRequest(12, OpenMigrationPullRequest.BRANCH, false,
                remote.url()));
        assertThat(app.awaitFinished("closed-12")).isEqualTo("done");
        assertThat(body(github.issues.all().get(dashboard))).contains("None open. #12 was closed without merging");
        assertThat(github.requests("POST", REPO + "/pulls")).isEmpty();

        // A push that brings nothing new opens nothing; one with a new file opens a pull request for that file only.
        String docs = remote.commit("master", Map.of("README.md", "more docs\n"), "docs");
        push("docs", first, docs);
        assertThat(github.requests("POST", REPO + "/pulls")).isEmpty();
        String extra = remote.commit("master", Map.of("app/extra.py", "import time\ndef more():\n    time.sleep(3)\n"), "extra");
        push("extra", docs, extra);
        List<LoggedRequest> opened = github.requests("POST", REPO + "/pulls");
        assertThat(opened).hasSize(1);
        Map<String, String> branch = remote.files(OpenMigrationPullRequest.BRANCH);
        assertThat(branch.get("app/extra.py")).contains("async def more");
        assertThat(branch.get("app/worker.py")).isEqualTo(WORKER); // declined: not carried over
        assertThat(github.requests("PATCH", REPO + "/pulls/12")).isEmpty(); // never re-opened

        // "/unblock migrate" on the dashboard: the whole repository, in a new pull request, the declined changes too.
        github.pulls.close(13, false);
        stubCommandReads();
        github.wm.resetRequests();
        command("migrate-all", "/unblock migrate", dashboard);
        List<LoggedRequest> whole = github.requests("POST", REPO + "/pulls");
        assertThat(whole).hasSize(1);
        assertThat(github.json(whole.get(0)).get("body").asText()).startsWith("Unblock migrated the Python code of `master`"
                + " (the whole repository, as asked) from blocking I/O to asyncio. It converts 4 blocking call sites.");
        branch = remote.files(OpenMigrationPullRequest.BRANCH);
        assertThat(branch.get("app/worker.py")).contains("async def work");
        assertThat(branch.get("app/util.py")).contains("async def wait");
        assertThat(body(github.issues.all().get(dashboard))).contains("- #14 `Move blocking I/O to asyncio` into `master`: 4"
                + " blocking call sites");
        assertThat(github.requests("POST", REPO + "/issues/" + dashboard + "/comments")).isEmpty();
        assertThat(BotEndToEndTest.schemaProblems("POST /repos/{owner}/{repo}/pulls", github, whole)).isEmpty();
    }

    @Test
    void commandsOnAnyOtherIssueActOnTheDefaultBranchAndAnUnknownOneListsTheKnownOnes() throws Exception {
        String base = base();
        String first = remote.commit("master", Map.of("app/worker.py", WORKER), "worker");
        stubCommandReads();
        int other = github.issues.seed("Codertocat", "Is this async yet?", "Asking.", "open");

        command("unknown", "/unblock port <b>now</b>", other);
        List<LoggedRequest> replies = github.requests("POST", REPO + "/issues/" + other + "/comments");
        assertThat(replies).singleElement().satisfies(r -> assertThat(github.json(r).get("body").asText())
                .isEqualTo(Commands.unknown(Commands.Place.ISSUE)).doesNotContain("/unblock port").doesNotContain("<b>"));

        github.wm.resetRequests();
        command("recheck-other", "/unblock recheck", other);
        JsonNode dashboard = dashboards().get(0);
        replies = github.requests("POST", REPO + "/issues/" + other + "/comments");
        assertThat(replies).singleElement().satisfies(r -> assertThat(github.json(r).get("body").asText())
                .isEqualTo("Unblock checked `master` at " + first.substring(0, 7) + ". Progress: the dashboard, #"
                        + dashboard.get("number").asInt() + "."));
        assertThat(github.requests("POST", REPO + "/pulls")).isEmpty(); // recheck: nothing was pushed
        assertThat(base).isNotEqualTo(first);
    }

    @Test
    void recheckOnAPullRequestReviewsItAgainAndTheCheckRunCountsCallSitesAndLinksTheDashboard() throws Exception {
        int dashboard = github.issues.seed(IssueMemory.BOT, "Unblock: asyncio migration dashboard",
                "old\n" + DashboardIssue.marker("0".repeat(40), false), "open");
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String head = remote.commit("changes", Map.of("app/worker.py", WORKER.replace("    time.sleep(2)\n",
                "    time.sleep(2); time.sleep(3)\n"), "app/api/views.py", VIEWS), "work");
        remote.pullRef(2, head);
        github.stubRememberedReviews();
        github.stubCheckRunAnswer();
        app.deliver("pull_request", "pr", Payloads.pullRequest("opened", 2, head, base, remote.url()));
        assertThat(app.awaitFinished("pr")).isEqualTo("done");

        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        JsonNode check = github.json(checks.get(0));
        // Three calls (two of them on one line), each suggested inline; the finding is the call kept synchronous.
        assertThat(check.at("/output/title").asText()).isEqualTo("3 blocking call sites: 3 suggested, 0 for /unblock migrate;"
                + " 1 finding");
        assertThat(check.at("/output/summary").asText()).contains("| 3 | 3 | 0 | 5 | 1 |")
                .contains("The migration of the whole repository, package by package: [the dashboard, #" + dashboard
                        + "](https://github.com/Codertocat/Hello-World/issues/" + dashboard + ").");
        assertThat(check.get("details_url").asText()).isEqualTo("https://github.com/Codertocat/Hello-World/issues/" + dashboard);
        assertThat(BotEndToEndTest.schemaProblems("POST /repos/{owner}/{repo}/check-runs", github, checks)).isEmpty();

        // "/unblock recheck" on the pull request: checked again; nothing new to suggest, so no second review.
        stubCommandReads();
        com.fasterxml.jackson.databind.node.ObjectNode pr = (com.fasterxml.jackson.databind.node.ObjectNode)
                Payloads.pullRequest("opened", 2, head, base, remote.url()).get("pull_request");
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/2")).willReturn(okJson(pr.toString())));
        app.deliver("issue_comment", "recheck-pr", Payloads.command("/unblock recheck", 2, remote.url()));
        assertThat(app.awaitFinished("recheck-pr")).isEqualTo("done");
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(1);
        assertThat(github.requests("POST", REPO + "/check-runs")).hasSize(2);
        assertThat(github.requests("POST", REPO + "/issues/2/comments")).isEmpty();
    }
}
