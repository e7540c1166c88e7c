package dev.unblock.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.unblock.github.TestKeys;
import dev.unblock.github.WebhookSignature;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.HeadlessChromium;
import dev.unblock.testing.LogCapture;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-click setup in a real browser: headless Chromium opens /setup, edits the App's name in the one form and
 * presses Create, WireMock plays GitHub's app-creation page (redirecting back with a code) and its conversion API; the
 * server stores the credentials (0600), shows the install link, and the App then runs on them. The same form without
 * scripts goes through a confirmation page. Screenshots go to target/setup-screenshots/.
 */
class SetupFlowEndToEndTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path SHOTS = Path.of("target", "setup-screenshots");

    @TempDir
    Path dir;

    @Test
    void createsTheAppWithTheNameTypedInTheFormStoresItsCredentialsAndThenRunsOnThem() throws Exception {
        Path chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium): setup page not tested in a browser");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String publicUrl = "http://127.0.0.1:" + port;
        try (FakeGitHub github = new FakeGitHub()) {
            github.wm.stubFor(post(urlPathEqualTo("/settings/apps/new")).willReturn(aResponse().withStatus(302)
                    .withHeader("Location", publicUrl + "/setup/callback?code=c0de-42&state={{request.query.state}}")
                    .withTransformers("response-template")));
            github.wm.stubFor(post(urlPathEqualTo("/organizations/acme-corp/settings/apps/new")).willReturn(aResponse()
                    .withStatus(200).withHeader("Content-Type", "text/html").withBody("<p>GitHub's new App page for acme-corp</p>")));
            github.wm.stubFor(post(urlPathEqualTo("/app-manifests/c0de-42/conversions")).willReturn(aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Fixtures.JSON.createObjectNode().put("id", 4242).put("slug", "unblock-test").put("name", "Unblock test")
                            .put("html_url", github.url() + "/apps/unblock-test").put("pem", TestKeys.pkcs1Pem())
                            .put("webhook_secret", "whsec-from-github").put("client_id", "Iv1.x").put("client_secret", "cs-never-stored")
                            .toString())));
            Map<String, String> env = new HashMap<>();
            env.put("UNBLOCK_PUBLIC_URL", publicUrl);
            env.put("UNBLOCK_GITHUB_API_URL", github.url());
            env.put("UNBLOCK_GITHUB_URL", github.url());
            env.put("UNBLOCK_PORT", Integer.toString(port));
            env.put("UNBLOCK_DATA_DIR", dir.toString());
            try (LogCapture logs = LogCapture.start();
                 Service service = Service.start(env, SleepEngine::new, TestApp.fastTuning(), Clock.systemUTC());
                 HeadlessChromium browser = HeadlessChromium.start(chromium, 1000, 1100)) {
                assertThat(logs.text()).contains("unblock serve: the App is not set up; open " + publicUrl + "/setup port=" + port
                        + " public_url=" + publicUrl).contains("GitHub cannot deliver webhooks to " + publicUrl);
                assertThat(get(port, "/webhook").statusCode()).isEqualTo(404);
                // Operable before it is set up: alive, not ready (it cannot do its work), measured.
                assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
                HttpResponse<String> notReady = get(port, "/readyz");
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(notReady.body()).isEqualTo("not set up: open /setup\n");
                assertThat(get(port, "/metrics").body()).contains("unblock_app_configured 0.0").contains("jvm_memory_used_bytes{");

                browser.navigate(publicUrl + "/setup");
                String page = browser.text();
                assertThat(page).contains("Set up Unblock").contains(publicUrl + "/webhook")
                        // GitHub.com cannot reach a loopback address: said before anything is created.
                        .contains("GitHub cannot deliver webhooks to " + publicUrl).contains("127.0.0.1 is a loopback address")
                        .contains("What the App will ask for").contains("Events it subscribes to");
                for (AppManifest.Permission p : AppManifest.permissions()) {
                    assertThat(page).contains(p.why());
                }
                assertThat(browser.eval("document.querySelectorAll('#permissions tr').length").asInt())
                        .isEqualTo(AppManifest.permissions().size() + 1);
                assertThat(browser.eval("document.querySelectorAll('#events tr').length").asInt())
                        .isEqualTo(AppManifest.events().size() + 2); // heading and "installation"
                assertThat(browser.eval("document.forms.length").asInt()).isEqualTo(1);
                browser.screenshot(SHOTS.resolve("1-setup.png"));

                // Without scripts the one form still takes the typed name and organization, through a confirmation page.
                browser.call("Emulation.setScriptExecutionDisabled", Fixtures.JSON.createObjectNode().put("value", true));
                browser.navigate(publicUrl + "/setup");
                browser.eval("document.getElementById('name').value = 'Acme Unblock'");
                browser.eval("document.getElementById('org').value = 'acme-corp'");
                clickCreate(browser);
                // The confirmation page has the same address as the form's page: wait for its content.
                awaitText(browser, "Create the GitHub App Acme Unblock on acme-corp");
                browser.awaitLoaded(publicUrl + "/setup");
                browser.screenshot(SHOTS.resolve("2-confirm-without-scripts.png"));
                clickCreate(browser);
                browser.awaitLoaded(github.url() + "/organizations/acme-corp/settings/apps/new?state=");
                assertThat(manifest(github, "/organizations/acme-corp/settings/apps/new").path("name").asText()).isEqualTo("Acme Unblock");
                browser.call("Emulation.setScriptExecutionDisabled", Fixtures.JSON.createObjectNode().put("value", false));

                // With scripts: one press of Create sends the manifest, with the name typed into the form, to GitHub.
                browser.navigate(publicUrl + "/setup");
                browser.eval("document.getElementById('name').value = 'Unblock test'");
                clickCreate(browser);
                browser.awaitLoaded(publicUrl + "/setup/callback");
                assertThat(browser.text()).contains("Unblock is set up").contains("Unblock test");
                assertThat(browser.eval("document.getElementById('install').href").asText())
                        .isEqualTo(github.url() + "/apps/unblock-test/installations/new");
                browser.screenshot(SHOTS.resolve("3-callback.png"));

                // What reached "GitHub": the manifest filled with this server's URLs and the name from the form.
                JsonNode manifest = manifest(github, "/settings/apps/new");
                assertThat(manifest.path("name").asText()).isEqualTo("Unblock test");
                assertThat(manifest.path("hook_attributes").path("url").asText()).isEqualTo(publicUrl + "/webhook");
                assertThat(manifest.path("redirect_url").asText()).isEqualTo(publicUrl + "/setup/callback");
                assertThat(manifest.path("public").asBoolean(true)).isFalse();
                assertThat(github.requests("POST", "/settings/apps/new").get(0).getBodyAsString()).startsWith("manifest=")
                        .doesNotContain("name=").doesNotContain("org=");

                Path app = dir.resolve("app");
                assertThat(Files.readString(app.resolve("app-id"))).isEqualTo("4242");
                assertThat(Files.readString(app.resolve("webhook-secret"))).isEqualTo("whsec-from-github");
                assertThat(Files.readString(app.resolve("private-key.pem"))).isEqualTo(TestKeys.pkcs1Pem());
                for (String name : new String[]{"app-id", "webhook-secret", "private-key.pem", "install-url"}) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(app.resolve(name))))
                            .as(name).isEqualTo("rw-------");
                }
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(app))).isEqualTo("rwx------");
                try (var files = Files.list(dir.resolve("app"))) {
                    assertThat(files.map(Path::toString).filter(p -> !p.endsWith(".tmp")).count()).isEqualTo(4);
                }
                assertThat(Files.walk(dir).filter(Files::isRegularFile).anyMatch(p -> {
                    try {
                        return Files.readString(p, StandardCharsets.ISO_8859_1).contains("cs-never-stored");
                    } catch (Exception e) {
                        return false;
                    }
                })).isFalse();

                // The same port now runs the App on the stored credentials.
                assertThat(service.awaitApp(Duration.ofSeconds(60))).isNotNull();
                byte[] body = Fixtures.JSON.writeValueAsBytes(Fixtures.webhook("installation/created.payload.json"));
                HttpResponse<String> delivered = HTTP.send(HttpRequest.newBuilder(URI.create(publicUrl + "/webhook"))
                        .header("X-GitHub-Event", "installation").header("X-GitHub-Delivery", "setup-1")
                        .header("X-Hub-Signature-256", new WebhookSignature("whsec-from-github".getBytes(StandardCharsets.UTF_8)).sign(body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(delivered.statusCode()).isEqualTo(202);
                assertThat(delivered.body()).isEqualTo("queued\n");
                assertThat(get(port, "/readyz").statusCode()).isEqualTo(200);
                assertThat(get(port, "/metrics").body()).contains("unblock_app_configured 1.0");

                // Once set up, the pages hand nothing out and a replayed callback does nothing; the install link stays.
                browser.navigate(publicUrl + "/setup");
                assertThat(browser.text()).contains("Unblock is set up").doesNotContain("Create the GitHub App");
                assertThat(browser.eval("document.querySelectorAll('input').length").asInt()).isZero();
                assertThat(browser.eval("document.getElementById('install').href").asText())
                        .isEqualTo(github.url() + "/apps/unblock-test/installations/new");
                browser.screenshot(SHOTS.resolve("4-already-set-up.png"));
                HttpResponse<String> replay = get(port, "/setup/callback?code=c0de-42&state=x");
                assertThat(replay.statusCode()).isEqualTo(409);
                assertThat(github.requests("POST", "/app-manifests/c0de-42/conversions")).hasSize(1);
                assertThat(logs.text()).contains("unblock serve: listening port=" + port + " app_id=4242")
                        .doesNotContain("whsec-from-github").doesNotContain("PRIVATE KEY");
            }
            assertThat(Files.size(SHOTS.resolve("3-callback.png"))).isGreaterThan(1000);
        }
    }

    private static void awaitText(HeadlessChromium browser, String text) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                if (browser.eval("document.body ? document.body.innerText : ''").asText("").contains(text)) {
                    break;
                }
            } catch (Exception navigating) {
                // the page is being replaced; ask again
            }
            Thread.sleep(50);
        }
        assertThat(browser.text()).contains(text);
    }

    private static void clickCreate(HeadlessChromium browser) throws Exception {
        browser.eval("document.getElementById('create').click()");
    }

    private static JsonNode manifest(FakeGitHub github, String path) throws Exception {
        List<LoggedRequest> created = github.requests("POST", path);
        assertThat(created).hasSize(1);
        String form = created.get(0).getBodyAsString();
        assertThat(form).startsWith("manifest=");
        return Fixtures.JSON.readTree(URLDecoder.decode(form.substring("manifest=".length()), StandardCharsets.UTF_8));
    }

    @Test
    void theCallbackRefusesAStateItDidNotIssueAndABadCode() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (FakeGitHub github = new FakeGitHub();
             Service service = Service.start(Map.of("UNBLOCK_PUBLIC_URL", "https://unblock.acme.test", "UNBLOCK_PORT",
                     Integer.toString(port), "UNBLOCK_DATA_DIR", dir.toString(), "UNBLOCK_GITHUB_API_URL", github.url()),
                     SleepEngine::new, TestApp.fastTuning(), Clock.systemUTC())) {
            HttpResponse<String> page = get(port, "/setup?org=acme-corp");
            assertThat(page.body()).contains("value=\"acme-corp\"").contains("https://unblock.acme.test/webhook")
                    .contains("<form id=\"create-app\" method=\"post\" action=\"/setup\"");
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").contains("form-action 'self' " + github.url());
            // The form sent without its script: a page with the filled manifest and one button to GitHub.
            HttpResponse<String> confirm = postForm(port, "/setup", "manifest=ignored&name=Acme+Unblock&org=acme-corp");
            assertThat(confirm.statusCode()).isEqualTo(200);
            assertThat(confirm.body()).contains("action=\"" + github.url() + "/organizations/acme-corp/settings/apps/new?state=")
                    .contains("Create the GitHub App Acme Unblock on acme-corp").contains("&quot;name&quot;:&quot;Acme Unblock&quot;");
            assertThat(postForm(port, "/setup", "name=x&org=-bad-").statusCode()).isEqualTo(400);
            assertThat(postForm(port, "/setup", "name=" + "n".repeat(35)).statusCode()).isEqualTo(400);
            HttpResponse<String> forged = get(port, "/setup/callback?code=abc&state=forged");
            assertThat(forged.statusCode()).isEqualTo(400);
            assertThat(forged.body()).contains("not started from this server");
            assertThat(get(port, "/setup/callback?code=%3Cscript%3E&state=x").statusCode()).isEqualTo(400);
            assertThat(get(port, "/setup?org=%3Cb%3E").statusCode()).isEqualTo(400);
            HttpResponse<String> escaped = get(port, "/setup?name=%3Cb%3Ex%3C%2Fb%3E");
            assertThat(escaped.body()).doesNotContain("<b>x</b>").contains("&lt;b&gt;x&lt;/b&gt;");
            HttpResponse<String> script = get(port, "/setup/setup.js");
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
            assertThat(github.requests("POST", "/app-manifests/abc/conversions")).isEmpty();
            assertThat(Files.exists(dir.resolve("app"))).isFalse();
        }
    }

    private static HttpResponse<String> postForm(int port, String path, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
