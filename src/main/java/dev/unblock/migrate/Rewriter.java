package dev.unblock.migrate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Applies edits to a text, last untouched byte preserved: edits are sorted by position (insertions before a
 * replacement starting at the same offset, then by their order) and an edit that overlaps one already applied
 * is dropped and returned, never merged.
 */
public final class Rewriter {
    private Rewriter() {
    }

    /** The result text and the edits that could not be applied. */
    public record Result(String text, List<Edit> applied, List<Edit> dropped) {
    }

    public static Result apply(String text, List<Edit> edits) {
        List<Edit> sorted = new ArrayList<>(new LinkedHashSet<>(edits));
        sorted.sort(Comparator.comparingInt(Edit::start)
                .thenComparing(e -> e.isInsertion() ? 0 : 1)
                .thenComparingInt(Edit::order));
        StringBuilder out = new StringBuilder(text.length() + 64);
        List<Edit> applied = new ArrayList<>();
        List<Edit> dropped = new ArrayList<>();
        int cursor = 0;
        for (Edit e : sorted) {
            if (e.start() < cursor || e.end() > text.length()) {
                dropped.add(e);
                continue;
            }
            out.append(text, cursor, e.start()).append(e.text());
            cursor = e.end();
            applied.add(e);
        }
        out.append(text, cursor, text.length());
        return new Result(out.toString(), applied, dropped);
    }
}
