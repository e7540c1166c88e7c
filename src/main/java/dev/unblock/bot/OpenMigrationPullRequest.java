package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.git.ChangedFiles;
import dev.unblock.git.GitTreeSnapshot;
import dev.unblock.git.RepositoryCache;
import dev.unblock.migrate.PathGlobs;
import dev.unblock.github.Publisher;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Migration pull requests: on pushes to the default branch (branch {@value #BRANCH}), and companion PRs against
 * a pull request's branch. Later runs update the same branch and PR. A PR a human closed without merging is never
 * re-opened: later runs start afresh (nothing of it is carried over) and open a new PR only for a migration that
 * differs from every declined one, unless a command asks for one.
 */
final class OpenMigrationPullRequest {
    static final String BRANCH = "unblock/async-migration";
    private static final Pattern COMPANION = Pattern.compile(Pattern.quote(BRANCH) + "-pr-(\\d+)");
    private static final Logger LOG = LoggerFactory.getLogger(OpenMigrationPullRequest.class);
    private final MigrationEngine engine;
    private final MeterRegistry metrics;

    OpenMigrationPullRequest(MigrationEngine engine, MeterRegistry metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    /** What the migration of the default branch starts from. */
    enum Scope {
        /** The Python files pushes changed, and those the open migration PR already carries. */
        PUSHED,
        /** Every Python file of the repository (asked for with a command). */
        WHOLE
    }

    /** The pull request number a companion branch was made for, or null when {@code branch} is not one. */
    static Integer companionOf(String branch) {
        Matcher m = COMPANION.matcher(branch == null ? "" : branch);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }

    /**
     * The migration pull request of the default branch at {@code after}: the files changed since {@code before} (none
     * when null) and those the open one carries ({@link Scope#PUSHED}), or the whole repository. {@code asked}: a
     * person asked for it with a command, so a declined one does not hold it back. Returns the pull request opened or
     * updated, or null when there was nothing to do.
     */
    GHPullRequest forDefaultBranch(RepoWork work, GHRepository repo, GitTreeSnapshot snapshot, RepoConfig config, String base,
                          String before, Scope scope, boolean asked, Integer dashboard) throws Exception {
        ObjectId after = snapshot.commit();
        SortedSet<String> paths = new TreeSet<>();
        List<GHPullRequest> existing = null;
        if (scope == Scope.WHOLE) {
            snapshot.pythonFiles().stream().filter(config.globs()::selectsPython).forEach(paths::add);
        } else {
            if (before != null) {
                // A brand-new default branch compares against nothing: all of it.
                if (!before.matches("0{40}") && !work.git().getObjectDatabase().has(ObjectId.fromString(before))) {
                    work.deepen(); // "before" may lie beyond the shallow history; if it is still unknown, all files count
                }
                ChangedFiles.ofPush(work.git(), before, after, null, config.globs()).forEach(f -> paths.add(f.path()));
            }
            // Keep what the open migration PR carries, so an update never drops earlier changes; a declined (or merged)
            // one's are not carried over.
            if (work.branchTip(BRANCH) != null) {
                existing = Publisher.pullRequestsFrom(repo, BRANCH, base);
                if (existing.isEmpty() || existing.stream().anyMatch(p -> p.getState() == GHIssueState.OPEN)) {
                    paths.addAll(pathsOnBranch(work, BRANCH, config.globs()));
                }
            }
        }
        snapshot.noteNotFiles(paths);
        paths.retainAll(snapshot.pythonFiles());
        if (paths.isEmpty()) {
            return null;
        }
        Migration migration = engine.migrate(snapshot, ChangeSet.of(paths), config.migrationConfig());
        String intro = scope == Scope.WHOLE
                ? "Unblock migrated the Python code of " + Markdown.code(base) + " (the whole repository, as asked) from"
                + " blocking I/O to asyncio."
                : "Unblock migrated the Python code changed on " + Markdown.code(base) + " from blocking I/O to asyncio.";
        return publish(work, repo, after, base, BRANCH, existing != null ? existing : Publisher.pullRequestsFrom(repo, BRANCH, base),
                migration, "Move blocking I/O to asyncio", intro,
                nextForDefaultBranch(base, dashboard), snapshot.skipped(), asked);
    }

    /**
     * A companion PR with the complete change for a pull request, against its head branch. {@code asked}: a person
     * asked for it ({@code /unblock migrate}), so a declined one does not hold it back and "nothing to do" is said.
     */
    void forPullRequest(RepoWork work, GHRepository repo, GHPullRequest pr, RepoConfig config, boolean asked) throws Exception {
        work.fetch(RepositoryCache.pullRequestRefSpec(pr.getNumber()));
        ObjectId head = work.require(pr.getHead().getSha());
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), head);
        RepoConfig atHead = config != null ? config : work.config(snapshot);
        SortedSet<String> paths = new TreeSet<>();
        work.pullRequestChanges(pr, head, atHead.globs()).forEach(f -> paths.add(f.path()));
        snapshot.noteNotFiles(paths);
        paths.retainAll(snapshot.pythonFiles());
        Migration migration = paths.isEmpty() ? new Migration(List.of(), List.of(), List.of())
                : engine.migrate(snapshot, ChangeSet.of(paths), atHead.migrationConfig());
        if (migration.changes().isEmpty()) {
            if (asked) {
                Publisher.comment(pr, "Unblock found nothing to migrate in the Python files this pull request changes.");
            }
            return;
        }
        String branch = BRANCH + "-pr-" + pr.getNumber();
        String headRef = pr.getHead().getRef();
        publish(work, repo, head, headRef, branch, Publisher.pullRequestsFrom(repo, branch, headRef), migration,
                "Move blocking I/O to asyncio (for #" + pr.getNumber() + ")",
                "Unblock migrated the Python code of #" + pr.getNumber() + " from blocking I/O to asyncio, including the"
                        + " callers that must now `await`. Merge this into " + Markdown.code(headRef) + " to take it.",
                nextForCompanion(pr.getNumber(), headRef, !atHead.mode().reviews()), snapshot.skipped(), asked);
    }

    private GHPullRequest publish(RepoWork work, GHRepository repo, ObjectId parent, String base, String branch,
                         List<GHPullRequest> existing, Migration migration, String title, String intro, String next,
                         Map<String, String> skipped, boolean asked) throws Exception {
        if (migration.changes().isEmpty()) {
            LOG.info("{}: nothing to migrate for {}", repo.getFullName(), base);
            return null;
        }
        String fingerprint = MigrationReport.changesFingerprint(migration);
        GHPullRequest open = existing.stream().filter(p -> p.getState() == GHIssueState.OPEN)
                .max(Comparator.comparingInt(GHPullRequest::getNumber)).orElse(null);
        boolean declined = existing.stream().anyMatch(p -> p.getState() == GHIssueState.CLOSED && p.getMergedAt() == null
                && fingerprint.equals(MigrationReport.changesFingerprintIn(p.getBody())));
        if (open == null && declined && !asked) {
            LOG.info("{}: a closed migration PR already proposed these changes; not re-opening", repo.getFullName());
            return null;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (FileChange change : migration.changes()) {
            files.put(change.path(), change.afterBytes());
        }
        work.commitAndPush(parent, files, title + "\n\nMade by Unblock from " + parent.name() + ".", branch);
        String body = MigrationReport.body(migration, intro, next, skipped);
        if (open != null) {
            Publisher.updatePullRequestBody(open, body);
            metrics.counter("unblock_migration_pull_requests", "action", "updated").increment();
            return open;
        }
        // A closed pull request whose branch was pushed again cannot be re-opened on GitHub anyway: always a new one.
        GHPullRequest opened = Publisher.openPullRequest(repo, title, branch, base, body);
        metrics.counter("unblock_migration_pull_requests", "action", "opened").increment();
        return opened;
    }

    /** What later pushes, merging and closing do to the default branch's migration PR, and the commands. */
    static String nextForDefaultBranch(String base, Integer dashboard) {
        String branch = Markdown.code(base);
        String board = dashboard == null ? "the dashboard issue" : "the dashboard, #" + dashboard;
        return "### What happens next\n"
                + "- **Later pushes to " + branch + "** update this pull request: its branch is replaced by one new commit of"
                + " Unblock on top of the pushed commit, migrating what those pushes changed and everything already here."
                + " Commits pushed to this branch by hand are replaced too: make changes after merging (or in `"
                + RepoConfig.PATH + "`).\n"
                + "- **Merging** it counts its blocking call sites as migrated on " + board + ".\n"
                + "- **Closing it without merging** declines it: Unblock never re-opens it. Later pushes start afresh from"
                + " the files they change (nothing of this pull request is carried over) and open a new pull request only"
                + " for a migration that differs from every declined one. " + Commands.MIGRATE.code() + " brings everything"
                + " back in a new pull request.\n"
                + "- **Commands** (comment here or on " + board + "); they act on " + branch + ":\n"
                + Commands.list(Commands.Place.ISSUE).indent(2);
    }

    /** The same for a companion pull request made for pull request {@code number}. */
    static String nextForCompanion(int number, String headRef, boolean updatedByPushes) {
        String pr = "#" + number;
        return "### What happens next\n"
                + (updatedByPushes
                ? "- **Pushes to " + pr + "** update this pull request: its branch is replaced by one new commit of Unblock on"
                + " top of " + pr + "'s latest commit.\n"
                : "- **Pushes to " + pr + "** do not change this pull request: comment " + Commands.MIGRATE.code() + " on "
                + pr + " (or here) to bring it up to date; its branch is then replaced by one new commit of Unblock on top"
                + " of " + pr + "'s latest commit.\n")
                + "- **Merging** it into " + Markdown.code(headRef) + " puts the migration into " + pr + ".\n"
                + "- **Closing it without merging** declines it: Unblock never re-opens it"
                + (updatedByPushes ? ", and pushes to " + pr + " open a new pull request only for a migration that differs"
                + " from every declined one" : "") + ". " + Commands.MIGRATE.code() + " on " + pr + " opens a new one.\n"
                + "- **Commands** (comment on " + pr + ", or here); they act on " + pr + ":\n"
                + Commands.list(Commands.Place.PULL_REQUEST).indent(2);
    }

    /** Python paths the bot's branch changed relative to its parent (empty when the branch does not exist). */
    private static List<String> pathsOnBranch(RepoWork work, String branch, PathGlobs globs) throws IOException {
        ObjectId tip = work.branchTip(branch);
        if (tip == null) {
            return List.of();
        }
        try (RevWalk walk = new RevWalk(work.git())) {
            RevCommit commit = walk.parseCommit(tip);
            if (commit.getParentCount() == 0) {
                return List.of();
            }
            return ChangedFiles.between(work.git(), commit.getParent(0), commit, globs).stream().map(ChangedFile::path).toList();
        }
    }
}
