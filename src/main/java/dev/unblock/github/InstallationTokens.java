package dev.unblock.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installation access tokens, one per installation, cached and replaced a while before their hour is up.
 * Tokens are never logged; {@link #invalidate} drops one GitHub has rejected.
 */
public final class InstallationTokens {
    /** Refresh this long before expiry so a token never runs out in the middle of a job. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Token(String value, Instant expiresAt) {
    }

    private final URI apiUrl;
    private final AppJwt jwt;
    private final Clock clock;
    private final GitHubMetrics metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Map<Long, Token> cache = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();

    public InstallationTokens(URI apiUrl, AppJwt jwt, Clock clock) {
        this(apiUrl, jwt, clock, GitHubMetrics.discard());
    }

    public InstallationTokens(URI apiUrl, AppJwt jwt, Clock clock, GitHubMetrics metrics) {
        this.metrics = metrics;
        this.apiUrl = apiUrl;
        this.jwt = jwt;
        this.clock = clock;
    }

    public String get(long installationId) throws IOException {
        synchronized (locks.computeIfAbsent(installationId, id -> new Object())) {
            Token token = cache.get(installationId);
            if (token == null || !token.expiresAt().isAfter(clock.instant().plus(REFRESH_MARGIN))) {
                token = request(installationId);
                cache.put(installationId, token);
            }
            return token.value();
        }
    }

    public void invalidate(long installationId) {
        cache.remove(installationId);
    }

    private volatile String botLogin;

    /**
     * The login the App writes issues and comments under ({@code SLUG[bot]}), from {@code GET /app} with the App's
     * JWT; asked once per process (an App's slug does not change).
     */
    public String botLogin() throws IOException {
        String login = botLogin;
        if (login == null) {
            URI uri = URI.create(trimSlash(apiUrl.toString()) + "/app");
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + jwt.create())
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .GET()
                    .build();
            HttpResponse<String> response = RestCalls.send(http, request, clock, metrics);
            if (response.statusCode() != 200) {
                throw new org.kohsuke.github.HttpException("GET /app answered " + response.statusCode(),
                        response.statusCode(), "", uri.toString());
            }
            String slug = JSON.readTree(response.body()).path("slug").asText("");
            if (slug.isEmpty()) {
                throw new IOException("GitHub's answer to GET /app lacks the App's slug");
            }
            login = slug + "[bot]";
            botLogin = login;
        }
        return login;
    }

    private Token request(long installationId) throws IOException {
        URI uri = URI.create(trimSlash(apiUrl.toString()) + "/app/installations/" + installationId + "/access_tokens");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + jwt.create())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        HttpResponse<String> response = RestCalls.send(http, request, clock, metrics);
        int status = response.statusCode();
        if (status != 201 && status != 200) {
            // With its status, so that a 404 or 410 (the App is not installed there, or no longer) ends the job at once.
            String why = status == 404 || status == 410 ? " (the App is not installed there, or no longer)" : "";
            throw new Refused("GitHub refused an installation token for installation " + installationId + ": HTTP " + status
                    + why, status, uri.toString());
        }
        JsonNode body = JSON.readTree(response.body());
        String value = body.path("token").asText(null);
        String expires = body.path("expires_at").asText(null);
        if (value == null || expires == null) {
            throw new IOException("GitHub's installation token answer lacks token or expires_at");
        }
        return new Token(value, Instant.parse(expires));
    }

    /** GitHub refused to hand out a token: nothing can be said to GitHub on behalf of that installation. */
    public static final class Refused extends org.kohsuke.github.HttpException {
        Refused(String message, int status, String url) {
            super(message, status, "token refused", url);
        }
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
