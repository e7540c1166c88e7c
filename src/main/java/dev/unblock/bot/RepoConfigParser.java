package dev.unblock.bot;

import dev.unblock.migrate.MigrationConfig;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads .github/unblock.yml strictly: a bounded size, few aliases, shallow nesting, no unknown keys, no
 * guessing. Every error names the key at fault.
 */
public final class RepoConfigParser {
    static final int MAX_BYTES = 64 * 1024;
    static final int MAX_DEPTH = 8;
    /** Characters of a value from the file quoted back in an error. */
    static final int MAX_QUOTE = 100;
    static final Set<String> KEYS = Set.of("mode", "paths", "rules", "targets", "max_comments", "to_thread", "async_files",
            "clients", "drafts", "dashboard", "tests", "web",
            "public_api");
    static final Set<String> TARGET_FAMILIES = Set.of("http", "redis", "mongo", "sqlalchemy");

    private RepoConfigParser() {
    }

    /** A config over the size limit is refused by its size alone, before anything reads it. */
    public static void checkSize(long bytes) throws InvalidConfigException {
        if (bytes > MAX_BYTES) {
            throw new InvalidConfigException("`" + RepoConfig.PATH + "` is " + dev.unblock.git.SnapshotLimits.human(bytes)
                    + "; the limit is " + dev.unblock.git.SnapshotLimits.human(MAX_BYTES));
        }
    }

    public static RepoConfig parse(byte[] bytes) throws InvalidConfigException {
        checkSize(bytes.length);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidConfigException("the file is not UTF-8");
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(RepoConfig.PATH)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(10)
                .setCodePointLimit(MAX_BYTES)
                .build();
        Object root;
        try {
            checkDepth(settings, text);
            root = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new InvalidConfigException(e.getMessage().strip());
        }
        if (root == null) {
            return RepoConfig.defaults();
        }
        return fromTree(map(root, "the top level"));
    }

    /** Nesting is counted on the event stream, which the parser produces without recursion. */
    /** One of two words, or null when the key is absent (both defaults are the first word). */
    private static String choice(Map<String, Object> tree, String key, String first, String second)
            throws InvalidConfigException {
        Object value = tree.get(key);
        if (value != null && !first.equals(value) && !second.equals(value)) {
            throw new InvalidConfigException(key + " must be " + first + " or " + second);
        }
        return (String) value;
    }

