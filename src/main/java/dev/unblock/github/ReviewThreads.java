package dev.unblock.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A pull request's review threads through GitHub's GraphQL API (REST cannot resolve a thread): the App's stale
 * suggestions are resolved with {@code resolveReviewThread}, so they do not linger as advice that no longer holds.
 */
public final class ReviewThreads {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String LIST = """
            query($owner: String!, $name: String!, $number: Int!, $cursor: String) {
              repository(owner: $owner, name: $name) {
                pullRequest(number: $number) {
                  reviewThreads(first: 100, after: $cursor) {
                    pageInfo { hasNextPage endCursor }
                    nodes { id isResolved comments(first: 1) { nodes { body } } }
                  }
                }
              }
            }""";
    static final String RESOLVE = """
            mutation($threadId: ID!) {
              resolveReviewThread(input: {threadId: $threadId}) { thread { id isResolved } }
            }""";

    /** One thread: its node id, whether it is resolved, and the body of its first comment. */
    public record Thread(String id, boolean resolved, String firstComment) {
    }

    private ReviewThreads() {
    }

    public static List<Thread> list(RestCalls calls, long installationId, String owner, String name, int number)
            throws IOException {
        List<Thread> threads = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 50; page++) {
            ObjectNode variables = JSON.createObjectNode().put("owner", owner).put("name", name).put("number", number);
            if (cursor == null) {
                variables.putNull("cursor");
            } else {
                variables.put("cursor", cursor);
            }
            JsonNode list = calls.graphql(installationId, LIST, variables, false)
                    .path("repository").path("pullRequest").path("reviewThreads");
            for (JsonNode t : list.path("nodes")) {
                threads.add(new Thread(t.path("id").asText(), t.path("isResolved").asBoolean(),
                        t.path("comments").path("nodes").path(0).path("body").asText("")));
            }
            if (!list.path("pageInfo").path("hasNextPage").asBoolean()) {
                break;
            }
            cursor = list.path("pageInfo").path("endCursor").asText();
        }
        return threads;
    }

    public static void resolve(RestCalls calls, long installationId, String threadId) throws IOException {
        calls.graphql(installationId, RESOLVE, JSON.createObjectNode().put("threadId", threadId), true);
    }
}
