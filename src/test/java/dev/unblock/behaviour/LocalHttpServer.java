package dev.unblock.behaviour;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The service the behaviour programs talk to. Stateless and deterministic, so the original and the
 * migrated program see exactly the same answers; nothing in a response depends on the client library
 * (no User-Agent, no raw body formatting), so requests and httpx get the same bytes back.
 */
final class LocalHttpServer implements AutoCloseable {
    private static final List<String> NAMES = List.of(
            "ada-lovelace", "alan-turing", "grace-hopper", "linus-torvalds", "guido-van-rossum",
            "barbara-liskov", "edsger-dijkstra", "donald-knuth", "margaret-hamilton", "ken-thompson");
    private static final Map<String, List<String>> FEATURES = Map.of(
            "dev", List.of("debug", "beta"),
            "staging", List.of("metrics", "beta"),
            "prod", List.of("metrics"));
    private static final int PAGES = 3;
    private static final int PAGE_SIZE = 3;

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    LocalHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:41234}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private record Reply(int status, Object body, Map<String, String> headers) {
        static Reply json(int status, Object body) {
            return new Reply(status, body, Map.of());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Reply reply;
            try {
                reply = route(exchange, body);
            } catch (RuntimeException e) {
                // a bad request from a program shows up as a 400 in its output, not a hung test
                reply = Reply.json(400, Map.of("error", String.valueOf(e.getMessage())));
            }
            byte[] out = Json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            reply.headers().forEach(exchange.getResponseHeaders()::set);
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(reply.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private Reply route(HttpExchange exchange, byte[] body) {
        String path = exchange.getRequestURI().getRawPath();
        List<List<String>> query = query(exchange.getRequestURI().getRawQuery());
        String[] parts = path.substring(1).split("/", -1);
        String first = parts[0];
        String arg = parts.length > 1 ? decode(parts[1]) : null;
        return switch (first) {
            case "echo" -> Reply.json(200, echo(exchange, path, query, body));
            case "json" -> Reply.json(200, ordered("name", arg, "greeting", "hello " + arg));
            case "status" -> Reply.json(Integer.parseInt(arg), ordered("status", Integer.parseInt(arg)));
            case "redirect" -> new Reply(302, ordered("redirect", param(query, "to")),
                    Map.of("Location", param(query, "to")));
            case "delay" -> delay(Integer.parseInt(param(query, "ms")));
            case "items" -> items(Integer.parseInt(param(query, "page")));
            case "config" -> config(arg);
            case "users" -> user(Integer.parseInt(arg));
            case "rank" -> Reply.json(200, ordered("id", Integer.parseInt(arg), "rank", Integer.parseInt(arg) * 5 % 11));
            case "whoami" -> whoami(exchange.getRequestHeaders().getFirst("Authorization"));
            default -> notFound(path);
        };
    }

    /** What the program sent: method, path, decoded query pairs in order, its X-* headers, its body. */
    private static Map<String, Object> echo(HttpExchange exchange, String path, List<List<String>> query, byte[] body) {
        Map<String, Object> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase();
            if (lower.startsWith("x-") || lower.equals("content-type")) {
                headers.put(lower, String.join(",", values));
            }
        });
        String text = new String(body, StandardCharsets.UTF_8);
        Object echoed = body.length == 0 ? null
                : String.valueOf(headers.get("content-type")).contains("json") ? new Json.Raw(text) : text;
        return ordered("method", exchange.getRequestMethod(), "path", path, "query", query,
                "headers", headers, "body", echoed);
    }

    /** HTTP basic authentication: the user name when the password is the user name reversed, else 401. */
    private static Reply whoami(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return new Reply(401, ordered("error", "no credentials"), Map.of("WWW-Authenticate", "Basic realm=\"test\""));
        }
        String pair = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        String user = colon < 0 ? pair : pair.substring(0, colon);
        String password = colon < 0 ? "" : pair.substring(colon + 1);
        if (!password.equals(new StringBuilder(user).reverse().toString())) {
            return new Reply(401, ordered("error", "wrong password"), Map.of());
        }
        return Reply.json(200, ordered("user", user));
    }

    private static Reply delay(int millis) {
        try {
            Thread.sleep(Math.min(millis, 200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Reply.json(200, ordered("delayed", millis));
    }

    private static Reply items(int page) {
        if (page < 1 || page > PAGES) {
            return notFound("/items?page=" + page);
        }
        List<Object> items = new ArrayList<>();
        int count = page == PAGES ? PAGE_SIZE - 1 : PAGE_SIZE;
        for (int i = 1; i <= count; i++) {
            int id = (page - 1) * PAGE_SIZE + i;
            items.add(ordered("id", id, "name", "item-" + id, "price", id * 337 % 1000 + 50));
        }
        return Reply.json(200, ordered("page", page, "items", items, "next", page < PAGES ? page + 1 : null));
    }

    private static Reply config(String env) {
        List<String> features = FEATURES.get(env);
        if (features == null) {
            return notFound("/config/" + env);
        }
        return Reply.json(200, ordered("name", "svc-" + env, "retries", env.length(), "features", features));
    }

    private static Reply user(int id) {
        if (id < 1 || id > 100) {
            return notFound("/users/" + id);
        }
        return Reply.json(200, ordered("id", id, "name", NAMES.get(id % NAMES.size()), "score", id * 37 % 100));
    }

    private static Reply notFound(String path) {
        return Reply.json(404, ordered("error", "not found", "path", path));
    }

    private static String param(List<List<String>> query, String name) {
        return query.stream().filter(p -> p.get(0).equals(name)).map(p -> p.get(1)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("missing query parameter " + name));
    }

    private static List<List<String>> query(String raw) {
        List<List<String>> pairs = new ArrayList<>();
        if (raw == null || raw.isEmpty()) {
            return pairs;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            pairs.add(eq < 0 ? List.of(decode(pair), "") : List.of(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1))));
        }
        return pairs;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A map that keeps the order its keys were given in, so responses read the same every time. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
