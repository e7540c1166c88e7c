package dev.unblock.migrate;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a project asked for (from `.github/unblock.yml` or the command line).
 *
 * @param enabledRules  rule IDs or names to run; empty means all default rules
 * @param disabledRules rule IDs or names never to run
 * @param targets       library choice per family, e.g. http → httpx | httpx2 | aiohttp, redis → redis.asyncio | aioredis,
 *                      mongo → motor | pymongo-async, sqlalchemy → 1.4 | 2.0; missing keys come from pinned dependencies
 * @param toThread      wrap blocking calls that have no async equivalent in asyncio.to_thread
 * @param asyncFiles    rewrite open() in converted functions to aiofiles
 * @param userClients   user-defined sync → async client mappings
 * @param include       globs of the files the migration may touch (none: all)
 * @param exclude       globs of files it must not touch; their functions stay sync, and so does what they call
 * @param pinTests      keep what tests call synchronous (config {@code tests: pin}) instead of migrating the tests
 * @param migratePublicApi let a published package's API become async (config {@code public_api: migrate}), for a
 *                      release that breaks its callers; by default it stays sync
 */
public record MigrationConfig(
        Set<String> enabledRules,
        Set<String> disabledRules,
        Map<String, String> targets,
        boolean toThread,
        boolean asyncFiles,
        List<UserClient> userClients,
        List<String> include,
        List<String> exclude,
        boolean pinTests,
        boolean migratePublicApi) {

    public MigrationConfig {
        enabledRules = Set.copyOf(enabledRules);
        disabledRules = Set.copyOf(disabledRules);
        targets = Map.copyOf(targets);
        userClients = List.copyOf(userClients);
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    public MigrationConfig(Set<String> enabledRules, Set<String> disabledRules, Map<String, String> targets,
                           boolean toThread, boolean asyncFiles, List<UserClient> userClients) {
        this(enabledRules, disabledRules, targets, toThread, asyncFiles, userClients, List.of(), List.of(), false);
    }

    public MigrationConfig(Set<String> enabledRules, Set<String> disabledRules, Map<String, String> targets,
                           boolean toThread, boolean asyncFiles, List<UserClient> userClients, List<String> include,
                           List<String> exclude) {
        this(enabledRules, disabledRules, targets, toThread, asyncFiles, userClients, include, exclude, false);
    }

    public MigrationConfig(Set<String> enabledRules, Set<String> disabledRules, Map<String, String> targets,
                           boolean toThread, boolean asyncFiles, List<UserClient> userClients, List<String> include,
                           List<String> exclude, boolean pinTests) {
        this(enabledRules, disabledRules, targets, toThread, asyncFiles, userClients, include, exclude, pinTests, false);
    }

    /** The include/exclude globs as a matcher. */
    public PathGlobs paths() {
        return new PathGlobs(include, exclude);
    }

    public static MigrationConfig defaults() {
        return new MigrationConfig(Set.of(), Set.of(), Map.of(), true, true, List.of());
    }

    /**
     * A client the catalog does not know: constructing {@code syncConstructor} (a qualified name such as
     * {@code acme.billing.Client}) becomes {@code asyncConstructor}, and calls of {@code awaitedMethods} on its
     * instances are awaited.
     */
    public record UserClient(String syncConstructor, String asyncConstructor, Set<String> awaitedMethods) {
        public UserClient {
            awaitedMethods = Set.copyOf(awaitedMethods);
        }
    }
}
