package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Texts that would outgrow GitHub's limits, through the real server to the stand-in, which refuses (422) any text
 * over a limit as GitHub does: every request is accepted, and what did not fit is summarised, not lost.
 */
class GitHubLimitsEndToEndTest {
    static final int FILES = 3_000;
    static final int BROKEN = 1_500;

    @TempDir
    Path dir;
    FakeGitHub github;
    RemoteRepo remote;
    TestApp app;

    @BeforeEach
    void start() throws Exception {
        github = new FakeGitHub();
        remote = new RemoteRepo(dir.resolve("remote"));
        app = TestApp.start(dir.resolve("data"), github.url(), new SleepEngine(), TestApp.fastTuning());
        github.stubCheckRunAnswer();
        github.wm.stubFor(patch(urlPathMatching(REPO + "/check-runs/\\d+")).willReturn(okJson("{\"id\":7,\"name\":\"unblock\"}")));
    }

    @AfterEach
    void stop() {
        app.close();
        remote.close();
        github.close();
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static Map<String, String> manyFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < FILES; i++) {
            files.put(String.format("app/m%04d.py", i), "import time\n\n\ndef wait_" + i + "():\n    time.sleep(" + i + ")\n");
        }
        for (int i = 0; i < BROKEN; i++) {
            files.put(String.format("broken/b%04d.py", i), "def broken(:\n");
        }
        return files;
    }

    long timed(String deliveryId, String expected) throws Exception {
        long start = System.nanoTime();
        assertThat(app.awaitFinished(deliveryId)).isEqualTo(expected);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aThreeThousandFilePullRequestGetsAReviewAndACheckRunWithinGitHubsLimits() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String head = remote.commitMany("big", manyFiles(), "4,500 files");
        remote.pullRef(2, head);
        github.stubEarlierReview(2, List.of());
        github.stubReviewAnswer(2);
        app.deliver("pull_request", "big-pr", Payloads.pullRequest("opened", 2, head, base, remote.url()));
        long ms = timed("big-pr", "done");

        List<LoggedRequest> reviews = github.requests("POST", REPO + "/pulls/2/reviews");
        assertThat(reviews).hasSize(1);
        JsonNode review = github.json(reviews.get(0));
        String body = review.get("body").asText();
        assertThat(bytes(body)).isLessThanOrEqualTo(65_536).isGreaterThan(60_000);
        assertThat(body).containsPattern("- and [\\d,]+ more: comment `/unblock migrate` to get a pull request with all of them\n")
                .containsPattern("- and [\\d,]+ more, each an annotation of the check run `unblock`\n")
                .contains("<!-- unblock:fp=");
        assertThat(review.get("comments")).hasSize(25);
        // Only what the body lists is in its marker, so a later review can still list the rest.
        int listed = (int) body.lines().filter(l -> l.startsWith("- `")).count();
        assertThat(Fingerprints.in(body)).hasSize(listed);

        JsonNode check = github.json(github.requests("POST", REPO + "/check-runs").get(0)).get("output");
        assertThat(bytes(check.get("text").asText())).isLessThanOrEqualTo(65_535);
        assertThat(check.get("text").asText()).containsPattern("- and [\\d,]+ more, each an annotation of this check run\n");
        int annotations = check.get("annotations").size();
        for (LoggedRequest update : github.requests("PATCH", REPO + "/check-runs/7")) {
            annotations += github.json(update).at("/output/annotations").size();
        }
        assertThat(annotations).isEqualTo(BROKEN);
        assertThat(github.wm.getAllServeEvents()).noneMatch(e -> e.getResponse().getStatus() == 422);
        System.out.printf("limits: a %,d-file pull request reviewed in %,d ms (review body %,d bytes, check run text %,d bytes)%n",
                FILES + BROKEN, ms, bytes(body), bytes(check.get("text").asText()));
    }

    @Test
    void aPushOfThreeThousandFilesOpensAMigrationPullRequestWhoseBodyFits() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String pushed = remote.commitMany("master", manyFiles(), "4,500 files");
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/pulls")).willReturn(okJson("[]")));
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/pulls")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"number\":12,\"state\":\"open\"}")));
        app.deliver("push", "big-push", Payloads.push("master", base, pushed, remote.url()));
        long ms = timed("big-push", "done");

        List<LoggedRequest> opened = github.requests("POST", REPO + "/pulls");
        assertThat(opened).hasSize(1);
        String body = github.json(opened.get(0)).get("body").asText();
        assertThat(bytes(body)).isLessThanOrEqualTo(65_536).isGreaterThan(60_000);
        assertThat(body).containsPattern("- and [\\d,]+ more files, changed in this pull request's commit too \\(see Files changed\\)\n")
                .containsPattern("- and [\\d,]+ more: `unblock migrate` run on the project lists them all\n")
                .contains("### Dependency changes to make\n- add `aiofiles`")
                .containsPattern("<!-- unblock:changes=[0-9a-f]+ -->\n<!-- unblock:sites=app%2F:3000 -->\n$");
        assertThat(remote.files(OpenMigrationPullRequest.BRANCH).get("app/m2999.py")).contains("await asyncio.sleep(2999)");
        // The dashboard counts every package and lists the first findings of each, within GitHub's limit.
        String dashboard = github.json(github.requests("POST", REPO + "/issues").get(0)).get("body").asText();
        assertThat(bytes(dashboard)).isLessThanOrEqualTo(65_536);
        assertThat(dashboard).contains("| `app/` | 3,000 | 0 | 3,000 | 0 |\n| `broken/` | 1,500 | 0 | 0 | 1,500 |\n")
                .contains("- and 1,400 more in this package\n")
                .containsPattern("<!-- unblock:dashboard commit=[0-9a-f]{40} -->\n$");
        System.out.printf("limits: a push of %,d files opened its migration pull request in %,d ms (body %,d bytes)%n",
                FILES + BROKEN, ms, bytes(body));
    }

    @Test
    void aConfigValueNearItsSizeLimitIsQuotedShortAndAHugeConfigIsReportedByItsSize() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        String nearLimit = "mode: " + "m@everyone<b>".repeat(5_000) + "\n"; // 65,007 bytes: just under 64 KB
        String head = remote.commit("cfg-near", Map.of(".github/unblock.yml", nearLimit, "app/w.py", "import time\n"), "near");
        remote.pullRef(2, head);
        app.deliver("pull_request", "cfg-near", Payloads.pullRequest("opened", 2, head, base, remote.url()));
        assertThat(app.awaitFinished("cfg-near")).isEqualTo("done");

        remote.checkout("master");
        String huge = "# " + "x".repeat(12 * 1024 * 1024) + "\n";
        String hugeHead = remote.commit("cfg-huge", Map.of(".github/unblock.yml", huge), "huge");
        remote.pullRef(3, hugeHead);
        app.deliver("pull_request", "cfg-huge", Payloads.pullRequest("opened", 3, hugeHead, base, remote.url()));
        long ms = timed("cfg-huge", "done");

        List<LoggedRequest> checks = github.requests("POST", REPO + "/check-runs");
        assertThat(checks).hasSize(2);
        JsonNode near = github.json(checks.get(0));
        assertThat(near.get("conclusion").asText()).isEqualTo("failure");
        String summary = near.at("/output/summary").asText();
        assertThat(bytes(summary)).isLessThan(1_000);
        assertThat(summary).contains("mode must be one of suggest, pull-request, both, off (got 'm@everyone<b>m@everyone");
        assertThat(summary).contains("…')");
        JsonNode hugeCheck = github.json(checks.get(1));
        assertThat(hugeCheck.get("conclusion").asText()).isEqualTo("failure");
        assertThat(hugeCheck.at("/output/summary").asText()).contains("`.github/unblock.yml` is 12 MB; the limit is 64 KB");
        System.out.printf("limits: a 12 MB config answered with a failing check run in %,d ms%n", ms);
    }

    @Test
    void controlCharactersFromTheRepositoryNeverReachGitHubAndASuggestionHoldingThemIsListedNotSuggested() throws Exception {
        String base = remote.commit("master", Map.of("README.md", "hello\n"), "base");
        Map<String, String> files = new LinkedHashMap<>();
        files.put("app/bell\u0007.py", "def broken(:\n");
        files.put("app/colour.py", "import time\n\n\ndef shout():\n    time.sleep(1); print('\u001b[31mred\u001b[0m')\n");
        files.put("app/plain.py", "import time\n\n\ndef nap():\n    time.sleep(2)\n");
        String head = remote.commit("ctl", files, "control characters");
        remote.pullRef(2, head);
        github.stubEarlierReview(2, List.of());
        github.stubReviewAnswer(2);
        app.deliver("pull_request", "ctl", Payloads.pullRequest("opened", 2, head, base, remote.url()));
        long ms = timed("ctl", "done");

        JsonNode review = github.json(github.requests("POST", REPO + "/pulls/2/reviews").get(0));
        assertThat(review.get("comments")).singleElement().satisfies(c -> assertThat(c.get("path").asText()).isEqualTo("app/plain.py"));
        String body = review.get("body").asText();
        assertThat(body).contains("- `app/colour.py` lines 4, 5 — not inline: it does not fit in a review comment").contains("`app/bell␇.py:1` UB000");
        JsonNode check = github.json(github.requests("POST", REPO + "/check-runs").get(0));
        for (String text : List.of(body, check.at("/output/text").asText(), check.at("/output/summary").asText())) {
            assertThat(text.chars().filter(c -> c < 0x20 && c != '\n' && c != '\t' && c != '\r')).isEmpty();
        }
        // The annotation names the file as it is in the repository, so that GitHub can place it.
        assertThat(check.at("/output/annotations/0/path").asText()).isEqualTo("app/bell\u0007.py");
        System.out.printf("limits: a pull request with control characters in a path and in code reviewed in %,d ms%n", ms);
    }
}
