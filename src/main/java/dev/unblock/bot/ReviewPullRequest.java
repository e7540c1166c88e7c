package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.git.GitTreeSnapshot;
import dev.unblock.git.RepositoryCache;
import dev.unblock.github.Publisher;
import dev.unblock.github.ReviewThreads;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jgit.lib.ObjectId;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** On a pull request: one COMMENT review per head commit with suggestions on its diff, and the check run. */
final class ReviewPullRequest {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewPullRequest.class);
    private final MigrationEngine engine;
    private final OpenMigrationPullRequest companion;
    private final MeterRegistry metrics;

    ReviewPullRequest(MigrationEngine engine, OpenMigrationPullRequest companion, MeterRegistry metrics) {
        this.metrics = metrics;
        this.engine = engine;
        this.companion = companion;
    }

    void run(RepoWork work, GHRepository repo, GHPullRequest pr) throws Exception {
        String headSha = pr.getHead().getSha();
        work.fetch(RepositoryCache.pullRequestRefSpec(pr.getNumber()));
        ObjectId head = work.require(headSha);
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), head);
        RepoConfig config = work.configOrReport(repo, snapshot);
        if (config == null || config.mode() == Mode.OFF || (pr.isDraft() && !config.drafts())) {
            return;
        }
        if (!config.mode().reviews()) {
            companion.forPullRequest(work, repo, pr, config, false);
            return;
        }
        Map<String, ChangedFile> diff = new LinkedHashMap<>();
        work.pullRequestChanges(pr, head, config.globs()).forEach(f -> diff.put(f.path(), f));
        snapshot.noteNotFiles(diff.keySet());
        diff.keySet().retainAll(snapshot.pythonFiles()); // skipped files (vendored, too large) are noted, not migrated
        if (diff.isEmpty()) {
            LOG.info("{}#{}: no Python files changed", repo.getFullName(), pr.getNumber());
            return;
        }
        Migration migration = engine.migrate(snapshot, ChangeSet.of(new TreeSet<>(diff.keySet())), config.migrationConfig());
        Publisher.EarlierReview earlier = Publisher.earlierReview(pr);
        Set<String> suggested = new TreeSet<>();
        earlier.commentBodies().forEach(text -> suggested.addAll(Fingerprints.in(text)));
        Set<String> listed = new TreeSet<>();
        earlier.reviewBodies().forEach(text -> listed.addAll(Fingerprints.in(text)));
        ReviewPlan plan = ReviewPlan.build(migration, diff, suggested, listed, config.maxComments(), path -> text(snapshot, path));
        if (!plan.isEmpty()) {
            List<Publisher.InlineComment> comments = plan.inline().stream()
                    .map(s -> new Publisher.InlineComment(s.path(), s.startLine(), s.endLine(), s.commentBody()))
                    .toList();
            Publisher.review(work.rest, work.installationId, repo, pr.getNumber(), headSha, plan.body(), comments);
            metrics.counter("unblock_reviews_posted").increment();
            metrics.counter("unblock_suggestions_posted").increment(comments.size());
        }
        Set<String> stale = new TreeSet<>(suggested);
        stale.removeAll(plan.stillValid());
        if (!stale.isEmpty()) {
            resolveStale(work, repo, pr.getNumber(), stale);
        }
        GHIssue dashboard = config.dashboard() ? dashboardToLink(work, repo) : null;
        CheckRuns.summary(repo, headSha, plan, migration.findings(), snapshot.skipped(), dashboard);
    }

    /**
     * Earlier suggestions this head no longer calls for (the lines changed, or the change now needs more than
     * one suggestion can hold) are resolved, so they do not stay on the pull request as advice to commit.
     */
    private void resolveStale(RepoWork work, GHRepository repo, int number, Set<String> stale) throws java.io.IOException {
        int resolved = 0;
        for (ReviewThreads.Thread thread : ReviewThreads.list(work.rest, work.installationId, repo.getOwnerName(),
                repo.getName(), number)) {
            Set<String> marked = Fingerprints.in(thread.firstComment());
            if (!thread.resolved() && !marked.isEmpty() && stale.containsAll(marked)) {
                ReviewThreads.resolve(work.rest, work.installationId, thread.id());
                resolved++;
            }
        }
        if (resolved > 0) {
            LOG.info("{}#{}: resolved {} stale suggestion(s)", repo.getFullName(), number, resolved);
            metrics.counter("unblock_suggestions_resolved").increment(resolved);
        }
    }

    /**
     * The open dashboard, for the check run to link. A link is not worth failing a review for: when GitHub refuses to
     * list issues (an App registered by hand without the issues permission, say), the check run goes without it.
     */
    private static GHIssue dashboardToLink(RepoWork work, GHRepository repo) throws java.io.IOException {
        try {
            return DashboardIssue.findOpen(repo, work.botLogin());
        } catch (org.kohsuke.github.HttpException e) {
            int status = e.getResponseCode();
            if (status == 403 || status == 404 || status == 410) {
                LOG.info("{}: no dashboard link (GitHub answered {} to listing issues)", repo.getFullName(), status);
                return null;
            }
            throw e;
        }
    }

    private static String text(GitTreeSnapshot snapshot, String path) {
        try {
            return snapshot.exists(path) ? new String(snapshot.read(path), java.nio.charset.StandardCharsets.UTF_8) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }
}
