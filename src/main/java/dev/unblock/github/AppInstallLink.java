package dev.unblock.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where people install the App: {@code html_url} of {@code GET /app} (asked with the App's JWT) followed by
 * {@code /installations/new}. Asked once and remembered; after a failure, asked again a minute later at the earliest.
 */
public final class AppInstallLink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETRY = Duration.ofMinutes(1);
    private final URI apiUrl;
    private final AppJwt jwt;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String link;
    private volatile Instant nextTry = Instant.MIN;

    public AppInstallLink(URI apiUrl, AppJwt jwt, Clock clock) {
        this.apiUrl = apiUrl;
        this.jwt = jwt;
        this.clock = clock;
    }

    /** The install link, or null when GitHub did not say (yet). */
    public String get() {
        String known = link;
        if (known != null || clock.instant().isBefore(nextTry)) {
            return known;
        }
        synchronized (this) {
            if (link == null && !clock.instant().isBefore(nextTry)) {
                link = ask();
                nextTry = clock.instant().plus(RETRY);
            }
            return link;
        }
    }

    private String ask() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(InstallationTokens.trimSlash(apiUrl.toString()) + "/app"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + jwt.create())
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode app = JSON.readTree(response.body());
            String html = app.path("html_url").asText("");
            return html.matches("https?://\\S+") ? html.replaceAll("/+$", "") + "/installations/new" : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
