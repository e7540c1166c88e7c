package dev.unblock.git;

import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One bare repository per GitHub repository under the data dir, kept between jobs so each fetch only brings
 * what is new. Credentials come in through a provider, never in the URL.
 */
public final class RepositoryCache implements AutoCloseable {
    /** A stalled git connection fails the job (which is retried) instead of holding a worker forever. */
    static final int TIMEOUT_SECONDS = 300;
    /** History fetched the first time: enough for most merge bases and pushes; more is fetched when needed. */
    static final int FIRST_FETCH_DEPTH = 200;
    private final Path root;
    private final int firstFetchDepth;
    private final Map<Long, Repository> open = new ConcurrentHashMap<>();

    public RepositoryCache(Path root) {
        this(root, FIRST_FETCH_DEPTH);
    }

    /** @param firstFetchDepth commits per branch in the first (shallow) fetch; 0 fetches all history */
    public RepositoryCache(Path root, int firstFetchDepth) {
        this.root = root;
        this.firstFetchDepth = firstFetchDepth;
    }

    /**
     * Where a pull request's head is kept. Not under refs/remotes/origin/: the branch refspec's destination
     * covers that folder, so with pruning on, a second fetch both deleted the ref (no branch "pull/N" exists) and
     * updated it, and JGit failed with "Duplicate ref" (every push to an open pull request failed once).
     */
    public static String pullRequestRef(int number) {
        return "refs/unblock/pull/" + number;
    }

    /** The refspec that fetches GitHub's refs/pull/N/head into {@link #pullRequestRef}. */
    public static String pullRequestRefSpec(int number) {
        return "+refs/pull/" + number + "/head:" + pullRequestRef(number);
    }

    public Repository open(long repositoryId) throws IOException {
        try {
            return open.computeIfAbsent(repositoryId, id -> {
                try {
                    Path dir = root.resolve(id + ".git");
                    Files.createDirectories(root);
                    Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).setBare().build();
                    if (!Files.exists(dir.resolve("objects"))) {
                        repo.create(true);
                    }
                    return repo;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Fetches the branches (and the given extra refspecs) of {@code url} into refs/remotes/origin/. The first
     * fetch of a repository is shallow; later ones bring only what is new.
     */
    public void fetch(Repository repo, String url, CredentialsProvider credentials, List<String> extraRefSpecs)
            throws IOException {
        boolean first = repo.getRefDatabase().getRefs().isEmpty();
        fetch(repo, url, credentials, extraRefSpecs, first && firstFetchDepth > 0 ? firstFetchDepth : 0);
    }

    /**
     * Fetches the rest of the branches' history into a shallow cache (a merge base or a push's "before" lay
     * beyond it). Only branches: JGit refuses to deepen extra refs such as refs/pull/N/head ("Duplicate ref").
     */
    public void unshallow(Repository repo, String url, CredentialsProvider credentials) throws IOException {
        fetch(repo, url, credentials, List.of(), Integer.MAX_VALUE);
    }

    public static boolean isShallow(Repository repo) throws IOException {
        return !repo.getObjectDatabase().getShallowCommits().isEmpty();
    }

    /** A fetch; depth 0 means as deep as needed, Integer.MAX_VALUE all history (git's --unshallow). */
    private static void fetch(Repository repo, String url, CredentialsProvider credentials, List<String> extraRefSpecs,
                              int depth) throws IOException {
        List<RefSpec> specs = new java.util.ArrayList<>();
        specs.add(new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
        extraRefSpecs.forEach(s -> specs.add(new RefSpec(s)));
        try {
            FetchCommand fetch = Git.wrap(repo).fetch().setRemote(url).setRefSpecs(specs).setCredentialsProvider(credentials)
                    .setTimeout(TIMEOUT_SECONDS).setRemoveDeletedRefs(true);
            if (depth > 0) {
                fetch.setDepth(depth);
            }
            fetch.call();
        } catch (GitAPIException e) {
            throw new IOException("git fetch failed: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the lock files a process killed in the middle of a fetch or push left behind (JGit's {@code *.lock}:
     * a stale {@code shallow.lock} would fail every later fetch of that repository). Called once at start-up, before
     * any job: the cache belongs to this process alone (replicas do not share a data dir).
     */
    public int removeStaleLocks() throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            for (Path lock : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".lock")
                    && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))::iterator) {
                Files.deleteIfExists(lock);
                removed++;
            }
        }
        return removed;
    }

    /** Drops the cache of a repository the App no longer has access to. */
    public void forget(long repositoryId) throws IOException {
        Repository repo = open.remove(repositoryId);
        if (repo != null) {
            repo.close();
        }
        Path dir = root.resolve(repositoryId + ".git");
        if (Files.exists(dir)) {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
    }

    @Override
    public void close() {
        open.values().forEach(Repository::close);
        open.clear();
    }
}
