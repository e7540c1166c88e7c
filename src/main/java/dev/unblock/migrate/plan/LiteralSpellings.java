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

    /**
     * The texts where each name occurs as a whole word (a run of ASCII letters, digits and underscores), for names
     * that are such words; found in one pass over each text instead of a search per name and text. Only these texts
     * can hold a literal spelling the name: the pattern puts a quote, a dot or a colon before it and a quote after it.
     * Other names map to every text.
     */
    static java.util.Map<String, java.util.List<String>> textsWithWords(java.util.Set<String> names,
                                                                       java.util.Collection<String> texts) {
        java.util.Map<String, java.util.List<String>> out = new java.util.HashMap<>();
        java.util.Set<String> words = new java.util.HashSet<>();
        for (String name : names) {
            if (isWord(name)) {
                words.add(name);
                out.put(name, new java.util.ArrayList<>());
            } else {
                out.put(name, new java.util.ArrayList<>(texts));
            }
        }
        if (words.isEmpty()) {
            return out;
        }
        // a word is looked up only when some name has its length and its first letter (most words have neither)
        int longest = 0;
        for (String w : words) {
            longest = Math.max(longest, w.length());
        }
        boolean[][] shapes = new boolean[longest + 1][128];
        for (String w : words) {
            shapes[w.length()][w.charAt(0)] = true;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String text : texts) {
            seen.clear();
            for (int i = 0, n = text.length(); i < n; ) {
                if (!isWordChar(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                if (i - start > longest || !shapes[i - start][text.charAt(start)]) {
                    continue;
                }
                String word = text.substring(start, i);
                if (words.contains(word) && seen.add(word)) {
                    out.get(word).add(text);
                }
            }
        }
        return out;
    }

    private static boolean isWord(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isWordChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    /** Non-overlapping matches of {@code literal} in {@code text}; every match holds {@code name}. */
    static int count(Pattern literal, String name, String text) {
        return count(literal, name, text, Integer.MAX_VALUE);
    }

    /**
     * As {@link #count(Pattern, String, String)}, stopping once the count is above {@code most}: a caller that only
     * asks whether there are more than so many need not read the rest.
     */
    static int count(Pattern literal, String name, String text, int most) {
        if (name.isEmpty() || name.indexOf('\n') >= 0) {
            return (int) literal.matcher(text).results().limit(most + 1L).count();
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
                if (++count > most) {
                    return count;
                }
            }
            pos = lineEnd;
        }
    }
}
