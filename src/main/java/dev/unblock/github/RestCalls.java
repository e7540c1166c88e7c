package dev.unblock.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kohsuke.github.HttpException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;

/**
 * The few REST calls kohsuke cannot shape as GitHub documents them (a review whose comments carry
 * {@code side}/{@code start_side}). Failures look like kohsuke's, so one place sorts them all.
 */
public final class RestCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI apiUrl;
    private final InstallationTokens tokens;
    private final Clock clock;
    private final ContentRateLimiter limiter;
    private final GitHubMetrics metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public RestCalls(URI apiUrl, InstallationTokens tokens, Clock clock, ContentRateLimiter limiter, GitHubMetrics metrics) {
        this.metrics = metrics;
        this.apiUrl = apiUrl;
        this.tokens = tokens;
        this.clock = clock;
        this.limiter = limiter;
    }

    /** POSTs {@code body} to {@code path} (e.g. /repos/o/r/pulls/1/reviews) as the installation; returns the answer. */
    public JsonNode post(long installationId, String path, JsonNode body) throws IOException {
        limiter.acquire(installationId);
        return postJson(installationId, InstallationTokens.trimSlash(apiUrl.toString()) + path, path, body);
    }

    private JsonNode postJson(long installationId, String url, String path, JsonNode body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "token " + tokens.get(installationId))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<String> response = send(http, request, clock, metrics);
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new HttpException("POST " + path + " answered " + status, status, "", url);
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /**
     * A GraphQL call as the installation ({@code POST /graphql}; on GitHub Enterprise Server {@code /api/graphql}
     * next to {@code /api/v3}). A mutation counts against the content-creation limits like a POST. An answer
     * carrying {@code errors} fails.
     */
    public JsonNode graphql(long installationId, String query, JsonNode variables, boolean mutation) throws IOException {
        if (mutation) {
            limiter.acquire(installationId);
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        body.put("query", query);
        body.set("variables", variables);
        JsonNode answer = postJson(installationId, graphqlUrl(apiUrl), "/graphql", body);
        if (answer.path("errors").size() > 0) {
            throw new IOException("GraphQL answered with errors: " + answer.path("errors").get(0).path("message").asText());
        }
        return answer.path("data");
    }

    static String graphqlUrl(URI apiUrl) {
        String api = InstallationTokens.trimSlash(apiUrl.toString());
        return api.endsWith("/api/v3") ? api.substring(0, api.length() - 3) + "graphql" : api + "/graphql";
    }

    /** Sends a request; a rate-limit answer becomes {@link dev.unblock.jobs.RetryLater} at the time GitHub asks for. */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, Clock clock, GitHubMetrics metrics) throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling GitHub", e);
        } catch (IOException e) {
            metrics.record(request.method(), 0, name -> null);
            // No answer at all (refused, reset, timed out): time can fix that.
            throw new dev.unblock.jobs.TransientFailure("no answer from GitHub to " + request.method() + " "
                    + request.uri().getPath() + ": " + e, e);
        }
        metrics.record(request.method(), response.statusCode(), name -> response.headers().firstValue(name).orElse(null));
        if (RateLimits.isRateLimited(response.statusCode(), name -> response.headers().firstValue(name).orElse(null))) {
            throw RateLimits.retryLater(name -> response.headers().firstValue(name).orElse(null), clock.instant());
        }
        return response;
    }
}
