package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one review says: suggestions anchored on lines of the PR diff (at most {@code maxComments}), the rest and
 * the findings in the body. Anything an earlier review already said (same fingerprint) is left out.
 */
public record ReviewPlan(List<Suggestion> inline, List<Suggestion> elsewhere, List<Finding> findings,
                         Set<String> bodyFingerprints, int edits, int blockingCalls, int earlierSuggested,
                         int maxComments) {

    /**
     * @param suggested fingerprints of earlier inline suggestions
     * @param listed    fingerprints of what earlier review bodies listed
     */
    public static ReviewPlan build(Migration migration, Map<String, ChangedFile> diff, Set<String> suggested,
                                   Set<String> listed, int maxComments) {
        Set<String> alreadySaid = new java.util.HashSet<>(suggested);
        alreadySaid.addAll(listed);
        List<Suggestion> inline = new ArrayList<>();
        List<Suggestion> elsewhere = new ArrayList<>();
        int edits = 0;
        int blockingCalls = 0;
        int earlierSuggested = 0;
        for (FileChange change : migration.changes()) {
            edits += change.edits().size();
            blockingCalls += blockingCalls(change.edits());
            ChangedFile file = diff.get(change.path());
            for (Suggestion s : Suggestion.of(change)) {
                if (alreadySaid.contains(s.fingerprint())) {
                    if (suggested.contains(s.fingerprint())) {
                        earlierSuggested += blockingCalls(s.edits());
                    }
                    continue;
                }
                if (s.replacement().equals(s.original())) {
                    continue;
                }
                boolean whole = change.isNewFile() || !Suggestion.fits(sortedEdits(change), change.before());
                // a framework port (UB8xx) rewrites whole apps: it comes as a migration pull request, not line by line
                boolean port = s.edits().stream().anyMatch(e -> e.ruleId() != null && e.ruleId().startsWith("UB8"));
                boolean anchorable = file != null && !whole && !port && file.inOneHunk(s.startLine(), s.endLine());
                (anchorable ? inline : elsewhere).add(s);
            }
        }
        Comparator<Suggestion> order = Comparator.comparing(Suggestion::path).thenComparingInt(Suggestion::startLine);
        inline.sort(order);
        if (inline.size() > maxComments) {
            elsewhere.addAll(inline.subList(maxComments, inline.size()));
            inline = new ArrayList<>(inline.subList(0, maxComments));
        }
        elsewhere.sort(order);
        List<Finding> findings = new ArrayList<>();
        Set<String> bodyFingerprints = new LinkedHashSet<>();
        elsewhere.forEach(s -> bodyFingerprints.add(s.fingerprint()));
        for (Finding f : migration.findings()) {
            String fp = findingFingerprint(f);
            if (!alreadySaid.contains(fp) && bodyFingerprints.add(fp)) {
                findings.add(f);
            }
        }
        return new ReviewPlan(List.copyOf(inline), List.copyOf(elsewhere), List.copyOf(findings), bodyFingerprints,
                edits, blockingCalls, earlierSuggested, maxComments);
    }

    private static List<dev.unblock.migrate.AppliedEdit> sortedEdits(FileChange change) {
        List<dev.unblock.migrate.AppliedEdit> edits = new ArrayList<>(change.edits());
        edits.sort(Comparator.comparingInt(dev.unblock.migrate.AppliedEdit::start).thenComparingInt(dev.unblock.migrate.AppliedEdit::end));
        return edits;
    }

    static String findingFingerprint(Finding f) {
        return Fingerprints.of(f.path(), f.ruleId(), f.message());
    }

    /** Nothing new to say: no review is posted. */
    public boolean isEmpty() {
        return inline.isEmpty() && elsewhere.isEmpty() && findings.isEmpty();
    }

    /** Blocking calls whose fix is in an inline suggestion, of this review or of an earlier one. */
    public int suggestedBlockingCalls() {
        return earlierSuggested + inline.stream().mapToInt(s -> blockingCalls(s.edits())).sum();
    }

    /**
     * Blocking calls behind some edits of one file: one per rule and line where a non-core rule edited (a call
     * rewritten into a client, an await and a wrapping block is still one call).
     */
    static int blockingCalls(List<dev.unblock.migrate.AppliedEdit> edits) {
        return (int) edits.stream().filter(ReviewPlan::isBlockingCall).map(e -> e.ruleId() + ":" + e.startLine()).distinct().count();
    }

    /**
     * Rule IDs UB0xx are the core rules (async def, await, imports, propagation); every other family fixes a
     * blocking call of some library, so its edits count as blocking calls.
     */
    static boolean isBlockingCall(dev.unblock.migrate.AppliedEdit edit) {
        return edit.ruleId() != null && !edit.ruleId().startsWith("UB0");
    }

    public String body() {
        StringBuilder b = new StringBuilder("**Unblock** found blocking I/O that can move to asyncio");
        b.append(inline.isEmpty() ? ".\n" : ": " + inline.size() + (inline.size() == 1 ? " suggestion" : " suggestions")
                + " below, each one click to commit.\n");
        if (!elsewhere.isEmpty()) {
            b.append("\n**Changes not suggested inline** (outside this pull request's diff, or over the limit of ")
                    .append(maxComments).append(" comments):\n");
            elsewhere.forEach(s -> b.append("- ").append(s.summaryLine()).append('\n'));
        }
        if (!findings.isEmpty()) {
            b.append("\n**Findings** (left as they are):\n");
            findings.forEach(f -> b.append("- ").append(findingLine(f)).append('\n'));
        }
        b.append("\nComment `/unblock migrate` to get a pull request with every change.\n");
        if (!bodyFingerprints.isEmpty()) {
            b.append('\n').append(Fingerprints.marker(bodyFingerprints));
        }
        return b.toString();
    }

    static String findingLine(Finding f) {
        return Markdown.code(f.path() + ":" + f.line()) + " " + f.ruleId() + " " + f.message()
                + (f.bridge() == null ? "" : " (bridge: `" + f.bridge() + "`)");
    }
}
