package dev.unblock.bot;

import dev.unblock.migrate.PathGlobs;
import dev.unblock.migrate.MigrationConfig;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A repository's {@code .github/unblock.yml}, validated. */
public record RepoConfig(Mode mode, List<String> include, List<String> exclude, Set<String> enabledRules,
                         Set<String> disabledRules, Map<String, String> targets, int maxComments, boolean toThread,
                         boolean asyncFiles, List<MigrationConfig.UserClient> clients, boolean drafts,
                         boolean dashboard, boolean pinTests, boolean migratePublicApi) {
    public static final String PATH = ".github/unblock.yml";

    public static RepoConfig defaults() {
        return new RepoConfig(Mode.BOTH, List.of(), List.of(), Set.of(), Set.of(), Map.of(), 25, true, true, List.of(), false, true, false, false);
    }

    public PathGlobs globs() {
        return new PathGlobs(include, exclude);
    }

    public MigrationConfig migrationConfig() {
        return new MigrationConfig(enabledRules, disabledRules, targets, toThread, asyncFiles, clients, include, exclude,
                pinTests, migratePublicApi);
    }
}
