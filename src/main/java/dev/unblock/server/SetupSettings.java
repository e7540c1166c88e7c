package dev.unblock.server;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the setup page needs before the App exists: where this server is reachable from GitHub and browsers
 * ({@value #PUBLIC_URL}), GitHub's web and API roots, the port and the data dir the credentials go to.
 */
public record SetupSettings(URI publicUrl, URI webUrl, URI apiUrl, int port, Path dataDir) {
    public static final String PUBLIC_URL = "UNBLOCK_PUBLIC_URL";
    public static final String WEB_URL = "UNBLOCK_GITHUB_URL";

    public static SetupSettings fromEnvironment(Map<String, String> env) throws SettingsException {
        if (Settings.optional(env, PUBLIC_URL) == null) {
            throw new SettingsException("the App is not set up: set " + Settings.APP_ID + ", " + Settings.PRIVATE_KEY + " and "
                    + Settings.WEBHOOK_SECRET + ", or set " + PUBLIC_URL + " and open /setup to create the App on GitHub");
        }
        URI publicUrl = Settings.absoluteUrl(env, PUBLIC_URL, null);
        URI apiUrl = Settings.apiUrl(env);
        URI webUrl = Settings.absoluteUrl(env, WEB_URL, webUrlFor(apiUrl).toString());
        return new SetupSettings(publicUrl, webUrl, apiUrl, Settings.port(env), Settings.dataDir(env));
    }

    /** github.com for api.github.com; https://HOST for GitHub Enterprise Server's https://HOST/api/v3. */
    static URI webUrlFor(URI apiUrl) {
        if ("api.github.com".equals(apiUrl.getHost())) {
            return URI.create("https://github.com");
        }
        String text = apiUrl.toString().replaceAll("/+$", "");
        return URI.create(text.endsWith("/api/v3") ? text.substring(0, text.length() - "/api/v3".length()) : text);
    }

    /** The public URL without a trailing slash, to append paths to. */
    public String base() {
        return publicUrl.toString().replaceAll("/+$", "");
    }
}