    private static void checkDepth(LoadSettings settings, String text) throws InvalidConfigException {
        int depth = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case MappingStart, SequenceStart -> {
                    if (++depth > MAX_DEPTH) {
                        throw new InvalidConfigException("nesting deeper than " + MAX_DEPTH + " levels");
                    }
                }
                case MappingEnd, SequenceEnd -> depth--;
                default -> {
                }
            }
        }
    }

    private static RepoConfig fromTree(Map<String, Object> tree) throws InvalidConfigException {
        for (String key : tree.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidConfigException("unknown key '" + quote(key) + "' (known: " + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        RepoConfig d = RepoConfig.defaults();
        Mode mode = d.mode();
        if (tree.containsKey("mode")) {
            String value = string(tree.get("mode"), "mode");
            try {
                mode = Mode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("mode must be one of suggest, pull-request, both, off (got '" + quote(value) + "')");
            }
        }
        List<String> include = d.include();
        List<String> exclude = d.exclude();
        if (tree.containsKey("paths")) {
            Map<String, Object> paths = map(tree.get("paths"), "paths");
            onlyKeys(paths, "paths", Set.of("include", "exclude"));
            include = globs(paths.get("include"), "paths.include");
            exclude = globs(paths.get("exclude"), "paths.exclude");
        }
        Set<String> enabled = d.enabledRules();
        Set<String> disabled = d.disabledRules();
        if (tree.containsKey("rules")) {
            Map<String, Object> rules = map(tree.get("rules"), "rules");
            onlyKeys(rules, "rules", Set.of("enable", "disable"));
            enabled = new LinkedHashSet<>(strings(rules.get("enable"), "rules.enable"));
            disabled = new LinkedHashSet<>(strings(rules.get("disable"), "rules.disable"));
        }
        Map<String, String> targets = new LinkedHashMap<>();
        if (tree.containsKey("targets")) {
            Map<String, Object> given = map(tree.get("targets"), "targets");
            for (Map.Entry<String, Object> target : given.entrySet()) {
                if (!TARGET_FAMILIES.contains(target.getKey())) {
                    throw new InvalidConfigException("targets." + quote(target.getKey()) + " is not a library family (known: http, mongo, redis, sqlalchemy)");
                }
                targets.put(target.getKey(), string(target.getValue(), "targets." + target.getKey()));
            }
        }
        if (tree.containsKey("web")) {
            // kept with the targets: the framework the web apps end up on (validated with them below)
            targets.put("web", string(tree.get("web"), "web"));
        }
        int maxComments = d.maxComments();
        if (tree.containsKey("max_comments")) {
            Object value = tree.get("max_comments");
            if (!(value instanceof Integer n) || n < 0 || n > 100) {
                throw new InvalidConfigException("max_comments must be a whole number from 0 to 100");
            }
            maxComments = n;
        }
        boolean toThread = bool(tree, "to_thread", d.toThread());
        boolean asyncFiles = bool(tree, "async_files", d.asyncFiles());
        boolean drafts = bool(tree, "drafts", d.drafts());
        boolean dashboard = bool(tree, "dashboard", d.dashboard());
        boolean pinTests = "pin".equals(choice(tree, "tests", "migrate", "pin"));
        boolean migratePublicApi = "migrate".equals(choice(tree, "public_api", "pin", "migrate"));
        List<MigrationConfig.UserClient> clients = new ArrayList<>();
        if (tree.containsKey("clients")) {
            Object value = tree.get("clients");
            if (!(value instanceof List<?> list)) {
                throw new InvalidConfigException("clients must be a list");
            }
            for (int i = 0; i < list.size(); i++) {
                String where = "clients[" + i + "]";
                Map<String, Object> client = map(list.get(i), where);
                onlyKeys(client, where, Set.of("sync", "async", "awaited"));
                if (!client.containsKey("sync") || !client.containsKey("async")) {
                    throw new InvalidConfigException(where + " needs both 'sync' and 'async'");
                }
                clients.add(new MigrationConfig.UserClient(string(client.get("sync"), where + ".sync"),
                        string(client.get("async"), where + ".async"),
                        new LinkedHashSet<>(strings(client.get("awaited"), where + ".awaited"))));
            }
        }
        RepoConfig config = new RepoConfig(mode, include, exclude, enabled, disabled, targets, maxComments, toThread,
                asyncFiles, clients, drafts, dashboard, pinTests,
                migratePublicApi);
        try {
            // What only the engine knows: rule names and IDs, supported target libraries.
            dev.unblock.migrate.Rules.enabled(config.migrationConfig());
            dev.unblock.migrate.Targets.validate(config.targets());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException(e.getMessage());
        }
        return config;
    }

    private static List<String> globs(Object value, String key) throws InvalidConfigException {
        List<String> globs = strings(value, key);
        for (String glob : globs) {
            try {
                new dev.unblock.migrate.PathGlobs(List.of(glob), List.of());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException(key + ": '" + quote(glob) + "' is not a valid glob (" + quote(e.getMessage()) + ")");
            }
        }
        return globs;
    }

    /** A value from the file, quoted in an error: cut short, so that the error stays readable whatever the file holds. */
    static String quote(String value) {
        return dev.unblock.github.GitHubTextLimits.cut(value, MAX_QUOTE);
    }

    private static void onlyKeys(Map<String, Object> map, String where, Set<String> allowed) throws InvalidConfigException {
        for (String key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidConfigException("unknown key '" + where + "." + quote(key) + "'");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String where) throws InvalidConfigException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidConfigException(where + " must be a mapping");
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw new InvalidConfigException(where + " has a key that is not text: " + quote(String.valueOf(key)));
            }
        }
        return (Map<String, Object>) map;
    }

    private static String string(Object value, String key) throws InvalidConfigException {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new InvalidConfigException(key + " must be a non-empty string");
        }
        return s;
    }

    private static List<String> strings(Object value, String key) throws InvalidConfigException {
        if (value == null) {
            return List.of();
        }
        if (value instanceof String s) {
            return List.of(s);
        }
        if (!(value instanceof List<?> list)) {
            throw new InvalidConfigException(key + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            out.add(string(item, key + " item"));
        }
        return out;
    }

    private static boolean bool(Map<String, Object> tree, String key, boolean otherwise) throws InvalidConfigException {
        if (!tree.containsKey(key)) {
            return otherwise;
        }
        if (!(tree.get(key) instanceof Boolean b)) {
            throw new InvalidConfigException(key + " must be true or false");
        }
        return b;
    }
}
