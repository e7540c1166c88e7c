package dev.unblock.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where a {@link FileRule} writes what it decided. */
public final class FileRuleSink {
    final Map<String, List<Edit>> edits = new LinkedHashMap<>();
    final Map<String, Set<Edit>> absorbed = new LinkedHashMap<>();
    final Map<String, String> files = new LinkedHashMap<>();
    final List<Finding> findings = new ArrayList<>();
    /** The findings above, for a duplicate check that does not scan the list. */
    final java.util.Set<Finding> findingsSeen = new java.util.HashSet<>();
    final Set<DependencyChange> dependencies = new LinkedHashSet<>();

    /** An edit of the rule's own in a Python file. */
    public void edit(String path, Edit edit) {
        edits.computeIfAbsent(path, k -> new ArrayList<>()).add(edit);
    }

    /** A planned edit the rule carried into one of its own replacements: it is not applied by itself any more. */
    public void absorb(String path, Edit planned) {
        absorbed.computeIfAbsent(path, k -> new LinkedHashSet<>()).add(planned);
    }

    /** The whole new text of a file: a new one, or a non-Python file such as requirements.txt. */
    public void file(String path, String text) {
        files.put(path, text);
    }

    public void finding(Finding finding) {
        if (findingsSeen.add(finding)) {
            findings.add(finding);
        }
    }

    public void dependency(DependencyChange change) {
        dependencies.add(change);
    }
}
