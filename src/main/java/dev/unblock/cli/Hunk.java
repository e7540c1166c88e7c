package dev.unblock.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.FileChange;

/**
 * The changed runs of lines of one file, each with the edits (and so the rules) that made it: what JSON, SARIF
 * and GitHub annotations report per change.
 *
 * @param startLine   first original line replaced (1-based)
 * @param endLine     last original line replaced; {@code startLine - 1} for a pure insertion before startLine
 * @param startOffset character offset of startLine's start in the original
 * @param endOffset   character offset just after endLine (its line end included)
 * @param replacement the new lines, with their line ends
 * @param edits       the engine's edits inside this run
 */
record Hunk(int startLine, int endLine, int startOffset, int endOffset, String replacement, List<AppliedEdit> edits) {

    /** The sorted, distinct rule IDs of the edits. */
    List<String> rules() {
        return List.copyOf(new TreeSet<>(edits.stream().map(AppliedEdit::ruleId).toList()));
    }

    /** The edits' messages, distinct, in order, joined with "; ". */
    String message() {
        return String.join("; ", edits.stream().map(AppliedEdit::message).distinct().toList());
    }

    /** The runs of a change; a new file is one run. */
    static List<Hunk> of(FileChange change) {
        String before = change.before() == null ? "" : change.before();
        List<String> a = change.before() == null ? List.of() : UnifiedDiff.lines(before);
        List<String> b = UnifiedDiff.lines(change.after());
        int[] starts = new int[a.size() + 1];
        for (int i = 0; i < a.size(); i++) {
            starts[i + 1] = starts[i] + a.get(i).length();
        }
        List<Hunk> out = new ArrayList<>();
        List<AbstractDelta<String>> deltas = DiffUtils.diff(a, b).getDeltas();
        for (AbstractDelta<String> d : deltas) {
            int first = d.getSource().getPosition();
            int count = d.getSource().size();
            int from = starts[first];
            int to = starts[first + count];
            List<AppliedEdit> inside = new ArrayList<>();
            for (AppliedEdit e : change.edits()) {
                boolean touches = count == 0 ? e.start() <= from && e.end() >= from
                        : e.start() < to && (e.end() > from || e.start() == e.end() && e.start() >= from);
                if (touches) {
                    inside.add(e);
                }
            }
            if (inside.isEmpty()) {
                nearest(change.edits(), from).ifPresent(inside::add);
            }
            out.add(new Hunk(first + 1, first + count, from, to, String.join("", d.getTarget().getLines()), inside));
        }
        return out;
    }

    private static java.util.Optional<AppliedEdit> nearest(List<AppliedEdit> edits, int offset) {
        return edits.stream().min(java.util.Comparator.comparingInt(e -> Math.abs(e.start() - offset)));
    }
}
