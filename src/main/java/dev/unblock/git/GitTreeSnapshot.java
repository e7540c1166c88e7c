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
 * never followed: links, submodules and other non-regular entries are simply not files here). Repository content is
 * untrusted: Python files over the size limit, in vendored or generated folders, or beyond the file budget are left
 * out, each noted in {@link #skipped()}; reads fail with {@link SnapshotLimits.BudgetExceeded} once the job's time
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
    private final SortedSet<String> python = new TreeSet<>();
    private final SortedMap<String, String> skipped = new TreeMap<>();
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
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    continue;
                }
                String path = tree.getPathString();
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
                } else if (reader.getObjectSize(id, Constants.OBJ_BLOB) > limits.maxFileBytes()) {
                    skipped.put(path, "larger than " + limits.maxFileBytes() / 1024 + " KB");
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

    /** True for regular files, except Python files that were skipped (the engine must not see those). */
    @Override
    public boolean exists(String path) {
        return files.containsKey(path) && (!path.endsWith(".py") || python.contains(path));
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
        return repo.open(id).getCachedBytes((int) MAX_BLOB);
    }
}
