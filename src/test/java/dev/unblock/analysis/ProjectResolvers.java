package dev.unblock.analysis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.unblock.migrate.FactsCache;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.Rules;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** For the analysis tests: a resolver over Python sources given as text, with every enabled rule's knowledge. */
final class ProjectResolvers {
    private ProjectResolvers() {
    }

    /** @param sources file contents by path ({@code pkg/mod.py} is module {@code pkg.mod}), in the project's order */
    static Resolver of(Map<String, String> sources) {
        Catalog catalog = new Catalog();
        for (Rule rule : Rules.enabled(MigrationConfig.defaults())) {
            rule.contribute(catalog, new Targets(Map.of(), Map.of(), List.of()));
        }
        FactsCache cache = new FactsCache(sources.size() + 1);
        List<FileFacts> facts = new ArrayList<>();
        for (Map.Entry<String, String> f : sources.entrySet()) {
            String module = f.getKey().replace(".py", "").replace('/', '.');
            facts.add(cache.get(f.getKey(), module, false, f.getValue().getBytes(StandardCharsets.UTF_8)).facts());
        }
        return new Resolver(new ProjectIndex(facts), catalog);
    }
}
