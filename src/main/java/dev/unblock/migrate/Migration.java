package dev.unblock.migrate;

import java.util.List;

/** The engine's answer: what to change, what it could not change, and which dependencies the result needs. */
public record Migration(List<FileChange> changes, List<Finding> findings, List<DependencyChange> dependencies) {
    public Migration {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        dependencies = List.copyOf(dependencies);
    }

    public boolean isEmpty() {
        return changes.isEmpty() && findings.isEmpty();
    }
}
