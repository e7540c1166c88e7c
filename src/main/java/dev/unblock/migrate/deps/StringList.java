package dev.unblock.migrate.deps;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.migrate.Edit;

/**
 * A list of plain string literals, {@code ["a", 'b>=1',]}, in TOML (PEP 621 {@code dependencies}) or Python
 * ({@code install_requires=[…]} in setup.py), possibly over several lines with comments. New entries copy the
 * last entry's quotes and indentation. Anything that is not a plain string (a name, a call, an escape, a prefix)
 * makes the list unsafe to edit.
 */
final class StringList implements Declared {
    private final String text;
    private final int open;
    private final int close;
    private final List<Entry> entries = new ArrayList<>();
    private final List<int[]> literals = new ArrayList<>();

    private StringList(String text, int open, int close) {
        this.text = text;
        this.open = open;
        this.close = close;
    }

    /** The list whose '[' is at {@code open}, or null when it holds anything but plain strings. */
    static StringList at(String text, int open) {
        if (open < 0 || open >= text.length() || text.charAt(open) != '[') {
            return null;
        }
        int i = open + 1;
        StringList list = null;
        List<int[]> found = new ArrayList<>();
        boolean expectValue = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ']') {
                list = new StringList(text, open, i);
                break;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == ',' && !expectValue) {
                expectValue = true;
                i++;
            } else if ((c == '"' || c == '\'') && expectValue) {
                int end = text.indexOf(c, i + 1);
                if (end < 0 || text.substring(i + 1, end).contains("\\") || text.substring(i + 1, end).contains("\n")
                        || end == i + 1) {
                    return null;
                }
                found.add(new int[] {i, end + 1});
                expectValue = false;
                i = end + 1;
            } else {
                return null;
            }
        }
        if (list == null) {
            return null;
        }
        for (int[] lit : found) {
            Requirement r = Requirement.parse(text.substring(lit[0] + 1, lit[1] - 1));
            if (r != null) {
                list.entries.add(new Entry(r, lit[0], lit[1]));
            }
            list.literals.add(lit);
        }
        return list;
    }

    @Override
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public String render(Entry entry, Requirement r) {
        char quote = text.charAt(entry.start());
        String body = r.text();
        return body.indexOf(quote) >= 0 ? null : quote + body + quote;
    }

    @Override
    public Edit append(List<Requirement> added) {
        char quote = literals.isEmpty() ? '"' : text.charAt(literals.get(literals.size() - 1)[0]);
        List<String> items = new ArrayList<>();
        for (Requirement r : added) {
            if (r.text().indexOf(quote) >= 0) {
                return null;
            }
            items.add(quote + r.text() + quote);
        }
        String nl = Declared.lineEnd(text);
        if (literals.isEmpty()) {
            return Edit.insert(open + 1, String.join(", ", items), "", "dependency", 0);
        }
        int[] last = literals.get(literals.size() - 1);
        boolean multiLine = text.substring(open, close).contains("\n");
        if (!multiLine) {
            return Edit.insert(last[1], ", " + String.join(", ", items), "", "dependency", 0);
        }
        int lineStart = text.lastIndexOf('\n', last[0]) + 1;
        String indent = text.substring(lineStart, last[0]);
        if (!indent.isBlank()) {
            indent = "    ";
        }
        // After the last entry's comma (added when missing), one entry a line, each with its comma.
        int at = last[1];
        boolean comma = text.substring(at, close).strip().startsWith(",");
        StringBuilder out = new StringBuilder(comma ? "" : ",");
        int insertAt = comma ? text.indexOf(',', at) + 1 : at;
        for (String item : items) {
            out.append(nl).append(indent).append(item).append(',');
        }
        if (!comma) {
            out.setLength(out.length() - 1);
        }
        return Edit.insert(insertAt, out.toString(), "", "dependency", 0);
    }
}
