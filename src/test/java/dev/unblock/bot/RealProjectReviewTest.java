package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.DirectorySnapshot;
import dev.unblock.migrate.Engine;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.Payloads;
import dev.unblock.testing.Python3;
import dev.unblock.testing.PythonJudge;
import dev.unblock.testing.RemoteRepo;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.unblock.testing.FakeGitHub.REPO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pull request shaped like real work on a real project (the weather bot under test resources): it edits lines
 * inside functions whose {@code def} lies outside the diff, in several files, and adds two modules. The App with
 * the real engine reviews it; every suggestion committed alone, and all of them, must compile and define what
 * they use, and pyright must find nothing in the result that it does not also find in the CLI's migration.
 */
class RealProjectReviewTest {
    static final Path PROJECT = Path.of("src/test/resources/review/weatherbot");
    static final String ALERTS = """
            \"\"\"Alerts sent to the on-call channel.\"\"\"
            import time

            import requests

            WEBHOOK = "https://chat.example.com/hooks/weather"


            def send_alert(text, attempts=3):
                for attempt in range(attempts):
                    response = requests.post(WEBHOOK, json={"text": text}, timeout=5)
                    if response.ok:
                        return True
                    time.sleep(2 ** attempt)
                return False


            def format_alert(city, reading):
                return f"{city}: {reading['sky']} ({reading['temp']}°)"
            """;
    static final String BACKOFF = """
            import time


            def wait_politely(seconds):
                \"\"\"Gives a busy service room before the next call.\"\"\"
                time.sleep(seconds)
            """;

    @TempDir
    Path dir;

    @Test
    void suggestionsOnARealisticPullRequestEachStandAloneAndTogetherMatchTheCli() throws Exception {
        Map<String, String> base = read(PROJECT);
        Map<String, String> head = new TreeMap<>(base);
        head.put("weatherbot/api.py", base.get("weatherbot/api.py")
                .replace("LOG.info(\"service busy, retrying %s\", city)", "LOG.warning(\"service busy (%s), attempt %d\", city, attempt)")
                .replace("return [day for day in data[\"days\"]][:days]", "return list(data[\"days\"])[:days]"));
        head.put("weatherbot/poller.py", base.get("weatherbot/poller.py")
                .replace("        print(reports[-1])\n        sys.stdout.flush()\n", "        print(reports[-1], flush=True)\n"));
        head.put("weatherbot/alerts.py", ALERTS);
        head.put("weatherbot/backoff.py", BACKOFF);
        Map<String, String> changed = new TreeMap<>();
        head.forEach((path, text) -> {
            if (!text.equals(base.get(path))) {
                changed.put(path, text);
            }
        });

        JsonNode review;
        try (FakeGitHub github = new FakeGitHub(); RemoteRepo remote = new RemoteRepo(dir.resolve("remote"));
             TestApp app = TestApp.start(dir.resolve("data"), github.url(), new Engine(), TestApp.fastTuning())) {
            String baseSha = remote.commit("master", base, "the weather bot");
            String headSha = remote.commit("alerts", changed, "alerts, quieter logs");
            remote.pullRef(5, headSha);
            github.stubEarlierReview(5, List.of());
            github.stubReviewAnswer(5);
            github.stubCheckRunAnswer();
            app.deliver("pull_request", "real-project", Payloads.pullRequest("opened", 5, headSha, baseSha, remote.url()));
            assertThat(app.awaitFinished("real-project")).isEqualTo("done");
            review = github.json(github.requests("POST", REPO + "/pulls/5/reviews").get(0));
        }

        // The new modules stand alone; the edits inside forecast() and poll() need their `async def`
        // lines and their callers, outside the diff: they are listed, with why, not suggested.
        List<Suggestion> suggestions = new ArrayList<>();
        review.get("comments").forEach(c -> suggestions.add(fromComment(c)));
        assertThat(suggestions).extracting(Suggestion::path).containsExactly("weatherbot/alerts.py", "weatherbot/backoff.py");
        String body = review.get("body").asText();
        assertThat(body).contains("- `weatherbot/api.py` lines ").contains("lie outside this pull request's diff")
                .contains("`forecast` becomes async because it calls `requests.get`")
                .contains("`outlook` becomes async because it calls `forecast` (`weatherbot/api.py`) → `requests.get`")
                .contains("`poll` becomes async because it calls `time.sleep`");

        String python = PythonJudge.python().orElseThrow(() -> new AssertionError("python3 is needed"));
        Map<String, PythonJudge.Source> sources = new LinkedHashMap<>();
        List<List<Suggestion>> sets = new ArrayList<>();
        suggestions.forEach(s -> sets.add(List.of(s)));
        sets.add(suggestions);
        for (List<Suggestion> set : sets) {
            for (Suggestion s : set) {
                String applied = SuggestionsStandAloneTest.apply(head.get(s.path()), set.stream()
                        .filter(o -> o.path().equals(s.path())).toList());
                sources.put(SuggestionsStandAloneTest.describe(set) + " " + s.path(), new PythonJudge.Source(s.path(), applied));
            }
        }
        PythonJudge.judge(python, sources).forEach((id, verdict) -> {
            assertThat(verdict.error()).as(id).isNull();
            if (verdict.undefined() != null) {
                assertThat(verdict.undefined()).as(id).isEmpty();
            }
        });

        // All of them committed: what pyright reports is nothing the CLI's migration of the same files avoids.
        Migration cli = new Engine().migrate(new DirectorySnapshot(write(dir.resolve("head"), head)),
                ChangeSet.of(new TreeSet<>(changed.keySet())), MigrationConfig.defaults());
        Map<String, String> viaCli = new TreeMap<>(head);
        for (FileChange c : cli.changes()) {
            viaCli.put(c.path(), c.after());
        }
        Map<String, String> viaSuggestions = new TreeMap<>(head);
        for (Suggestion s : suggestions) {
            viaSuggestions.put(s.path(), SuggestionsStandAloneTest.apply(head.get(s.path()),
                    suggestions.stream().filter(o -> o.path().equals(s.path())).toList()));
        }
        for (Suggestion s : suggestions) {
            assertThat(viaSuggestions.get(s.path())).as("all suggestions of %s = the CLI's file", s.path())
                    .isEqualTo(viaCli.get(s.path()));
        }
        Optional<Path> pyright = dev.unblock.testing.Pyright.find();
        if (pyright.isEmpty()) {
            System.out.println("pyright not installed and no npm to install it: that check skipped");
            return;
        }
        Set<String> cliDiagnostics = diagnostics(pyright.get(), python, write(dir.resolve("cli"), viaCli));
        Set<String> suggestionDiagnostics = diagnostics(pyright.get(), python, write(dir.resolve("suggested"), viaSuggestions));
        Set<String> added = new TreeSet<>(suggestionDiagnostics);
        added.removeAll(cliDiagnostics);
        System.out.printf("pyright: %d diagnostics after the suggestions, %d after the CLI's migration%n",
                suggestionDiagnostics.size(), cliDiagnostics.size());
        assertThat(added).isEmpty();
    }

