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
                if (installation == null || repoId == null || !PULL_REQUEST_ACTIONS.contains(action)) {
                    return Optional.empty();
                }
                long number = payload.path("pull_request").path("number").asLong(payload.path("number").asLong());
                return Optional.of(new Intake(event, action, installation, repoId, repoName, repoId + ":pull/" + number));
            }
            case "issue_comment" -> {
                String body = text(payload.path("comment"), "body");
                boolean command = body != null && body.strip().startsWith("/unblock");
                boolean onPullRequest = payload.path("issue").has("pull_request");
                if (installation == null || repoId == null || !"created".equals(action) || !command || !onPullRequest) {
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
