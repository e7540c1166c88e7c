package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.git.ChangedFiles;
import dev.unblock.git.GitTreeSnapshot;
import dev.unblock.git.MigrationCommitter;
import dev.unblock.migrate.PathGlobs;
import dev.unblock.git.RepositoryCache;
import dev.unblock.github.InstallationTokens;
import dev.unblock.github.RestCalls;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** One job's view of one repository: its git cache, clone URL and credentials (asked for at each use). */
final class RepoWork {
    static final PersonIdent BOT = new PersonIdent("unblock[bot]", "unblock[bot]@users.noreply.github.com");

    private final RepositoryCache cache;
    private final InstallationTokens tokens;
    final RestCalls rest;
    final long installationId;
    final long repositoryId;
    final String cloneUrl;

    RepoWork(RepositoryCache cache, InstallationTokens tokens, RestCalls rest, long installationId, long repositoryId,
             String cloneUrl) {
        this.cache = cache;
        this.tokens = tokens;
        this.rest = rest;
        this.installationId = installationId;
        this.repositoryId = repositoryId;
        this.cloneUrl = cloneUrl;
    }

    /** The App's own login ({@code SLUG[bot]}): the author of its issues. */
    String botLogin() throws IOException {
        return tokens.botLogin();
    }

    Repository git() throws IOException {
        return cache.open(repositoryId);
    }

    /** The token travels to JGit only here, inside a credentials provider, never in the URL. */
    private CredentialsProvider credentials() throws IOException {
        return new UsernamePasswordCredentialsProvider("x-access-token", tokens.get(installationId));
    }

    void fetch(String... extraRefSpecs) throws IOException {
        cache.fetch(git(), cloneUrl, credentials(), List.of(extraRefSpecs));
    }

    /** Runs {@code step}; when it fails on a shallow cache (history missing), fetches all history and runs it again. */
    <T> T withHistory(GitStep<T> step) throws IOException {
        try {
            return step.run();
        } catch (IOException e) {
            if (!deepen()) {
                throw e;
            }
            return step.run();
        }
    }

    /** Fetches the whole history when the cache is shallow; false when it was not. */
    boolean deepen() throws IOException {
        if (!RepositoryCache.isShallow(git())) {
            return false;
        }
        cache.unshallow(git(), cloneUrl, credentials());
        return true;
    }

    interface GitStep<T> {
        T run() throws IOException;
    }

    /** The fetched tip of a branch, or null. */
    ObjectId branchTip(String branch) throws IOException {
        Ref ref = git().exactRef("refs/remotes/origin/" + branch);
        return ref == null ? null : ref.getObjectId();
    }

    ObjectId require(String sha) throws IOException {
        ObjectId id = ObjectId.fromString(sha);
        if (!git().getObjectDatabase().has(id)) {
            // GitHub may not serve a commit it just announced yet: time can fix this.
            throw new dev.unblock.jobs.TransientFailure("commit " + sha + " is not in the fetched repository yet");
        }
        return id;
    }

    /** The Python files a pull request changes: from where its head left the base branch (GitHub's diff). */
    List<ChangedFile> pullRequestChanges(GHPullRequest pr, ObjectId head, PathGlobs globs) throws IOException {
        ObjectId baseTip = branchTip(pr.getBase().getRef());
        ObjectId base = withHistory(() -> ChangedFiles.mergeBase(git(), baseTip == null ? require(pr.getBase().getSha()) : baseTip, head));
        return ChangedFiles.between(git(), base, head, globs);
    }

    /** The repository's config at a commit; defaults when there is none. */
    RepoConfig config(GitTreeSnapshot snapshot) throws IOException, InvalidConfigException {
        long size = snapshot.size(RepoConfig.PATH);
        if (size < 0) {
            return RepoConfig.defaults();
        }
        // Checked before reading: a 60 MB file is reported, never read.
        RepoConfigParser.checkSize(size);
        return RepoConfigParser.parse(snapshot.read(RepoConfig.PATH));
    }

    /** The config at the snapshot's commit; when it is invalid, a failing check run says why and null is returned. */
    RepoConfig configOrReport(GHRepository repo, GitTreeSnapshot snapshot) throws IOException {
        try {
            return config(snapshot);
        } catch (InvalidConfigException e) {
            CheckRuns.invalidConfig(repo, snapshot.commit().name(), e.getMessage());
            return null;
        }
    }

    void commitAndPush(ObjectId parent, Map<String, byte[]> files, String message, String branch) throws IOException {
        ObjectId commit = MigrationCommitter.commit(git(), parent, files, BOT, message);
        MigrationCommitter.push(git(), cloneUrl, credentials(), commit, branch);
    }
}
