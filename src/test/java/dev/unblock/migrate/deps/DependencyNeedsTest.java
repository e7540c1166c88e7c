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

/** Replaced packages still imported stay; Flask gets its async extra once a module importing it has async views. */
class DependencyNeedsTest {
    private static final DependencyChange HTTPX = new DependencyChange("httpx", "requests", "no async API");

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
                List.of(facts("app.py", app), facts("script.py", script)), List.of(change));
        assertThat(needs).extracting(DependencyChange::add, DependencyChange::replaces)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("httpx", null),
                        org.assertj.core.groups.Tuple.tuple("flask[async]", "flask"));
        assertThat(needs.get(0).reason()).endsWith("requests stays: still imported by script.py");

        List<DependencyChange> alone = DependencyNeeds.adjust(List.of(HTTPX), List.of(facts("app.py", app)),
                List.of(change));
        assertThat(alone.get(0)).isEqualTo(HTTPX);
    }
}