    /** The suggestion a review comment carries: its lines and the block between the fences. */
    static Suggestion fromComment(JsonNode c) {
        String text = c.get("body").asText();
        int open = text.indexOf("suggestion\n") + "suggestion\n".length();
        String fence = text.substring(text.lastIndexOf('\n', open - 2) + 1, open - "suggestion\n".length());
        String replacement = text.substring(open, text.indexOf("\n" + fence + "\n", open - 1) + 1);
        if (replacement.equals("\n") && text.startsWith(fence, open)) {
            replacement = "";
        }
        int line = c.get("line").asInt();
        return new Suggestion(c.get("path").asText(), c.path("start_line").asInt(line), line, "", replacement, List.of(), "");
    }

    static Map<String, String> read(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
        }
        return files;
    }

    static Path write(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        return root;
    }

    /** pyright's diagnostics of a folder as "file: rule: message" (no line numbers: the files differ in length). */
    static Set<String> diagnostics(Path pyright, String python, Path root) throws IOException, InterruptedException {
        // Run from the project's root, so that its own package imports resolve.
        Process p = new ProcessBuilder(pyright.toString(), "--outputjson", "--pythonpath", python, ".")
                .directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        Set<String> found = new TreeSet<>();
        for (JsonNode d : Fixtures.JSON.readTree(out).path("generalDiagnostics")) {
            String file = root.toRealPath().relativize(Path.of(d.get("file").asText()).toRealPath()).toString();
            found.add(file + ": " + d.path("rule").asText(d.path("severity").asText()) + ": " + d.get("message").asText());
        }
        return found;
    }
}
