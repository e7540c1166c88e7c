package dev.unblock.github;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.Set;

/**
 * Decides, from the event name and payload alone, whether a delivery is work for us. Anything else is
 * acknowledged and dropped at the door so the queue only holds jobs that will do something.
 */
public final class WebhookEvents {
    public static final String ZERO_SHA = "0000000000000000000000000000000000000000";
    /** A comment whose first word is {@code /unblock}. */
    private static final java.util.regex.Pattern COMMAND = java.util.regex.Pattern.compile("\\s*/unblock(\\s|$)");
    static final Set<String> PULL_REQUEST_ACTIONS = Set.of("opened", "synchronize", "reopened", "ready_for_review");

    /** What the queue needs to know about an accepted delivery. supersedeKey is null when nothing supersedes it. */
    public record Intake(String event, String action, Long installationId, Long repositoryId, String repository,
                         String supersedeKey) {
    }

    private WebhookEvents() {
    }

    public static Optional<Intake> accept(String event, JsonNode payload) {
        String action = text(payload, "action");
        Long installation = payload.path("installation").hasNonNull("id") ? payload.path("installation").path("id").asLong() : null;
        JsonNode repo = payload.path("repository");
        Long repoId = repo.hasNonNull("id") ? repo.path("id").asLong() : null;
        String repoName = text(repo, "full_name");
        switch (event) {
            case "push" -> {
                String ref = text(payload, "ref");
                boolean branch = ref != null && ref.startsWith("refs/heads/");
                if (installation == null || repoId == null || !branch || payload.path("deleted").asBoolean(false)
                        || ZERO_SHA.equals(text(payload, "after"))) {
                    return Optional.empty();
                }
                return Optional.of(new Intake(event, null, installation, repoId, repoName, repoId + ":" + ref));
            }
            case "pull_request" -> {
                if (installation != null && repoId != null && "closed".equals(action) && closedMigrationPullRequest(payload)) {
                    return Optional.of(new Intake(event, action, installation, repoId, repoName, null));
                }
                if (installation == null || repoId == null || !PULL_REQUEST_ACTIONS.contains(action)) {
                    return Optional.empty();
                }
                long number = payload.path("pull_request").path("number").asLong(payload.path("number").asLong());
                return Optional.of(new Intake(event, action, installation, repoId, repoName, repoId + ":pull/" + number));
            }
            case "issue_comment" -> {
                String body = text(payload.path("comment"), "body");
                boolean command = isCommand(body);
                // On a pull request, a command acts on it; on an issue (Unblock's dashboard, or any other), on the
                // default branch.
                if (installation == null || repoId == null || !"created".equals(action) || !command) {
                    return Optional.empty();
                }
                return Optional.of(new Intake(event, action, installation, repoId, repoName, null));
            }
            case "installation", "installation_repositories" -> {
                if (installation == null || action == null) {
                    return Optional.empty();
                }
                return Optional.of(new Intake(event, action, installation, null, null, null));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * One of the App's migration pull requests (its branch starts with {@code unblock/async-migration}, in the same
     * repository) closed without merging: the dashboard lists them. A merged one is followed by a push.
     */
    static boolean closedMigrationPullRequest(JsonNode payload) {
        JsonNode pr = payload.path("pull_request");
        String head = pr.path("head").path("ref").asText("");
        String headRepo = pr.path("head").path("repo").path("full_name").asText("");
        return head.startsWith("unblock/async-migration") && headRepo.equals(payload.path("repository").path("full_name").asText())
                && !pr.path("merged").asBoolean(false) && !pr.hasNonNull("merged_at");
    }

    /** True when a comment's first word is {@code /unblock}. */
    public static boolean isCommand(String comment) {
        return comment != null && COMMAND.matcher(comment).lookingAt();
    }

    /** Fields each handled event needs; a delivery without one is refused (400) rather than failing later. */
    private static final java.util.Map<String, java.util.List<String>> REQUIRED = java.util.Map.of(
            "push", java.util.List.of("/ref", "/before", "/after", "/repository/clone_url", "/repository/default_branch"),
            "pull_request", java.util.List.of("/pull_request/number", "/pull_request/head/sha", "/pull_request/head/ref",
                    "/pull_request/base/ref", "/pull_request/base/sha", "/repository/clone_url", "/repository/full_name"),
            "issue_comment", java.util.List.of("/comment/id", "/comment/body", "/issue/number", "/sender/login",
                    "/repository/clone_url", "/repository/full_name"));

    /** The first required field an accepted delivery lacks (as a JSON pointer), or null when it has them all. */
    public static String missingField(Intake intake, JsonNode payload) {
        for (String pointer : REQUIRED.getOrDefault(intake.event(), java.util.List.of())) {
            JsonNode value = payload.at(pointer);
            if (value.isMissingNode() || value.isNull()) {
                return pointer;
            }
        }
        return null;
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
