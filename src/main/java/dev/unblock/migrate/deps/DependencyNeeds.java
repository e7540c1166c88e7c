package dev.unblock.migrate.deps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import dev.unblock.analysis.FactsExtractor;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.FileChange;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;

/**
 * The dependency changes a migration really needs, looking at the migrated project: a package the rules replace
 * stays while some file still imports it (code left synchronous, a test, a script), and a package whose async
 * use needs an extra gets it ({@code flask[async]} once a module that imports Flask has async functions), and a
 * package added for code that only tests import (a test's {@code httpx} or {@code aiofiles}) is a test dependency.
 */
public final class DependencyNeeds {
    /** Module → the extra its async use needs, with the reason. */
    private static final Map<String, String[]> ASYNC_EXTRAS = Map.of(
            "flask", new String[] {"flask[async]", "flask", "Flask runs async views only with its async extra (asgiref)"});
    private static final String ASYNC_DEF_RULE = "UB001";

    private DependencyNeeds() {
    }

    /**
     * @param original every parsed file of the project before the migration
     * @param isTestFile which paths are tests (test runners' files and their helpers)
     */
    public static List<DependencyChange> adjust(List<DependencyChange> planned, List<FileFacts> original,
                                               List<FileChange> changes, Predicate<String> isTestFile) {
        Map<String, FileFacts> before = new HashMap<>();
        original.forEach(f -> before.put(f.path(), f));
        Map<String, Set<String>> importedBy = new TreeMap<>();
        Map<String, FileChange> changed = new HashMap<>();
        changes.forEach(c -> changed.put(c.path(), c));
        for (FileFacts f : original) {
            FileChange c = changed.get(f.path());
            FileFacts after = c == null ? f : reparse(f, c.after());
            for (String module : roots(after == null ? f : after)) {
                importedBy.computeIfAbsent(module, k -> new LinkedHashSet<>()).add(f.path());
            }
        }
        List<DependencyChange> out = new ArrayList<>();
        for (DependencyChange d : planned) {
            String replaced = d.replaces() == null ? null : d.replaces().replaceAll("[<>=!~;\\[].*", "").strip();
            String added = d.add().replaceAll("[<>=!~;\\[].*", "").strip();
            Set<String> users = replaced == null ? Set.of() : importedBy.getOrDefault(module(replaced), Set.of());
            if (replaced != null && !Requirement.normalize(replaced).equals(Requirement.normalize(added))
                    && !users.isEmpty()) {
                d = new DependencyChange(d.add(), null, d.reason() + "; " + replaced
                        + " stays: still imported by " + String.join(", ", users.stream().limit(3).toList())
                        + (users.size() > 3 ? ", …" : ""));
            }
            Set<String> addedUsers = importedBy.getOrDefault(module(added), Set.of());
            if (d.replaces() == null && !d.test() && !addedUsers.isEmpty() && addedUsers.stream().allMatch(isTestFile)) {
                d = new DependencyChange(d.add(), null, d.reason() + "; only tests import it", true);
            }
            out.add(d);
        }
        for (Map.Entry<String, String[]> extra : ASYNC_EXTRAS.entrySet()) {
            boolean needed = changes.stream().anyMatch(c -> importedBy.getOrDefault(extra.getKey(), Set.of())
                    .contains(c.path()) && c.edits().stream().map(AppliedEdit::ruleId).anyMatch(ASYNC_DEF_RULE::equals));
            String[] e = extra.getValue();
            if (needed && out.stream().noneMatch(d -> d.add().equals(e[0]))) {
                out.add(new DependencyChange(e[0], e[1], e[2]));
            }
        }
        return out;
    }

    private static String module(String distribution) {
        return distribution.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static FileFacts reparse(FileFacts f, String text) {
        try {
            return FactsExtractor.extract(PythonSource.parse(f.path(), text), f.path(), f.module(), f.isPackage());
        } catch (PythonSyntaxError e) {
            return null;
        }
    }

    private static Set<String> roots(FileFacts facts) {
        Set<String> out = new LinkedHashSet<>();
        for (ImportFact i : facts.imports()) {
            if (i.level() == 0 && !i.module().isEmpty()) {
                int dot = i.module().indexOf('.');
                out.add(dot < 0 ? i.module() : i.module().substring(0, dot));
            }
        }
        return out;
    }
}
