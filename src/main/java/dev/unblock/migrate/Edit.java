package dev.unblock.migrate;

/**
 * Replace the characters [start, end) of a file by {@code text} ({@code start == end} inserts). Among
 * insertions at one offset, a lower {@code order} comes first.
 */
public record Edit(int start, int end, String text, String ruleId, String message, int order) {
    public Edit {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad edit range [" + start + ", " + end + ")");
        }
    }

    public static Edit insert(int at, String text, String ruleId, String message, int order) {
        return new Edit(at, at, text, ruleId, message, order);
    }

    public static Edit replace(int start, int end, String text, String ruleId, String message) {
        return new Edit(start, end, text, ruleId, message, 0);
    }

    public boolean isInsertion() {
        return start == end;
    }
}
