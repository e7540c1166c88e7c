package dev.unblock.migrate.deps;

import java.util.List;

import dev.unblock.migrate.Edit;

/**
 * The requirements one dependency file declares (in one list), and how to write them back in that file's own
 * syntax: each entry's requirement sits at [start, end) of the file.
 */
interface Declared {
    /** One requirement as written at [start, end). */
    record Entry(Requirement requirement, int start, int end) {
    }

    List<Entry> entries();

    /** The text that replaces an entry's [start, end) to declare {@code r} instead (null: cannot be written). */
    default String render(Entry entry, Requirement r) {
        return r.text();
    }

    /** The edit that declares new requirements after the last entry, or null when this list cannot take them. */
    Edit append(List<Requirement> added);

    /** The file's line end, so added lines match the others. */
    static String lineEnd(String text) {
        return text.contains("\r\n") ? "\r\n" : "\n";
    }
}
