package dev.unblock.git;

import dev.unblock.migrate.ProjectSnapshot;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A project as it is at one commit, read straight from the object database (no work tree, so a symbolic link is
 * never followed: links, submodules and other non-regular entries are simply not files here, and those a change set
 * touched are noted). Repository content is untrusted: Python files over the size limit, in vendored or generated
 * folders, or beyond the file budget are left out, and so is any other file over the size limit that the engine asks
 * for; each is noted in {@link #skipped()}. Reads fail with {@link SnapshotLimits.BudgetExceeded} once the job's time
 * budget is spent.
 */
public final class GitTreeSnapshot implements ProjectSnapshot {
    /** Blobs larger than this are never read, whatever their kind. */
    static final long MAX_BLOB = 10L * 1024 * 1024;
    /** Folder names that hold other people's or generated code. */
    static final Set<String> VENDORED = Set.of("vendor", "vendored", "_vendor", "third_party", "thirdparty", "site-packages",
            "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__", ".eggs", "build", "dist");
    private static final Pattern GENERATED_FILE = Pattern.compile("(^|.*/)(migrations/\\d{4}_[^/]*|[^/]*_pb2(_grpc)?)\\.py");

    private final Repository repo;
    private final RevCommit commit;
    private final TreeMap<String, ObjectId> files = new TreeMap<>();
    private final Map<String, Long> sizes = new java.util.HashMap<>();
    private final SortedSet<String> python = new TreeSet<>();
    /** Written while the engine reads (maybe from several threads), read when the job reports. */
    private final SortedMap<String, String> skipped = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Entries that are not files (symbolic links, submodules), with what they are. */
    private final Map<String, String> notFiles = new TreeMap<>();
    private final Instant deadline;
    private final SnapshotLimits limits;

    public GitTreeSnapshot(Repository repo, AnyObjectId commitId) throws IOException {
        this(repo, commitId, SnapshotLimits.defaults());
    }

    public GitTreeSnapshot(Repository repo, AnyObjectId commitId, SnapshotLimits limits) throws IOException {
        this.repo = repo;
        this.limits = limits;
        this.deadline = Instant.now().plus(limits.timeBudget());
        Map<String, Integer> vendoredFolders = new TreeMap<>();
        int overBudget = 0;
        try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo); ObjectReader reader = repo.newObjectReader()) {
            this.commit = walk.parseCommit(commitId);
            tree.addTree(commit.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                FileMode mode = tree.getFileMode(0);
                String path = tree.getPathString();
                if (mode == FileMode.SYMLINK) {
                    notFiles.put(path, "a symbolic link (not followed)");
                    continue;
                }
                if (mode == FileMode.GITLINK) {
                    notFiles.put(path, "a submodule (not read)");
                    continue;
                }
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    continue;
                }
                ObjectId id = tree.getObjectId(0);
                files.put(path, id);
                if (!path.endsWith(".py")) {
                    continue;
                }
                String folder = vendoredFolder(path);
                if (folder != null) {
                    vendoredFolders.merge(folder, 1, Integer::sum);
                } else if (GENERATED_FILE.matcher(path).matches()) {
                    skipped.put(path, "generated code");
                } else if (size(reader, path, id) > limits.maxFileBytes()) {
                    skipped.put(path, tooLarge(sizes.get(path)));
                } else if (python.size() >= limits.maxFiles()) {
                    overBudget++;
                } else {
                    python.add(path);
                }
            }
        }
        vendoredFolders.forEach((folder, count) -> skipped.put(folder + "/",
                "vendored or generated folder (" + count + " Python file" + (count == 1 ? "" : "s") + ")"));
        if (overBudget > 0) {
            skipped.put("*", overBudget + " Python files beyond the budget of " + limits.maxFiles() + " files a job");
        }
    }

    private long size(ObjectReader reader, String path, ObjectId id) throws IOException {
        long size = reader.getObjectSize(id, Constants.OBJ_BLOB);
        sizes.put(path, size);
        return size;
    }

    private String tooLarge(long size) {
        return SnapshotLimits.human(size) + "; the limit is " + SnapshotLimits.human(limits.maxFileBytes());
    }

    /**
     * Notes, among the paths a push or pull request changed, those that are not files here (symbolic links and
     * submodules, which Unblock never follows), so that the report names them with the other skipped paths.
     */
    public void noteNotFiles(java.util.Collection<String> changed) {
        for (String path : changed) {
            String what = notFiles.get(path);
            if (what != null) {
                skipped.put(path, what);
            }
        }
    }

    /** The size of a file in bytes, without reading it; -1 when it is not a file here. */
    public long size(String path) throws IOException {
        ObjectId id = files.get(path);
        if (id == null) {
            return -1;
        }
        Long known = sizes.get(path);
        if (known != null) {
            return known;
        }
        try (ObjectReader reader = repo.newObjectReader()) {
            return reader.getObjectSize(id, Constants.OBJ_BLOB);
        }
    }

    /** The first folder of {@code path} that is a vendored or generated folder, or null. */
    static String vendoredFolder(String path) {
        String[] parts = path.split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            if (VENDORED.contains(parts[i]) || parts[i].endsWith(".egg-info")) {
                return String.join("/", java.util.Arrays.copyOfRange(parts, 0, i + 1));
            }
        }
        return null;
    }

    public RevCommit commit() {
        return commit;
    }

    /** What was left out, and why: a path, a folder ("vendor/") or "*" for the files beyond the budget. */
    public SortedMap<String, String> skipped() {
        return Collections.unmodifiableSortedMap(skipped);
    }

    @Override
    public SortedSet<String> pythonFiles() {
        return Collections.unmodifiableSortedSet(python);
    }

    /**
     * True for regular files, except Python files that were skipped (the engine must not see those) and other files
     * over the size limit (such as a huge requirements.txt: noted as skipped when the engine asks for it).
     */
    @Override
    public boolean exists(String path) {
        if (!files.containsKey(path)) {
            return false;
        }
        if (path.endsWith(".py")) {
            return python.contains(path);
        }
        return withinLimit(path);
    }

    private boolean withinLimit(String path) {
        try {
            long size = size(path);
            if (size > limits.maxFileBytes()) {
                skipped.put(path, tooLarge(size));
                return false;
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean hasFolder(String path) {
        String prefix = path + "/";
        String next = files.ceilingKey(prefix);
        return next != null && next.startsWith(prefix);
    }

    @Override
    public byte[] read(String path) throws IOException {
        ObjectId id = files.get(path);
        if (id == null || !exists(path)) {
            throw new java.nio.file.NoSuchFileException(path);
        }
        if (Instant.now().isAfter(deadline)) {
            throw new SnapshotLimits.BudgetExceeded("the job ran out of its time budget of " + limits.timeBudget().toSeconds()
                    + " s reading " + path);
        }
        return repo.open(id).getCachedBytes((int) Math.min(MAX_BLOB, limits.maxFileBytes()));
    }
}
