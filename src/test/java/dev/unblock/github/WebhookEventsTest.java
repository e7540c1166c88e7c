package dev.unblock.github;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.Payloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which comments and closed pull requests are work for the App (the rest is dropped at the door). */
class WebhookEventsTest {
    static final String CLONE = "https://github.com/Codertocat/Hello-World.git";

    @Test
    void aCommandOnAnIssueIsAcceptedLikeOneOnAPullRequestAndOtherCommentsAreNot() {
        assertThat(WebhookEvents.accept("issue_comment", Payloads.issueCommand("/unblock recheck", 7, "dashboard", CLONE)))
                .hasValueSatisfying(i -> assertThat(i.supersedeKey()).isNull());
        assertThat(WebhookEvents.accept("issue_comment", Payloads.command("/unblock migrate", 2, CLONE))).isPresent();
        assertThat(WebhookEvents.accept("issue_comment", Payloads.issueCommand("looks good /unblock", 7, "x", CLONE))).isEmpty();
        assertThat(WebhookEvents.accept("issue_comment", Payloads.issueCommand("/unblocked the build", 7, "x", CLONE))).isEmpty();
        assertThat(WebhookEvents.accept("issue_comment", Payloads.issueCommand("\n/unblock\nrecheck", 7, "x", CLONE))).isPresent();
        ObjectNode edited = Payloads.issueCommand("/unblock recheck", 7, "dashboard", CLONE);
        edited.put("action", "edited");
        assertThat(WebhookEvents.accept("issue_comment", edited)).isEmpty();
    }

    @Test
    void onlyTheAppsMigrationPullRequestsClosedWithoutMergingAreAccepted() {
        assertThat(WebhookEvents.accept("pull_request",
                Payloads.closedMigrationPullRequest(12, "unblock/async-migration", false, CLONE))).isPresent();
        assertThat(WebhookEvents.accept("pull_request",
                Payloads.closedMigrationPullRequest(13, "unblock/async-migration-pr-2", false, CLONE))).isPresent();
        // Merged: the push that follows updates the dashboard. Someone else's branch: not ours.
        assertThat(WebhookEvents.accept("pull_request",
                Payloads.closedMigrationPullRequest(12, "unblock/async-migration", true, CLONE))).isEmpty();
        assertThat(WebhookEvents.accept("pull_request", Payloads.closedMigrationPullRequest(14, "feature", false, CLONE))).isEmpty();
        ObjectNode fork = Payloads.closedMigrationPullRequest(15, "unblock/async-migration", false, CLONE);
        ((ObjectNode) fork.get("pull_request").get("head").get("repo")).put("full_name", "mallory/Hello-World");
        assertThat(WebhookEvents.accept("pull_request", fork)).isEmpty();
        assertThat(WebhookEvents.accept("pull_request", Fixtures.webhook("pull_request/closed.payload.json"))).isEmpty();
    }
}
