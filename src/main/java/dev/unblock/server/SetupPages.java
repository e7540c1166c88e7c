package dev.unblock.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one-click setup, as Probot-style Apps do it: {@code GET /setup} shows one form (the App's name and the
 * organization that owns it) with the permissions and events the App will ask for, and a warning when GitHub cannot
 * reach the public URL. Pressing Create posts {@code app-manifest.yml}, filled with the public URL and the chosen name,
 * to GitHub's "new App" page: a small same-origin script fills the manifest as the form is sent; without scripts the
 * form goes to {@code POST /setup}, which answers a page holding the filled manifest and one button. GitHub sends the
 * browser back to {@code GET /setup/callback?code=…}, which exchanges the code for the App's id, key and webhook
 * secret, stores them (owner-only files) and shows the install link. Once the App is set up, neither page hands out
 * anything; {@code /setup} shows the install link.
 */
public final class SetupPages {
    private static final Logger LOG = LoggerFactory.getLogger(SetupPages.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STATE_TTL = Duration.ofHours(1);
    private static final int MAX_STATES = 200;
    static final String DEFAULT_NAME = "Unblock";
    static final String SCRIPT = "/dev/unblock/server/setup.js";
    /** A GitHub login: letters, digits and single hyphens inside, at most 39 characters. */
    static final String ORG_PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})?";
    static final int MAX_NAME = 34;

    private final SetupSettings settings;
    private final StoredCredentials store;
    private final Supplier<String> installUrl;
    private final Runnable onConfigured;
    private final Clock clock;
    private final CompletableFuture<Optional<String>> reachability;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> states = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** Pages for a server that is not set up yet; {@code onConfigured} runs once the credentials are stored. */
    public SetupPages(SetupSettings settings, Runnable onConfigured, Clock clock) {
        this(settings, onConfigured, clock, PublicUrlCheck.DNS);
    }

    SetupPages(SetupSettings settings, Runnable onConfigured, Clock clock, PublicUrlCheck.Resolver resolver) {
        this.settings = settings;
        this.store = new StoredCredentials(settings.dataDir());
        this.installUrl = store::installUrl;
        this.onConfigured = onConfigured;
        this.clock = clock;
        boolean githubDotCom = "github.com".equalsIgnoreCase(settings.webUrl().getHost());
        // A name lookup may hang: it runs on a thread of its own, and the page waits for it a few seconds at most.
        this.reachability = new CompletableFuture<>();
        Thread check = new Thread(() -> {
            try {
                reachability.complete(PublicUrlCheck.problem(settings.publicUrl(), githubDotCom, resolver));
            } catch (RuntimeException e) {
                reachability.complete(Optional.empty());
            }
        }, "unblock-public-url-check");
        check.setDaemon(true);
        check.start();
    }

    /**
     * Pages for a server that runs the App: they only say so, with the install link (the one the setup stored, else
     * {@code installUrl}'s, e.g. asked from GitHub).
     */
    public static SetupPages configured(StoredCredentials store, Supplier<String> installUrl) {
        return new SetupPages(store, installUrl);
    }

    private SetupPages(StoredCredentials store, Supplier<String> installUrl) {
        this.settings = null;
        this.store = store;
        this.installUrl = () -> {
            String stored = store.installUrl();
            return stored != null ? stored : installUrl.get();
        };
        this.onConfigured = () -> { };
        this.clock = Clock.systemUTC();
        this.reachability = CompletableFuture.completedFuture(Optional.empty());
    }

    private boolean isConfigured() {
        return settings == null || store.exists();
    }

    /** Why GitHub cannot reach the public URL (waiting a few seconds at most for the answer), or empty. */
    public Optional<String> unreachable() {
        try {
            return reachability.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** {@code GET /setup}: the form (or, once set up, the install link). {@code name} and {@code org} prefill it. */
    public void page(Context ctx) {
        secure(ctx);
        if (isConfigured()) {
            ctx.html(setUpPage());
            return;
        }
        Choice choice = Choice.of(ctx.queryParam("name"), ctx.queryParam("org"));
        if (choice.problem() != null) {
            ctx.status(400).html(page("Unblock setup", "<p>" + Html.escape(choice.problem()) + "</p>" + again()));
            return;
        }
        String state = newState();
        String web = webBase();
        ctx.html(page("Set up Unblock", warning() + """
                <p>This server is not connected to GitHub yet. Three steps:</p>
                <ol>
                  <li>Create the GitHub App: pressing the button sends Unblock's manifest to GitHub, where you confirm.
                      Its webhooks will go to <code>%s/webhook</code>.</li>
                  <li>GitHub sends you back here; this server stores the App's id, private key and webhook secret in its
                      data directory (readable by its user only).</li>
                  <li>Install the App on the repositories to migrate.</li>
                </ol>
                <form id="create-app" method="post" action="/setup" data-github="%s" data-state="%s">
                  <input type="hidden" name="manifest" value="%s">
                  <p><label for="name">App name</label><br>
                     <input id="name" name="name" value="%s" maxlength="%d" required size="34"></p>
                  <p><label for="org">Organization that owns the App</label> (empty: your own account)<br>
                     <input id="org" name="org" value="%s" maxlength="39" pattern="%s" size="34"
                            title="a GitHub login: letters, digits and hyphens"></p>
                  <p><button type="submit" id="create">Create the GitHub App</button></p>
                </form>
                %s
                <script src="/setup/setup.js"></script>
                """.formatted(Html.escape(settings.base()), Html.escape(web), Html.escape(state),
                Html.escape(AppManifest.json(settings.base(), choice.name())), Html.escape(choice.name()), MAX_NAME,
                Html.escape(choice.org()), Html.escape(ORG_PATTERN), asksFor())));
    }

    /**
     * {@code POST /setup}: the form sent without its script. Answers the manifest filled with the chosen name, in a
     * form that goes to GitHub with one button.
     */
    public void confirm(Context ctx) {
        secure(ctx);
        if (isConfigured()) {
            ctx.status(409).html(setUpPage());
            return;
        }
        Choice choice = Choice.of(ctx.formParam("name"), ctx.formParam("org"));
        if (choice.problem() != null) {
            ctx.status(400).html(page("Unblock setup", "<p>" + Html.escape(choice.problem()) + "</p>" + again()));
            return;
        }
        String owner = choice.org().isEmpty() ? "your account" : choice.org();
        ctx.html(page("Create the GitHub App", warning() + """
                <p>GitHub will show the App <strong>%s</strong> for %s; confirm there.</p>
                <form id="to-github" method="post" action="%s">
                  <input type="hidden" name="manifest" value="%s">
                  <p><button type="submit" id="create">Create the GitHub App %s on %s</button></p>
                </form>
                <p><a href="/setup">Change the name or the organization</a></p>
                """.formatted(Html.escape(choice.name()), Html.escape(owner), Html.escape(newAppUrl(choice.org(), newState())),
                Html.escape(AppManifest.json(settings.base(), choice.name())), Html.escape(choice.name()), Html.escape(owner))));
    }

    /** {@code GET /setup/setup.js}: fills the manifest and picks GitHub's page as the form is sent. */
    public static void script(Context ctx) throws IOException {
        try (InputStream in = SetupPages.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the build");
            }
            ctx.header("Cache-Control", "no-cache").contentType("text/javascript; charset=utf-8").result(in.readAllBytes());
        }
    }

    /** The name and organization chosen on the form, or why they cannot be used. */
    record Choice(String name, String org, String problem) {
        static Choice of(String name, String org) {
            String n = name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
            String o = org == null ? "" : org.strip();
            if (n.length() > MAX_NAME) {
                return new Choice(n, o, "The App name must be at most " + MAX_NAME + " characters (GitHub's limit).");
            }
            if (!o.isEmpty() && !o.matches(ORG_PATTERN)) {
                return new Choice(n, o, "The organization must be a GitHub login (letters, digits, hyphens).");
            }
            return new Choice(n, o, null);
        }
    }

    private String webBase() {
        return settings.webUrl().toString().replaceAll("/+$", "");
    }

    private String newAppUrl(String org, String state) {
        return webBase() + (org.isEmpty() ? "" : "/organizations/" + org) + "/settings/apps/new?state=" + state;
    }

    private String warning() {
        return unreachable().map(why -> "<div class=\"warning\" id=\"unreachable\" role=\"alert\"><p><strong>GitHub cannot"
                + " deliver webhooks to " + Html.escape(settings.base()) + "</strong>: " + Html.escape(why) + ".</p><p>Set <code>"
                + SetupSettings.PUBLIC_URL + "</code> to an address GitHub can reach (a public host name, or a tunnel to this"
                + " machine for a trial) and restart, or the App will be created but never hear from GitHub.</p></div>")
                .orElse("");
    }

    /** The permissions and events of {@code app-manifest.yml}, with the reason written beside each. */
    private static String asksFor() {
        StringBuilder out = new StringBuilder("<h2>What the App will ask for</h2>\n<table id=\"permissions\">"
                + "<tr><th>Permission</th><th>Access</th><th>Why</th></tr>\n");
        for (AppManifest.Permission p : AppManifest.permissions()) {
            out.append("<tr><td>").append(Html.escape(p.name().replace('_', ' '))).append("</td><td>").append(Html.escape(p.access()))
                    .append("</td><td>").append(Html.escape(p.why())).append("</td></tr>\n");
        }
        out.append("</table>\n<h2>Events it subscribes to</h2>\n<table id=\"events\"><tr><th>Event</th><th>Why</th></tr>\n");
        for (AppManifest.Event e : AppManifest.events()) {
            out.append("<tr><td>").append(Html.escape(e.name())).append("</td><td>").append(Html.escape(e.why())).append("</td></tr>\n");
        }
        out.append("<tr><td>installation</td><td>sent to every App: installations are recorded</td></tr>\n</table>\n");
        return out.toString();
    }

    /**
     * Scripts only from this server, forms only to it and to GitHub, no framing: the pages hand out credentials'
     * means, so nothing else may run in them or frame them.
     */
    private void secure(Context ctx) {
        String forms = "'self'" + (settings == null ? "" : " " + origin(settings.webUrl()) + " " + origin(settings.publicUrl()));
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self';"
                + " form-action " + forms + "; base-uri 'none'; frame-ancestors 'none'");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
    }

    private static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    public void callback(Context ctx) throws IOException {
        secure(ctx);
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
                + " any more.</p>" + installLink(installUrl.get()));
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
                code{background:#f3f3f3;padding:0 .2em}button{font-size:1em;padding:.4em 1em}input{font-size:1em;padding:.2em}
                table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
                .warning{background:#fff4d6;border:1px solid #d4a72c;padding:0 1em;margin:1em 0}</style>
                </head><body><h1>%s</h1>
                %s</body></html>
                """.formatted(Html.escape(title), Html.escape(title), body);
    }
}
