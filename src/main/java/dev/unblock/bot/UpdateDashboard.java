package dev.unblock.bot;

import dev.unblock.git.GitTreeSnapshot;
import dev.unblock.github.GitHubTextLimits;
import dev.unblock.github.Publisher;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationEngine;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevWalk;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Keeps a repository's dashboard issue true to its default branch: the whole repository is migrated (nothing is
 * written) to count blocking call sites per package, the App's migration pull requests are read for what they
 * converted, and the one dashboard is opened or edited. A dashboard a person closed is left alone (pushes do not
 * update it, nothing re-opens it); one the config turned off is closed by Unblock and re-opened when turned on.
 */
final class UpdateDashboard {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateDashboard.class);
    private final MigrationEngine engine;

    UpdateDashboard(MigrationEngine engine) {
        this.engine = engine;
    }

    /**
     * Brings the dashboard ({@code current}, as found before this job wrote anything; null when there is none) up to
     * date with {@code snapshot}. {@code asked}: a person asked for it with a command, so a dashboard they closed is
     * edited too (and stays closed). Returns the dashboard, or null when there is none.
     */
    GHIssue run(RepoWork work, GHRepository repo, GitTreeSnapshot snapshot, RepoConfig config, String base, GHIssue current,
                boolean asked) throws Exception {
        String commit = snapshot.commit().name();
        if (!config.dashboard() || config.mode() == Mode.OFF) {
            if (current != null && current.getState() == GHIssueState.OPEN) {
                Publisher.updateIssueBody(current, DashboardReport.turnedOffBody(base, commit));
                current.close();
            }
            return null;
        }
        boolean turnedOff = current != null && DashboardIssue.turnedOff(current.getBody());
        if (current != null && current.getState() == GHIssueState.CLOSED && !turnedOff && !asked) {
            return current; // a person closed it: no more updates until they re-open it
        }
        if (current != null && newer(work, DashboardIssue.commitIn(current.getBody()), commit)) {
            LOG.info("{}: dashboard #{} already shows a later commit", repo.getFullName(), current.getNumber());
            return current;
        }
        DashboardReport report = report(repo, snapshot, config, base);
        String body = GitHubTextLimits.fit(report.body(), GitHubTextLimits.BODY);
        if (current == null) {
            if (report.isEmpty()) {
                return null;
            }
            GHIssue opened = Publisher.openIssue(repo, DashboardIssue.TITLE, body);
            // Another job may have opened one at the same time: the oldest stays, younger ones are closed.
            GHIssue kept = DashboardIssue.find(repo, work.botLogin());
            if (kept == null || kept.getNumber() == opened.getNumber()) {
                return opened;
            }
            current = kept;
            if (newer(work, DashboardIssue.commitIn(current.getBody()), commit)) {
                return current;
            }
        }
        if (turnedOff && current.getState() == GHIssueState.CLOSED) {
            current.reopen();
        }
        if (!body.equals(current.getBody())) {
            Publisher.updateIssueBody(current, body);
        }
        return current;
    }

    /** True when {@code shown} is a later commit than {@code ours} (ours is in its history): a newer job wrote it. */
    private static boolean newer(RepoWork work, String shown, String ours) throws IOException {
        if (shown == null || shown.equals(ours) || !work.git().getObjectDatabase().has(ObjectId.fromString(shown))) {
            return false;
        }
        try (RevWalk walk = new RevWalk(work.git())) {
            return walk.isMergedInto(walk.parseCommit(ObjectId.fromString(ours)), walk.parseCommit(ObjectId.fromString(shown)));
        }
    }

    private DashboardReport report(GHRepository repo, GitTreeSnapshot snapshot, RepoConfig config, String base)
            throws Exception {
        SortedSet<String> all = new TreeSet<>();
        snapshot.pythonFiles().stream().filter(config.globs()::selectsPython).forEach(all::add);
        Migration whole = all.isEmpty() ? new Migration(List.of(), List.of(), List.of())
                : engine.migrate(snapshot, ChangeSet.of(all), config.migrationConfig());
        CallSites sites = CallSites.of(whole);

        List<GHPullRequest> ofDefault = Publisher.pullRequestsFrom(repo, OpenMigrationPullRequest.BRANCH, base);
        Map<String, Integer> migrated = new TreeMap<>();
        List<DashboardReport.PullRequestLine> open = new ArrayList<>();
        for (GHPullRequest p : ofDefault) {
            if (p.getMergedAt() != null) {
                MigrationReport.sitesIn(p.getBody()).forEach((pkg, n) -> migrated.merge(pkg, n, Integer::sum));
            } else if (p.getState() == GHIssueState.OPEN) {
                open.add(line(p, base));
            }
        }
        Integer declined = open.isEmpty() ? ofDefault.stream()
                .filter(p -> p.getState() == GHIssueState.CLOSED && p.getMergedAt() == null)
                .map(GHPullRequest::getNumber).max(Comparator.naturalOrder()).orElse(null) : null;
        for (GHPullRequest p : Publisher.openPullRequests(repo)) {
            if (p.getHead() != null && p.getBase() != null && OpenMigrationPullRequest.companionOf(p.getHead().getRef()) != null) {
                open.add(line(p, p.getBase().getRef()));
            }
        }
        open.sort(Comparator.comparingInt(DashboardReport.PullRequestLine::number));
        return new DashboardReport(base, snapshot.commit().name(),
                DashboardReport.rows(migrated, sites.perPackage(), CallSites.leftPerPackage(whole.findings())),
                whole.findings(), open, declined, config.mode().migrationPullRequests(), snapshot.skipped());
    }

    private static DashboardReport.PullRequestLine line(GHPullRequest p, String base) {
        int sites = MigrationReport.sitesIn(p.getBody()).values().stream().mapToInt(Integer::intValue).sum();
        return new DashboardReport.PullRequestLine(p.getNumber(), p.getTitle() == null ? "" : p.getTitle(), base, sites);
    }
}
