package dev.unblock.migrate;

import java.util.List;

/** The full before/after text of one changed (or added) file; {@code before} is null for a new file. */
public record FileChange(String path, String before, String after, List<AppliedEdit> edits) {
    public FileChange {
        edits = List.copyOf(edits);
    }

    public boolean isNewFile() {
        return before == null;
    }
}
