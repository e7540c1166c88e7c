package dev.unblock.migrate.edit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.ImportFact;

/**
 * One import statement a migration adds ({@link ImportPlacement} decides where): {@code names} empty for
 * {@code import module [as alias]}; {@code raw} holds a form that is not sorted (an alias on a from import).
 */
record WantedImport(String module, int level, String alias, List<String> names, String raw) {
    private static final Pattern STRAIGHT = Pattern.compile("import ([\\w.]+)(?: as (\\w+))?");
    private static final Pattern FROM = Pattern.compile("from (\\.*)([\\w.]*) import (\\w+)(?: as (\\w+))?");

    WantedImport(String module, int level, String alias, List<String> names) {
        this(module, level, alias, names, null);
    }

    /** The statements for these import lines, one a module for {@code from} imports; those the file has are left out. */
    static List<WantedImport> of(Set<String> lines, FileFacts facts) {
        Map<String, WantedImport> byModule = new LinkedHashMap<>();
        List<WantedImport> out = new ArrayList<>();
        for (String line : lines) {
            if (alreadyImported(line, facts)) {
                continue;
            }
            Matcher s = STRAIGHT.matcher(line);
            Matcher f = FROM.matcher(line);
            // a support module's relative import, with the import by name where it fails: sorted as the former
            Matcher relative = line.startsWith("try:\n") ? FROM.matcher(line.split("\n")[1].strip()) : null;
            if (s.matches()) {
                out.add(new WantedImport(s.group(1), 0, s.group(2), List.of()));
            } else if (f.matches() && f.group(4) == null) {
                String key = f.group(1) + f.group(2);
                WantedImport w = byModule.get(key);
                List<String> names = new ArrayList<>(w == null ? List.of() : w.names());
                if (!names.contains(f.group(3))) {
                    names.add(f.group(3));
                }
                names.sort(ImportSections::compareNames);
                byModule.put(key, new WantedImport(f.group(2), f.group(1).length(), null, names));
            } else if (relative != null && relative.matches()) {
                out.add(new WantedImport(relative.group(2), relative.group(1).length(), null, List.of(), line));
            } else {
                // its own line, third party
                out.add(new WantedImport(line, 0, null, List.of(), line));
            }
        }
        out.addAll(byModule.values());
        return out;
    }

    boolean from() {
        return !names.isEmpty();
    }

    String line() {
        if (raw != null) {
            return raw;
        }
        if (!from()) {
            return "import " + module + (alias == null ? "" : " as " + alias);
        }
        return "from " + ".".repeat(level) + module + " import " + String.join(", ", names);
    }

    private static boolean alreadyImported(String line, FileFacts facts) {
        for (ImportFact i : facts.imports()) {
            if (!i.topLevel()) {
                continue;
            }
            String existing = i.name() == null
                    ? "import " + i.module() + (i.alias() == null ? "" : " as " + i.alias())
                    : "from " + ".".repeat(i.level()) + i.module() + " import " + i.name()
                    + (i.alias() == null ? "" : " as " + i.alias());
            if (existing.equals(line)) {
                return true;
            }
        }
        return false;
    }
}
