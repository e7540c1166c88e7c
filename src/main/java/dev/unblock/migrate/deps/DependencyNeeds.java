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
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.FileChange;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;

/**
 * The dependency changes a migration really needs, looking at the migrated project: a package the rules replace
 * stays while some file still imports it (code left synchronous, a test, a script), and a package whose async
 * use needs an extra gets it ({@code flask[async]} once an async function is registered with Flask as a view or
 * callback: an async task in a module that merely imports Flask does not need it), and a package added for code
 * that only tests import (a test's {@code httpx} or {@code aiofiles}) is a test dependency.
 */
public final class DependencyNeeds {
    /**
     * A library that runs async callbacks only with an extra installed: the module, the extra, the reason, the
     * decorators (last name) that register a callback, and the calls that register a function passed as a value.
     */
    private record AsyncExtra(String module, String extra, String replaces, String reason, Set<String> registrars,
                              Set<String> registeringCalls) {
    }

    private static final List<AsyncExtra> ASYNC_EXTRAS = List.of(new AsyncExtra("flask", "flask[async]", "flask",
            "Flask runs async views only with its async extra (asgiref)",
            Set.of("route", "get", "post", "put", "delete", "patch", "before_request", "after_request",
                    "teardown_request", "teardown_appcontext", "errorhandler", "app_errorhandler", "before_app_request",
                    "after_app_request", "teardown_app_request", "context_processor", "app_context_processor",
                    "url_value_preprocessor", "url_defaults", "before_first_request"),
            Set.of("add_url_rule", "register_error_handler", "before_request", "after_request", "teardown_request",
                    "teardown_appcontext", "as_view")));
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
        for (AsyncExtra extra : ASYNC_EXTRAS) {
            boolean needed = changes.stream().anyMatch(c -> importedBy.getOrDefault(extra.module(), Set.of())
                    .contains(c.path()) && c.edits().stream().map(AppliedEdit::ruleId).anyMatch(ASYNC_DEF_RULE::equals)
                    && registersAsync(extra, before.get(c.path()), c.after()));
            if (needed && out.stream().noneMatch(d -> d.add().equals(extra.extra()))) {
                out.add(new DependencyChange(extra.extra(), extra.replaces(), extra.reason()));
            }
        }
        return out;
    }

    /**
     * Whether the migrated file hands the library an async function: one decorated by a registrar, or any async
     * function at all when the file also registers functions by value (which one is passed is not followed here).
     * A file that no longer parses counts as registering, so the extra is never missed.
     */
    private static boolean registersAsync(AsyncExtra extra, FileFacts original, String after) {
        FileFacts facts = original == null ? null : reparse(original, after);
        if (facts == null) {
            return true;
        }
        List<FunctionFact> async = facts.functions().stream().filter(FunctionFact::isAsync).toList();
        boolean decorated = async.stream().flatMap(f -> f.decoratorTexts().stream())
                .anyMatch(d -> extra.registrars().contains(lastName(d)));
        boolean byValue = !async.isEmpty() && extra.registeringCalls().stream().anyMatch(c -> after.contains("." + c + "("));
        return decorated || byValue;
    }

    /** {@code app.route("/x", methods=[...])} → {@code route}. */
    private static String lastName(String decorator) {
        int paren = decorator.indexOf('(');
        String callee = (paren < 0 ? decorator : decorator.substring(0, paren)).strip();
        return callee.substring(callee.lastIndexOf('.') + 1);
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
