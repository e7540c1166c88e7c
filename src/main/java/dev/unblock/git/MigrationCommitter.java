package dev.unblock.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.util.Map;

/** Makes a commit on top of a parent without a work tree (in-core index) and pushes it to a branch. */
public final class MigrationCommitter {
    private MigrationCommitter() {
    }

    /** A commit whose tree is the parent's with {@code files} (path → new content) replaced or added. */
    public static ObjectId commit(Repository repo, ObjectId parentId, Map<String, byte[]> files, PersonIdent author,
                                  String message) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (RevWalk walk = new RevWalk(repo); TreeWalk tree = new TreeWalk(repo); ObjectInserter inserter = repo.newObjectInserter()) {
            RevCommit parent = walk.parseCommit(parentId);
            tree.addTree(parent.getTree());
            tree.setRecursive(true);
            Map<String, FileMode> modes = new java.util.HashMap<>();
            while (tree.next()) {
                String path = tree.getPathString();
                if (files.containsKey(path)) {
                    modes.put(path, tree.getFileMode(0));
                    continue;
                }
                DirCacheEntry entry = new DirCacheEntry(path);
                entry.setFileMode(tree.getFileMode(0));
                entry.setObjectId(tree.getObjectId(0));
                builder.add(entry);
            }
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(modes.getOrDefault(file.getKey(), FileMode.REGULAR_FILE));
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
                builder.add(entry);
            }
            builder.finish();
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            commit.setParentId(parent);
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    /** Force-pushes {@code commit} to {@code branch} of {@code url}: the branch belongs to the bot. */
    public static void push(Repository repo, String url, CredentialsProvider credentials, ObjectId commit, String branch)
            throws IOException {
        try {
            Iterable<PushResult> results = Git.wrap(repo).push().setRemote(url).setCredentialsProvider(credentials)
                    .setTimeout(RepositoryCache.TIMEOUT_SECONDS)
                    .setRefSpecs(new RefSpec("+" + commit.name() + ":refs/heads/" + branch)).call();
            for (PushResult result : results) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    RemoteRefUpdate.Status status = update.getStatus();
                    if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
                        throw new IOException("push to " + branch + " was refused: " + status
                                + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
                    }
                }
            }
        } catch (GitAPIException e) {
            throw new IOException("git push failed: " + e.getMessage(), e);
        }
    }
}
