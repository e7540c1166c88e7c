package dev.unblock.server;

import dev.unblock.github.PrivateKeyPem;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Map;

/**
 * The {@code serve} settings, from environment variables; each NAME may instead be read from the file named
 * by NAME_FILE (how container secrets are usually mounted).
 */
public record Settings(String appId, PrivateKey privateKey, byte[] webhookSecret, URI apiUrl, int port, Path dataDir,
                       String databaseUrl) {

    public static final String APP_ID = "UNBLOCK_APP_ID";
    public static final String PRIVATE_KEY = "UNBLOCK_PRIVATE_KEY";
    public static final String WEBHOOK_SECRET = "UNBLOCK_WEBHOOK_SECRET";
    public static final String API_URL = "UNBLOCK_GITHUB_API_URL";
    public static final String PORT = "UNBLOCK_PORT";
    public static final String DATA_DIR = "UNBLOCK_DATA_DIR";
    public static final String DATABASE_URL = "UNBLOCK_DATABASE_URL";

    public Settings {
        webhookSecret = webhookSecret.clone();
    }

    @Override
    public byte[] webhookSecret() {
        return webhookSecret.clone();
    }

    @Override
    public String toString() {
        // Never print the key or the secret.
        return "Settings[appId=" + appId + ", apiUrl=" + apiUrl + ", port=" + port + ", dataDir=" + dataDir
                + ", database=" + (databaseUrl == null ? "embedded H2" : "PostgreSQL") + "]";
    }

    public static Settings fromEnvironment(Map<String, String> env) throws SettingsException {
        String secret = required(env, WEBHOOK_SECRET);
        String pem = required(env, PRIVATE_KEY);
        PrivateKey key;
        try {
            key = PrivateKeyPem.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(PRIVATE_KEY + ": " + e.getMessage());
        }
        String appId = required(env, APP_ID).trim();
        if (!appId.matches("\\d+")) {
            throw new SettingsException(APP_ID + " must be the App's numeric id");
        }
        String api = optional(env, API_URL);
        URI apiUrl;
        try {
            apiUrl = URI.create(api == null ? "https://api.github.com" : api.trim());
            if (apiUrl.getScheme() == null || apiUrl.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
        } catch (IllegalArgumentException e) {
            throw new SettingsException(API_URL + " is not an absolute URL");
        }
        String portText = optional(env, PORT);
        int port;
        try {
            port = portText == null ? 3000 : Integer.parseInt(portText.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new SettingsException(PORT + " must be a port number (0-65535)");
        }
        String dir = optional(env, DATA_DIR);
        Path dataDir = Path.of(dir == null ? "./data" : dir.trim());
        String db = optional(env, DATABASE_URL);
        if (db != null && !db.trim().startsWith("jdbc:postgresql:")) {
            throw new SettingsException(DATABASE_URL + " must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
        }
        return new Settings(appId, key, secret.getBytes(StandardCharsets.UTF_8), apiUrl, port, dataDir,
                db == null ? null : db.trim());
    }

    private static String required(Map<String, String> env, String name) throws SettingsException {
        String value = optional(env, name);
        if (value == null || value.isBlank()) {
            throw new SettingsException(name + " is not set (set it, or " + name + "_FILE to a file holding it)");
        }
        return value;
    }

    /** The variable's value, or the content of NAME_FILE (a trailing newline removed), or null. */
    private static String optional(Map<String, String> env, String name) throws SettingsException {
        String file = env.get(name + "_FILE");
        if (file != null && !file.isBlank()) {
            try {
                return Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8).stripTrailing();
            } catch (IOException | RuntimeException e) {
                throw new SettingsException(name + "_FILE: cannot read " + file.trim() + " (" + e.getClass().getSimpleName() + ")");
            }
        }
        String value = env.get(name);
        return value == null || value.isEmpty() ? null : value;
    }
}
