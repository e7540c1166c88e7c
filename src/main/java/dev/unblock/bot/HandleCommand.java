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

import java.util.Optional;

/**
 * {@code /unblock} commands ({@link Commands}) in comments. On a pull request they act on it; on an issue (the
 * dashboard, or any other) on the default branch. The App's own pull requests stand for what they were made for: the
 * default branch's migration pull request for the default branch, a companion for its pull request.
 */
final class HandleCommand {
    private static final Logger LOG = LoggerFactory.getLogger(HandleCommand.class);
    private final OpenMigrationPullRequest companion;
    private final ReviewPullRequest review;
    private final MigrateDefaultBranch defaultBranch;

    HandleCommand(OpenMigrationPullRequest companion, ReviewPullRequest review, MigrateDefaultBranch defaultBranch) {
        this.companion = companion;
        this.review = review;
        this.defaultBranch = defaultBranch;
    }

    void run(RepoWork work, GHEventPayload.IssueComment event) throws Exception {
        GHRepository repo = event.getRepository();
        GHIssue issue = event.getIssue();
        if (!Commands.isCommand(event.getComment().getBody())) {
            return; // "/unblocked the build": a comment, not a command
        }
        // Anyone can comment on a public repository: commands from people who cannot write to it are ignored,
        // with no reply, so that comments cannot make the App write (or echo) anything.
        String login = event.getSender().getLogin(); // the commenter; getComment().getUser() would fetch the user again
        GHPermissionType permission = repo.getPermission(login);
        if (permission != GHPermissionType.ADMIN && permission != GHPermissionType.WRITE) {
            LOG.info("{}#{}: /unblock command from {} ignored (no write access)", repo.getFullName(), issue.getNumber(), login);
            return;
        }
        Commands.Place place = issue.isPullRequest() ? Commands.Place.PULL_REQUEST : Commands.Place.ISSUE;
        Optional<Commands> command = Commands.of(event.getComment().getBody());
        if (command.isEmpty()) {
            Publisher.comment(issue, Commands.unknown(place)); // the comment is never quoted: it may hold anything
            return;
        }
        if (command.get() == Commands.HELP) {
            Publisher.comment(issue, Commands.help(place));
            return;
        }
        event.getComment().createReaction(ReactionContent.ROCKET);
        try {
            if (place == Commands.Place.ISSUE) {
                onDefaultBranch(work, repo, issue, command.get());
                return;
            }
            GHPullRequest pr = repo.getPullRequest(issue.getNumber());
            boolean ours = pr.getHead().getRepository() != null && repo.getFullName().equals(pr.getHead().getRepository().getFullName());
            Integer madeFor = ours ? OpenMigrationPullRequest.companionOf(pr.getHead().getRef()) : null;
            if (ours && pr.getHead().getRef().equals(OpenMigrationPullRequest.BRANCH)) {
                onDefaultBranch(work, repo, issue, command.get());
                return;
            }
            if (madeFor != null) {
                pr = repo.getPullRequest(madeFor);
                ours = pr.getHead().getRepository() != null && repo.getFullName().equals(pr.getHead().getRepository().getFullName());
            }
            if (command.get() == Commands.RECHECK) {
                review.run(work, repo, pr);
            } else if (!ours) {
                Publisher.comment(issue, "Unblock cannot push to the branch of a fork; run it on a branch of this repository.");
            } else {
                companion.forPullRequest(work, repo, pr, null, true);
            }
        } catch (InvalidConfigException e) {
            Publisher.comment(issue, "Unblock did nothing because `" + RepoConfig.PATH + "` could not be used:\n\n"
                    + Markdown.block(e.getMessage()));
        }
    }

    /** On an issue: the default branch. On the dashboard the dashboard itself is the answer; elsewhere a reply links it. */
    private void onDefaultBranch(RepoWork work, GHRepository repo, GHIssue issue, Commands command) throws Exception {
        MigrateDefaultBranch.Outcome done = defaultBranch.onCommand(work, repo, command == Commands.MIGRATE
                ? OpenMigrationPullRequest.Scope.WHOLE : OpenMigrationPullRequest.Scope.PUSHED);
        String branch = Markdown.code(done.branch());
        if (done.config().mode() == Mode.OFF) {
            Publisher.comment(issue, "Unblock is turned off in this repository (`mode: off` in `" + RepoConfig.PATH
                    + "` on " + branch + "), so it did nothing.");
            return;
        }
        boolean onDashboard = done.dashboard() != null && done.dashboard().getNumber() == issue.getNumber();
        if (command == Commands.MIGRATE && done.pullRequest() == null) {
            Publisher.comment(issue, "Unblock found nothing to migrate on " + branch + " at " + done.commit().substring(0, 7) + ".");
        } else if (!onDashboard) {
            StringBuilder reply = new StringBuilder("Unblock checked ").append(branch).append(" at ")
                    .append(done.commit(), 0, 7).append('.');
            if (done.pullRequest() != null) {
                reply.append(" Migration pull request: #").append(done.pullRequest().getNumber()).append('.');
            }
            reply.append(done.dashboard() != null ? " Progress: the dashboard, #" + done.dashboard().getNumber() + "."
                    : done.config().dashboard() ? " There is nothing to show on a dashboard yet."
                    : " The dashboard is turned off (`dashboard: false`).");
            Publisher.comment(issue, reply.toString());
        }
    }
}
