package dev.unblock.bot;

import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.ReactionContent;

import java.util.Locale;

/** {@code /unblock migrate} and {@code /unblock help} in pull request comments. */
final class HandleCommand {
    static final String HELP = """
            **Unblock** commands (comment on a pull request):
            - `/unblock migrate`: open a pull request against this pull request's branch with every change, \
            including callers in files this pull request does not touch (needs write access).
            - `/unblock help`: this message.
            """;
    private final OpenMigrationPullRequest companion;

    HandleCommand(OpenMigrationPullRequest companion) {
        this.companion = companion;
    }

    void run(RepoWork work, GHEventPayload.IssueComment event) throws Exception {
        GHRepository repo = event.getRepository();
        GHIssue issue = event.getIssue();
        String command = event.getComment().getBody().strip().split("\\s+", 3).length > 1
                ? event.getComment().getBody().strip().split("\\s+", 3)[1].toLowerCase(Locale.ROOT) : "help";
        if (!command.equals("migrate")) {
            issue.comment(HELP);
            return;
        }
        String login = event.getSender().getLogin(); // the commenter; getComment().getUser() would fetch the user again
        GHPermissionType permission = repo.getPermission(login);
        if (permission != GHPermissionType.ADMIN && permission != GHPermissionType.WRITE) {
            issue.comment("@" + login + " `/unblock migrate` needs write access to this repository.");
            return;
        }
        event.getComment().createReaction(ReactionContent.ROCKET);
        GHPullRequest pr = repo.getPullRequest(issue.getNumber());
        if (pr.getHead().getRepository() == null || !repo.getFullName().equals(pr.getHead().getRepository().getFullName())) {
            issue.comment("Unblock cannot push to the branch of a fork; run it on a branch of this repository.");
            return;
        }
        try {
            companion.forPullRequest(work, repo, pr);
        } catch (InvalidConfigException e) {
            issue.comment("Unblock did nothing because `" + RepoConfig.PATH + "` could not be used:\n\n```\n"
                    + e.getMessage() + "\n```");
        }
    }
}
