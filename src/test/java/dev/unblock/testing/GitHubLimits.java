package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * GitHub's size limits, enforced by the stand-in as GitHub does: a text over its limit gets 422 "Validation Failed"
 * and nothing of the request is taken. Bodies and titles are counted in characters (code points), as GitHub's
 * messages say ("maximum is 65536 characters"); check-run summaries and texts in UTF-8 bytes ("exceeds a maximum
 * bytesize of 65535"); annotations as documented (message 64 KB, title 255 characters).
 */
final class GitHubLimits implements ResponseDefinitionTransformerV2 {
    static final int BODY = 65_536;
    static final int TITLE = 256;
    static final int CHECK_RUN_TEXT_BYTES = 65_535;
    static final int ANNOTATION_MESSAGE_BYTES = 64 * 1024;
    static final int ANNOTATION_TITLE = 255;

    @Override
    public String getName() {
        return "github-limits";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        String method = event.getRequest().getMethod().getName();
        String path = event.getRequest().getUrl().split("\\?")[0];
        if (!method.equals("POST") && !method.equals("PATCH")) {
            return event.getResponseDefinition();
        }
        JsonNode body;
        try {
            body = Fixtures.JSON.readTree(event.getRequest().getBodyAsString());
        } catch (IOException | RuntimeException e) {
            return event.getResponseDefinition();
        }
        if (body == null) {
            return event.getResponseDefinition();
        }
        List<String> errors = new ArrayList<>();
        if (path.matches(".*/pulls/\\d+/reviews")) {
            characters(body.path("body"), BODY, "body", errors);
            for (JsonNode comment : body.path("comments")) {
                characters(comment.path("body"), BODY, "comments.body", errors);
            }
        } else if (path.matches(".*/pulls(/\\d+)?") || path.matches(".*/issues/\\d+/comments") || path.matches(".*/issues/\\d+")) {
            characters(body.path("title"), TITLE, "title", errors);
            characters(body.path("body"), BODY, "body", errors);
        } else if (path.matches(".*/check-runs(/\\d+)?")) {
            JsonNode output = body.path("output");
            bytes(output.path("summary"), CHECK_RUN_TEXT_BYTES, "summary", errors);
            bytes(output.path("text"), CHECK_RUN_TEXT_BYTES, "text", errors);
            for (JsonNode annotation : output.path("annotations")) {
                bytes(annotation.path("message"), ANNOTATION_MESSAGE_BYTES, "annotations.message", errors);
                characters(annotation.path("title"), ANNOTATION_TITLE, "annotations.title", errors);
            }
        }
        if (errors.isEmpty()) {
            return event.getResponseDefinition();
        }
        StringBuilder json = new StringBuilder("{\"message\":\"Validation Failed\",\"errors\":[");
        for (int i = 0; i < errors.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"code\":\"custom\",\"message\":").append(Fixtures.JSON.valueToTree(errors.get(i)).toString()).append('}');
        }
        return aResponse().withStatus(422).withHeader("Content-Type", "application/json").withBody(json + "]}").build();
    }

    private static void characters(JsonNode text, int max, String field, List<String> errors) {
        if (text.isTextual() && text.asText().codePointCount(0, text.asText().length()) > max) {
            errors.add(field + " is too long (maximum is " + max + " characters)");
        }
    }

    private static void bytes(JsonNode text, int max, String field, List<String> errors) {
        if (text.isTextual() && text.asText().getBytes(StandardCharsets.UTF_8).length > max) {
            errors.add(field + " exceeds a maximum bytesize of " + max);
        }
    }
}
