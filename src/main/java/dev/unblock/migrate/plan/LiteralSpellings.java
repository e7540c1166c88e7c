package dev.unblock.migrate.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the string literals that spell a name ({@link TestDoubles}), as many as a scan of the whole text with the
 * pattern finds, but running the pattern only on the lines where the name occurs: a match holds the name after its
 * opening quote on the same line, so no match starts on a line without it, and the pattern's look-behind and
 * look-ahead still see the text around the line. Scanning every position of every file that mentions the name cost
 * most of a warm run's planning on a 45k-line project.
 */
final class LiteralSpellings {
    private LiteralSpellings() {
    }

    /** Non-overlapping matches of {@code literal} in {@code text}; every match holds {@code name}. */
    static int count(Pattern literal, String name, String text) {
        if (name.isEmpty() || name.indexOf('\n') >= 0) {
            return (int) literal.matcher(text).results().count();
        }
        Matcher m = literal.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        int count = 0;
        int pos = 0;
        while (true) {
            int at = text.indexOf(name, pos);
            if (at < 0) {
                return count;
            }
            int lineEnd = text.indexOf('\n', at);
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            int from = Math.max(pos, text.lastIndexOf('\n', at) + 1);
            m.region(from, lineEnd);
            while (m.find()) {
                count++;
            }
            pos = lineEnd;
        }
    }
}
