package dev.unblock.migrate.deps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.migrate.Edit;

/** {@code install_requires} of setup.cfg's {@code [options]}, written one requirement a line below the key. */
final class SetupCfg implements Declared {
    private static final Pattern KEY = Pattern.compile("(?m)^install_requires[ \\t]*=[ \\t]*(.*)$");
    private final String text;
    private final List<Entry> entries = new ArrayList<>();
    private int lastLineEnd = -1;
    private String indent = "    ";

    private SetupCfg(String text) {
        this.text = text;
    }

    /** The list, or null when setup.cfg has none under [options]. */
    static SetupCfg of(String text) {
        int options = text.indexOf("[options]");
        if (options < 0) {
            return null;
        }
        int next = text.indexOf("\n[", options + 1);
        String section = text.substring(0, next < 0 ? text.length() : next);
        Matcher m = KEY.matcher(section);
        if (!m.find(options)) {
            return null;
        }
        SetupCfg cfg = new SetupCfg(text);
        if (!m.group(1).isBlank()) {
            Requirement r = Requirement.parse(m.group(1));
            if (r != null) {
                cfg.entries.add(new Entry(r, m.start(1), m.start(1) + m.group(1).stripTrailing().length()));
            }
        }
        int at = m.end() + 1;
        while (at < section.length()) {
            int end = section.indexOf('\n', at);
            end = end < 0 ? section.length() : end;
            String line = section.substring(at, end).replace("\r", "");
            if (line.isBlank() || !Character.isWhitespace(line.charAt(0))) {
                break;
            }
            String body = line.strip();
            if (!body.startsWith("#") && !body.startsWith(";")) {
                int lead = line.length() - line.stripLeading().length();
                Requirement r = Requirement.parse(body);
                if (r != null) {
                    cfg.entries.add(new Entry(r, at + lead, at + lead + body.length()));
                }
                cfg.indent = line.substring(0, lead);
                cfg.lastLineEnd = at + line.length();
            }
            at = end + 1;
        }
        return cfg;
    }

    @Override
    public List<Entry> entries() {
        return entries;
    }

    @Override
    public Edit append(List<Requirement> added) {
        if (lastLineEnd < 0) {
            return null;
        }
        String nl = Declared.lineEnd(text);
        StringBuilder out = new StringBuilder();
        for (Requirement r : added) {
            out.append(nl).append(indent).append(r.text());
        }
        return Edit.insert(lastLineEnd, out.toString(), "", "dependency", 0);
    }
}
