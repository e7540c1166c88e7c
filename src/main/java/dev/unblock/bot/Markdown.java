package dev.unblock.bot;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Repository text (paths, config errors quoting the file, code) put into Markdown that GitHub renders: inside code
 * spans and fences whose backtick runs are longer than any in the text, so nothing can close them early and be
 * rendered (links, images, mentions, HTML).
 */
final class Markdown {
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private Markdown() {
    }

    /** An inline code span holding {@code text} literally (line breaks become spaces, as code spans render them). */
    static String code(String text) {
        String oneLine = text.replaceAll("[\\r\\n]+", " ");
        String ticks = "`".repeat(longestRun(oneLine) + 1);
        boolean pad = oneLine.startsWith("`") || oneLine.endsWith("`");
        return ticks + (pad ? " " : "") + oneLine + (pad ? " " : "") + ticks;
    }

    /** A fence (at least three backticks) that {@code text} cannot close. */
    static String fence(String text) {
        return "`".repeat(Math.max(3, longestRun(text) + 1));
    }

    /** A fenced code block holding {@code text}. */
    static String block(String text) {
        String fence = fence(text);
        return fence + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence;
    }

    private static int longestRun(String text) {
        int longest = 0;
        Matcher m = BACKTICKS.matcher(text);
        while (m.find()) {
            longest = Math.max(longest, m.group().length());
        }
        return longest;
    }
}
