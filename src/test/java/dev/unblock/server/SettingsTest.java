package dev.unblock.server;

import dev.unblock.github.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    @TempDir
    Path dir;

    private Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("UNBLOCK_APP_ID", "123");
        env.put("UNBLOCK_PRIVATE_KEY", TestKeys.pkcs1Pem());
        env.put("UNBLOCK_WEBHOOK_SECRET", "s3cret-value");
        return env;
    }

    @Test
    void appliesDefaults() throws Exception {
        Settings s = Settings.fromEnvironment(minimal());
        assertThat(s.port()).isEqualTo(3000);
        assertThat(s.apiUrl().toString()).isEqualTo("https://api.github.com");
        assertThat(s.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(s.databaseUrl()).isNull();
        assertThat(s.toString()).doesNotContain("s3cret-value").doesNotContain("PRIVATE");
    }

    @Test
    void readsEachSettingFromAFileWhenAsked() throws Exception {
        Map<String, String> env = minimal();
        env.remove("UNBLOCK_PRIVATE_KEY");
        env.remove("UNBLOCK_WEBHOOK_SECRET");
        Path key = Files.writeString(dir.resolve("key.pem"), TestKeys.pkcs8Pem());
        Path secret = Files.writeString(dir.resolve("secret"), "from-file\n");
        env.put("UNBLOCK_PRIVATE_KEY_FILE", key.toString());
        env.put("UNBLOCK_WEBHOOK_SECRET_FILE", secret.toString());
        env.put("UNBLOCK_PORT", "8080");
        env.put("UNBLOCK_GITHUB_API_URL", "https://ghe.example.com/api/v3");
        Settings s = Settings.fromEnvironment(env);
        assertThat(new String(s.webhookSecret())).isEqualTo("from-file");
        assertThat(s.port()).isEqualTo(8080);
        assertThat(s.apiUrl().getHost()).isEqualTo("ghe.example.com");
    }

    @Test
    void refusesWithOneClearLineWhenTheSecretOrKeyIsMissingOrUnreadable() {
        Map<String, String> noSecret = minimal();
        noSecret.remove("UNBLOCK_WEBHOOK_SECRET");
        assertThatThrownBy(() -> Settings.fromEnvironment(noSecret))
                .hasMessage("UNBLOCK_WEBHOOK_SECRET is not set (set it, or UNBLOCK_WEBHOOK_SECRET_FILE to a file holding it)");

        Map<String, String> unreadable = minimal();
        unreadable.remove("UNBLOCK_PRIVATE_KEY");
        unreadable.put("UNBLOCK_PRIVATE_KEY_FILE", dir.resolve("absent.pem").toString());
        assertThatThrownBy(() -> Settings.fromEnvironment(unreadable))
                .hasMessageStartingWith("UNBLOCK_PRIVATE_KEY_FILE: cannot read");

        Map<String, String> badKey = minimal();
        badKey.put("UNBLOCK_PRIVATE_KEY", "not a key");
        assertThatThrownBy(() -> Settings.fromEnvironment(badKey))
                .hasMessageStartingWith("UNBLOCK_PRIVATE_KEY: not a PEM RSA private key")
                .hasMessageNotContaining("not a key\n");
    }
}
