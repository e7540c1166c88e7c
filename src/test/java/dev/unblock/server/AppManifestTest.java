package dev.unblock.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unblock.github.WebhookEvents;
import dev.unblock.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AppManifestTest {
    @Test
    void theRootManifestAsksForExactlyThePermissionsAndEventsTheAppUses() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("app-manifest.yml")));
        assertThat(root).isEqualTo(AppManifest.template()); // the packaged copy is the root file
        assertThat(root.get("public")).isEqualTo(false);
        assertThat(root.get("default_permissions")).isEqualTo(Map.of("contents", "write", "pull_requests", "write",
                "checks", "write", "issues", "write", "metadata", "read"));
        assertThat(root.get("default_events")).isEqualTo(java.util.List.of("push", "pull_request", "issue_comment", "installation_repositories"));
        assertThat(java.util.List.of())
                .isEmpty();
        // Every subscribed event is one the ingress accepts (with some payload), and nothing it accepts is left out
        // except "installation", which GitHub sends to every App.
        for (Object event : (Iterable<?>) root.get("default_events")) {
            String dir = event.toString();
            boolean accepted = false;
            try (var payloads = Files.list(Fixtures.root().resolve("github-webhooks").resolve(dir))) {
                for (Path p : payloads.filter(p -> p.toString().endsWith(".payload.json")).toList()) {
                    com.fasterxml.jackson.databind.node.ObjectNode payload = (com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.JSON.readTree(p.toFile());
                    if (payload.path("comment").isObject()) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("comment")).put("body", "/unblock help");
                        ((com.fasterxml.jackson.databind.node.ObjectNode) payload.get("issue")).putObject("pull_request");
                    }
                    accepted |= WebhookEvents.accept(dir, payload).isPresent();
                }
            }
            assertThat(accepted).as(dir).isTrue();
        }
    }

    @Test
    void fillsEveryUrlWithThePublicUrl() throws Exception {
        JsonNode json = Fixtures.JSON.readTree(AppManifest.json("https://bot.acme.test", "Acme Unblock"));
        assertThat(json.path("name").asText()).isEqualTo("Acme Unblock");
        assertThat(json.path("url").asText()).isEqualTo("https://bot.acme.test");
        assertThat(json.path("hook_attributes").path("url").asText()).isEqualTo("https://bot.acme.test/webhook");
        assertThat(json.path("hook_attributes").path("active").asBoolean()).isTrue();
        assertThat(json.path("redirect_url").asText()).isEqualTo("https://bot.acme.test/setup/callback");
        assertThat(json.path("setup_url").asText()).isEqualTo("https://bot.acme.test/setup");
        assertThat(json.toString()).doesNotContain("example.com");
    }

    @Test
    void everyPermissionAndEventSaysWhyForTheSetupPage() {
        assertThat(AppManifest.permissions()).extracting(AppManifest.Permission::name)
                .containsExactly("contents", "pull_requests", "checks", "issues", "metadata");
        assertThat(AppManifest.permissions()).filteredOn(p -> p.name().equals("contents")).singleElement()
                .isEqualTo(new AppManifest.Permission("contents", "write", "fetch code, push the migration branch"));
        assertThat(AppManifest.events()).extracting(AppManifest.Event::name)
                .isEqualTo(AppManifest.template().get("default_events"));
        assertThat(AppManifest.permissions()).allSatisfy(p -> assertThat(p.why()).as(p.name()).isNotBlank());
        assertThat(AppManifest.events()).allSatisfy(e -> assertThat(e.why()).as(e.name()).isNotBlank());
    }
}
