package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.git.LineRange;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.Engine;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.ProjectSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewPlanTest {
    static final String BEFORE = "a()\nb()\nc()\nd()\ne()\n";
    static final Engine ENGINE = new Engine();

    static AppliedEdit rename(int line, String from, String to) {
        int start = BEFORE.indexOf(from);
        return new AppliedEdit(start, start + from.length(), line, line, to, "UB900", "renamed.");
    }

    static Migration migration(AppliedEdit... edits) {
        String after = BEFORE;
        for (int i = edits.length - 1; i >= 0; i--) {
            after = after.substring(0, edits[i].start()) + edits[i].replacement() + after.substring(edits[i].end());
        }
        return new Migration(List.of(new FileChange("m.py", BEFORE, after, List.of(edits))), List.of(), List.of());
    }

    static Map<String, ChangedFile> hunks(String path, LineRange... ranges) {
        return Map.of(path, new ChangedFile(path, null, List.of(ranges)));
    }

    static ReviewPlan plan(Migration m, Map<String, ChangedFile> diff) {
        return ReviewPlan.build(m, diff, Set.of(), Set.of(), 25, path -> null);
    }

    /** A project in memory. */
    record Files(Map<String, String> texts) implements ProjectSnapshot {
        @Override
        public SortedSet<String> pythonFiles() {
            return new TreeSet<>(texts.keySet());
        }

        @Override
        public boolean exists(String path) {
            return texts.containsKey(path);
        }

        @Override
        public byte[] read(String path) {
            return texts.get(path).getBytes(StandardCharsets.UTF_8);
        }
    }

    static Migration migrate(Map<String, String> files, String... changed) throws Exception {
        return ENGINE.migrate(new Files(files), ChangeSet.of(Set.of(changed)), MigrationConfig.defaults());
    }

    @Test
    void theWebPortIsNeverSuggestedInline() {
        int start = BEFORE.indexOf("b()");
        AppliedEdit port = new AppliedEdit(start, start + 3, 2, 2, "B()", "UB801", "the FastAPI app.");
        ReviewPlan plan = plan(migration(rename(1, "a()", "A()"), port), hunks("m.py", new LineRange(1, 5)));
        assertThat(plan.inline()).extracting(Suggestion::startLine).containsExactly(1);
        assertThat(plan.elsewhere()).singleElement()
                .satisfies(e -> assertThat(e.notInline()).contains("part of the port to FastAPI"));
    }

    @Test
    void independentChangesAreSeparateSuggestions() {
        ReviewPlan plan = plan(migration(rename(1, "a()", "A()"), rename(2, "b()", "B()"), rename(4, "d()", "D()")),
                hunks("m.py", new LineRange(1, 5)));
        assertThat(plan.inline()).extracting(Suggestion::startLine, Suggestion::endLine, Suggestion::replacement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1, "A()"), org.assertj.core.groups.Tuple.tuple(2, 2, "B()"),
                        org.assertj.core.groups.Tuple.tuple(4, 4, "D()"));
    }

    @Test
    void unitsOutsideOneHunkAndOverTheCapGoToTheBodySayingWhy() {
        Migration m = migration(rename(1, "a()", "A()"), rename(3, "c()", "C()"), rename(5, "e()", "E()"));
        ReviewPlan plan = ReviewPlan.build(m, hunks("m.py", new LineRange(1, 3)), Set.of(), Set.of(), 1, path -> null);
        assertThat(plan.inline()).extracting(Suggestion::startLine).containsExactly(1);
        assertThat(plan.body()).contains("- `m.py` line 3 — not inline: over the limit of 1 comments per review\n")
                .contains("- `m.py` line 5 — not inline: line 5 lies outside this pull request's diff\n");
    }

    @Test
    void whatWasAlreadySaidIsNotSaidAgainAndThenThereIsNoReview() {
        Migration m = migration(rename(1, "a()", "A()"));
        Map<String, ChangedFile> diff = hunks("m.py", new LineRange(1, 5));
        ReviewPlan first = plan(m, diff);
        Set<String> said = Fingerprints.in(first.inline().get(0).commentBody());
        ReviewPlan again = ReviewPlan.build(m, diff, said, Set.of(), 25, path -> null);
        assertThat(again.isEmpty()).isTrue();
        assertThat(again.stillValid()).containsAll(said);
    }

    @Test
    void editsThatDoNotFitTheTextAreNeverAnchored() {
        AppliedEdit outside = new AppliedEdit(BEFORE.length() + 5, BEFORE.length() + 9, 1, 1, "x", "UB900", "bad.");
        Migration m = new Migration(List.of(new FileChange("m.py", BEFORE, "X\n", List.of(outside))), List.of(), List.of());
        ReviewPlan plan = plan(m, hunks("m.py", new LineRange(1, 5)));
        assertThat(plan.inline()).isEmpty();
        assertThat(plan.elsewhere()).singleElement().satisfies(e -> assertThat(e.notInline()).contains("could not be placed"));
    }

    static final String WORKER = """
            import time


            def work(items):
                done = []
                for item in items:
                    done.append(item * 2)
                    time.sleep(0.1)
                return done
            """;

    @Test
    void anAwaitWhoseDefLiesOutsideTheDiffIsNotSuggestedAndTheBodySaysWhy() throws Exception {
        Migration m = migrate(Map.of("worker.py", WORKER), "worker.py");
        ReviewPlan plan = plan(m, hunks("worker.py", new LineRange(5, 9)));
        assertThat(plan.inline()).isEmpty();
        assertThat(plan.body()).contains("- `worker.py` lines 1, 4, 8 — not inline: lines 1, 4 lie outside this pull request's diff\n")
                .contains("  - UB001 `work` becomes async because it calls `time.sleep`\n")
                .contains("`work` becomes `async def` (line 4), which the changes inside it need (line 8)");
        ReviewPlan whole = plan(m, hunks("worker.py", new LineRange(1, 9)));
        assertThat(whole.inline()).singleElement().satisfies(s -> {
            assertThat(s.startLine()).isEqualTo(1);
            assertThat(s.endLine()).isEqualTo(8);
        });
    }

    @Test
    void aSuggestionThatGrowsAfterAPushIsNewAndTheEarlierOneStale() throws Exception {
        String one = "import asyncio\nimport time\n\n\ndef nap():\n    time.sleep(1)\n";
        Migration first = migrate(Map.of("n.py", one), "n.py");
        Map<String, ChangedFile> all = hunks("n.py", new LineRange(1, 20));
        Suggestion earlier = plan(first, all).inline().get(0);
        // A push adds a second sleeper: the import of time can only go once both stop using it.
        String two = one + "\n\ndef doze():\n    time.sleep(2)\n";
        ReviewPlan next = ReviewPlan.build(migrate(Map.of("n.py", two), "n.py"), all, Set.of(earlier.fingerprint()),
                Set.of(), 25, path -> null);
        assertThat(next.inline()).singleElement().satisfies(s -> assertThat(s.fingerprint()).isNotEqualTo(earlier.fingerprint()));
        assertThat(next.stillValid()).doesNotContain(earlier.fingerprint());
    }

    @Test
    void findingsWithTheSameMessageOnDifferentLinesAreEachListed() {
        List<Finding> findings = List.of(new Finding("m.py", 1, 1, "UB007", "stays synchronous", null),
                new Finding("m.py", 3, 1, "UB007", "stays synchronous", null),
                new Finding("m.py", 5, 1, "UB007", "stays synchronous", null));
        Migration m = new Migration(List.of(), findings, List.of());
        ReviewPlan plan = ReviewPlan.build(m, hunks("m.py", new LineRange(1, 5)), Set.of(), Set.of(), 25,
                path -> "x()\nx()\nx()\nx()\nx()\n");
        assertThat(plan.findings()).hasSize(3);
        // Said once, none is said again (fingerprints do not depend on line numbers, so a push does not repeat them).
        List<Finding> moved = findings.stream().map(f -> new Finding(f.path(), f.line() + 1, 1, f.ruleId(), f.message(), null))
                .toList();
        ReviewPlan again = ReviewPlan.build(new Migration(List.of(), moved, List.of()), hunks("m.py", new LineRange(1, 6)),
                Set.of(), plan.bodyFingerprints(), 25, path -> "y = 1\nx()\nx()\nx()\nx()\nx()\n");
        assertThat(again.findings()).isEmpty();
    }
}
