package dev.unblock.bot;

import dev.unblock.github.Publisher;
import dev.unblock.migrate.Finding;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHRepository;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The check run "unblock": counts and findings for a commit, or the config error that stopped the run. */
final class CheckRuns {
    private CheckRuns() {
    }

    static void invalidConfig(GHRepository repo, String headSha, String error) throws IOException {
        Publisher.checkRun(repo, headSha, GHCheckRun.Conclusion.FAILURE, "Invalid " + RepoConfig.PATH,
                "Unblock did nothing because `" + RepoConfig.PATH + "` could not be used:\n\n" + Markdown.block(error)
                        + "\n\nFix the file and push again.", null, List.of());
    }

    /**
     * The check run of a reviewed commit. Its headline counts blocking call sites (a call rewritten with several edits
     * is one; {@link CallSites}); the summary links the repository's dashboard when there is one ({@code dashboard}).
     */
    static void summary(GHRepository repo, String headSha, ReviewPlan plan, List<Finding> findings,
                        Map<String, String> skipped, GHIssue dashboard) throws IOException {
        int found = plan.blockingCalls();
        int suggested = plan.suggestedBlockingCalls();
        String title = headline(found, suggested, findings.size());
        String summary = "| blocking call sites | suggested | left for `/unblock migrate` | edits with async/await | findings |\n"
                + "|---:|---:|---:|---:|---:|\n"
                + "| " + found + " | " + suggested + " | " + (found - suggested) + " | " + plan.edits() + " | "
                + findings.size() + " |\n";
        String detailsUrl = null;
        if (dashboard != null && dashboard.getHtmlUrl() != null) {
            detailsUrl = dashboard.getHtmlUrl().toString();
            summary += "\nThe migration of the whole repository, package by package: [the dashboard, #" + dashboard.getNumber()
                    + "](" + detailsUrl + ").\n";
        }
        List<Publisher.Annotation> annotations = findings.stream()
                .map(f -> new Publisher.Annotation(f.path(), Math.max(1, f.line()), f.ruleId(),
                        f.message() + (f.bridge() == null ? "" : " Bridge: " + f.bridge())))
                .toList();
        GHCheckRun.Conclusion conclusion = plan.edits() == 0 && findings.isEmpty() ? GHCheckRun.Conclusion.SUCCESS
                : GHCheckRun.Conclusion.NEUTRAL;
        Publisher.checkRun(repo, headSha, conclusion, title, summary,
                MigrationReport.checkRunText(findings, skipped), annotations, detailsUrl);
    }

    /** "3 blocking call sites: 2 suggested, 1 for /unblock migrate; 1 finding" (plain text: titles are not Markdown). */
    static String headline(int sites, int suggested, int findings) {
        String f = findings + (findings == 1 ? " finding" : " findings");
        if (sites == 0) {
            return findings == 0 ? "No blocking I/O found" : "No blocking call site to convert; " + f;
        }
        return sites + " blocking call " + (sites == 1 ? "site" : "sites") + ": " + suggested + " suggested, "
                + (sites - suggested) + " for /unblock migrate" + (findings == 0 ? "" : "; " + f);
    }
}
