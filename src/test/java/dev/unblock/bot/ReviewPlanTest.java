package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.git.LineRange;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Migration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReviewPlanTest {
    static final String BEFORE = "a()\nb()\nc()\nd()\ne()\n";

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

    @Test
    void groupsTouchingLinesIntoOneRangeAndKeepsSeparateLinesApart() {
        ReviewPlan plan = ReviewPlan.build(migration(rename(1, "a()", "A()"), rename(2, "b()", "B()"), rename(4, "d()", "D()")),
                Map.of("m.py", new ChangedFile("m.py", null, List.of(new LineRange(1, 5)))), Set.of(), Set.of(), 25);
        assertThat(plan.inline()).extracting(Suggestion::startLine, Suggestion::endLine, Suggestion::replacement)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 2, "A()\nB()"), org.assertj.core.groups.Tuple.tuple(4, 4, "D()"));
    }

    @Test
    void theWebPortIsNeverSuggestedInline() {
        int start = BEFORE.indexOf("b()");
        AppliedEdit port = new AppliedEdit(start, start + 3, 2, 2, "B()", "UB801", "the FastAPI app.");
        ReviewPlan plan = ReviewPlan.build(migration(rename(1, "a()", "A()"), port),
                Map.of("m.py", new ChangedFile("m.py", null, List.of(new LineRange(1, 5)))), Set.of(), Set.of(), 25);
        assertThat(plan.inline()).isEmpty();
        assertThat(plan.elsewhere()).extracting(Suggestion::startLine).containsExactly(1);
    }

    @Test
    void rangesOutsideOneHunkAndOverTheCapGoToTheBody() {
        Migration m = migration(rename(1, "a()", "A()"), rename(3, "c()", "C()"), rename(5, "e()", "E()"));
        ChangedFile diff = new ChangedFile("m.py", null, List.of(new LineRange(1, 3)));
        ReviewPlan plan = ReviewPlan.build(m, Map.of("m.py", diff), Set.of(), Set.of(), 1);
        assertThat(plan.inline()).extracting(Suggestion::startLine).containsExactly(1);
        assertThat(plan.elsewhere()).extracting(Suggestion::startLine).containsExactly(3, 5);
        assertThat(plan.body()).contains("over the limit of 1 comments").contains("`m.py` line 3").contains("`m.py` line 5");
    }

    @Test
    void whatWasAlreadySaidIsNotSaidAgainAndThenThereIsNoReview() {
        Migration m = migration(rename(1, "a()", "A()"));
        Map<String, ChangedFile> diff = Map.of("m.py", new ChangedFile("m.py", null, List.of(new LineRange(1, 5))));
        ReviewPlan first = ReviewPlan.build(m, diff, Set.of(), Set.of(), 25);
        Set<String> said = Fingerprints.in(first.inline().get(0).commentBody());
        assertThat(ReviewPlan.build(m, diff, said, Set.of(), 25).isEmpty()).isTrue();
    }

    @Test
    void editsThatDoNotFitTheTextAreListedWholeAndNeverAnchored() {
        AppliedEdit outside = new AppliedEdit(BEFORE.length() + 5, BEFORE.length() + 9, 1, 1, "x", "UB900", "bad.");
        Migration m = new Migration(List.of(new FileChange("m.py", BEFORE, "X\n", List.of(outside))), List.of(), List.of());
        ReviewPlan plan = ReviewPlan.build(m, Map.of("m.py", new ChangedFile("m.py", null, List.of(new LineRange(1, 5)))), Set.of(), Set.of(), 25);
        assertThat(plan.inline()).isEmpty();
        assertThat(plan.elsewhere()).singleElement().satisfies(s -> assertThat(s.replacement()).isEqualTo("X\n"));
    }
}
