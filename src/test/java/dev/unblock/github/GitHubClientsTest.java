package dev.unblock.github;

import dev.unblock.jobs.Database;
import dev.unblock.jobs.RetryLater;
import dev.unblock.testing.FakeGitHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

import static dev.unblock.testing.FakeGitHub.REPO;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class GitHubClientsTest {
    @TempDir
    Path dir;

    @Test
    void theEightyFirstContentRequestInAMinuteIsNotSentButRescheduled() throws Exception {
        try (FakeGitHub github = new FakeGitHub(); Database database = Database.open(dir, null)) {
            github.stubCheckRunAnswer();
            github.wm.stubFor(get(urlPathEqualTo(REPO)).willReturn(okJson(
                    "{\"id\":186853002,\"name\":\"Hello-World\",\"full_name\":\"Codertocat/Hello-World\",\"owner\":{\"login\":\"Codertocat\"}}")));
            Clock clock = Clock.systemUTC();
            InstallationTokens tokens = new InstallationTokens(URI.create(github.url()),
                    new AppJwt("1", PrivateKeyPem.parse(TestKeys.pkcs8Pem()), clock), clock);
            GitHub gh = new GitHubClients(URI.create(github.url()), tokens, clock,
                    new ContentRateLimiter(database.dataSource(), clock)).forInstallation(1);
            GHRepository repo = gh.getRepository("Codertocat/Hello-World");
            for (int i = 0; i < ContentRateLimiter.PER_MINUTE; i++) {
                repo.createCheckRun("unblock", "a".repeat(40)).create();
            }
            Throwable refused = catchThrowable(() -> repo.createCheckRun("unblock", "a".repeat(40)).create());
            assertThat(RetryLater.in(refused)).isNotNull();
            assertThat(github.requests("POST", REPO + "/check-runs")).hasSize(ContentRateLimiter.PER_MINUTE);
        }
    }
}
