package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's issues of the test repository, kept as GitHub keeps them: created (by the App, whose login is
 * {@link #BOT}), listed with the {@code creator} and {@code state} filters, read, and edited (title, body, state).
 * {@link #race} makes the next listings wait for each other, so that jobs running at once all see the same list.
 */
public final class IssueMemory implements ResponseDefinitionTransformerV2 {
    public static final String NAME = "issue-memory";
    public static final String BOT = "unblock[bot]";
    private static final Pattern ONE = Pattern.compile(".*/issues/(\\d+)");
    private final Map<Integer, ObjectNode> issues = new TreeMap<>();
    private int next = 40;
    private volatile CountDownLatch race;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** An issue as if someone opened it earlier; returns its number. */
    public synchronized int seed(String login, String title, String body, String state) {
        int number = next++;
        ObjectNode issue = Fixtures.JSON.createObjectNode();
        issue.put("id", 9000 + number).put("number", number).put("title", title).put("body", body).put("state", state)
                .put("url", "https://api.github.com" + FakeGitHub.REPO + "/issues/" + number)
                .put("html_url", "https://github.com/Codertocat/Hello-World/issues/" + number);
        issue.putObject("user").put("login", login).put("type", login.endsWith("[bot]") ? "Bot" : "User");
        issues.put(number, issue);
        return number;
    }

    /** Edits a field of an issue, as a person would on GitHub (renaming it, closing it…). */
    public synchronized void edit(int number, String field, String value) {
        issues.get(number).put(field, value);
    }

    /** A copy of every issue, by number. */
    public synchronized Map<Integer, JsonNode> all() {
        Map<Integer, JsonNode> copy = new TreeMap<>();
        issues.forEach((n, i) -> copy.put(n, i.deepCopy()));
        return copy;
    }

    /** The next {@code listings} lists of issues are each taken at once and answered when all of them were asked. */
    public void race(int listings) {
        race = new CountDownLatch(listings);
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String method = event.getRequest().getMethod().getName();
        String url = event.getRequest().getUrl();
        String path = url.split("\\?")[0];
        try {
            if (method.equals("POST") && path.equals(FakeGitHub.REPO + "/issues")) {
                JsonNode asked = Fixtures.JSON.readTree(event.getRequest().getBodyAsString());
                int number;
                synchronized (this) {
                    number = seed(BOT, asked.path("title").asText(), asked.path("body").asText(), "open");
                }
                return StandInAnswers.json(201, all().get(number).toString());
            }
            Matcher one = ONE.matcher(path);
            if (one.matches()) {
                int number = Integer.parseInt(one.group(1));
                synchronized (this) {
                    ObjectNode issue = issues.get(number);
                    if (issue == null) {
                        return StandInAnswers.json(404, "{\"message\":\"Not Found\"}");
                    }
                    if (method.equals("PATCH")) {
                        JsonNode asked = Fixtures.JSON.readTree(event.getRequest().getBodyAsString());
                        for (String field : List.of("title", "body", "state")) {
                            if (asked.has(field)) {
                                issue.put(field, asked.get(field).asText());
                            }
                        }
                    }
                    return StandInAnswers.json(200, issue.toString());
                }
            }
            if (method.equals("GET") && path.equals(FakeGitHub.REPO + "/issues")) {
                Map<String, String> query = StandInAnswers.query(url);
                ArrayNode list = Fixtures.JSON.createArrayNode();
                for (JsonNode issue : all().values()) {
                    boolean byCreator = !query.containsKey("creator")
                            || issue.path("user").path("login").asText().equals(query.get("creator"));
                    String state = query.getOrDefault("state", "open");
                    if (byCreator && (state.equals("all") || issue.path("state").asText().equals(state))) {
                        list.insert(0, issue); // newest first, as GitHub lists them
                    }
                }
                CountDownLatch waiting = race;
                if (waiting != null) {
                    waiting.countDown();
                    waiting.await(10, TimeUnit.SECONDS);
                }
                return StandInAnswers.json(200, list.toString());
            }
            return StandInAnswers.json(404, "{\"message\":\"Not Found\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
