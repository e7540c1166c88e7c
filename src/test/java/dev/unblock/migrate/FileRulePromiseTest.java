package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.Knowledge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file rule may tell the planner, before planning, what its rewrite will make true (a framework port: the new
 * framework awaits coroutine handlers). The plan may lean on that only when the rewrite then happens: a rule that
 * applies nothing after all has the project planned again without what it told.
 */
class FileRulePromiseTest {
    private static final String VIEWS = """
            import time
            from somefw import App

            app = App()


            @app.route("/")
            def index():
                time.sleep(0.1)
            """;

    @TempDir
    Path dir;

    /** A port of "somefw" apps whose decorators, once ported, await coroutine functions. */
    @RuleInfo(id = "UB899", name = "somefw-port", summary = "test double of a framework port")
    private static final class SomefwPort implements Rule {
        private final boolean applies;
        private final boolean crashes;

        SomefwPort(boolean applies) {
            this(applies, false);
        }

        SomefwPort(boolean applies, boolean crashes) {
            this.applies = applies;
            this.crashes = crashes;
        }

        @Override
        public void contribute(Catalog catalog, Targets targets) {
        }

        @Override
        public FileRule fileRule(MigrationConfig config, Targets targets) {
            return new FileRule() {
                @Override
                public boolean mayApply(String path, String text) {
                    return text.contains("somefw");
                }

                @Override
                public boolean contribute(FileRuleContext context, Knowledge knowledge) {
                    knowledge.asyncSafeDecorator("somefw.App.route");
                    return true;
                }

                @Override
                public void check(FileRuleContext context, FileRuleSink sink) {
                    if (crashes) {
                        throw new NullPointerException("a bug in the port");
                    }
                    if (applies) {
                        sink.file("ported.txt", "ported\n");
                    } else {
                        sink.finding(new Finding("views.py", 1, 1, "UB899", "not ported after all", null));
                    }
                }
            };
        }
    }

    private Migration migrate(boolean applies) throws IOException {
        Files.writeString(dir.resolve("views.py"), VIEWS, StandardCharsets.UTF_8);
        Engine engine = new Engine(new FactsCache(100), config -> {
            List<Rule> rules = new ArrayList<>(Rules.enabled(config));
            rules.add(new SomefwPort(applies));
            return rules;
        });
        return engine.migrate(new DirectorySnapshot(dir), ChangeSet.all(), MigrationConfig.defaults());
    }

    private static String views(Migration m) {
        return m.changes().stream().filter(c -> c.path().equals("views.py")).map(FileChange::after).findFirst()
                .orElse(VIEWS);
    }

    @Test
    void aKeptPromiseLetsTheViewBecomeAsync() throws IOException {
        Migration m = migrate(true);
        assertThat(views(m)).contains("async def index():").contains("await asyncio.sleep(0.1)");
        assertThat(m.changes()).extracting(FileChange::path).contains("ported.txt");
    }

    @Test
    void aBrokenPromiseIsPlannedAgainWithoutIt() throws IOException {
        Migration m = migrate(false);
        assertThat(views(m)).doesNotContain("async def");
        assertThat(m.findings()).extracting(Finding::message)
                .contains("not ported after all")
                .anyMatch(f -> f.contains("its decorator @app.route may call it synchronously"));
        // the first plan's findings are not reported twice
        assertThat(m.findings()).extracting(Finding::message).filteredOn("not ported after all"::equals).hasSize(1);
    }

    @Test
    void aRuleThatCrashesCostsOnlyItsOwnChanges() throws IOException {
        Files.writeString(dir.resolve("views.py"), VIEWS, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("jobs.py"), "import time\n\n\ndef nap():\n    time.sleep(1)\n", StandardCharsets.UTF_8);
        Engine engine = new Engine(new FactsCache(100), config -> {
            List<Rule> rules = new ArrayList<>(Rules.enabled(config));
            rules.add(new SomefwPort(true, true));
            return rules;
        });
        Migration m = engine.migrate(new DirectorySnapshot(dir), ChangeSet.all(), MigrationConfig.defaults());
        assertThat(views(m)).doesNotContain("async def");
        assertThat(m.changes()).extracting(FileChange::path).containsExactly("jobs.py");
        assertThat(m.findings()).extracting(Finding::message).anyMatch(f -> f.startsWith(
                "not applied: the rule stopped with an internal error (java.lang.NullPointerException: a bug in the port)"));
    }

    @Test
    void aPortThatOnlyAddsFilesIsNotLost() throws IOException {
        // nothing else in the project changes: the port's new file must still come out
        Files.writeString(dir.resolve("views.py"), "from somefw import App\n\napp = App()\n", StandardCharsets.UTF_8);
        Engine engine = new Engine(new FactsCache(100), config -> {
            List<Rule> rules = new ArrayList<>(Rules.enabled(config));
            rules.add(new SomefwPort(true));
            return rules;
        });
        Migration m = engine.migrate(new DirectorySnapshot(dir), ChangeSet.all(), MigrationConfig.defaults());
        assertThat(m.changes()).extracting(FileChange::path).containsExactly("ported.txt");
        assertThat(m.changes().get(0).before()).isNull();
    }
}
