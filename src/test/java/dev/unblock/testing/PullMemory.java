package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's pull requests of the test repository, kept as GitHub keeps them: opened (POST), listed with the
 * {@code head}, {@code base} and {@code state} filters, read and edited; a test closes or merges them as a person
 * would ({@link #close}).
 */
public final class PullMemory implements ResponseDefinitionTransformerV2 {
    public static final String NAME = "pull-memory";
    private static final Pattern ONE = Pattern.compile(".*/pulls/(\\d+)");
    private final Map<Integer, ObjectNode> pulls = new TreeMap<>();
    private int next = 12;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** A pull request as if it was opened earlier; returns its number. */
    public synchronized int seed(String head, String base, String title, String body, String state, boolean merged) {
        int number = next++;
        ObjectNode pr = Fixtures.JSON.createObjectNode();
        pr.put("id", 7000 + number).put("number", number).put("title", title).put("body", body).put("state", state)
                .put("url", "https://api.github.com" + FakeGitHub.REPO + "/pulls/" + number)
                .put("html_url", "https://github.com/Codertocat/Hello-World/pull/" + number);
        if (merged) {
            pr.put("merged_at", "2026-11-30T10:00:00Z");
        } else {
            pr.putNull("merged_at");
        }
        ObjectNode headNode = pr.putObject("head").put("ref", head).put("label", "Codertocat:" + head);
        headNode.putObject("repo").put("full_name", "Codertocat/Hello-World").put("name", "Hello-World");
        pr.putObject("base").put("ref", base).put("label", "Codertocat:" + base);
        pr.putObject("user").put("login", IssueMemory.BOT).put("type", "Bot");
        pulls.put(number, pr);
        return number;
    }

    /** Closes a pull request, merged or not, as a person would. */
    public synchronized void close(int number, boolean merged) {
        ObjectNode pr = pulls.get(number);
        pr.put("state", "closed");
        if (merged) {
            pr.put("merged_at", "2026-11-30T11:00:00Z");
        }
    }

    public synchronized Map<Integer, JsonNode> all() {
        Map<Integer, JsonNode> copy = new TreeMap<>();
        pulls.forEach((n, p) -> copy.put(n, p.deepCopy()));
        return copy;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String method = event.getRequest().getMethod().getName();
        String url = event.getRequest().getUrl();
        String path = url.split("\\?")[0];
        try {
            if (method.equals("POST") && path.equals(FakeGitHub.REPO + "/pulls")) {
                JsonNode asked = Fixtures.JSON.readTree(event.getRequest().getBodyAsString());
                int number = seed(asked.path("head").asText(), asked.path("base").asText(), asked.path("title").asText(),
                        asked.path("body").asText(), "open", false);
                return StandInAnswers.json(201, all().get(number).toString());
            }
            Matcher one = ONE.matcher(path);
            if (one.matches()) {
                synchronized (this) {
                    ObjectNode pr = pulls.get(Integer.parseInt(one.group(1)));
                    if (pr == null) {
                        return StandInAnswers.json(404, "{\"message\":\"Not Found\"}");
                    }
                    if (method.equals("PATCH")) {
                        JsonNode asked = Fixtures.JSON.readTree(event.getRequest().getBodyAsString());
                        for (String field : new String[] {"title", "body", "state"}) {
                            if (asked.has(field)) {
                                pr.put(field, asked.get(field).asText());
                            }
                        }
                    }
                    return StandInAnswers.json(200, pr.toString());
                }
            }
            if (method.equals("GET") && path.equals(FakeGitHub.REPO + "/pulls")) {
                Map<String, String> query = StandInAnswers.query(url);
                ArrayNode list = Fixtures.JSON.createArrayNode();
                for (JsonNode pr : all().values()) {
                    String state = query.getOrDefault("state", "open");
                    boolean matches = (state.equals("all") || pr.path("state").asText().equals(state))
                            && (!query.containsKey("head") || pr.path("head").path("label").asText().equals(query.get("head")))
                            && (!query.containsKey("base") || pr.path("base").path("ref").asText().equals(query.get("base")));
                    if (matches) {
                        list.insert(0, pr);
                    }
                }
                return StandInAnswers.json(200, list.toString());
            }
            return StandInAnswers.json(404, "{\"message\":\"Not Found\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
