package dev.unblock.migrate.edit;

import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the edit stage produced: edits and imports per file, new files, findings, and the rules that fired. */
public final class EditSink {
    final Map<String, List<Edit>> edits = new LinkedHashMap<>();
    final Map<String, Set<String>> imports = new LinkedHashMap<>();
    final Map<String, String> newFiles = new LinkedHashMap<>();
    final List<Finding> findings = new ArrayList<>();
    /** The findings above, for a duplicate check that does not scan the list. */
    final java.util.Set<Finding> findingsSeen = new java.util.HashSet<>();
    final Set<String> firedRules = new LinkedHashSet<>();

    void edit(String path, Edit edit) {
        edits.computeIfAbsent(path, k -> new ArrayList<>()).add(edit);
        firedRules.add(edit.ruleId());
    }

    void imports(String path, List<String> lines) {
        if (!lines.isEmpty()) {
            imports.computeIfAbsent(path, k -> new LinkedHashSet<>()).addAll(lines);
        }
    }

    void newFile(String path, String text) {
        newFiles.put(path, text);
    }

    void finding(Finding f) {
        if (findingsSeen.add(f)) {
            findings.add(f);
        }
    }

    public Map<String, List<Edit>> edits() {
        return edits;
    }

    public List<Finding> findings() {
        return findings;
    }

    public Map<String, String> newFiles() {
        return newFiles;
    }

    public Set<String> firedRules() {
        return firedRules;
    }

    public Map<String, Set<String>> imports() {
        return imports;
    }
}
