package dev.unblock.git;

import java.util.List;

/**
 * A file added, modified or renamed between two commits. {@code hunks} are the new-side line ranges GitHub
 * shows in the diff (changed lines plus three lines of context), where review comments may be anchored.
 */
public record ChangedFile(String path, String oldPath, List<LineRange> hunks) {
    public ChangedFile {
        hunks = List.copyOf(hunks);
    }

    /** True when lines from..to all sit inside one hunk (GitHub rejects a comment range spanning two). */
    public boolean inOneHunk(int from, int to) {
        return hunks.stream().anyMatch(h -> h.contains(from, to));
    }
}
