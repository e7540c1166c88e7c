package dev.unblock.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCheckRunBuilder;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHPullRequestReview;
import org.kohsuke.github.GHPullRequestReviewComment;
import org.kohsuke.github.GHRepository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Everything the App writes to GitHub, through kohsuke, in the shapes the REST API documents, each text within
 * GitHub's limits and without control characters ({@link GitHubTextLimits}).
 */
public final class Publisher {
    public static final String CHECK_NAME = "unblock";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Publisher.class);

    /** One inline review comment spanning lines startLine..line on the new side. */
    public record InlineComment(String path, int startLine, int line, String body) {
    }

    /** A check-run annotation (a finding). */
    public record Annotation(String path, int line, String title, String message) {
    }

    private Publisher() {
    }

    /** Bodies of earlier inline review comments, and of earlier reviews: where the App's fingerprints live. */
    public record EarlierReview(List<String> commentBodies, List<String> reviewBodies) {
    }

    public static EarlierReview earlierReview(GHPullRequest pr) throws IOException {
        List<String> comments = new ArrayList<>();
        for (GHPullRequestReviewComment comment : pr.listReviewComments()) {
            comments.add(comment.getBody());
        }
        List<String> reviews = new ArrayList<>();
        for (GHPullRequestReview review : pr.listReviews()) {
            reviews.add(review.getBody());
        }
        return new EarlierReview(comments, reviews);
    }

    /**
     * A COMMENT review on {@code commitId}. Single lines use {@code line}, ranges {@code start_line} + {@code line},
     * all on the RIGHT side; kohsuke's review builder cannot send the sides, so this goes through {@link RestCalls}.
     */
    public static void review(RestCalls rest, long installationId, GHRepository repo, int number, String commitId,
                              String body, List<InlineComment> comments) throws IOException {
        ObjectNode review = JSON.createObjectNode();
        review.put("commit_id", commitId);
        review.put("body", GitHubTextLimits.fit(body, GitHubTextLimits.BODY));
        review.put("event", "COMMENT");
        ArrayNode list = review.putArray("comments");
        for (InlineComment c : comments) {
            if (!GitHubTextLimits.fits(c.body(), GitHubTextLimits.BODY) || GitHubTextLimits.hasControlCharacters(c.body())) {
                // A suggestion cannot be cut or altered (committing it would write something else); the review plan
                // lists such changes in the body instead, so this only guards against a plan that did not.
                LOG.warn("{}#{}: a review comment on {} was left out: over GitHub's size or holding control characters",
                        repo.getFullName(), number, c.path());
                continue;
            }
            ObjectNode comment = list.addObject();
            comment.put("path", c.path());
            comment.put("body", c.body());
            if (c.startLine() != c.line()) {
                comment.put("start_line", c.startLine());
                comment.put("start_side", "RIGHT");
            }
            comment.put("line", c.line());
            comment.put("side", "RIGHT");
        }
        rest.post(installationId, "/repos/" + repo.getFullName() + "/pulls/" + number + "/reviews", review);
    }

    /** The completed check run "unblock"; kohsuke sends annotations in batches of 50 as GitHub requires. */
    public static void checkRun(GHRepository repo, String headSha, GHCheckRun.Conclusion conclusion, String title,
                                String summary, String text, List<Annotation> annotations) throws IOException {
        checkRun(repo, headSha, conclusion, title, summary, text, annotations, null);
    }

    /** As above, with the page behind the check run's "details" link ({@code detailsUrl}, or none when null). */
    public static void checkRun(GHRepository repo, String headSha, GHCheckRun.Conclusion conclusion, String title,
                                String summary, String text, List<Annotation> annotations, String detailsUrl)
            throws IOException {
        GHCheckRunBuilder.Output output = new GHCheckRunBuilder.Output(
                GitHubTextLimits.fitLine(title, GitHubTextLimits.CHECK_RUN_TITLE),
                GitHubTextLimits.fit(summary, GitHubTextLimits.CHECK_RUN_TEXT));
        if (text != null && !text.isEmpty()) {
            output.withText(GitHubTextLimits.fit(text, GitHubTextLimits.CHECK_RUN_TEXT));
        }
        for (Annotation a : annotations) {
            output.add(new GHCheckRunBuilder.Annotation(a.path(), a.line(), GHCheckRun.AnnotationLevel.WARNING,
                    GitHubTextLimits.fit(a.message(), GitHubTextLimits.ANNOTATION_MESSAGE))
                    .withTitle(GitHubTextLimits.fitLine(a.title(), GitHubTextLimits.ANNOTATION_TITLE)));
        }
        GHCheckRunBuilder builder = repo.createCheckRun(CHECK_NAME, headSha)
                .withStatus(GHCheckRun.Status.COMPLETED)
                .withConclusion(conclusion)
                .withCompletedAt(new Date())
                .add(output);
        if (detailsUrl != null) {
            builder.withDetailsURL(detailsUrl);
        }
        builder.create();
    }

    /** Pull requests (any state) from {@code branch} of this repository into {@code base}. */
    public static List<GHPullRequest> pullRequestsFrom(GHRepository repo, String branch, String base) throws IOException {
        return repo.queryPullRequests().head(repo.getOwnerName() + ":" + branch).base(base).state(GHIssueState.ALL)
                .list().toList();
    }

    /** Every open pull request of the repository. */
    public static List<GHPullRequest> openPullRequests(GHRepository repo) throws IOException {
        return repo.queryPullRequests().state(GHIssueState.OPEN).list().withPageSize(100).toList();
    }

    public static GHPullRequest openPullRequest(GHRepository repo, String title, String branch, String base, String body)
            throws IOException {
        return repo.createPullRequest(GitHubTextLimits.fitLine(title, GitHubTextLimits.TITLE), branch, base,
                GitHubTextLimits.fit(body, GitHubTextLimits.BODY));
    }

    public static void updatePullRequestBody(GHPullRequest pr, String body) throws IOException {
        pr.setBody(GitHubTextLimits.fit(body, GitHubTextLimits.BODY));
    }

    /** Issues (not pull requests, in any state) that {@code login} opened, oldest first. */
    public static List<GHIssue> issuesBy(GHRepository repo, String login) throws IOException {
        List<GHIssue> issues = new ArrayList<>();
        for (GHIssue issue : repo.queryIssues().creator(login).state(GHIssueState.ALL).list().withPageSize(100)) {
            if (!issue.isPullRequest()) {
                issues.add(issue);
            }
        }
        issues.sort(java.util.Comparator.comparingInt(GHIssue::getNumber));
        return issues;
    }

    public static GHIssue openIssue(GHRepository repo, String title, String body) throws IOException {
        return repo.createIssue(GitHubTextLimits.fitLine(title, GitHubTextLimits.TITLE))
                .body(GitHubTextLimits.fit(body, GitHubTextLimits.BODY)).create();
    }

    public static void updateIssueBody(GHIssue issue, String body) throws IOException {
        issue.setBody(GitHubTextLimits.fit(body, GitHubTextLimits.BODY));
    }

    /** A comment on an issue or pull request. */
    public static void comment(org.kohsuke.github.GHIssue issue, String body) throws IOException {
        issue.comment(GitHubTextLimits.fit(body, GitHubTextLimits.BODY));
    }

}
