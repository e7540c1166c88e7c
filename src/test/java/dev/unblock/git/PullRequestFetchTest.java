package dev.unblock.git;

import dev.unblock.testing.RemoteRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A pull request's head is fetched again at each push to it, into a repository already cached. */
class PullRequestFetchTest {
    @TempDir
    Path dir;

    @Test
    void aPullRequestHeadIsFetchedAgainAfterEachPushWithoutADuplicateRef() throws Exception {
        try (RemoteRepo remote = new RemoteRepo(dir.resolve("remote"));
             RepositoryCache cache = new RepositoryCache(dir.resolve("cache"))) {
            remote.commit("master", Map.of("a.py", "a = 0\n"), "base");
            var credentials = new UsernamePasswordCredentialsProvider("x-access-token", "t");
            for (int push = 1; push <= 3; push++) {
                String head = remote.commit("changes", Map.of("b.py", "b = " + push + "\n"), "push " + push);
                remote.pullRef(1, head);
                var repo = cache.open(7);
                cache.fetch(repo, remote.url(), credentials, List.of(RepositoryCache.pullRequestRefSpec(1)));
                assertThat(repo.getObjectDatabase().has(ObjectId.fromString(head))).as("push %d", push).isTrue();
                assertThat(repo.exactRef(RepositoryCache.pullRequestRef(1)).getObjectId().name()).isEqualTo(head);
            }
        }
    }
}
