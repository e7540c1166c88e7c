package dev.unblock.rules.web;

import java.util.Locale;

/** Python string literals: the value of a plain one, and a literal for a value. */
final class PyString {
    private PyString() {
    }

    /**
     * The value of one STRING token ({@code 'a'}, {@code r"\d"}, {@code """x"""}); null for bytes or for escapes this
     * reading does not know (then the caller leaves the code alone).
     */
    static String value(String token) {
        int q = 0;
        while (q < token.length() && Character.isLetter(token.charAt(q))) {
            q++;
        }
        String prefix = token.substring(0, q).toLowerCase(Locale.ROOT);
        if (prefix.contains("b") || prefix.contains("f") || prefix.contains("t")) {
            return null;
        }
        boolean raw = prefix.contains("r");
        String body = token.substring(q);
        int quote = body.startsWith("\"\"\"") || body.startsWith("'''") ? 3 : 1;
        if (body.length() < 2 * quote) {
            return null;
        }
        body = body.substring(quote, body.length() - quote);
        if (raw) {
            return body;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= body.length()) {
                return null;
            }
            char e = body.charAt(i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case '\\', '\'', '"' -> out.append(e);
                case '\n' -> {
                }
                case 'x' -> {
                    if (i + 2 >= body.length()) {
                        return null;
                    }
                    try {
                        out.append((char) Integer.parseInt(body.substring(i + 1, i + 3), 16));
                    } catch (NumberFormatException ex) {
                        return null;
                    }
                    i += 2;
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }

    /** A double-quoted Python literal for a value. */
    static String literal(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** True when a value is a Python identifier that is not a keyword (usable as a parameter name). */
    static boolean isIdentifier(String value) {
        return value.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(value);
    }

    private static final java.util.Set<String> KEYWORDS = java.util.Set.of("False", "None", "True", "and", "as",
            "assert", "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except",
            "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass",
            "raise", "return", "try", "while", "with", "yield");
}
