package dev.unblock.git;

import dev.unblock.migrate.ProjectSnapshot;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** A project as it is at one commit, read straight from the object database (no work tree). */
public final class GitTreeSnapshot implements ProjectSnapshot {
    /** Blobs larger than this are not read: nobody's Python module is 10 MB. */
    static final long MAX_BLOB = 10L * 1024 * 1024;

    private final Repository repo;
    private final RevCommit commit;
    private final Map<String, ObjectId> files = new TreeMap<>();

    public GitTreeSnapshot(Repository repo, AnyObjectId commitId) throws IOException {
        this.repo = repo;
        try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo)) {
            this.commit = walk.parseCommit(commitId);
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    files.put(tree.getPathString(), tree.getObjectId(0));
                }
            }
        }
    }

    public RevCommit commit() {
        return commit;
    }

    @Override
    public SortedSet<String> pythonFiles() {
        SortedSet<String> python = new TreeSet<>();
        files.keySet().stream().filter(p -> p.endsWith(".py")).forEach(python::add);
        return Collections.unmodifiableSortedSet(python);
    }

    @Override
    public boolean exists(String path) {
        return files.containsKey(path);
    }

    @Override
    public byte[] read(String path) throws IOException {
        ObjectId id = files.get(path);
        if (id == null) {
            throw new java.nio.file.NoSuchFileException(path);
        }
        return repo.open(id).getCachedBytes((int) MAX_BLOB);
    }
}
