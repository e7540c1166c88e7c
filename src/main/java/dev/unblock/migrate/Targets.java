package dev.unblock.migrate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The async libraries chosen for one project: from config, else from pinned dependencies, else the newest.
 *
 * @param choices family → target (http → httpx)
 * @param pinned  the project's pinned dependency versions, lower-case name → version
 * @param userClients the project's own sync → async client mappings
 * @param files   the project's files beyond its Python modules (test runner config, dependency lists), for rules
 * @param pinTests keep what tests call synchronous instead of migrating the tests (config {@code tests: pin})
 */
public record Targets(Map<String, String> choices, Map<String, String> pinned,
                      List<MigrationConfig.UserClient> userClients, ProjectFiles files, boolean pinTests) {
    /** The targets each family supports; config naming another is an error. */
    public static final Map<String, Set<String>> SUPPORTED = Map.of("http", Set.of("httpx", "httpx2", "aiohttp"),
            "redis", Set.of("redis.asyncio", "aioredis"), "mongo", Set.of("motor", "pymongo-async"),
            "sqlalchemy", Set.of("1.4", "2.0"), "web", Set.of("fastapi", "keep"));

    /** Rejects a configured target that the rules do not support, with the supported ones in the message. */
    public static void validate(Map<String, String> choices) {
        for (Map.Entry<String, String> t : choices.entrySet()) {
            Set<String> supported = SUPPORTED.get(t.getKey());
            if (supported != null && !supported.contains(t.getValue())) {
                String key = t.getKey().equals("web") ? "web" : "targets." + t.getKey();
                throw new IllegalArgumentException(key + ": '" + t.getValue()
                        + "' is not supported (supported: " + new java.util.TreeSet<>(supported) + ")");
            }
        }
    }

    public Targets(Map<String, String> choices, Map<String, String> pinned, List<MigrationConfig.UserClient> userClients) {
        this(choices, pinned, userClients, ProjectFiles.NONE, false);
    }

    public Targets {
        files = files == null ? ProjectFiles.NONE : files;
        choices = Map.copyOf(choices);
        pinned = Map.copyOf(pinned);
        userClients = List.copyOf(userClients);
    }

    /**
     * The HTTP client library: from config, else the one the project already depends on (httpx2, the maintained
     * fork of httpx with the same API, aiohttp, or httpx), else httpx.
     */
    public String http() {
        String chosen = choices.get("http");
        if (chosen != null) {
            return chosen;
        }
        if (pinned.containsKey("httpx2") && !pinned.containsKey("httpx")) {
            return "httpx2";
        }
        if (pinned.containsKey("aiohttp") && !pinned.containsKey("httpx")) {
            return "aiohttp";
        }
        return "httpx";
    }

    /** Whether Flask (or Django) apps are ported to FastAPI: config {@code web: fastapi} (the default) or {@code keep}. */
    public boolean portsWebApps() {
        return !"keep".equals(choices.get("web"));
    }

    public String pinnedVersion(String dependency) {
        return pinned.get(dependency.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether a release number ({@code 4.2}, {@code 3.2.25}, {@code 5.0.1rc1}) is at least {@code wanted} (5, 0, 1). */
    public static boolean atLeast(String version, int... wanted) {
        String[] parts = version.split("[^0-9]+");
        for (int i = 0; i < wanted.length; i++) {
            int have = i < parts.length && !parts[i].isEmpty() ? Integer.parseInt(parts[i]) : 0;
            if (have != wanted[i]) {
                return have > wanted[i];
            }
        }
        return true;
    }
}
