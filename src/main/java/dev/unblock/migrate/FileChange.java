package dev.unblock.migrate;

import java.util.List;

/**
 * The full before/after text of one changed (or added) file; {@code before} is null for a new file.
 * {@code encoding} is the file's charset (a PEP 263 cookie may name one other than UTF-8): write
 * {@link #afterBytes()} back, not the text in UTF-8.
 */
public record FileChange(String path, String before, String after, List<AppliedEdit> edits, String encoding) {
    public FileChange {
        edits = List.copyOf(edits);
    }

    public FileChange(String path, String before, String after, List<AppliedEdit> edits) {
        this(path, before, after, edits, "UTF-8");
    }

    /** The new content in the file's own encoding. */
    public byte[] afterBytes() {
        return after.getBytes(java.nio.charset.Charset.forName(encoding));
    }

    public boolean isNewFile() {
        return before == null;
    }
}
