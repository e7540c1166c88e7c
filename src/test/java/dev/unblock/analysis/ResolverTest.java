package dev.unblock.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.FactsCache;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.Rules;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import org.junit.jupiter.api.Test;

/** The resolver follows values through imports, assignments, attributes and library types. */
class ResolverTest {
    private final Map<String, String> files = new LinkedHashMap<>();

    private Resolver resolver(ProjectIndex[] index) {
        Catalog catalog = new Catalog();
        for (Rule rule : Rules.enabled(MigrationConfig.defaults())) {
            rule.contribute(catalog, new Targets(Map.of(), Map.of(), List.of()));
        }
        FactsCache cache = new FactsCache(100);
        List<FileFacts> facts = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String module = f.getKey().replace(".py", "").replace('/', '.');
            facts.add(cache.get(f.getKey(), module, false, f.getValue().getBytes(StandardCharsets.UTF_8)).facts());
        }
        index[0] = new ProjectIndex(facts);
        return new Resolver(index[0], catalog);
    }

    /** The value of the callee's receiver at the first call whose callee reads {@code calleeText}. */
    private Value receiverAt(String path, String calleeText) {
        ProjectIndex[] index = new ProjectIndex[1];
        Resolver resolver = resolver(index);
        FileFacts file = index[0].file(path);
        for (CallFact c : file.calls()) {
            if (c.callee().toString().equals(calleeText)) {
                return resolver.resolve(file, c.function(), c.callee(), c.callee().steps().size() - 1);
            }
        }
        throw new AssertionError("no call " + calleeText + " in " + path);
    }

    @Test
    void aLibraryClassCalledGivesAnObjectOfThatClass() {
        files.put("app.py", "from flask import Flask\napp = Flask(__name__)\n\ndef run():\n    app.run()\n");
        assertThat(receiverAt("app.py", "app.run")).isEqualTo(new Instance("flask.Flask"));
    }

    @Test
    void aClientInAnotherModuleIsFollowedThroughTheImport() {
        files.put("store.py", "import redis\nr = redis.Redis()\n");
        files.put("flags.py", "from store import r\n\ndef enabled(f):\n    return r.get(f)\n");
        assertThat(receiverAt("flags.py", "r.get")).isEqualTo(new Instance("redis.Redis"));
    }

    @Test
    void anAttributeSetInInitKeepsItsType() {
        files.put("api.py", "import requests\n\nclass Api:\n    def __init__(self):\n        self.s = requests.Session()\n\n"
                + "    def user(self, i):\n        return self.s.get(i)\n");
        assertThat(receiverAt("api.py", "self.s.get")).isEqualTo(new Instance("requests.Session"));
    }

    @Test
    void anUnannotatedParameterTakesTheTypeEveryCallerPasses() {
        files.put("svc.py", "class Feed:\n    def refresh(self):\n        pass\n\n"
                + "def update(feed):\n    feed.refresh()\n\ndef main():\n    update(Feed())\n");
        assertThat(receiverAt("svc.py", "feed.refresh")).isEqualTo(new Instance("svc.Feed"));
    }

    @Test
    void aParameterNobodyTypesIsUnknown() {
        files.put("svc.py", "def update_anything(thing):\n    thing.refresh()\n");
        assertThat(receiverAt("svc.py", "thing.refresh")).isInstanceOf(Resolver.Unknown.class);
    }
}
