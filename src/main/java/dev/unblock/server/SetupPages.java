package dev.unblock.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one-click setup, as Probot-style Apps do it: {@code GET /setup} posts {@code app-manifest.yml} (filled with
 * the public URL) to GitHub's "new App" page; GitHub sends the browser back to {@code GET /setup/callback?code=…},
 * which exchanges the code for the App's id, key and webhook secret, stores them (owner-only files) and shows the
 * install link. Plain HTML forms, no JavaScript. Once the App is set up, neither page hands out anything.
 */
public final class SetupPages {
    private static final Logger LOG = LoggerFactory.getLogger(SetupPages.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STATE_TTL = Duration.ofHours(1);
    private static final int MAX_STATES = 200;
    static final String DEFAULT_NAME = "Unblock";

    private final SetupSettings settings;
    private final StoredCredentials store;
    private final Runnable onConfigured;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> states = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Pages for a server that is not set up yet; {@code onConfigured} runs once the credentials are stored. */
    public SetupPages(SetupSettings settings, Runnable onConfigured, Clock clock) {
        this.settings = settings;
        this.store = new StoredCredentials(settings.dataDir());
        this.onConfigured = onConfigured;
        this.clock = clock;
    }

    /** Pages for a server that runs the App: they only say so. */
    public static SetupPages configured(StoredCredentials store) {
        return new SetupPages(store);
    }

    private SetupPages(StoredCredentials store) {
        this.settings = null;
        this.store = store;
        this.onConfigured = () -> { };
        this.clock = Clock.systemUTC();
    }

    private boolean isConfigured() {
        return settings == null || store.exists();
    }

    public void page(Context ctx) {
        if (isConfigured()) {
            ctx.html(setUpPage());
            return;
        }
        String name = ctx.queryParam("name");
        String org = ctx.queryParam("org");
        name = name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
        org = org == null ? "" : org.strip();
        if (name.length() > 34 || !org.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})?|")) {
            ctx.status(400).html(page("Unblock setup", "<p>The App name must be at most 34 characters and the organization a"
                    + " GitHub login (letters, digits, hyphens).</p><p><a href=\"/setup\">Start again</a></p>"));
            return;
        }
        String state = newState();
        String web = settings.webUrl().toString().replaceAll("/+$", "");
        String action = (org.isEmpty() ? web + "/settings/apps/new" : web + "/organizations/" + org + "/settings/apps/new")
                + "?state=" + state;
        String manifest = AppManifest.json(settings.base(), name);
        ctx.html(page("Set up Unblock", """
                <p>This server is not connected to GitHub yet. Three steps:</p>
                <ol>
                  <li>Create the GitHub App: the button sends Unblock's manifest to GitHub, where you confirm the name.
                      Its webhooks will go to <code>%s/webhook</code>.</li>
                  <li>GitHub sends you back here; this server stores the App's id, private key and webhook secret in its
                      data directory (readable by its user only).</li>
                  <li>Install the App on the repositories to migrate.</li>
                </ol>
                <form method="get" action="/setup">
                  <p><label>App name <input name="name" value="%s" maxlength="34"></label>
                  <label>Organization (empty: your account) <input name="org" value="%s" maxlength="39"></label>
                  <button type="submit">Change</button></p>
                </form>
                <form method="post" action="%s">
                  <input type="hidden" name="manifest" value="%s">
                  <p><button type="submit" id="create">Create the GitHub App %s on %s</button></p>
                </form>
                """.formatted(Html.escape(settings.base()), Html.escape(name), Html.escape(org), Html.escape(action),
                Html.escape(manifest), Html.escape(name), Html.escape(org.isEmpty() ? "your account" : org))));
    }

    public void callback(Context ctx) throws IOException {
        if (isConfigured()) {
            ctx.status(409).html(setUpPage());
            return;
        }
        String code = ctx.queryParam("code");
        String state = ctx.queryParam("state");
        if (code == null || !code.matches("[A-Za-z0-9_-]{1,200}")) {
            ctx.status(400).html(page("Unblock setup", "<p>The link has no valid <code>code</code>.</p>" + again()));
            return;
        }
        Instant issued = state == null ? null : states.remove(state);
        if (issued == null || issued.plus(STATE_TTL).isBefore(clock.instant())) {
            ctx.status(400).html(page("Unblock setup", "<p>This link was not started from this server's setup page, or it"
                    + " expired.</p>" + again()));
            return;
        }
        JsonNode app;
        try {
            app = convert(code);
        } catch (IOException e) {
            LOG.warn("setup: the manifest code could not be exchanged: {}", e.getMessage());
            ctx.status(502).html(page("Unblock setup", "<p>GitHub did not hand out the App: " + Html.escape(e.getMessage())
                    + "</p>" + again()));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.status(503).html(page("Unblock setup", "<p>The server is stopping.</p>"));
            return;
        }
        String htmlUrl = app.path("html_url").asText("");
        String installUrl = htmlUrl.matches("https?://\\S+") ? htmlUrl.replaceAll("/+$", "") + "/installations/new" : null;
        try {
            store.save(new StoredCredentials.Credentials(app.path("id").asText(), app.path("pem").asText(),
                    app.path("webhook_secret").asText(), installUrl));
        } catch (IOException e) {
            LOG.error("setup: cannot store the App's credentials in {}: {}", store.dir(), e.toString());
            ctx.status(500).html(page("Unblock setup", "<p>The App was created on GitHub but its credentials could not be"
                    + " stored in the data directory. Delete the App on GitHub and start again once the directory is"
                    + " writable.</p>"));
            return;
        }
        LOG.info("setup: App {} ({}) created and its credentials stored in {}", app.path("id").asText(),
                app.path("slug").asText(), store.dir());
        byte[] answer = page("Unblock is set up", "<p>The GitHub App <strong>"
                + Html.escape(app.path("name").asText(app.path("slug").asText()))
                + "</strong> exists and this server holds its credentials. It now processes the App's webhooks.</p>"
                + installLink(installUrl)).getBytes(StandardCharsets.UTF_8);
        // Sent in full before the server may be swapped for the App's.
        ctx.status(200).contentType("text/html; charset=utf-8");
        ctx.res().setContentLength(answer.length);
        ctx.res().getOutputStream().write(answer);
        ctx.res().getOutputStream().flush();
        onConfigured.run();
    }

    /** {@code POST /app-manifests/{code}/conversions}: no authentication, the code is the credential. */
    private JsonNode convert(String code) throws IOException, InterruptedException {
        String api = settings.apiUrl().toString().replaceAll("/+$", "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/app-manifests/"
                        + URLEncoder.encode(code, StandardCharsets.UTF_8) + "/conversions"))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201 && response.statusCode() != 200) {
            throw new IOException("GitHub answered " + response.statusCode() + " (codes are valid for one hour and only once)");
        }
        JsonNode app = JSON.readTree(response.body());
        if (!app.path("id").canConvertToLong() || !app.path("pem").asText("").contains("PRIVATE KEY")
                || app.path("webhook_secret").asText("").isEmpty()) {
            throw new IOException("GitHub's answer lacks the App id, key or webhook secret");
        }
        return app;
    }

    private String newState() {
        Instant now = clock.instant();
        states.entrySet().removeIf(e -> e.getValue().plus(STATE_TTL).isBefore(now));
        if (states.size() >= MAX_STATES) {
            states.clear();
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        states.put(state, now);
        return state;
    }

    private String setUpPage() {
        return page("Unblock is set up", "<p>This server already runs its GitHub App; the setup page hands nothing out"
                + " any more.</p>" + installLink(store.installUrl()));
    }

    private static String installLink(String installUrl) {
        return installUrl == null ? "<p>Install the App from its page on GitHub.</p>"
                : "<p><a id=\"install\" href=\"" + Html.escape(installUrl) + "\">Install the App on your repositories</a></p>";
    }

    private static String again() {
        return "<p><a href=\"/setup\">Start again</a></p>";
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:sans-serif;max-width:44em;margin:2em auto;padding:0 1em;line-height:1.5}
                code{background:#f3f3f3;padding:0 .2em}button{font-size:1em;padding:.4em 1em}label{margin-right:1em}</style>
                </head><body><h1>%s</h1>
                %s</body></html>
                """.formatted(Html.escape(title), Html.escape(title), body);
    }
}
