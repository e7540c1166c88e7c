package dev.unblock.bot;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RepoConfigParserTest {
    static RepoConfig parse(String yaml) throws InvalidConfigException {
        return RepoConfigParser.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKeyAndMapsItToTheEngineConfig() throws Exception {
        RepoConfig config = parse("""
                mode: pull-request
                paths:
                  include: ["src/**"]
                  exclude: ["src/legacy/**"]
                rules:
                  enable: [UB701]
                  disable: [redis-to-asyncio]
                targets:
                  http: httpx
                max_comments: 5
                to_thread: false
                drafts: true
                clients:
                  - sync: acme.billing.Client
                    async: acme.billing.AsyncClient
                    awaited: [charge, refund]
                """);
        assertThat(config.mode()).isEqualTo(Mode.PULL_REQUEST);
        assertThat(config.maxComments()).isEqualTo(5);
        assertThat(config.drafts()).isTrue();
        assertThat(config.globs().selectsPython("src/app/x.py")).isTrue();
        assertThat(config.globs().selectsPython("src/legacy/x.py")).isFalse();
        assertThat(config.globs().selectsPython("tests/x.py")).isFalse();
        assertThat(config.migrationConfig().enabledRules()).containsExactly("UB701");
        assertThat(config.migrationConfig().disabledRules()).containsExactly("redis-to-asyncio");
        assertThat(config.migrationConfig().targets()).isEqualTo(Map.of("http", "httpx"));
        assertThat(config.migrationConfig().toThread()).isFalse();
        assertThat(config.migrationConfig().userClients()).singleElement().satisfies(c -> {
            assertThat(c.syncConstructor()).isEqualTo("acme.billing.Client");
            assertThat(c.awaitedMethods()).isEqualTo(Set.of("charge", "refund"));
        });
    }

    @Test
    void testsMigrateUnlessTheConfigPinsThem() throws Exception {
        assertThat(RepoConfig.defaults().migrationConfig().pinTests()).isFalse();
        assertThat(parse("tests: migrate").migrationConfig().pinTests()).isFalse();
        assertThat(parse("tests: pin").migrationConfig().pinTests()).isTrue();
        assertThatThrownBy(() -> parse("tests: skip")).hasMessage("tests must be migrate or pin");
        assertThatThrownBy(() -> parse("tests: true")).hasMessage("tests must be migrate or pin");
        assertThat(parse("mode: both").migrationConfig().migratePublicApi()).isFalse();
        assertThat(parse("public_api: migrate").migrationConfig().migratePublicApi()).isTrue();
        assertThat(parse("public_api: pin").migrationConfig().migratePublicApi()).isFalse();
        assertThatThrownBy(() -> parse("public_api: yes")).hasMessage("public_api must be pin or migrate");
    }

    @Test
    void theDashboardIsOnUnlessTurnedOff() throws Exception {
        assertThat(RepoConfig.defaults().dashboard()).isTrue();
        assertThat(parse("dashboard: false").dashboard()).isFalse();
        assertThat(parse("dashboard: true").dashboard()).isTrue();
        assertThatThrownBy(() -> parse("dashboard: sometimes")).hasMessage("dashboard must be true or false");
    }

    @Test
    void anEmptyFileMeansDefaults() throws Exception {
        assertThat(parse("")).isEqualTo(RepoConfig.defaults());
        assertThat(RepoConfig.defaults().mode()).isEqualTo(Mode.BOTH);
        assertThat(RepoConfig.defaults().maxComments()).isEqualTo(25);
    }

    @Test
    void namesTheKeyAtFault() {
        assertThatThrownBy(() -> parse("mode: loud")).hasMessageContaining("mode must be one of");
        assertThatThrownBy(() -> parse("colour: red")).hasMessageStartingWith("unknown key 'colour'");
        assertThatThrownBy(() -> parse("max_comments: lots")).hasMessageContaining("max_comments");
        assertThatThrownBy(() -> parse("targets:\n  kafka: aiokafka")).hasMessageContaining("targets.kafka");
        assertThatThrownBy(() -> parse("paths:\n  include: [\"src/[\"]")).hasMessageContaining("paths.include");
        assertThatThrownBy(() -> parse("clients:\n  - sync: a.B")).hasMessageContaining("clients[0]");
        assertThatThrownBy(() -> parse("mode: both\nmode: off")).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> parse("mode: [")).isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void rulesAndTargetsMustBeOnesTheEngineKnows() {
        assertThatThrownBy(() -> parse("rules:\n  disable: [no-such-rule]")).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown rule(s) [no-such-rule]");
        assertThatThrownBy(() -> parse("rules:\n  disable: [await-call]")).hasMessageContaining("cannot be disabled");
        assertThatThrownBy(() -> parse("targets:\n  http: urllib3")).hasMessageContaining("targets.http: 'urllib3'");
    }

    @Test
    void webChoosesWhetherFlaskAppsArePortedToFastapi() throws Exception {
        assertThat(new dev.unblock.migrate.Targets(parse("web: keep").migrationConfig().targets(), java.util.Map.of(),
                java.util.List.of()).portsWebApps()).isFalse();
        assertThat(new dev.unblock.migrate.Targets(parse("web: fastapi").migrationConfig().targets(), java.util.Map.of(),
                java.util.List.of()).portsWebApps()).isTrue();
        assertThat(new dev.unblock.migrate.Targets(parse("").migrationConfig().targets(), java.util.Map.of(),
                java.util.List.of()).portsWebApps()).isTrue();
        assertThatThrownBy(() -> parse("web: django")).hasMessageContaining("web: 'django' is not supported");
        assertThatThrownBy(() -> parse("targets:\n  web: keep")).hasMessageContaining("targets.web");
    }

    @Test
    void refusesBombsBigFilesAndDeepNesting() {
        String bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        assertThatThrownBy(() -> parse(bomb)).isInstanceOf(InvalidConfigException.class);
        assertThatThrownBy(() -> parse("# " + "x".repeat(70_000))).hasMessageContaining("limit");
        assertThatThrownBy(() -> parse("rules: " + "[".repeat(50) + "]".repeat(50))).hasMessageContaining("nesting");
    }
}
