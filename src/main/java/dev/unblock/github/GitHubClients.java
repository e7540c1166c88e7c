package dev.unblock.github;

import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorResponse;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;

/**
 * Builds kohsuke clients that act as one installation. The library's default rate-limit handlers sleep the
 * calling thread; ours throw {@link dev.unblock.jobs.RetryLater} so the job is rescheduled instead.
 */
public final class GitHubClients {
    private final URI apiUrl;
    private final InstallationTokens tokens;
    private final Clock clock;
    private final ContentRateLimiter limiter;
    private final GitHubMetrics metrics;

    public GitHubClients(URI apiUrl, InstallationTokens tokens, Clock clock, ContentRateLimiter limiter) {
        this(apiUrl, tokens, clock, limiter, GitHubMetrics.discard());
    }

    /** Clients whose content-creating requests {@code limiter} counts (in the database the replicas share). */
    public GitHubClients(URI apiUrl, InstallationTokens tokens, Clock clock, ContentRateLimiter limiter, GitHubMetrics metrics) {
        this.metrics = metrics;
        this.apiUrl = apiUrl;
        this.tokens = tokens;
        this.clock = clock;
        this.limiter = limiter;
    }

    public GitHub forInstallation(long installationId) throws IOException {
        return new GitHubBuilder()
                .withEndpoint(InstallationTokens.trimSlash(apiUrl.toString()))
                .withConnector((GitHubConnector) request -> {
                    if (ContentRateLimiter.createsContent(request.method())) {
                        limiter.acquire(installationId);
                    }
                    GitHubConnectorResponse response;
                    try {
                        response = GitHubConnector.DEFAULT.send(request);
                    } catch (IOException e) {
                        metrics.record(request.method(), 0, name -> null);
                        throw e;
                    }
                    metrics.record(request.method(), response.statusCode(), response::header);
                    return response;
                })
                // Asked on every request, so a refreshed token is used as soon as the cache replaces it.
                .withAuthorizationProvider(() -> "token " + tokens.get(installationId))
                .withRateLimitHandler(new GitHubRateLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse response) throws IOException {
                        throw RateLimits.retryLater(response::header, clock.instant());
                    }
                })
                .withAbuseLimitHandler(new GitHubAbuseLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse response) throws IOException {
                        throw RateLimits.retryLater(response::header, clock.instant());
                    }
                })
                .build();
    }

    public InstallationTokens tokens() {
        return tokens;
    }

    /** Plain REST calls as an installation, for the requests kohsuke cannot shape. */
    public RestCalls rest() {
        return new RestCalls(apiUrl, tokens, clock, limiter, metrics);
    }
}
