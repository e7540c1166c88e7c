package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unblock.git.GitTreeSnapshot;
import org.eclipse.jgit.lib.ObjectId;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;

/**
 * What the default branch gets: on each push, its migration pull request (per {@code mode:}) and then the dashboard;
 * the same on command from an issue, and the dashboard alone when a migration pull request was closed.
 */
final class MigrateDefaultBranch {
    private final OpenMigrationPullRequest pullRequests;
    private final UpdateDashboard dashboard;

    MigrateDefaultBranch(OpenMigrationPullRequest pullRequests, UpdateDashboard dashboard) {
        this.pullRequests = pullRequests;
        this.dashboard = dashboard;
    }

    /** What a job did for the default branch: the commit it read, the migration pull request and the dashboard. */
    record Outcome(String branch, String commit, RepoConfig config, GHPullRequest pullRequest, GHIssue dashboard) {
    }

    void onPush(RepoWork work, GHRepository repo, JsonNode push) throws Exception {
        String ref = push.path("ref").asText();
        String base = push.path("repository").path("default_branch").asText();
        if (!ref.equals("refs/heads/" + base)) {
            return; // pull request events cover other branches
        }
        work.fetch();
        ObjectId after = work.require(push.path("after").asText());
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), after);
        RepoConfig config = work.configOrReport(repo, snapshot);
        if (config != null) {
            run(work, repo, snapshot, config, base, push.path("before").asText(), OpenMigrationPullRequest.Scope.PUSHED, false);
        }
    }

    /**
     * A command given on an issue, for the tip of the default branch: {@code /unblock recheck} does what a push does
     * (with nothing pushed), {@code /unblock migrate} migrates the whole repository into the migration pull request,
     * even when an earlier one was declined. An invalid config is thrown, for the reply to quote.
     */
    Outcome onCommand(RepoWork work, GHRepository repo, OpenMigrationPullRequest.Scope scope) throws Exception {
        String base = repo.getDefaultBranch();
        work.fetch();
        ObjectId tip = work.branchTip(base);
        if (tip == null) {
            throw new dev.unblock.jobs.PermanentFailure("the default branch " + base + " was not found in the repository", null);
        }
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), tip);
        RepoConfig config = work.config(snapshot);
        if (config.mode() == Mode.OFF) {
            return new Outcome(base, tip.name(), config, null, null);
        }
        return run(work, repo, snapshot, config, base, null, scope, true);
    }

    /** A migration pull request was closed without merging: the dashboard's list of them changed. */
    void onMigrationPullRequestClosed(RepoWork work, GHRepository repo) throws Exception {
        String base = repo.getDefaultBranch();
        work.fetch();
        ObjectId tip = work.branchTip(base);
        if (tip == null) {
            return;
        }
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), tip);
        RepoConfig config = work.configOrReport(repo, snapshot);
        if (config != null && config.mode() != Mode.OFF) {
            dashboard.run(work, repo, snapshot, config, base, DashboardIssue.find(repo, work.botLogin()), false);
        }
    }

    private Outcome run(RepoWork work, GHRepository repo, GitTreeSnapshot snapshot, RepoConfig config, String base,
                        String before, OpenMigrationPullRequest.Scope scope, boolean asked) throws Exception {
        if (config.mode() == Mode.OFF) {
            return new Outcome(base, snapshot.commit().name(), config, null, null);
        }
        // Found first, so that the pull request can link it; written last, so that it lists the pull request.
        GHIssue current = DashboardIssue.find(repo, work.botLogin());
        GHPullRequest pr = null;
        if (config.mode().migrationPullRequests() || asked) {
            Integer link = config.dashboard() && current != null && current.getState() == org.kohsuke.github.GHIssueState.OPEN
                    ? current.getNumber() : null;
            pr = pullRequests.forDefaultBranch(work, repo, snapshot, config, base, before, scope, asked, link);
        }
        GHIssue board = dashboard.run(work, repo, snapshot, config, base, current, asked);
        return new Outcome(base, snapshot.commit().name(), config, pr, board);
    }
}
