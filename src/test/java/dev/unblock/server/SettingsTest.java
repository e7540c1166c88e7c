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

    @Test
    void takesTheCredentialsTheSetupPageStoredWhenTheEnvironmentHasNone() throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("UNBLOCK_DATA_DIR", dir.toString()));
        assertThat(Settings.needsSetup(env)).isTrue();
        new StoredCredentials(dir).save(new StoredCredentials.Credentials("77", TestKeys.pkcs1Pem(), "stored-secret", null));
        assertThat(Settings.needsSetup(env)).isFalse();
        Settings s = Settings.fromEnvironment(env);
        assertThat(s.appId()).isEqualTo("77");
        assertThat(new String(s.webhookSecret())).isEqualTo("stored-secret");
        // Credentials in the environment win, and then must be complete.
        env.put("UNBLOCK_APP_ID", "88");
        assertThatThrownBy(() -> Settings.fromEnvironment(env)).hasMessageStartingWith("UNBLOCK_WEBHOOK_SECRET is not set");
        assertThatThrownBy(() -> new StoredCredentials(dir).save(new StoredCredentials.Credentials("1", "k", "s", null)))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }

    @Test
    void withoutCredentialsThePublicUrlIsNeededForTheSetupPage() {
        assertThatThrownBy(() -> SetupSettings.fromEnvironment(Map.of("UNBLOCK_DATA_DIR", dir.toString())))
                .hasMessage("the App is not set up: set UNBLOCK_APP_ID, UNBLOCK_PRIVATE_KEY and UNBLOCK_WEBHOOK_SECRET, or set"
                        + " UNBLOCK_PUBLIC_URL and open /setup to create the App on GitHub");
        assertThatThrownBy(() -> SetupSettings.fromEnvironment(Map.of("UNBLOCK_PUBLIC_URL", "ftp://x")))
                .hasMessage("UNBLOCK_PUBLIC_URL is not an absolute http(s) URL");
    }

    @Test
    void derivesGitHubsWebAddressFromTheApiAddress() {
        assertThat(SetupSettings.webUrlFor(java.net.URI.create("https://api.github.com")).toString()).isEqualTo("https://github.com");
        assertThat(SetupSettings.webUrlFor(java.net.URI.create("https://ghe.acme.test/api/v3/")).toString())
                .isEqualTo("https://ghe.acme.test");
    }

    @Test
    void printsItselfAsKeyValuePairsWithoutSecretsOrTheDatabasePassword() throws Exception {
        Map<String, String> env = minimal();
        env.put("UNBLOCK_DATABASE_URL", "jdbc:postgresql://db.internal:5432/unblock?user=bot&password=pg-pass-123&ssl=true");
        env.put("UNBLOCK_PORT", "8080");
        Settings s = Settings.fromEnvironment(env);
        assertThat(s.toString()).isEqualTo("port=8080 app_id=123 api_url=https://api.github.com data_dir=./data"
                + " database=postgresql://db.internal:5432/unblock content_limit_per_minute=80 content_limit_per_hour=500");
        assertThat(s.toString()).doesNotContain("Settings[").doesNotContain("pg-pass-123").doesNotContain("bot")
                .doesNotContain("s3cret-value");
        assertThat(Settings.redactedDatabase("jdbc:postgresql://u:p@host/db")).isEqualTo("postgresql://host/db");
    }

    @Test
    void contentLimitsMayBeSetForAGitHubEnterpriseServer() throws Exception {
        Map<String, String> env = minimal();
        env.put("UNBLOCK_CONTENT_LIMIT_PER_MINUTE", "20");
        env.put("UNBLOCK_CONTENT_LIMIT_PER_HOUR", "300");
        Settings s = Settings.fromEnvironment(env);
        assertThat(s.contentPerMinute()).isEqualTo(20);
        assertThat(s.contentPerHour()).isEqualTo(300);
        env.put("UNBLOCK_CONTENT_LIMIT_PER_MINUTE", "0");
        assertThatThrownBy(() -> Settings.fromEnvironment(env)).isInstanceOf(SettingsException.class)
                .hasMessage("UNBLOCK_CONTENT_LIMIT_PER_MINUTE must be a whole number from 1 to 100000");
    }

    @Test
    void logSettingsAreCheckedAndCaseDoesNotMatter() throws Exception {
        assertThat(LogSettings.fromEnvironment(Map.of())).isEqualTo(LogSettings.DEFAULT);
        assertThat(LogSettings.fromEnvironment(Map.of("UNBLOCK_LOG_FORMAT", "JSON", "UNBLOCK_LOG_LEVEL", " debug ")))
                .isEqualTo(new LogSettings(LogSettings.Format.JSON, LogSettings.Level.DEBUG));
        assertThatThrownBy(() -> LogSettings.fromEnvironment(Map.of("UNBLOCK_LOG_FORMAT", "xml")))
                .isInstanceOf(SettingsException.class).hasMessage("UNBLOCK_LOG_FORMAT must be one of text, json (not \"xml\")");
        assertThatThrownBy(() -> LogSettings.fromEnvironment(Map.of("UNBLOCK_LOG_LEVEL", "verbose")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("UNBLOCK_LOG_LEVEL must be one of error, warn, info, debug, trace (not \"verbose\")");
    }
}
