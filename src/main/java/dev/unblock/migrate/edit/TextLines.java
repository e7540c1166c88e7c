package dev.unblock.migrate.edit;

/** Facts about a file's lines that edits adding lines must respect. */
final class TextLines {
    private TextLines() {
    }

    /** The line at {@code at} holds only spaces and tabs. */
    static boolean blankLineAt(String text, int at) {
        int i = at;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r';
    }

    /** The line end a file uses (its first one), for the lines an edit adds. */
    static String newline(String text) {
        int n = text.indexOf('\n');
        if (n > 0 && text.charAt(n - 1) == '\r') {
            return "\r\n";
        }
        if (n < 0 && text.indexOf('\r') >= 0) {
            return "\r";
        }
        return "\n";
    }
}
