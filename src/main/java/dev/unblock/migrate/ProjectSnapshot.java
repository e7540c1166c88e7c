package dev.unblock.migrate;

import java.io.IOException;
import java.util.SortedSet;

/**
 * A read-only view of a project's files at one point in time. The engine sees projects only
 * through this, so the same engine runs on a directory (CLI) or a git tree (the App).
 */
public interface ProjectSnapshot {
    /** Every Python file of the project, as repository-relative paths with '/' separators. */
    SortedSet<String> pythonFiles() throws IOException;

    /** True when the snapshot holds a file (any kind) at this relative path. */
    boolean exists(String path) throws IOException;

    /** True when the snapshot holds at least one file under a folder (a relative path without trailing slash). */
    default boolean hasFolder(String path) {
        return false;
    }

    /** The raw bytes of one file; the engine decodes them (PEP 263, BOM). */
    byte[] read(String path) throws IOException;

    /**
     * The package name of the snapshot's root when the root is itself a package (a folder with
     * {@code __init__.py} given to the command line), so module names match the project's own imports; null for a
     * repository root.
     */
    default String rootPackage() {
        return null;
    }
}
