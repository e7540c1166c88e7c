package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/** The stand-in's memory of posted reviews per pull request, answering the reads a later review makes. */
final class ReviewMemory implements ResponseDefinitionTransformerV2 {
    static final String NAME = "review-memory";
    private static final Pattern PATH = Pattern.compile(".*/pulls/(\\d+)/(reviews|comments)");
    private final Map<String, List<JsonNode>> posted = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(1000);

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String path = event.getRequest().getUrl().split("\\?")[0];
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            return aResponse().withStatus(404).build();
        }
        List<JsonNode> reviews = posted.computeIfAbsent(m.group(1), n -> new CopyOnWriteArrayList<>());
        try {
            if (event.getRequest().getMethod().getName().equals("POST")) {
                JsonNode review = Fixtures.JSON.readTree(event.getRequest().getBodyAsString());
                reviews.add(review);
                return json(200, "{\"id\":" + ids.incrementAndGet() + ",\"state\":\"COMMENTED\"}");
            }
            ArrayNode list = Fixtures.JSON.createArrayNode();
            for (JsonNode review : reviews) {
                if (m.group(2).equals("reviews")) {
                    list.addObject().put("id", ids.incrementAndGet()).put("body", review.path("body").asText()).put("state", "COMMENTED");
                } else {
                    for (JsonNode comment : review.path("comments")) {
                        list.addObject().put("id", ids.incrementAndGet()).put("body", comment.path("body").asText())
                                .put("path", comment.path("path").asText());
                    }
                }
            }
            return json(200, Fixtures.JSON.writeValueAsString(list));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseDefinition json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body).build();
    }
}
