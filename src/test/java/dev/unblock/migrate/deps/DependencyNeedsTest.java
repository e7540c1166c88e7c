package dev.unblock.migrate.deps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.unblock.analysis.FactsExtractor;
import dev.unblock.analysis.FileFacts;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.FileChange;
import dev.unblock.python.PythonSource;
import org.junit.jupiter.api.Test;

/**
 * Replaced packages still imported stay; Flask gets its async extra once an async function is registered with it; a
 * package only tests import after the migration is a test dependency.
 */
class DependencyNeedsTest {
    private static final DependencyChange HTTPX = new DependencyChange("httpx", "requests", "no async API");

    private static final java.util.function.Predicate<String> TESTS = path -> path.startsWith("tests/");

    private static FileFacts facts(String path, String text) throws Exception {
        return FactsExtractor.extract(PythonSource.parse(path, text), path, path.replace(".py", ""), false);
    }

    @Test
    void aReplacedPackageStillImportedStaysAndFlaskGetsItsExtra() throws Exception {
        String app = "import requests\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\n"
                + "def index():\n    return requests.get('http://x').text\n";
        String migrated = "import httpx\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/')\n"
                + "async def index():\n    async with httpx.AsyncClient() as client:\n        return (await client.get('http://x')).text\n";
        String script = "import requests\n\nprint(requests.__version__)\n";
        FileChange change = new FileChange("app.py", app, migrated,
                List.of(new AppliedEdit(0, 0, 8, 8, "async ", "UB001", "does I/O")));
        List<DependencyChange> needs = DependencyNeeds.adjust(List.of(HTTPX),
                List.of(facts("app.py", app), facts("script.py", script)), List.of(change), TESTS);
        assertThat(needs).extracting(DependencyChange::add, DependencyChange::replaces)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("httpx", null),
                        org.assertj.core.groups.Tuple.tuple("flask[async]", "flask"));
        assertThat(needs.get(0).reason()).endsWith("requests stays: still imported by script.py");

        List<DependencyChange> alone = DependencyNeeds.adjust(List.of(HTTPX), List.of(facts("app.py", app)),
                List.of(change), TESTS);
        assertThat(alone.get(0)).isEqualTo(HTTPX);
    }

    @Test
    void aPackageOnlyTestsImportIsATestDependency() throws Exception {
        // python-gitlab's functional tests download with requests and open files; the library itself stays sync
        String lib = "import requests\n\n\ndef get(url):\n    return requests.get(url, stream=True)\n";
        String test = "import requests\n\n\ndef test_avatar():\n    assert requests.get('http://x').content\n";
        String migratedTest = "import httpx\nimport pytest\n\n\n@pytest.mark.asyncio\nasync def test_avatar():\n"
                + "    async with httpx.AsyncClient() as client:\n        assert (await client.get('http://x')).content\n";
        FileChange change = new FileChange("tests/test_users.py", test, migratedTest,
                List.of(new AppliedEdit(0, 0, 4, 4, "async ", "UB001", "does I/O")));
        DependencyChange aiofiles = new DependencyChange("aiofiles", null, "async file access");
        List<DependencyChange> needs = DependencyNeeds.adjust(List.of(HTTPX, aiofiles),
                List.of(facts("gitlab/client.py", lib), facts("tests/test_users.py", test)), List.of(change), TESTS);
        assertThat(needs.get(0)).extracting(DependencyChange::add, DependencyChange::replaces, DependencyChange::test)
                .containsExactly("httpx", null, true);
        assertThat(needs.get(0).reason()).contains("requests stays: still imported by gitlab/client.py")
                .endsWith("only tests import it");
        // nothing imports aiofiles in this migrated copy: where it goes cannot be told, it stays a main dependency
        assertThat(needs.get(1)).isEqualTo(aiofiles);

        FileChange libChange = new FileChange("gitlab/client.py", lib, lib.replace("requests", "httpx"),
                List.of(new AppliedEdit(0, 0, 4, 4, "async ", "UB001", "does I/O")));
        List<DependencyChange> both = DependencyNeeds.adjust(List.of(HTTPX),
                List.of(facts("gitlab/client.py", lib), facts("tests/test_users.py", test)),
                List.of(change, libChange), TESTS);
        assertThat(both.get(0).test()).isFalse();
    }

    @Test
    void flaskGetsItsExtraOnlyWhenItIsHandedAnAsyncFunction() throws Exception {
        // an RQ task next to the app: it imports Flask for current_app, but Flask never calls it
        String task = "import time\nfrom flask import current_app\n\n\ndef work():\n    time.sleep(current_app.config['D'])\n";
        String asyncTask = "import asyncio\nfrom flask import current_app\n\n\nasync def work():\n"
                + "    await asyncio.sleep(current_app.config['D'])\n";
        FileChange change = new FileChange("tasks.py", task, asyncTask,
                List.of(new AppliedEdit(0, 0, 4, 4, "async ", "UB001", "does I/O")));
        assertThat(DependencyNeeds.adjust(List.of(), List.of(facts("tasks.py", task)), List.of(change), TESTS))
                .isEmpty();

        // a view registered by value: which function add_url_rule is handed is not followed, so the extra is added
        String registered = asyncTask + "\n\ndef setup(app):\n    app.add_url_rule('/work', view_func=work)\n";
        FileChange byValue = new FileChange("tasks.py", task, registered,
                List.of(new AppliedEdit(0, 0, 4, 4, "async ", "UB001", "does I/O")));
        assertThat(DependencyNeeds.adjust(List.of(), List.of(facts("tasks.py", task)), List.of(byValue), TESTS))
                .extracting(DependencyChange::add).containsExactly("flask[async]");
    }
}
