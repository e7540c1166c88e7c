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
                         Set<String> bodyFingerprints, int blockingCalls, int maxComments) {

    public static ReviewPlan build(Migration migration, Map<String, ChangedFile> diff, Set<String> alreadySaid,
                                   int maxComments) {
        List<Suggestion> inline = new ArrayList<>();
        List<Suggestion> elsewhere = new ArrayList<>();
        int blockingCalls = 0;
        for (FileChange change : migration.changes()) {
            blockingCalls += change.edits().size();
            ChangedFile file = diff.get(change.path());
            for (Suggestion s : Suggestion.of(change)) {
                if (s.replacement().equals(s.original()) || alreadySaid.contains(s.fingerprint())) {
                    continue;
                }
                boolean whole = change.isNewFile() || !Suggestion.fits(sortedEdits(change), change.before());
                boolean anchorable = file != null && !whole && file.inOneHunk(s.startLine(), s.endLine());
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
                blockingCalls, maxComments);
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

    public int suggestedEdits() {
        return inline.stream().mapToInt(s -> s.edits().size()).sum();
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
        return "`" + f.path() + ":" + f.line() + "` " + f.ruleId() + " " + f.message()
                + (f.bridge() == null ? "" : " (bridge: `" + f.bridge() + "`)");
    }
}
