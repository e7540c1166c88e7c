package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.git.GitTreeSnapshot;
import dev.unblock.github.Publisher;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationEngine;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jgit.lib.ObjectId;
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
        work.fetch("+refs/pull/" + pr.getNumber() + "/head:refs/remotes/origin/pull/" + pr.getNumber());
        ObjectId head = work.require(headSha);
        GitTreeSnapshot snapshot = new GitTreeSnapshot(work.git(), head);
        RepoConfig config = work.configOrReport(repo, snapshot);
        if (config == null || config.mode() == Mode.OFF || (pr.isDraft() && !config.drafts())) {
            return;
        }
        if (!config.mode().reviews()) {
            companion.forPullRequest(work, repo, pr);
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
        ReviewPlan plan = ReviewPlan.build(migration, diff, suggested, listed, config.maxComments());
        if (!plan.isEmpty()) {
            List<Publisher.InlineComment> comments = plan.inline().stream()
                    .map(s -> new Publisher.InlineComment(s.path(), s.startLine(), s.endLine(), s.commentBody()))
                    .toList();
            Publisher.review(work.rest, work.installationId, repo, pr.getNumber(), headSha, plan.body(), comments);
            metrics.counter("unblock_reviews_posted").increment();
            metrics.counter("unblock_suggestions_posted").increment(comments.size());
        }
        CheckRuns.summary(repo, headSha, plan, migration.findings(), snapshot.skipped());
    }
}
