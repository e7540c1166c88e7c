package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unblock.github.GitHubTextLimits;
import dev.unblock.github.Publisher;
import dev.unblock.jobs.StoredDelivery;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Says why a job ended without doing its work, where the people concerned will see it: a check run on the pull
 * request's head or the pushed commit, or a reply to a command. Best effort: when GitHub refuses this too (the
 * App lost access, say), the job's log line is all there is.
 */
final class FailureReport {
    private static final Logger LOG = LoggerFactory.getLogger(FailureReport.class);
    /** Enough of a reason to act on; the rest is in the server's log. */
    static final int MAX_REASON = 2_000;

    private FailureReport() {
    }

    static void tell(GitHub gh, StoredDelivery delivery, JsonNode payload, String reason) {
        String why = Markdown.block(GitHubTextLimits.cut(reason, MAX_REASON));
        try {
            switch (delivery.event()) {
                case "pull_request" -> {
                    GHEventPayload.PullRequest event = parse(gh, delivery, GHEventPayload.PullRequest.class);
                    checkRun(event.getRepository(), event.getPullRequest().getHead().getSha(), why);
                }
                case "push" -> {
                    GHEventPayload.Push event = parse(gh, delivery, GHEventPayload.Push.class);
                    String ref = payload.path("ref").asText();
                    if (ref.equals("refs/heads/" + payload.path("repository").path("default_branch").asText()) && !event.isDeleted()) {
                        checkRun(event.getRepository(), event.getHead(), why);
                    }
                }
                case "issue_comment" -> Publisher.comment(parse(gh, delivery, GHEventPayload.IssueComment.class).getIssue(),
                        "Unblock could not finish this command:\n\n" + why);
                default -> {
                }
            }
        } catch (Exception | StackOverflowError e) {
            LOG.info("could not report the failure of delivery {} on GitHub: {}", delivery.id(), e.toString());
        }
    }

    private static <T extends GHEventPayload> T parse(GitHub gh, StoredDelivery delivery, Class<T> type) throws java.io.IOException {
        return gh.parseEventPayload(new java.io.StringReader(delivery.payload()), type);
    }

    private static void checkRun(GHRepository repo, String sha, String why) throws java.io.IOException {
        if (sha == null || !sha.matches("[0-9a-f]{40}")) {
            return;
        }
        Publisher.checkRun(repo, sha, GHCheckRun.Conclusion.NEUTRAL, "Unblock could not finish",
                "Unblock stopped without a result for this commit, and will not try again on its own:\n\n" + why
                        + "\n\nOnce the cause is fixed, push again or comment `/unblock recheck` (on the pull request, or for the"
                        + " default branch on Unblock's dashboard issue) to start over.", null, List.of());
    }
}
