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

    /** A comment on issue {@code number} (not a pull request), whose body is {@code issueBody}, by Codertocat. */
    public static ObjectNode issueCommand(String body, int number, String issueBody, String cloneUrl) {
        ObjectNode payload = Fixtures.webhook("issue_comment/created.with-installation.payload.json");
        ((ObjectNode) payload.get("comment")).put("body", body);
        ObjectNode issue = (ObjectNode) payload.get("issue");
        issue.put("number", number);
        issue.put("body", issueBody);
        issue.remove("pull_request");
        cloneUrl((ObjectNode) payload.get("repository"), cloneUrl);
        return payload;
    }

    /** The App's migration pull request {@code number} (from {@code branch}) closed by a person, merged or not. */
    public static ObjectNode closedMigrationPullRequest(int number, String branch, boolean merged, String cloneUrl) {
        ObjectNode payload = pullRequest("closed", number, "1".repeat(40), "2".repeat(40), cloneUrl);
        ObjectNode pr = (ObjectNode) payload.get("pull_request");
        ((ObjectNode) pr.get("head")).put("ref", branch);
        ((ObjectNode) pr.get("head").get("repo")).put("full_name", payload.get("repository").get("full_name").asText());
        pr.put("state", "closed").put("merged", merged);
        if (merged) {
            pr.put("merged_at", "2026-11-30T11:00:00Z");
        } else {
            pr.putNull("merged_at");
        }
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
