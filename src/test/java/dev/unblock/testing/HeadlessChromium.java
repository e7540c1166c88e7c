package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium driven over the DevTools protocol (a WebSocket on 127.0.0.1): navigate, click,
 * read the page, take a screenshot. {@link #find()} is null where chromium is not installed.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    public static Path find() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    public static HeadlessChromium start(Path binary, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("unblock-chromium");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder log = new StringBuilder();
        CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    log.append(line).append('\n');
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            return null;
        });
        String browserWs;
        try {
            browserWs = listening.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            browserWs = null;
        }
        if (browserWs == null) {
            process.destroyForcibly();
            throw new IOException("chromium did not start its DevTools endpoint:\n" + log);
        }
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI ws = URI.create(browserWs);
        HttpClient http = HttpClient.newHttpClient();
        String pageWs = null;
        for (int i = 0; i < 50 && pageWs == null; i++) {
            JsonNode targets = Fixtures.JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ws.getPort() + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    pageWs = t.path("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (pageWs == null) {
                Thread.sleep(100);
            }
        }
        if (pageWs == null) {
            process.destroyForcibly();
            throw new IOException("chromium has no page target");
        }
        HeadlessChromium[] self = new HeadlessChromium[1];
        Listener listener = new Listener(() -> self[0]);
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageWs), listener).get(20, TimeUnit.SECONDS);
        self[0] = new HeadlessChromium(process, profile, socket);
        listener.ready.complete(null);
        self[0].call("Page.enable", Fixtures.JSON.createObjectNode());
        return self[0];
    }

    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Supplier<HeadlessChromium> owner;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final StringBuilder text = new StringBuilder();

        Listener(java.util.function.Supplier<HeadlessChromium> owner) {
            this.owner = owner;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                ready.thenRun(() -> owner.get().received(message));
            }
            webSocket.request(1);
            return null;
        }
    }

    private void received(String message) {
        try {
            JsonNode node = Fixtures.JSON.readTree(message);
            if (node.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(node.get("id").asInt());
                if (f != null) {
                    if (node.has("error")) {
                        f.completeExceptionally(new IOException("DevTools: " + node.get("error")));
                    } else {
                        f.complete(node.path("result"));
                    }
                }
            }
        } catch (IOException e) {
            // events we cannot parse are of no interest
        }
    }

    public JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = Fixtures.JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(Fixtures.JSON.writeValueAsString(message), true).get(20, TimeUnit.SECONDS);
        return answer.get(60, TimeUnit.SECONDS);
    }

    /** Evaluates an expression in the page; its value as JSON (strings, numbers, booleans). */
    public JsonNode eval(String expression) throws Exception {
        return call("Runtime.evaluate", Fixtures.JSON.createObjectNode().put("expression", expression).put("returnByValue", true))
                .path("result").path("value");
    }

    public void navigate(String url) throws Exception {
        call("Page.navigate", Fixtures.JSON.createObjectNode().put("url", url));
        awaitLoaded(url);
    }

    /** Waits until the page at a URL starting with {@code urlPrefix} has loaded. */
    public void awaitLoaded(String urlPrefix) throws Exception {
        for (int i = 0; i < 600; i++) {
            JsonNode state = eval("location.href + ' ' + document.readyState");
            String s = state.asText("");
            if (s.startsWith(urlPrefix) && s.endsWith(" complete")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("page " + urlPrefix + " did not load; at " + eval("location.href").asText());
    }

    public String text() throws Exception {
        return eval("document.body.innerText").asText();
    }

    public void screenshot(Path file) throws Exception {
        JsonNode shot = call("Page.captureScreenshot", Fixtures.JSON.createObjectNode().put("format", "png"));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    @Override
    public void close() throws Exception {
        socket.abort();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        deleteProfile();
    }

    /**
     * Chromium's helper processes can still add or remove files in the profile for a moment after the browser
     * exits, so a walk may meet a file that just went away: try a few times, and never fail a test over a
     * temporary folder.
     */
    private void deleteProfile() throws InterruptedException {
        for (int attempt = 0; attempt < 5 && Files.exists(profile); attempt++) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                Thread.sleep(200);
            }
        }
    }
}
