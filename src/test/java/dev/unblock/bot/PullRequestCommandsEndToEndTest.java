package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.unblock.bot.BotEndToEndTest.WORKER;
import static dev.unblock.bot.BotEndToEndTest.util;
import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/** Companion pull requests: what their bodies promise, and the commands, given on them or on the pull request. */
class PullRequestCommandsEndToEndTest {
    static final String COMPANION = OpenMigrationPullRequest.BRANCH + "-pr-2";

    @TempDir
    Path dir;
    FakeGitHub github;
    RemoteRepo remote;
    TestApp app;
    String base;
    String head;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
        github.rememberPullRequests();
        remote = new RemoteRepo(dir.resolve("remote"));
        app = TestApp.start(dir.resolve("data"), github.url(), new SleepEngine(), TestApp.fastTuning());
    }

    @AfterEach
    void stop() {
        app.close();
        remote.close();
        github.close();
    }

    /** Pull request #2 from "changes" (worker.py added, util.py edited), and what a command on it needs. */
    void pullRequest(String config) throws Exception {
        base = remote.commit("master", Map.of("README.md", "hello\n", "app/util.py", util("x = 1")), "base");
        head = remote.commit("changes", config == null ? Map.of("app/worker.py", WORKER)
                : Map.of("app/worker.py", WORKER, ".github/unblock.yml", config), "work");
        remote.pullRef(2, head);
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/collaborators/Codertocat/permission"))
                .willReturn(okJson("{\"permission\":\"write\",\"user\":{\"login\":\"Codertocat\"}}")));
        github.wm.stubFor(post(urlPathMatching(REPO + "/issues/comments/\\d+/reactions")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":1,\"content\":\"rocket\"}")));
        github.wm.stubFor(post(urlPathMatching(REPO + "/issues/\\d+/comments")).willReturn(aResponse()
                .withStatus(201).withHeader("Content-Type", "application/json").withBody("{\"id\":5}")));
        ObjectNode pr = (ObjectNode) Payloads.pullRequest("opened", 2, head, base, remote.url()).get("pull_request");
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/2")).willReturn(okJson(pr.toString())));
        github.stubRememberedReviews();
        github.stubCheckRunAnswer();
    }

    void comment(String id, String body, int number) throws Exception {
        app.deliver("issue_comment", id, Payloads.command(body, number, remote.url()));
        assertThat(app.awaitFinished(id)).isEqualTo("done");
    }

    @Test
    void migrateOpensACompanionThatSaysWhatHappensNextAndAfterADeclineMigrateOpensANewOne() throws Exception {
        pullRequest(null);
        comment("migrate-1", "/unblock migrate", 2);
        List<LoggedRequest> opened = github.requests("POST", REPO + "/pulls");
        assertThat(opened).hasSize(1);
        JsonNode first = github.json(opened.get(0));
        assertThat(first.get("head").asText()).isEqualTo(COMPANION);
        assertThat(first.get("body").asText()).contains("""
                ### What happens next
                - **Pushes to #2** do not change this pull request: comment `/unblock migrate` on #2 (or here) to bring it \
                up to date; its branch is then replaced by one new commit of Unblock on top of #2's latest commit.
                - **Merging** it into `changes` puts the migration into #2.
                - **Closing it without merging** declines it: Unblock never re-opens it. `/unblock migrate` on #2 opens a \
                new one.
                - **Commands** (comment on #2, or here); they act on #2:
                  - `/unblock migrate`: open (or update) a pull request against this pull request's branch""");
        assertThat(BotEndToEndTest.schemaProblems("POST /repos/{owner}/{repo}/pulls", github, opened)).isEmpty();

        // Declined: asking again opens a new one (the same changes; a person asked).
        github.pulls.close(12, false);
        comment("migrate-2", "/unblock migrate", 2);
        assertThat(github.requests("POST", REPO + "/pulls")).hasSize(2);
        assertThat(github.pulls.all().get(13).get("state").asText()).isEqualTo("open");
        assertThat(github.requests("PATCH", REPO + "/pulls/12")).isEmpty(); // the declined one stays closed
        assertThat(github.requests("POST", REPO + "/issues/2/comments")).isEmpty();
    }

    @Test
    void commandsOnTheAppsOwnPullRequestsActOnWhatTheyWereMadeFor() throws Exception {
        pullRequest(null);
        comment("migrate", "/unblock migrate", 2);
        github.wm.resetRequests();

        // On the companion (#12), "/unblock recheck" checks #2 again: a review of #2, not of #12.
        comment("recheck-companion", "/unblock recheck", 12);
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(1);
        assertThat(github.requests("POST", REPO + "/pulls/12/reviews")).isEmpty();
        assertThat(github.json(github.requests("POST", REPO + "/check-runs").get(0)).get("head_sha").asText()).isEqualTo(head);

        // On the default branch's migration pull request, commands act on the default branch.
        int own = github.pulls.seed(OpenMigrationPullRequest.BRANCH, "master", "Move blocking I/O to asyncio", "earlier", "open",
                false);
        github.wm.resetRequests();
        comment("migrate-own", "/unblock migrate", own);
        List<LoggedRequest> updates = github.requests("PATCH", REPO + "/pulls/" + own);
        assertThat(updates).hasSize(1);
        assertThat(github.json(updates.get(0)).get("body").asText()).startsWith("Unblock migrated the Python code of `master`"
                + " (the whole repository, as asked) from blocking I/O to asyncio. It converts 1 blocking call site.");
        assertThat(remote.files(OpenMigrationPullRequest.BRANCH).get("app/util.py")).contains("async def wait");
    }

    @Test
    void inPullRequestModeADeclinedCompanionIsNotReopenedByPushesAndNothingToMigrateIsNotSaid() throws Exception {
        pullRequest("mode: pull-request\n");
        app.deliver("pull_request", "opened", Payloads.pullRequest("opened", 2, head, base, remote.url()));
        assertThat(app.awaitFinished("opened")).isEqualTo("done");
        JsonNode companion = github.json(github.requests("POST", REPO + "/pulls").get(0));
        assertThat(companion.get("body").asText()).contains("- **Pushes to #2** update this pull request: its branch is"
                + " replaced by one new commit of Unblock on top of #2's latest commit.\n")
                .contains("declines it: Unblock never re-opens it, and pushes to #2 open a new pull request only for a"
                        + " migration that differs from every declined one.");

        github.pulls.close(12, false);
        String docs = remote.commit("changes", Map.of("README.md", "docs\n"), "docs");
        remote.pullRef(2, docs);
        app.deliver("pull_request", "sync", Payloads.pullRequest("synchronize", 2, docs, base, remote.url()));
        assertThat(app.awaitFinished("sync")).isEqualTo("done");
        assertThat(github.requests("POST", REPO + "/pulls")).hasSize(1);

        // A pull request with no Python change gets no "nothing to migrate" comment on each push.
        remote.checkout("master");
        String other = remote.commit("other", Map.of("README.md", "only docs\n", ".github/unblock.yml", "mode: pull-request\n"),
                "docs only");
        remote.pullRef(3, other);
        app.deliver("pull_request", "docs-only", Payloads.pullRequest("opened", 3, other, base, remote.url()));
        assertThat(app.awaitFinished("docs-only")).isEqualTo("done");
        assertThat(github.wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathMatching(REPO + "/issues/\\d+/comments")))).isEmpty();
    }
}
