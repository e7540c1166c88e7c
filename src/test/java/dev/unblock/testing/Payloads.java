package dev.unblock.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Real webhook examples with the commits, numbers and clone URL of a test repository put in. */
public final class Payloads {
    private Payloads() {
    }

    private static void cloneUrl(ObjectNode repository, String url) {
        repository.put("clone_url", url);
    }

    public static ObjectNode pullRequest(String action, int number, String headSha, String baseSha, String cloneUrl) {
        ObjectNode payload = Fixtures.webhook("pull_request/" + (action.equals("synchronize") ? "synchronize" : "opened")
                + ".payload.json");
        payload.put("action", action);
        payload.put("number", number);
        ObjectNode pr = (ObjectNode) payload.get("pull_request");
        pr.put("number", number);
        ((ObjectNode) pr.get("head")).put("sha", headSha);
        ((ObjectNode) pr.get("base")).put("sha", baseSha);
        cloneUrl((ObjectNode) pr.get("head").get("repo"), cloneUrl);
        cloneUrl((ObjectNode) pr.get("base").get("repo"), cloneUrl);
        cloneUrl((ObjectNode) payload.get("repository"), cloneUrl);
        if (payload.has("after")) {
            payload.put("after", headSha);
        }
        return payload;
    }

    /** A push to {@code branch} (the fixture's repository has default branch master). */
    public static ObjectNode push(String branch, String before, String after, String cloneUrl) {
        ObjectNode payload = Fixtures.webhook("push/with-new-branch.payload.json");
        payload.put("ref", "refs/heads/" + branch);
        payload.put("before", before);
        payload.put("after", after);
        payload.put("created", before.equals("0000000000000000000000000000000000000000"));
        payload.put("deleted", false);
        ((ObjectNode) payload.get("head_commit")).put("id", after);
        cloneUrl((ObjectNode) payload.get("repository"), cloneUrl);
        return payload;
    }

    /** A comment on pull request {@code number} by Codertocat (the fixture's commenter). */
    public static ObjectNode command(String body, int number, String cloneUrl) {
        ObjectNode payload = Fixtures.webhook("issue_comment/created.with-installation.payload.json");
        ((ObjectNode) payload.get("comment")).put("body", body);
        ObjectNode issue = (ObjectNode) payload.get("issue");
        issue.put("number", number);
        issue.putObject("pull_request").put("url", "https://api.github.com/repos/Codertocat/Hello-World/pulls/" + number);
        cloneUrl((ObjectNode) payload.get("repository"), cloneUrl);
        return payload;
    }
}
