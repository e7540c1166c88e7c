package dev.unblock.migrate.deps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.migrate.Edit;

/**
 * Poetry's {@code [tool.poetry.dependencies]}: {@code name = "^1.2"} or {@code name = {version = "^1.2",
 * extras = ["x"]}}. Constraints keep Poetry's style ({@code ^}, {@code ~}); entries with other keys (git, path,
 * markers) are left alone.
 */
final class PoetryTable implements Declared {
    private static final Pattern LINE = Pattern.compile(
            "(?m)^([A-Za-z0-9][A-Za-z0-9._-]*)[ \\t]*=[ \\t]*(\"[^\"\\n]*\"|\\{[^}\\n]*\\})[ \\t]*(#.*)?$");
    private static final Pattern TABLE = Pattern.compile(
            "\\{\\s*version\\s*=\\s*\"([^\"]*)\"\\s*(?:,\\s*extras\\s*=\\s*\\[([^\\]]*)\\]\\s*)?\\}");
    private final String text;
    private final List<Entry> entries = new ArrayList<>();
    private int lastLineEnd = -1;

    private PoetryTable(String text) {
        this.text = text;
    }

    static PoetryTable of(String text) {
        return of(text, "[tool.poetry.dependencies]");
    }

    /** Another table of the same shape ({@code [tool.poetry.group.dev.dependencies]}), or null. */
    static PoetryTable of(String text, String tableHeader) {
        int header = text.indexOf(tableHeader);
        if (header < 0) {
            return null;
        }
        int bodyStart = text.indexOf('\n', header) + 1;
        int next = text.indexOf("\n[", bodyStart - 1);
        int end = next < 0 ? text.length() : next;
        PoetryTable table = new PoetryTable(text);
        Matcher m = LINE.matcher(text).region(bodyStart, end);
        while (m.find()) {
            table.lastLineEnd = m.end();
            String name = m.group(1);
            if (name.equals("python")) {
                continue;
            }
            String value = m.group(2);
            Requirement r = null;
            if (value.startsWith("\"")) {
                r = new Requirement(name, "", value.substring(1, value.length() - 1), "");
            } else {
                Matcher t = TABLE.matcher(value);
                if (t.matches()) {
                    String extras = t.group(2) == null ? "" : "[" + t.group(2).replace("\"", "").replace(" ", "") + "]";
                    r = new Requirement(name, extras.equals("[]") ? "" : extras, t.group(1), "");
                }
            }
            if (r != null) {
                table.entries.add(new Entry(r, m.start(1), m.end(2)));
            }
        }
        return table;
    }

    @Override
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public String render(Entry entry, Requirement r) {
        String version = r.spec().isEmpty() ? "*" : r.spec();
        if (r.extras().isEmpty()) {
            return r.name() + " = \"" + version + "\"";
        }
        List<String> extras = new ArrayList<>();
        for (String e : r.extras().substring(1, r.extras().length() - 1).split(",")) {
            extras.add("\"" + e.strip() + "\"");
        }
        return r.name() + " = {version = \"" + version + "\", extras = [" + String.join(", ", extras) + "]}";
    }

    @Override
    public Edit append(List<Requirement> added) {
        if (lastLineEnd < 0) {
            return null;
        }
        String nl = Declared.lineEnd(text);
        StringBuilder out = new StringBuilder();
        for (Requirement r : added) {
            out.append(nl).append(render(null, r));
        }
        return Edit.insert(lastLineEnd, out.toString(), "", "dependency", 0);
    }
}
