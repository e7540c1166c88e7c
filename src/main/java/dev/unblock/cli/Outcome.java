package dev.unblock.cli;

import java.nio.file.Path;
import java.util.List;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;

/**
 * One run of {@code unblock migrate}: the changed files (Python files, new support modules, dependency files),
 * findings, dependency changes and notes about dependency files that could not be edited.
 *
 * @param root   the project root; change paths are relative to it
 * @param gitTop the repository's top folder (GitHub resolves report paths from there), or null
 */
record Outcome(Path root, Path gitTop, List<FileChange> changes, List<Finding> findings,
               List<DependencyChange> dependencies, List<String> notes) {
    Outcome {
        changes = List.copyOf(changes);
        findings = List.copyOf(findings);
        dependencies = List.copyOf(dependencies);
        notes = List.copyOf(notes);
    }

    /** A project path as the repository sees it (relative to its top), for SARIF and GitHub annotations. */
    String repositoryPath(String path) {
        if (gitTop == null || gitTop.equals(root)) {
            return path;
        }
        return gitTop.relativize(root.resolve(path)).toString().replace('\\', '/');
    }

    int edits() {
        return changes.stream().mapToInt(c -> c.edits().isEmpty() ? Math.max(1, Hunk.of(c).size()) : c.edits().size())
                .sum();
    }
}
