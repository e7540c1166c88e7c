package dev.unblock.migrate;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The files where migration starts. The planner still follows callers through the whole project;
 * edits outside the change set are the ones a review cannot suggest inline.
 */
public record ChangeSet(boolean everything, SortedSet<String> paths) {
    public ChangeSet {
        paths = new TreeSet<>(paths);
    }

    /** Start everywhere: what `unblock migrate PATH` does. */
    public static ChangeSet all() {
        return new ChangeSet(true, new TreeSet<>());
    }

    public static ChangeSet of(Set<String> paths) {
        return new ChangeSet(false, new TreeSet<>(paths));
    }

    public boolean contains(String path) {
        return everything || paths.contains(path);
    }
}
