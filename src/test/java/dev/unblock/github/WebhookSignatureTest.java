package dev.unblock.github;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {
    // The example from GitHub's "Validating webhook deliveries" page: secret "It's a Secret to Everybody".
    @Test
    void matchesGitHubsDocumentedExample() {
        WebhookSignature signature = new WebhookSignature("It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8));
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String header = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
        assertThat(signature.sign(body)).isEqualTo(header);
        assertThat(signature.matches(body, header)).isTrue();
    }

    @Test
    void rejectsOtherBodiesAndMissingOrForeignHeaders() {
        WebhookSignature signature = new WebhookSignature("s".getBytes(StandardCharsets.UTF_8));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(signature.matches("{ }".getBytes(StandardCharsets.UTF_8), signature.sign(body))).isFalse();
        assertThat(signature.matches(body, null)).isFalse();
        assertThat(signature.matches(body, "sha1=" + signature.sign(body).substring(7))).isFalse();
    }
}
