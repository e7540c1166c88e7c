package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Migration pull requests: on pushes to the default branch (branch {@value #BRANCH}), and companion PRs against
 * a pull request's branch. Later runs update the same branch and PR; a PR a human closed is not re-opened for
 * the same changes.
 */
final class OpenMigrationPullRequest {
    static final String BRANCH = "unblock/async-migration";
    private static final Logger LOG = LoggerFactory.getLogger(OpenMigrationPullRequest.class);
    private final MigrationEngine engine;
    private final MeterRegistry metrics;

    OpenMigrationPullRequest(MigrationEngine engine, MeterRegistry metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    void onPush(RepoWork work, GHRepository repo, JsonNode push) throws Exception {
        String ref = push.path("ref").asText();
        String defaultBranch = push.path("repository").path("default_branch").asText();
        if (!ref.equals("refs/heads/" + defaultBranch)) {
            return; // pull request events cover other branches
        }
        work.fetch();
        String afterSha = push.path("after").asText();
        ObjectId after = work.require(afterSha);
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), after);
        RepoConfig config = work.configOrReport(repo, snapshot);
        if (config == null || !config.mode().migrationPullRequests()) {
            return;
        }
        SortedSet<String> paths = new TreeSet<>();
        // The pushed branch is the default branch, so a brand-new one compares against nothing: all of it.
        String before = push.path("before").asText();
        if (!before.matches("0{40}") && !work.git().getObjectDatabase().has(ObjectId.fromString(before))) {
            work.deepen(); // "before" may lie beyond the shallow history; if it is still unknown, all files count
        }
        ChangedFiles.ofPush(work.git(), before, after, null, config.globs()).forEach(f -> paths.add(f.path()));
        // Keep what the migration branch already carries, so an update never drops earlier changes.
        paths.addAll(pathsOnBranch(work, BRANCH, config.globs()));
        snapshot.noteNotFiles(paths);
        paths.retainAll(snapshot.pythonFiles());
        if (paths.isEmpty()) {
            return;
        }
        Migration migration = engine.migrate(snapshot, ChangeSet.of(paths), config.migrationConfig());
        publish(work, repo, after, defaultBranch, BRANCH, migration,
                "Move blocking I/O to asyncio",
                "Unblock migrated the Python code changed on `" + defaultBranch + "` from blocking I/O to asyncio.",
                snapshot.skipped());
    }

    /** A companion PR with the complete change for a pull request, against its head branch. */
    void forPullRequest(RepoWork work, GHRepository repo, GHPullRequest pr) throws Exception {
        work.fetch(RepositoryCache.pullRequestRefSpec(pr.getNumber()));
        ObjectId head = work.require(pr.getHead().getSha());
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), head);
        RepoConfig config = work.config(snapshot);
        SortedSet<String> paths = new TreeSet<>();
        work.pullRequestChanges(pr, head, config.globs()).forEach(f -> paths.add(f.path()));
        snapshot.noteNotFiles(paths);
        paths.retainAll(snapshot.pythonFiles());
        Migration migration = paths.isEmpty() ? new Migration(List.of(), List.of(), List.of())
                : engine.migrate(snapshot, ChangeSet.of(paths), config.migrationConfig());
        if (migration.changes().isEmpty()) {
            Publisher.comment(pr, "Unblock found nothing to migrate in the Python files this pull request changes.");
            return;
        }
        publish(work, repo, head, pr.getHead().getRef(), BRANCH + "-pr-" + pr.getNumber(), migration,
                "Move blocking I/O to asyncio (for #" + pr.getNumber() + ")",
                "Unblock migrated the Python code of #" + pr.getNumber() + " from blocking I/O to asyncio, including the"
                        + " callers that must now `await`. Merge this into " + Markdown.code(pr.getHead().getRef()) + " to take it.",
                snapshot.skipped());
    }

    private void publish(RepoWork work, GHRepository repo, ObjectId parent, String base, String branch, Migration migration,
                         String title, String intro, Map<String, String> skipped) throws Exception {
        if (migration.changes().isEmpty()) {
            LOG.info("{}: nothing to migrate for {}", repo.getFullName(), base);
            return;
        }
        String fingerprint = MigrationReport.changesFingerprint(migration);
        List<GHPullRequest> existing = Publisher.pullRequestsFrom(repo, branch, base);
        GHPullRequest open = existing.stream().filter(p -> p.getState() == GHIssueState.OPEN).findFirst().orElse(null);
        boolean closedByHuman = existing.stream().anyMatch(p -> p.getState() == GHIssueState.CLOSED && p.getMergedAt() == null
                && fingerprint.equals(MigrationReport.changesFingerprintIn(p.getBody())));
        if (open == null && closedByHuman) {
            LOG.info("{}: a closed migration PR already proposed these changes; not re-opening", repo.getFullName());
            return;
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (FileChange change : migration.changes()) {
            files.put(change.path(), change.afterBytes());
        }
        work.commitAndPush(parent, files, title + "\n\nMade by Unblock from " + parent.name() + ".", branch);
        String body = MigrationReport.body(migration, intro, skipped);
        if (open != null) {
            Publisher.updatePullRequestBody(open, body);
            metrics.counter("unblock_migration_pull_requests", "action", "updated").increment();
        } else {
            Publisher.openPullRequest(repo, title, branch, base, body);
            metrics.counter("unblock_migration_pull_requests", "action", "opened").increment();
        }
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
