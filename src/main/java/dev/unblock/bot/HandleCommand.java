package dev.unblock.bot;

import dev.unblock.github.Publisher;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHPermissionType;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.ReactionContent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/** {@code /unblock migrate} and {@code /unblock help} in pull request comments. */
final class HandleCommand {
    static final String HELP = """
            **Unblock** commands (comment on a pull request):
            - `/unblock migrate`: open a pull request against this pull request's branch with every change, \
            including callers in files this pull request does not touch.
            - `/unblock help`: this message.

            Commands are taken from people with write access to the repository; others are ignored.
            """;
    private static final Logger LOG = LoggerFactory.getLogger(HandleCommand.class);
    private final OpenMigrationPullRequest companion;

    HandleCommand(OpenMigrationPullRequest companion) {
        this.companion = companion;
    }

    void run(RepoWork work, GHEventPayload.IssueComment event) throws Exception {
        GHRepository repo = event.getRepository();
        GHIssue issue = event.getIssue();
        // Anyone can comment on a public repository: commands from people who cannot write to it are ignored,
        // with no reply, so that comments cannot make the App write (or echo) anything.
        String login = event.getSender().getLogin(); // the commenter; getComment().getUser() would fetch the user again
        GHPermissionType permission = repo.getPermission(login);
        if (permission != GHPermissionType.ADMIN && permission != GHPermissionType.WRITE) {
            LOG.info("{}#{}: /unblock command from {} ignored (no write access)", repo.getFullName(), issue.getNumber(), login);
            return;
        }
        String[] words = event.getComment().getBody().strip().split("\\s+", 3);
        String command = words.length > 1 ? words[1].toLowerCase(Locale.ROOT) : "help";
        if (!command.equals("migrate")) {
            Publisher.comment(issue, HELP);
            return;
        }
        event.getComment().createReaction(ReactionContent.ROCKET);
        GHPullRequest pr = repo.getPullRequest(issue.getNumber());
        if (pr.getHead().getRepository() == null || !repo.getFullName().equals(pr.getHead().getRepository().getFullName())) {
            Publisher.comment(issue, "Unblock cannot push to the branch of a fork; run it on a branch of this repository.");
            return;
        }
        try {
            companion.forPullRequest(work, repo, pr);
        } catch (InvalidConfigException e) {
            Publisher.comment(issue, "Unblock did nothing because `" + RepoConfig.PATH + "` could not be used:\n\n"
                    + Markdown.block(e.getMessage()));
        }
    }
}
