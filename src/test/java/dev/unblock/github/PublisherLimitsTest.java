package dev.unblock.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each text the App sends, at GitHub's limit and over it, through the Publisher to the stand-in, which answers 422
 * to anything longer as GitHub does: at the limit a text goes as it is; over it, it is cut to fit and accepted.
 */
class PublisherLimitsTest {
    FakeGitHub github;
    GHRepository repo;
    GitHubClients clients;
    dev.unblock.jobs.Database database;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path dir;

    @BeforeEach
    void start() throws Exception {
        database = dev.unblock.jobs.Database.open(dir, null);
        github = new FakeGitHub();
        JsonNode payload = Fixtures.webhook("pull_request/opened.payload.json");
        github.wm.stubFor(get(urlPathEqualTo(REPO)).willReturn(okJson(payload.get("repository").toString())));
        github.wm.stubFor(get(urlPathEqualTo(REPO + "/issues/2")).willReturn(okJson(
                Fixtures.webhook("issue_comment/created.with-installation.payload.json").get("issue").toString())));
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/issues/1/comments")).willReturn(created("{\"id\":5,\"body\":\"ok\"}")));
        github.wm.stubFor(post(urlPathEqualTo(REPO + "/pulls")).willReturn(created(payload.get("pull_request").toString())));
        github.stubReviewAnswer(2);
        github.stubCheckRunAnswer();
        Clock clock = Clock.systemUTC();
        InstallationTokens tokens = new InstallationTokens(URI.create(github.url()),
                new AppJwt("1", PrivateKeyPem.parse(TestKeys.pkcs8Pem()), clock), clock);
        clients = new GitHubClients(URI.create(github.url()), tokens, clock, new ContentRateLimiter(database.dataSource(), clock));
        GitHub gh = clients.forInstallation(1);
        repo = gh.getRepository("Codertocat/Hello-World");
    }

    @AfterEach
    void stop() {
        database.close();
        github.close();
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(String json) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(json);
    }

    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    JsonNode last(String method, String path) {
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> requests = github.requests(method, path);
        return github.json(requests.get(requests.size() - 1));
    }

    @Test
    void theStandInRefusesOneCharacterOverEachLimitAsGitHubDoes() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        record Case(String path, String json, int expected) {
        }
        String body = "x".repeat(65_536);
        String text = "y".repeat(65_535);
        for (Case c : List.of(
                new Case(REPO + "/issues/1/comments", "{\"body\":\"" + body + "\"}", 201),
                new Case(REPO + "/issues/1/comments", "{\"body\":\"" + body + "z\"}", 422),
                new Case(REPO + "/pulls", "{\"title\":\"" + "t".repeat(256) + "\",\"head\":\"h\",\"base\":\"b\"}", 201),
                new Case(REPO + "/pulls", "{\"title\":\"" + "t".repeat(257) + "\",\"head\":\"h\",\"base\":\"b\"}", 422),
                new Case(REPO + "/check-runs", "{\"name\":\"u\",\"head_sha\":\"a\",\"output\":{\"title\":\"t\",\"summary\":\"" + text + "\"}}", 201),
                new Case(REPO + "/check-runs", "{\"name\":\"u\",\"head_sha\":\"a\",\"output\":{\"title\":\"t\",\"summary\":\"é" + text.substring(1) + "\"}}", 422),
                new Case(REPO + "/pulls/2/reviews", "{\"body\":\"" + body + "z\",\"event\":\"COMMENT\"}", 422))) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(github.url() + c.path()))
                    .POST(HttpRequest.BodyPublishers.ofString(c.json())).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(c.path() + " " + c.json().length()).isEqualTo(c.expected());
        }
    }

    @Test
    void checkRunTitleSummaryTextAndAnnotationsFitAtAndOverTheLimit() throws Exception {
        String summary = "s".repeat(GitHubTextLimits.CHECK_RUN_TEXT);
        Publisher.checkRun(repo, "a".repeat(40), GHCheckRun.Conclusion.NEUTRAL, "t".repeat(255), summary, summary,
                List.of(new Publisher.Annotation("app/a.py", 1, "r".repeat(255), "m".repeat(GitHubTextLimits.ANNOTATION_MESSAGE))));
        JsonNode atLimit = last("POST", REPO + "/check-runs").get("output");
        assertThat(atLimit.get("summary").asText()).isEqualTo(summary);
        assertThat(atLimit.get("text").asText()).isEqualTo(summary);
        assertThat(atLimit.get("title").asText()).hasSize(255);
        assertThat(atLimit.at("/annotations/0/message").asText()).hasSize(GitHubTextLimits.ANNOTATION_MESSAGE);

        String over = "ü".repeat(40_000); // 80,000 bytes
        Publisher.checkRun(repo, "a".repeat(40), GHCheckRun.Conclusion.NEUTRAL, "T".repeat(300) + "\nsecond line", over, over,
                List.of(new Publisher.Annotation("app/a.py", 1, "R".repeat(300), over + over)));
        JsonNode cut = last("POST", REPO + "/check-runs").get("output");
        assertThat(bytes(cut.get("summary").asText())).isLessThanOrEqualTo(65_535).isGreaterThan(65_000);
        assertThat(bytes(cut.get("text").asText())).isLessThanOrEqualTo(65_535);
        assertThat(cut.get("title").asText()).hasSizeLessThanOrEqualTo(255).doesNotContain("\n");
        assertThat(bytes(cut.at("/annotations/0/message").asText())).isLessThanOrEqualTo(GitHubTextLimits.ANNOTATION_MESSAGE);
        assertThat(cut.at("/annotations/0/title").asText()).hasSizeLessThanOrEqualTo(255);
        assertThat(github.requests("POST", REPO + "/check-runs")).hasSize(2); // both accepted, none refused
    }

    @Test
    void pullRequestTitleAndBodyAndIssueCommentsFitAtAndOverTheLimit() throws Exception {
        String body = "b".repeat(GitHubTextLimits.BODY);
        Publisher.openPullRequest(repo, "t".repeat(256), "unblock/x", "master", body);
        JsonNode atLimit = last("POST", REPO + "/pulls");
        assertThat(atLimit.get("title").asText()).hasSize(256);
        assertThat(atLimit.get("body").asText()).isEqualTo(body);

        Publisher.openPullRequest(repo, "T".repeat(400), "unblock/x", "master", body + "more");
        JsonNode cut = last("POST", REPO + "/pulls");
        assertThat(cut.get("title").asText()).hasSizeLessThanOrEqualTo(256);
        assertThat(bytes(cut.get("body").asText())).isLessThanOrEqualTo(GitHubTextLimits.BODY);

        org.kohsuke.github.GHIssue issue = repo.getIssue(2);
        Publisher.comment(issue, body);
        Publisher.comment(issue, body + "\u0000more");
        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> comments = github.requests("POST", REPO + "/issues/1/comments");
        assertThat(comments).hasSize(2);
        assertThat(github.json(comments.get(0)).get("body").asText()).isEqualTo(body);
        assertThat(bytes(github.json(comments.get(1)).get("body").asText())).isLessThanOrEqualTo(GitHubTextLimits.BODY);
    }

    @Test
    void aReviewBodyIsCutToFitAndACommentThatCannotBeSentAsItIsIsLeftOut() throws Exception {
        String body = "r".repeat(GitHubTextLimits.BODY);
        Publisher.review(clients.rest(), 1, repo, 2, "a".repeat(40), body, List.of(
                new Publisher.InlineComment("app/a.py", 1, 1, "c".repeat(GitHubTextLimits.BODY)),
                new Publisher.InlineComment("app/b.py", 1, 1, "c".repeat(GitHubTextLimits.BODY + 1)),
                new Publisher.InlineComment("app/c.py", 1, 1, "```suggestion\nx = '\u001b'\n```")));
        JsonNode review = last("POST", REPO + "/pulls/2/reviews");
        assertThat(review.get("body").asText()).isEqualTo(body);
        assertThat(review.get("comments")).hasSize(1);
        assertThat(review.at("/comments/0/path").asText()).isEqualTo("app/a.py");

        Publisher.review(clients.rest(), 1, repo, 2, "a".repeat(40), body + "\u0007!", List.of());
        JsonNode cut = last("POST", REPO + "/pulls/2/reviews");
        assertThat(bytes(cut.get("body").asText())).isLessThanOrEqualTo(GitHubTextLimits.BODY);
        assertThat(cut.get("body").asText()).doesNotContain("\u0007");
        assertThat(github.requests("POST", REPO + "/pulls/2/reviews")).hasSize(2);
    }
}
