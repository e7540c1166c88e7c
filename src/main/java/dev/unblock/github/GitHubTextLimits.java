package dev.unblock.github;

/**
 * The sizes GitHub accepts for the texts the App sends, and the means to stay within them. GitHub answers a longer
 * text with 422 and takes nothing of the request, so every text goes through {@link #fit} on its way out; the few
 * places that build long lists summarise before that (see the bot's {@code BoundedList}).
 *
 * <p>GitHub's messages name characters, but some fields are counted in UTF-8 bytes ("summary exceeds a maximum
 * bytesize of 65535"). Sizes here are UTF-8 bytes, the strictest reading, so a text that fits here fits however
 * GitHub counts.
 */
public final class GitHubTextLimits {
    /**
     * Bodies of pull requests, issue comments, reviews and review comments: "Body is too long (maximum is 65536
     * characters)".
     */
    public static final int BODY = 65_536;
    /** A check run's output summary, and its text: "exceeds a maximum bytesize of 65535". */
    public static final int CHECK_RUN_TEXT = 65_535;
    /** Pull request (and issue) titles: at most 256 characters. */
    public static final int TITLE = 256;
    /** A check run's output title: GitHub documents no size; kept to that of an annotation's title. */
    public static final int CHECK_RUN_TITLE = 255;
    /** An annotation's title: "The maximum size is 255 characters." */
    public static final int ANNOTATION_TITLE = 255;
    /** An annotation's message: "The maximum size is 64 KB", read as 64,000 bytes, the smaller reading. */
    public static final int ANNOTATION_MESSAGE = 64_000;

    private GitHubTextLimits() {
    }

    /** The size GitHub may count: UTF-8 bytes. */
    public static int size(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    public static boolean fits(String text, int limit) {
        return text == null || size(text) <= limit;
    }

    /** True when {@code text} holds a control character other than tab, line feed and carriage return. */
    public static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7f && c <= 0x9f);
    }

    /**
     * Control characters (NUL, escape, form feed…) from repository content made visible instead of sent: a C0
     * character becomes its Unicode control picture (NUL is "␀"), DEL and C1 characters "�". Tab and line breaks stay.
     */
    public static String clean(String text) {
        if (text == null || !hasControlCharacters(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c < 0x20) {
                out.append((char) (0x2400 + c));
            } else {
                out.append('\uFFFD');
            }
        }
        return out.toString();
    }

    /**
     * {@code text} cleaned and, when still over {@code limit} bytes, cut at a character boundary with a closing line
     * saying how much was left out. Lists are summarised before they get here; this is the last guard.
     */
    public static String fit(String text, int limit) {
        if (text == null) {
            return null;
        }
        String clean = clean(text);
        if (size(clean) <= limit) {
            return clean;
        }
        String note = "\n\n… (cut: " + String.format("%,d", clean.length()) + " characters in all, more than GitHub takes)";
        return prefix(clean, Math.max(0, limit - size(note))) + note;
    }

    /** A one-line text (a title) cleaned, its line breaks made spaces, and cut with "…" to {@code limit} bytes. */
    public static String fitLine(String text, int limit) {
        if (text == null) {
            return null;
        }
        String line = clean(text.replaceAll("[\\r\\n]+", " "));
        if (size(line) <= limit) {
            return line;
        }
        return prefix(line, limit - size("…")) + "…";
    }

    /** Quoted text from a user or a repository, at most {@code maxChars} characters, with "…" where it was cut. */
    public static String cut(String quoted, int maxChars) {
        if (quoted == null || quoted.codePointCount(0, quoted.length()) <= maxChars) {
            return quoted;
        }
        return quoted.substring(0, quoted.offsetByCodePoints(0, Math.max(0, maxChars - 1))) + "…";
    }

    /** The longest prefix of {@code text} of at most {@code bytes} UTF-8 bytes, never splitting a character. */
    static String prefix(String text, int bytes) {
        int used = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (used + n > bytes) {
                break;
            }
            used += n;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }
}
