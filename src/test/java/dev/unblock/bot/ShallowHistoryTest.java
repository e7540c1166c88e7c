package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.migrate.PathGlobs;
import dev.unblock.git.RepositoryCache;
import dev.unblock.github.AppJwt;
import dev.unblock.github.InstallationTokens;
import dev.unblock.github.PrivateKeyPem;
import dev.unblock.github.TestKeys;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.RemoteRepo;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GitHub;

import java.io.StringReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The first fetch is shallow; when a merge base lies beyond it, the rest of the history is fetched. */
class ShallowHistoryTest {
    @TempDir
    Path dir;

    @Test
    void aMergeBaseBeyondTheShallowHistoryIsFoundAfterFetchingTheRest() throws Exception {
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"));
             RepositoryCache cache = new RepositoryCache(dir.resolve("cache"), 2)) {
            String base = remote.commit("master", Map.of("a.py", "a = 0\n"), "base");
            String head = remote.commit("changes", Map.of("b.py", "b = 1\n"), "feature 1");
            head = remote.commit("changes", Map.of("c.py", "c = 1\n"), "feature 2");
            for (int i = 1; i <= 4; i++) {
                remote.commit("master", Map.of("a.py", "a = " + i + "\n"), "master " + i);
            }
            remote.pullRef(2, head);
            Clock clock = Clock.systemUTC();
            InstallationTokens tokens = new InstallationTokens(URI.create(github.url()),
                    new AppJwt("1", PrivateKeyPem.parse(TestKeys.pkcs1Pem()), clock), clock);
            RepoWork work = new RepoWork(cache, tokens, null, 1, 186853002, remote.url());
            GHEventPayload.PullRequest event = GitHub.offline().parseEventPayload(new StringReader(
                    Payloads.pullRequest("opened", 2, head, base, remote.url()).toString()), GHEventPayload.PullRequest.class);

            work.fetch(RepositoryCache.pullRequestRefSpec(2));
            assertThat(RepositoryCache.isShallow(work.git())).isTrue();

            assertThat(work.pullRequestChanges(event.getPullRequest(), ObjectId.fromString(head), PathGlobs.everything()))
                    .extracting(ChangedFile::path).containsExactly("b.py", "c.py");
            assertThat(RepositoryCache.isShallow(work.git())).isFalse();
        }
    }

    @Test
    void aPushWhoseBeforeLiesBeyondTheShallowHistoryDeepensIt() throws Exception {
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"));
             RepositoryCache cache = new RepositoryCache(dir.resolve("cache"), 2)) {
            String before = remote.commit("master", Map.of("a.py", "a = 0\n"), "one");
            String after = before;
            for (int i = 1; i <= 4; i++) {
                after = remote.commit("master", Map.of("m" + i + ".py", "m = 1\n"), "more " + i);
            }
            Clock clock = Clock.systemUTC();
            InstallationTokens tokens = new InstallationTokens(URI.create(github.url()),
                    new AppJwt("1", PrivateKeyPem.parse(TestKeys.pkcs1Pem()), clock), clock);
            RepoWork work = new RepoWork(cache, tokens, null, 1, 186853002, remote.url());
            work.fetch();
            assertThat(work.git().getObjectDatabase().has(ObjectId.fromString(before))).isFalse();
            assertThat(work.deepen()).isTrue();
            assertThat(dev.unblock.git.ChangedFiles.ofPush(work.git(), before, ObjectId.fromString(after), null,
                    PathGlobs.everything())).extracting(ChangedFile::path).containsExactly("m1.py", "m2.py", "m3.py", "m4.py");
            assertThat(work.deepen()).isFalse();
        }
    }
}
