package dev.unblock.migrate.edit;

import java.util.regex.Pattern;

/**
 * Whether an expression is the whole operand of a {@code not} ({@code if not r.ok:}), so that reading the opposite
 * attribute can replace both ({@code if r.is_error:}) instead of doubling the negation.
 */
final class NegatedOperand {
    /** What may follow the operand of {@code not} without being part of it (lower precedence, or the end). */
    private static final Pattern ENDS_OPERAND = Pattern.compile("\\s*(?:$|[:)\\]},;#\\r\\n]|(?:and|or|if|else)\\b)");

    private NegatedOperand() {
    }

    /** The offset of the {@code not} whose whole operand is text[start, end), or -1. */
    static int notBefore(String text, int start, int end) {
        int i = start;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
            i--;
        }
        if (i == start || i < 3 || !text.startsWith("not", i - 3)) {
            return -1;
        }
        int not = i - 3;
        if (not > 0 && (Character.isLetterOrDigit(text.charAt(not - 1)) || text.charAt(not - 1) == '_'
                || text.charAt(not - 1) == '.')) {
            return -1;
        }
        return ENDS_OPERAND.matcher(text).region(end, text.length()).lookingAt() ? not : -1;
    }
}
