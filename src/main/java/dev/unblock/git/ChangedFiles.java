package dev.unblock.git;

import dev.unblock.migrate.PathGlobs;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.lib.AnyObjectId;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python files a push or a pull request changed, with renames followed and deletions left out, and the symbolic
 * links and submodules it added or changed (which are never read, only named).
 */
public final class ChangedFiles {
    /** Lines of context GitHub shows around each change; comments may sit on them too. */
    static final int CONTEXT = 3;

    private ChangedFiles() {
    }

    /** Files changed from {@code base} (null: an empty tree) to {@code head}, kept when {@code globs} select them. */
    public static List<ChangedFile> between(Repository repo, AnyObjectId base, AnyObjectId head, PathGlobs globs)
            throws IOException {
        List<ChangedFile> files = new ArrayList<>();
        try (RevWalk walk = new RevWalk(repo);
             ObjectReader reader = repo.newObjectReader();
             DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            diff.setRepository(repo);
            diff.setDetectRenames(true);
            diff.setContext(CONTEXT);
            // Larger files are never migrated (see SnapshotLimits): compared as binary, they are not read into memory.
            diff.setBinaryFileThreshold((int) SnapshotLimits.defaults().maxFileBytes());
            AbstractTreeIterator oldTree = base == null ? new EmptyTreeIterator() : tree(reader, walk.parseCommit(base));
            AbstractTreeIterator newTree = tree(reader, walk.parseCommit(head));
            for (DiffEntry entry : diff.scan(oldTree, newTree)) {
                boolean link = entry.getNewMode() == FileMode.SYMLINK || entry.getNewMode() == FileMode.GITLINK;
                // Links and submodules are kept (whatever their names) so that the job can say it did not follow them.
                if (entry.getChangeType() == DiffEntry.ChangeType.DELETE
                        || !(globs.selectsPython(entry.getNewPath()) || link && globs.matches(entry.getNewPath()))) {
                    continue;
                }
                List<LineRange> hunks = hunks(diff.toFileHeader(entry).toEditList());
                String oldPath = entry.getChangeType() == DiffEntry.ChangeType.ADD ? null : entry.getOldPath();
                files.add(new ChangedFile(entry.getNewPath(), oldPath, hunks));
            }
        }
        return files;
    }

    /**
     * What a push changed: {@code before..after}; for a new branch ({@code before} = 000…0) the comparison starts
     * where the branch left the default branch (everything when there is no default branch yet, or when
     * {@code before} is unknown after a force push).
     */
    public static List<ChangedFile> ofPush(Repository repo, String before, AnyObjectId after, AnyObjectId defaultTip,
                                           PathGlobs globs) throws IOException {
        AnyObjectId base;
        if (!before.matches("0{40}") && repo.getObjectDatabase().has(ObjectId.fromString(before))) {
            base = ObjectId.fromString(before);
        } else if (defaultTip != null && !defaultTip.equals(after)) {
            base = mergeBase(repo, defaultTip, after);
        } else {
            base = null;
        }
        return between(repo, base, after, globs);
    }

    /** The commit where {@code a} and {@code b} meet: a pull request's diff starts there. */
    public static ObjectId mergeBase(Repository repo, AnyObjectId a, AnyObjectId b) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(walk.parseCommit(a));
            walk.markStart(walk.parseCommit(b));
            RevCommit base = walk.next();
            if (base == null) {
                throw new IOException("commits " + a.name() + " and " + b.name() + " share no history");
            }
            return base.getId();
        }
    }

    /** New-side windows of each edit widened by the context, merged where they touch, as GitHub draws hunks. */
    static List<LineRange> hunks(List<Edit> edits) {
        List<LineRange> hunks = new ArrayList<>();
        for (Edit edit : edits) {
            int first = Math.max(1, edit.getBeginB() + 1 - CONTEXT);
            int last = edit.getEndB() + CONTEXT;
            if (!hunks.isEmpty() && hunks.get(hunks.size() - 1).last() >= first - 1) {
                LineRange previous = hunks.remove(hunks.size() - 1);
                first = previous.first();
            }
            hunks.add(new LineRange(first, last));
        }
        return hunks;
    }

    private static AbstractTreeIterator tree(ObjectReader reader, RevCommit commit) throws IOException {
        CanonicalTreeParser parser = new CanonicalTreeParser();
        parser.reset(reader, commit.getTree());
        return parser;
    }
}
