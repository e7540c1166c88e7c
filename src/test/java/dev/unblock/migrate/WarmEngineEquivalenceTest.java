package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The App's case: one engine kept warm across pull requests (facts cached by content) must answer exactly as a new
 * engine does on the same files, after each edit of a multi-file project: an async-making call added and removed, a
 * function renamed, an import changed. Each edit also changes the answer, so an engine that served an answer from
 * before the edit (stale facts, a stale plan) fails here.
 */
class WarmEngineEquivalenceTest {
    @TempDir
    Path dir;

    private final Map<String, String> files = new LinkedHashMap<>();

    @Test
    void aWarmEngineAnswersAsANewOneAfterEachEdit() throws IOException {
        files.put("client.py", """
                import requests


                def fetch(url):
                    return requests.get(url).text


                def double(x):
                    return x * 2
                """);
        files.put("service.py", """
                from client import fetch, double


                def load(url):
                    return fetch(url)


                def compute(v):
                    return double(v)
                """);
        files.put("app.py", """
                import service


                def run():
                    return service.load("http://example.com"), service.compute(1)
                """);
        Engine warm = new Engine();
        List<Migration> answers = new ArrayList<>();
        answers.add(check(warm, Set.of("client.py", "service.py", "app.py")));
        assertThat(asyncDefs(answers.get(0))).containsExactly("fetch", "load", "run");

        // an async-making call added to a helper: its caller in another file follows
        edit("client.py", "    return x * 2\n", "    requests.post(\"http://example.com\", json=x)\n    return x * 2\n");
        answers.add(check(warm, Set.of("client.py")));
        assertThat(asyncDefs(answers.get(1))).containsExactly("compute", "double", "fetch", "load", "run");

        // the async-making call removed from the first helper: its callers stay sync now
        edit("client.py", "    return requests.get(url).text\n", "    return url.upper()\n");
        answers.add(check(warm, Set.of("client.py")));
        assertThat(asyncDefs(answers.get(2))).containsExactly("compute", "double", "run");

        // a function renamed, with its callers
        edit("service.py", "def compute(v):", "def compute_value(v):");
        edit("app.py", "service.compute(1)", "service.compute_value(1)");
        answers.add(check(warm, Set.of("service.py", "app.py")));
        assertThat(asyncDefs(answers.get(3))).containsExactly("compute_value", "double", "run");

        // an import changed: `double` now comes from a module without the blocking call
        files.put("pure.py", """
                def double(x):
                    return x + x
                """);
        edit("service.py", "from client import fetch, double\n", "from client import fetch\nfrom pure import double\n");
        answers.add(check(warm, Set.of("service.py", "pure.py")));
        assertThat(asyncDefs(answers.get(4))).containsExactly("double");

        for (int i = 1; i < answers.size(); i++) {
            assertThat(answers.get(i)).as("edit %d changes the answer", i).isNotEqualTo(answers.get(i - 1));
        }
    }

    /** Writes the files, migrates with the warm engine and with a new one, and returns the (equal) answer. */
    private Migration check(Engine warm, Set<String> changed) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        DirectorySnapshot project = new DirectorySnapshot(dir);
        for (ChangeSet changes : List.of(ChangeSet.of(changed), ChangeSet.all())) {
            Migration fromWarm = warm.migrate(project, changes, MigrationConfig.defaults());
            Migration fromNew = new Engine().migrate(project, changes, MigrationConfig.defaults());
            assertThat(fromWarm).as("change set %s", changes).isEqualTo(fromNew);
        }
        return new Engine().migrate(project, ChangeSet.all(), MigrationConfig.defaults());
    }

    /** The functions that are {@code async def} after the migration, by name, sorted. */
    private static List<String> asyncDefs(Migration m) {
        return m.changes().stream().flatMap(c -> Pattern.compile("(?m)^async def (\\w+)").matcher(c.after()).results())
                .map(r -> r.group(1)).sorted().toList();
    }

    private void edit(String path, String from, String to) {
        String text = files.get(path);
        assertThat(text).contains(from);
        files.put(path, text.replace(from, to));
    }
}
