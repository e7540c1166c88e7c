package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a request body against the GitHub REST request schema transcribed in
 * ../shared/fixtures/github-openapi/extract.json. Covers what those schemas use: type, properties, required,
 * enum, items, maxItems, maxLength, $ref and the check-run oneOf on status. Unknown properties count as
 * errors too, so that a misspelt field cannot pass silently.
 */
public final class RequestSchemas {
    private static JsonNode extract;

    private RequestSchemas() {
    }

    private static synchronized JsonNode extract() {
        if (extract == null) {
            try {
                extract = Fixtures.JSON.readTree(Fixtures.root().resolve("github-openapi/extract.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return extract;
    }

    /** Problems found in {@code body} for operation {@code "POST /repos/{owner}/{repo}/pulls"} etc.; empty when valid. */
    public static List<String> problems(String operation, JsonNode body) {
        JsonNode op = extract().path("operations").path(operation);
        if (op.isMissingNode()) {
            throw new IllegalArgumentException("no schema for " + operation);
        }
        List<String> problems = new ArrayList<>();
        check(op.path("requestBody").path("content").path("application/json").path("schema"), body, "$", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String where, List<String> problems) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            schema = extract().path("components").path("schemas").path(name);
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + " should be an object");
                    return;
                }
                for (JsonNode required : schema.path("required")) {
                    if (!value.has(required.asText())) {
                        problems.add(where + " lacks required " + required.asText());
                    }
                }
                JsonNode properties = schema.path("properties");
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!properties.has(field.getKey())) {
                        problems.add(where + "." + field.getKey() + " is not in the schema");
                    } else if (!field.getValue().isNull()) {
                        check(properties.get(field.getKey()), field.getValue(), where + "." + field.getKey(), problems);
                    }
                }
                if (schema.has("oneOf") && value.has("status")) {
                    checkStatusVariant(schema, value, where, problems);
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + " should be an array");
                    return;
                }
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    problems.add(where + " has " + value.size() + " items, more than " + schema.get("maxItems").asInt());
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), where + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + " should be a string");
                    return;
                }
                if (schema.has("maxLength") && value.asText().length() > schema.get("maxLength").asInt()) {
                    problems.add(where + " is longer than " + schema.get("maxLength").asInt());
                }
                if (schema.has("enum")) {
                    boolean listed = false;
                    for (JsonNode option : schema.get("enum")) {
                        listed |= option.asText().equals(value.asText());
                    }
                    if (!listed) {
                        problems.add(where + " = " + value.asText() + " is not one of " + schema.get("enum"));
                    }
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + " should be an integer");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + " should be a boolean");
                }
            }
            default -> {
            }
        }
    }

    /** The check-run schema: status "completed" requires a conclusion. */
    private static void checkStatusVariant(JsonNode schema, JsonNode value, String where, List<String> problems) {
        for (JsonNode variant : schema.get("oneOf")) {
            for (JsonNode status : variant.path("properties").path("status").path("enum")) {
                if (status.asText().equals(value.get("status").asText())) {
                    for (JsonNode required : variant.path("required")) {
                        if (!value.has(required.asText())) {
                            problems.add(where + " with status " + status.asText() + " lacks " + required.asText());
                        }
                    }
                }
            }
        }
    }
}
