package dev.unblock.testing;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** A bare repository standing in for GitHub's (reached over file://), and a clone to make commits in. */
public final class RemoteRepo implements AutoCloseable {
    private final Git bare;
    private final Git work;
    private final Path workDir;

    public RemoteRepo(Path dir) throws Exception {
        this.bare = Git.init().setBare(true).setInitialBranch("master").setDirectory(dir.resolve("remote.git").toFile()).call();
        this.workDir = dir.resolve("work");
        this.work = Git.init().setInitialBranch("master").setDirectory(workDir.toFile()).call();
        work.remoteAdd().setName("origin").setUri(new org.eclipse.jgit.transport.URIish(url())).call();
    }

    public String url() {
        return bare.getRepository().getDirectory().toURI().toString();
    }

    public Repository bare() {
        return bare.getRepository();
    }

    /** Commits files (null content deletes) on {@code branch}, pushes it, and returns the commit id. */
    public String commit(String branch, Map<String, String> files, String message) throws Exception {
        if (work.getRepository().resolve("HEAD") != null) {
            boolean exists = work.getRepository().exactRef("refs/heads/" + branch) != null;
            work.checkout().setName(branch).setCreateBranch(!exists).call();
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = workDir.resolve(f.getKey());
            if (f.getValue() == null) {
                work.rm().addFilepattern(f.getKey()).call();
            } else {
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
                work.add().addFilepattern(f.getKey()).call();
            }
        }
        PersonIdent dev = new PersonIdent("Dev", "dev@example.com");
        RevCommit commit = work.commit().setMessage(message).setAuthor(dev).setCommitter(dev).call();
        if (work.getRepository().getBranch().equals("master") && !branch.equals("master")) {
            work.branchRename().setNewName(branch).call();
        }
        work.push().setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch)).call();
        return commit.getId().name();
    }

    /** As {@link #commit}, for many files at once (one "git add" for all of them). */
    public String commitMany(String branch, Map<String, String> files, String message) throws Exception {
        if (work.getRepository().resolve("HEAD") != null) {
            boolean exists = work.getRepository().exactRef("refs/heads/" + branch) != null;
            work.checkout().setName(branch).setCreateBranch(!exists).call();
        }
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path file = workDir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        work.add().addFilepattern(".").call();
        PersonIdent dev = new PersonIdent("Dev", "dev@example.com");
        RevCommit commit = work.commit().setMessage(message).setAuthor(dev).setCommitter(dev).call();
        work.push().setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch)).call();
        return commit.getId().name();
    }

    /** Switches the working clone to an existing branch, so that the next new branch starts there. */
    public void checkout(String branch) throws Exception {
        work.checkout().setName(branch).call();
    }

    /** Stages a symbolic link (committed by the next {@link #commit}); git records it as a link, not its target. */
    public void stageLink(String path, String target) throws Exception {
        Path link = workDir.resolve(path);
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
        work.add().addFilepattern(path).call();
    }

    /** GitHub's refs/pull/N/head, which pull request jobs fetch. */
    public void pullRef(int number, String sha) throws IOException {
        RefUpdate update = bare.getRepository().updateRef("refs/pull/" + number + "/head");
        update.setNewObjectId(ObjectId.fromString(sha));
        update.setForceUpdate(true);
        update.update();
    }

    /** The files (path → text) of a branch tip in the remote, or null when the branch does not exist. */
    public Map<String, String> files(String branch) throws IOException {
        Ref ref = bare.getRepository().exactRef("refs/heads/" + branch);
        if (ref == null) {
            return null;
        }
        Map<String, String> files = new TreeMap<>();
        try (RevWalk walk = new RevWalk(bare.getRepository()); TreeWalk tree = new TreeWalk(bare.getRepository())) {
            tree.addTree(walk.parseCommit(ref.getObjectId()).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                files.put(tree.getPathString(), new String(bare.getRepository().open(tree.getObjectId(0)).getBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    public RevCommit tip(String branch) throws IOException {
        Ref ref = bare.getRepository().exactRef("refs/heads/" + branch);
        try (RevWalk walk = new RevWalk(bare.getRepository())) {
            return walk.parseCommit(ref.getObjectId());
        }
    }

    @Override
    public void close() {
        work.close();
        bare.close();
    }
}
