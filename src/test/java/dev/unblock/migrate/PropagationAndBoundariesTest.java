package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Propagation and boundaries on small projects: a function becomes async only when every way to reach it awaits
 * it; otherwise it stays sync and a finding says why.
 */
class PropagationAndBoundariesTest {
    private static final Engine ENGINE = new Engine();
    private static final Pattern ASYNC_DEF = Pattern.compile("(?m)^\\s*async def (\\w+)");

    @TempDir
    Path dir;

    private final Map<String, String> files = new LinkedHashMap<>();
    private Migration migration;

    private MigrationConfig config = MigrationConfig.defaults();

    private void migrate() throws IOException {
        migrate(config);
    }

    private void migrate(MigrationConfig config) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        migration = ENGINE.migrate(new DirectorySnapshot(dir), ChangeSet.all(), config);
    }

    /** Names of the functions that are async def after the migration, in every file. */
    private List<String> asyncFunctions() {
        Map<String, String> after = new LinkedHashMap<>(files);
        migration.changes().forEach(c -> after.put(c.path(), c.after()));
        return after.values().stream().flatMap(t -> {
            Matcher m = ASYNC_DEF.matcher(t);
            return m.results().map(r -> r.group(1));
        }).toList();
    }

    private String findings() {
        return String.join("\n", migration.findings().stream().map(Finding::message).toList());
    }

    @Test
    void aMethodFamilyMigratesTogetherAndCallsThroughTheBaseAreAwaited() throws IOException {
        files.put("notify.py", """
                import time


                class Notifier:
                    def notify(self, msg):
                        print(msg)


                class SlowNotifier(Notifier):
                    def notify(self, msg):
                        time.sleep(0.1)


                def broadcast(n: Notifier):
                    n.notify("hi")
                """);
        migrate();
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("notify", "notify", "broadcast");
        assertThat(migration.changes().get(0).after()).contains("await n.notify(\"hi\")");
    }

    @Test
    void aCallOnAnUntypedReceiverPinsTheWholeFamily() throws IOException {
        files.put("notify.py", """
                import time


                class SlowNotifier:
                    def notify(self, msg):
                        time.sleep(0.1)


                def broadcast(notifiers):
                    for n in notifiers:
                        n.notify("hi")
                """);
        migrate();
        assertThat(asyncFunctions()).isEmpty();
        assertThat(findings()).contains("`n.notify` at notify.py:11 may call it");
    }

    @Test
    void aLibraryBaseNoRuleDescribesKeepsEveryMethodSync() throws IOException {
        files.put("loader.py", """
                import time
                from somelib import Loader


                class ProfileLoader(Loader):
                    def batch_load(self, keys):
                        time.sleep(0.1)
                        return keys
                """);
        migrate();
        assertThat(asyncFunctions()).isEmpty();
        assertThat(findings()).contains("extends somelib.Loader, a library class that may call its methods");
    }

    @Test
    void decoratorsAreJudgedByWhatTheyAre() throws IOException {
        files.put("views.py", """
                import time
                from fastapi import FastAPI
                from flask import Flask

                api = FastAPI()
                app = Flask(__name__)


                @api.get("/")
                def root():
                    time.sleep(0.1)


                @app.route("/")
                def index():
                    time.sleep(0.1)
                """);
        // the Flask app stays on Flask (web: keep), served by a WSGI server that calls its views synchronously
        config = new MigrationConfig(java.util.Set.of(), java.util.Set.of(), java.util.Map.of("web", "keep"), true, true,
                java.util.List.of());
        migrate();
        assertThat(asyncFunctions()).containsExactly("root");
        assertThat(findings()).contains("its decorator @app.route may call it synchronously");
    }

    @Test
    void viewsOfAFlaskAppThatIsPortedToFastapiMayBecomeAsync() throws IOException {
        files.put("app.py", """
                import time
                from flask import Flask

                app = Flask(__name__)


                @app.route("/")
                def index():
                    time.sleep(0.1)
                    return {"ok": True}
                """);
        migrate();
        String app = migration.changes().stream().filter(c -> c.path().equals("app.py")).findFirst().orElseThrow()
                .after();
        assertThat(app).contains("@app.get(\"/\")\nasync def index():").contains("await asyncio.sleep(0.1)");
        assertThat(migration.changes()).extracting(FileChange::path).contains("asgi.py");
    }

    @Test
    void viewsOfAFlaskAppThatCannotBePortedStaySync() throws IOException {
        files.put("app.py", """
                import time
                from flask import Flask, g

                app = Flask(__name__)


                @app.route("/")
                def index():
                    time.sleep(0.1)
                    return {"user": g.user}
                """);
        migrate();
        assertThat(asyncFunctions()).isEmpty();
        assertThat(findings()).contains("the Flask app is not ported to FastAPI")
                .contains("its decorator @app.route may call it synchronously");
    }

    @Test
    void testCodePinsWhatItCallsWhenTheConfigSaysPin() throws IOException {
        files.put("pkg/__init__.py", "");
        files.put("pkg/svc.py", "import time\n\n\ndef tested():\n    time.sleep(0.1)\n\n\ndef untested():\n    time.sleep(0.1)\n");
        files.put("tests/test_svc.py", "from pkg.svc import tested\n\n\ndef test_it():\n    tested()\n");
        MigrationConfig d = MigrationConfig.defaults();
        migrate(new MigrationConfig(d.enabledRules(), d.disabledRules(), d.targets(), d.toThread(), d.asyncFiles(),
                d.userClients(), d.include(), d.exclude(), true));
        assertThat(asyncFunctions()).containsExactly("untested");
        assertThat(findings()).contains("it is called by tests.test_svc.test_it, which stays synchronous");
    }

    @Test
    void aFunctionLookedUpByNameStaysSync() throws IOException {
        files.put("cmd.py", """
                import time


                class Commands:
                    def do_sync(self):
                        time.sleep(0.1)

                    def run(self, name):
                        return getattr(self, "do_" + name)()
                """);
        migrate();
        assertThat(asyncFunctions()).isEmpty();
        assertThat(findings()).contains("its name is spelled in a string");
    }

    @Test
    void aClassUsedAsAValueKeepsASyncConstructor() throws IOException {
        files.put("probe.py", """
                import time


                class Probe:
                    def __init__(self, url):
                        time.sleep(0.1)
                        self.url = url


                KINDS = {"http": Probe}
                """);
        migrate();
        assertThat(asyncFunctions()).isEmpty();
        assertThat(findings()).contains("its class Probe is used as a value at probe.py:10");
    }

    @Test
    void anEntryPointKeepsASyncSignature() throws IOException {
        files.put("pyproject.toml", "[project.scripts]\ntool = \"tool:main\"\n");
        files.put("tool.py", "import time\n\n\ndef main(argv=None):\n    time.sleep(0.1)\n    return 0\n");
        migrate();
        String after = migration.changes().get(0).after();
        assertThat(after).contains("def main(argv=None):").contains("return asyncio.run(main_async(argv))")
                .contains("async def main_async(argv=None):");
    }

    @Test
    void aConstructionThroughAnInstancesClassIsAwaitedLikeTheClassCall() throws IOException {
        files.put("client.py", """
                import time


                class Client:
                    def __init__(self, url):
                        time.sleep(0.1)
                        self.url = url

                    def clone(self):
                        return type(self)(self.url)

                    def again(self):
                        return self.__class__(self.url)


                def make():
                    return Client("http://x")
                """);
        migrate();
        // (async_mixin.py, added, brings its own __ainit__ and __construct)
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("__ainit__", "clone", "again", "make", "__ainit__",
                "__construct");
        assertThat(migration.changes().get(0).after()).contains("return await type(self)(self.url)")
                .contains("return await self.__class__(self.url)").contains("return await Client(\"http://x\")");
    }

    @Test
    void aConstructionThroughAnUntypedValuesClassKeepsEveryConstructorSync() throws IOException {
        files.put("client.py", """
                import time


                class Client:
                    def __init__(self, url):
                        time.sleep(0.1)
                        self.url = url


                def copy_of(thing):
                    return type(thing)(thing.url)
                """);
        migrate();
        assertThat(asyncFunctions()).isEmpty();
        assertThat(findings()).contains("`type()(...)` at client.py:11");
    }

    @Test
    void aFileOpenedAsAnOperandOfOrStaysSynchronousWithAFinding() throws IOException {
        files.put("upload.py", """
                import time


                def upload(path, file=None):
                    time.sleep(0.1)
                    fp = file or open(path, "rb")
                    return fp.tell()
                """);
        migrate();
        String after = migration.changes().get(0).after();
        assertThat(after).contains("async def upload").contains("fp = file or open(path, \"rb\")");
        assertThat(findings()).contains("blocking call open left synchronous: it is an operand of `or`");
    }

    private static final String SLEEPER = "import time\n\n\ndef wait():\n    time.sleep(1)\n\n\n"
            + "def _retry():\n    wait()\n";

    @Test
    void aPublishedPackagesApiStaysSyncButItsTestsAndPrivateFunctionsDoNot() throws IOException {
        files.put("pyproject.toml", "[build-system]\nrequires = [\"flit_core\"]\n\n[project]\nname = \"lib\"\n");
        files.put("src/lib/__init__.py", "import sys\n\nif sys.version_info >= (3,):\n    from lib.core import wait\n");
        files.put("src/lib/core.py", SLEEPER);
        files.put("src/lib/_impl.py", "import time\n\n\ndef pause():\n    time.sleep(1)\n");
        files.put("src/lib/tests/test_core.py", "import time\n\n\ndef test_pause():\n    time.sleep(0)\n");
        migrate();
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("pause", "test_pause");
        assertThat(findings()).contains("it is public API of lib (published by pyproject.toml)");
    }

    @Test
    void aCommandLineToolsPackageOrADjangoSiteIsNoPublishedApi() throws IOException {
        files.put("setup.py", "from setuptools import setup\n\nsetup(name=\"tool\", packages=[\"tool\"])\n");
        files.put("tool/__init__.py", "__version__ = \"1.0\"\n");
        files.put("tool/core.py", SLEEPER);
        migrate();
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("wait", "_retry");

        files.put("tool/__init__.py", "from .core import wait\n");
        files.put("manage.py", "import sys\n");
        migrate();
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("wait", "_retry");
    }

    @Test
    void theConfigLetsAPublishedApiMigrate() throws IOException {
        files.put("setup.cfg", "[metadata]\nname = lib\n");
        files.put("lib/__init__.py", "__all__ = [\"wait\"]\nfrom lib.core import wait\n");
        files.put("lib/core.py", SLEEPER);
        migrate();
        assertThat(asyncFunctions()).isEmpty();
        MigrationConfig d = MigrationConfig.defaults();
        migrate(new MigrationConfig(d.enabledRules(), d.disabledRules(), d.targets(), d.toThread(), d.asyncFiles(),
                d.userClients(), d.include(), d.exclude(), false, true));
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("wait", "_retry");
    }

    @Test
    void aSingleModuleTheMetadataListsIsPublishedToo() throws IOException {
        files.put("setup.py", "from setuptools import setup\n\nsetup(name=\"waiter\", py_modules=[\"waiter\"])\n");
        files.put("waiter.py", SLEEPER);
        files.put("script.py", "import time\n\n\ndef nap():\n    time.sleep(1)\n");
        migrate();
        assertThat(asyncFunctions()).containsExactly("nap");
        assertThat(findings()).contains("it is public API of waiter (published by setup.py)");
    }

    @Test
    void aSingleModuleNamedLikeTheDistributionIsPublishedWithoutAList() throws IOException {
        // hatchling, flit and setuptools' discovery put `waiter_tool.py` in the wheel of "Waiter-Tool" unasked
        files.put("pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\n"
                + "dynamic = [\"version\"]\nkeywords = [\n  \"a\",\n]\nname = \"Waiter-Tool\"\n\n"
                + "[project.urls]\nname = \"https://example.com\"\n");
        files.put("waiter_tool.py", SLEEPER);
        files.put("script.py", "import time\n\n\ndef nap():\n    time.sleep(1)\n");
        migrate();
        assertThat(asyncFunctions()).containsExactly("nap");
        assertThat(findings()).contains("it is public API of waiter_tool (published by pyproject.toml)");

        files.put("pyproject.toml", "[project]\nversion = \"1\"\n\n[tool.other]\nname = \"waiter_tool\"\n");
        migrate();
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("nap", "wait", "_retry");
    }

    @Test
    void theDistributionNameIsReadFromEachKindOfMetadata() {
        assertThat(dev.unblock.migrate.plan.PublishedPackages.distributionName("setup.cfg",
                "[metadata]\nversion = 1\nname = My.Tool\n")).isEqualTo("my_tool");
        assertThat(dev.unblock.migrate.plan.PublishedPackages.distributionName("setup.py",
                "from setuptools import setup\nsetup(\n    version='1',\n    name='tool-x',\n)\n")).isEqualTo("tool_x");
        assertThat(dev.unblock.migrate.plan.PublishedPackages.distributionName("pyproject.toml",
                "[tool.poetry]\nname = \"poet\"\n")).isEqualTo("poet");
        assertThat(dev.unblock.migrate.plan.PublishedPackages.distributionName("pyproject.toml",
                "[project]\nversion = \"1\"\n[tool.x]\nname = \"no\"\n")).isNull();
    }

    @Test
    void aPackagedWebApplicationPublishesNoApi() throws IOException {
        files.put("pyproject.toml", "[build-system]\nrequires = [\"setuptools\"]\n\n[project]\nname = \"site\"\n");
        files.put("site/__init__.py", "from flask import Flask\nfrom .helpers import wait\n\n\ndef create_app():\n"
                + "    return Flask(__name__)\n");
        files.put("site/helpers.py", SLEEPER);
        MigrationConfig d = MigrationConfig.defaults();
        migrate(new MigrationConfig(d.enabledRules(), d.disabledRules(), java.util.Map.of("web", "keep"), true, true,
                d.userClients()));
        assertThat(asyncFunctions()).containsExactlyInAnyOrder("wait", "_retry");
    }
}
