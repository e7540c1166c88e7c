package dev.unblock.server;

import dev.unblock.github.ContentRateLimiter;
import dev.unblock.github.PrivateKeyPem;
import dev.unblock.jobs.Tuning;

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
                       String databaseUrl, int contentPerMinute, int contentPerHour) {

    public static final String APP_ID = "UNBLOCK_APP_ID";
    public static final String PRIVATE_KEY = "UNBLOCK_PRIVATE_KEY";
    public static final String WEBHOOK_SECRET = "UNBLOCK_WEBHOOK_SECRET";
    public static final String API_URL = "UNBLOCK_GITHUB_API_URL";
    public static final String PORT = "UNBLOCK_PORT";
    public static final String DATA_DIR = "UNBLOCK_DATA_DIR";
    public static final String DATABASE_URL = "UNBLOCK_DATABASE_URL";
    public static final String WORKERS = "UNBLOCK_WORKERS";
    public static final String HEARTBEAT_SECONDS = "UNBLOCK_HEARTBEAT_SECONDS";
    public static final String CONTENT_PER_MINUTE = "UNBLOCK_CONTENT_LIMIT_PER_MINUTE";
    public static final String CONTENT_PER_HOUR = "UNBLOCK_CONTENT_LIMIT_PER_HOUR";

    public Settings {
        webhookSecret = webhookSecret.clone();
    }

    /** With GitHub.com's content-creation limits. */
    public Settings(String appId, PrivateKey privateKey, byte[] webhookSecret, URI apiUrl, int port, Path dataDir,
                    String databaseUrl) {
        this(appId, privateKey, webhookSecret, apiUrl, port, dataDir, databaseUrl,
                ContentRateLimiter.PER_MINUTE, ContentRateLimiter.PER_HOUR);
    }

    @Override
    public byte[] webhookSecret() {
        return webhookSecret.clone();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        describe().forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return out.toString();
    }

    /**
     * The settings as {@code key=value} pairs for the start-up line: never the key or the secret, and the database
     * without its user, password or other parameters.
     */
    public java.util.LinkedHashMap<String, String> describe() {
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        out.put("port", Integer.toString(port));
        out.put("app_id", appId);
        out.put("api_url", apiUrl.toString());
        out.put("data_dir", dataDir.toString());
        out.put("database", databaseUrl == null ? "h2:" + dataDir.resolve("db") : redactedDatabase(databaseUrl));
        out.put("content_limit_per_minute", Integer.toString(contentPerMinute));
        out.put("content_limit_per_hour", Integer.toString(contentPerHour));
        return out;
    }

    /** {@code jdbc:postgresql://host:5432/db?user=u&password=p} as {@code postgresql://host:5432/db}. */
    static String redactedDatabase(String jdbcUrl) {
        String url = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring("jdbc:".length()) : jdbcUrl;
        int query = url.indexOf('?');
        if (query >= 0) {
            url = url.substring(0, query);
        }
        int scheme = url.indexOf("//");
        int at = url.indexOf('@');
        if (scheme >= 0 && at > scheme) {
            url = url.substring(0, scheme + 2) + url.substring(at + 1);
        }
        return url;
    }

    /**
     * The settings; when none of the App's credentials (id, key, secret) is in the environment, they come from
     * what the setup page stored in the data dir.
     */
    public static Settings fromEnvironment(Map<String, String> env) throws SettingsException {
        Path dataDir = dataDir(env);
        StoredCredentials.Credentials stored = credentialsGiven(env) ? null : stored(dataDir);
        String secret = stored != null ? stored.webhookSecret() : required(env, WEBHOOK_SECRET);
        String pem = stored != null ? stored.privateKeyPem() : required(env, PRIVATE_KEY);
        PrivateKey key;
        try {
            key = PrivateKeyPem.parse(pem);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(PRIVATE_KEY + ": " + e.getMessage());
        }
        String appId = stored != null ? stored.appId() : required(env, APP_ID).trim();
        if (!appId.matches("\\d+")) {
            throw new SettingsException(APP_ID + " must be the App's numeric id");
        }
        URI apiUrl = apiUrl(env);
        int port = port(env);
        String db = optional(env, DATABASE_URL);
        if (db != null && !db.trim().startsWith("jdbc:postgresql:")) {
            throw new SettingsException(DATABASE_URL + " must be a PostgreSQL JDBC URL (jdbc:postgresql://...)");
        }
        // GitHub.com's limits; a GitHub Enterprise Server's administrator may set others.
        int perMinute = positive(env, CONTENT_PER_MINUTE, ContentRateLimiter.PER_MINUTE, 100_000);
        int perHour = positive(env, CONTENT_PER_HOUR, ContentRateLimiter.PER_HOUR, 1_000_000);
        return new Settings(appId, key, secret.getBytes(StandardCharsets.UTF_8), apiUrl, port, dataDir,
                db == null ? null : db.trim(), perMinute, perHour);
    }

    /**
     * The queue's timings: {@value #WORKERS} jobs at a time per process, and a heartbeat every
     * {@value #HEARTBEAT_SECONDS} seconds (a replica that missed four is dead and its jobs are taken over).
     */
    public static Tuning tuning(Map<String, String> env, Tuning defaults) throws SettingsException {
        int workers = positive(env, WORKERS, defaults.threads(), 64);
        int heartbeat = positive(env, HEARTBEAT_SECONDS, (int) defaults.heartbeatInterval().toSeconds(), 3600);
        return defaults.withThreads(workers).withHeartbeat(java.time.Duration.ofSeconds(heartbeat));
    }

    private static int positive(Map<String, String> env, String name, int fallback, int max) throws SettingsException {
        String text = optional(env, name);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 1 || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SettingsException(name + " must be a whole number from 1 to " + max);
        }
    }

    /** True when any of the App's credentials is set in the environment (then all of them must be). */
    public static boolean credentialsGiven(Map<String, String> env) throws SettingsException {
        return optional(env, APP_ID) != null || optional(env, PRIVATE_KEY) != null || optional(env, WEBHOOK_SECRET) != null;
    }

    /** True when the App has no credentials yet: none in the environment and none stored by the setup page. */
    public static boolean needsSetup(Map<String, String> env) throws SettingsException {
        return !credentialsGiven(env) && !new StoredCredentials(dataDir(env)).exists();
    }

    private static StoredCredentials.Credentials stored(Path dataDir) throws SettingsException {
        StoredCredentials store = new StoredCredentials(dataDir);
        try {
            return store.load().orElse(null);
        } catch (IOException e) {
            throw new SettingsException("cannot read the credentials stored in " + store.dir() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    static Path dataDir(Map<String, String> env) throws SettingsException {
        String dir = optional(env, DATA_DIR);
        return Path.of(dir == null ? "./data" : dir.trim());
    }

    static URI apiUrl(Map<String, String> env) throws SettingsException {
        return absoluteUrl(env, API_URL, "https://api.github.com");
    }

    static URI absoluteUrl(Map<String, String> env, String name, String fallback) throws SettingsException {
        String text = optional(env, name);
        try {
            URI url = URI.create(text == null ? fallback : text.trim());
            if (url.getScheme() == null || url.getHost() == null || !url.getScheme().matches("https?")) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return url;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(name + " is not an absolute http(s) URL");
        }
    }

    static int port(Map<String, String> env) throws SettingsException {
        String portText = optional(env, PORT);
        try {
            int port = portText == null ? 3000 : Integer.parseInt(portText.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new SettingsException(PORT + " must be a port number (0-65535)");
        }
    }

    static String required(Map<String, String> env, String name) throws SettingsException {
        String value = optional(env, name);
        if (value == null || value.isBlank()) {
            throw new SettingsException(name + " is not set (set it, or " + name + "_FILE to a file holding it)");
        }
        return value;
    }

    /** The variable's value, or the content of NAME_FILE (a trailing newline removed), or null. */
    static String optional(Map<String, String> env, String name) throws SettingsException {
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
