package dev.unblock.bot;

import dev.unblock.github.GitHubTextLimits;

import java.util.function.IntFunction;

/**
 * A Markdown list that stops where its text would outgrow a size budget (UTF-8 bytes, shared with other lists of
 * the same text) and then says how many items it left out, e.g. "and 2,412 more files, listed in …". Items quoting
 * repository content are cut with {@link #cut} first.
 */
final class BoundedList {
    /** Characters of one item; a longer one (a finding quoting a long line, say) is cut. */
    static final int MAX_ITEM = 1_000;
    /** Kept free for the closing line. */
    static final int CLOSING_ROOM = 300;

    /** Bytes left for the lists of one text. */
    static final class Budget {
        private final Budget whole;
        private int left;

        Budget(int bytes) {
            this(bytes, null);
        }

        private Budget(int bytes, Budget whole) {
            this.left = bytes;
            this.whole = whole;
        }

        /** At most 1/{@code divisor} of what is left here, drawn from here as it is used. */
        Budget part(int divisor) {
            return new Budget(left / divisor, this);
        }

        boolean take(int bytes) {
            if (bytes > left || (whole != null && bytes > whole.left)) {
                return false;
            }
            left -= bytes;
            if (whole != null) {
                whole.take(bytes);
            }
            return true;
        }

        int left() {
            return left;
        }
    }

    private final Budget budget;
    private final String bullet;
    private final StringBuilder text = new StringBuilder();
    private int omitted;

    /** A list drawing on {@code budget}, which keeps room for this list's closing line. */
    BoundedList(Budget budget) {
        this(budget, "- ");
    }

    /** As above, each item starting with {@code bullet} ("" for lines such as table rows). */
    BoundedList(Budget budget, String bullet) {
        this.budget = budget;
        this.bullet = bullet;
        budget.take(CLOSING_ROOM);
    }

    /** A list with a budget of its own. */
    BoundedList(int bytes) {
        this(new Budget(bytes));
    }

    /**
     * Lists {@code item} as "- item" (its further lines, such as sub-items, as they are) when it fits, counting
     * {@code extraBytes} more against the budget (such as the item's fingerprint in a hidden marker); false when it
     * was left out.
     */
    boolean add(String item, int extraBytes) {
        String line = bullet + item + (item.endsWith("\n") ? "" : "\n");
        // Items are listed in order: once one does not fit, the rest are left out too ("and N more").
        if (omitted > 0 || !budget.take(GitHubTextLimits.size(line) + extraBytes)) {
            omitted++;
            return false;
        }
        text.append(line);
        return true;
    }

    /** Repository content quoted in an item, cut to {@link #MAX_ITEM} characters. */
    static String cut(String text) {
        return GitHubTextLimits.cut(text, MAX_ITEM);
    }

    boolean add(String item) {
        return add(item, 0);
    }

    int omitted() {
        return omitted;
    }

    /** The listed items, and a last line from {@code more} (given the number left out) when any were. */
    String text(IntFunction<String> more) {
        return omitted == 0 ? text.toString() : text + bullet + more.apply(omitted) + "\n";
    }

    /** "2,412" */
    static String count(int n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
