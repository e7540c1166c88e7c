package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock standing in for api.github.com, with the answers the App's calls expect and a log to check. Like GitHub,
 * it answers 422 to a text over GitHub's size limits ({@link GitHubLimits}).
 */
public final class FakeGitHub implements AutoCloseable {
    public static final String REPO = "/repos/Codertocat/Hello-World";
    public final WireMockServer wm;
    private final ReviewMemory reviews = new ReviewMemory();
    /** The repository's issues (the dashboard among them), kept as GitHub keeps them. */
    public final IssueMemory issues = new IssueMemory();
    /** The repository's pull requests, once {@link #rememberPullRequests} is called. */
    public final PullMemory pulls = new PullMemory();

    public FakeGitHub() {
        wm = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(reviews, issues, pulls, new GitHubLimits()));
        wm.start();
        stubToken("ghs_first", 60);
        // The App itself (its slug names the login its issues are opened under), and the repository's issues.
        wm.stubFor(get(urlPathEqualTo("/app")).willReturn(okJson("{\"id\":4242,\"slug\":\"unblock\",\"name\":\"Unblock\"}")));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching(REPO + "/issues(/\\d+)?"))
                .willReturn(aResponse().withTransformers(IssueMemory.NAME)));
    }

    public String url() {
        return "http://127.0.0.1:" + wm.port();
    }

    public void stubToken(String token, int minutes) {
        wm.stubFor(post(urlPathEqualTo("/app/installations/1/access_tokens"))
                .willReturn(tokenAnswer(token, minutes)));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder tokenAnswer(String token, int minutes) {
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withBody("{\"token\":\"" + token + "\",\"expires_at\":\""
                        + Instant.now().plus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS) + "\"}");
    }

    /** The reads a review makes: earlier review comments (with the given bodies) and earlier reviews. */
    public void stubEarlierReview(int pr, List<String> commentBodies) {
        StringBuilder comments = new StringBuilder("[");
        for (int i = 0; i < commentBodies.size(); i++) {
            comments.append(i == 0 ? "" : ",").append("{\"id\":").append(100 + i).append(",\"body\":")
                    .append(Fixtures.JSON.valueToTree(commentBodies.get(i)).toString()).append('}');
        }
        wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/" + pr + "/comments")).willReturn(okJson(comments + "]")));
        wm.stubFor(get(urlPathEqualTo(REPO + "/pulls/" + pr + "/reviews")).willReturn(okJson("[]")));
    }

    public void stubReviewAnswer(int pr) {
        stub(post(urlPathEqualTo(REPO + "/pulls/" + pr + "/reviews")), "{\"id\":80,\"state\":\"COMMENTED\"}");
    }

    public void stubCheckRunAnswer() {
        wm.stubFor(post(urlPathEqualTo(REPO + "/check-runs"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"id\":7,\"name\":\"unblock\",\"status\":\"completed\"}")));
    }

    /**
     * Reviews of any pull request as GitHub keeps them: a posted review (and its inline comments) is listed by later
     * reads of the pull request's reviews and review comments, so a job that runs again sees what it said.
     */
    public void stubRememberedReviews() {
        wm.stubFor(post(urlPathMatching(REPO + "/pulls/\\d+/reviews")).willReturn(aResponse().withTransformers(ReviewMemory.NAME)));
        wm.stubFor(get(urlPathMatching(REPO + "/pulls/\\d+/(reviews|comments)"))
                .willReturn(aResponse().withTransformers(ReviewMemory.NAME)));
    }

    /**
     * Pull requests as GitHub keeps them ({@link PullMemory}): opened, listed, read and edited. Stubs a test adds for
     * one pull request take precedence.
     */
    public void rememberPullRequests() {
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlPathMatching(REPO + "/pulls(/\\d+)?")).atPriority(10)
                .willReturn(aResponse().withTransformers(PullMemory.NAME)));
    }

    private void stub(MappingBuilder mapping, String json) {
        wm.stubFor(mapping.willReturn(okJson(json)));
    }

    /** Every request, oldest first, as "METHOD path?query". */
    public List<String> calls() {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events.stream().map(e -> e.getRequest().getMethod() + " " + e.getRequest().getUrl()).toList();
    }

    public List<LoggedRequest> requests(String method, String path) {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        java.util.Collections.reverse(events);
        return events.stream().map(ServeEvent::getRequest)
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().split("\\?")[0].equals(path))
                .map(r -> (LoggedRequest) r).toList();
    }

    public JsonNode json(LoggedRequest request) {
        try {
            return Fixtures.JSON.readTree(request.getBodyAsString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public List<LoggedRequest> unmatched() {
        return wm.findAllUnmatchedRequests();
    }

    @Override
    public void close() {
        wm.stop();
    }
}
