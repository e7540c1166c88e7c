package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.migrate.Edit;

/**
 * Edits that follow from decisions about several files at once rather than from one file's calls: a test case's
 * base named by its awaiting form, a runner's marker on a test that became async, a patch that follows the call it
 * intercepts. The plan stage decides them; the edit stage writes them with its own.
 */
public final class PlannedEdits {
    private final Map<String, List<Edit>> edits = new LinkedHashMap<>();
    private final Map<String, Set<String>> imports = new LinkedHashMap<>();

    void edit(String path, Edit edit) {
        edits.computeIfAbsent(path, k -> new ArrayList<>()).add(edit);
    }

    void imports(String path, List<String> lines) {
        if (!lines.isEmpty()) {
            imports.computeIfAbsent(path, k -> new LinkedHashSet<>()).addAll(lines);
        }
    }

    /** The edits, by file path. */
    public Map<String, List<Edit>> edits() {
        return java.util.Collections.unmodifiableMap(edits);
    }

    /** The import lines the edits need, by file path. */
    public Map<String, Set<String>> imports() {
        return java.util.Collections.unmodifiableMap(imports);
    }

    /** A frozen copy, for the decisions handed to the edit stage. */
    PlannedEdits copy() {
        PlannedEdits out = new PlannedEdits();
        edits.forEach((k, v) -> out.edits.put(k, List.copyOf(v)));
        imports.forEach((k, v) -> out.imports.put(k, java.util.Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        return out;
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
