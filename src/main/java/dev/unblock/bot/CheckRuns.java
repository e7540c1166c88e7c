package dev.unblock.bot;

import dev.unblock.github.Publisher;
import dev.unblock.migrate.Finding;
import org.kohsuke.github.GHCheckRun;
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

    static void summary(GHRepository repo, String headSha, ReviewPlan plan, List<Finding> findings,
                        Map<String, String> skipped) throws IOException {
        int found = plan.blockingCalls();
        int suggested = plan.suggestedBlockingCalls();
        String title = found == 0 && findings.isEmpty() ? "No blocking I/O found"
                : found + " blocking call" + (found == 1 ? "" : "s") + " found";
        String summary = "| blocking calls found | suggested | left for the migration PR | edits with async/await | findings |\n"
                + "|---:|---:|---:|---:|---:|\n"
                + "| " + found + " | " + suggested + " | " + (found - suggested) + " | " + plan.edits() + " | "
                + findings.size() + " |\n";
        List<Publisher.Annotation> annotations = findings.stream()
                .map(f -> new Publisher.Annotation(f.path(), Math.max(1, f.line()), f.ruleId(),
                        f.message() + (f.bridge() == null ? "" : " Bridge: " + f.bridge())))
                .toList();
        GHCheckRun.Conclusion conclusion = plan.edits() == 0 && findings.isEmpty() ? GHCheckRun.Conclusion.SUCCESS
                : GHCheckRun.Conclusion.NEUTRAL;
        Publisher.checkRun(repo, headSha, conclusion, title, summary,
                MigrationReport.checkRunText(findings, skipped), annotations);
    }
}
