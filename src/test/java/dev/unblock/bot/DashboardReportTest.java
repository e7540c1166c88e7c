package dev.unblock.bot;

import dev.unblock.github.GitHubTextLimits;
import dev.unblock.migrate.Finding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardReportTest {
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    static DashboardReport report(Map<String, DashboardReport.Row> rows, List<Finding> left,
                                  List<DashboardReport.PullRequestLine> pulls, Integer declined, boolean pushesOpen) {
        return new DashboardReport("master", COMMIT, rows, left, pulls, declined, pushesOpen, Map.of());
    }

    @Test
    void showsEachPackageWithTotalsThePullRequestsTheFindingsAndTheCommands() {
        Map<String, DashboardReport.Row> rows = DashboardReport.rows(Map.of("app/", 2), Map.of("app/", 3, "", 1),
                Map.of("app/api/", 1));
        List<Finding> left = List.of(new Finding("app/api/views.py", 7, 5, "UB007", "blocking call requests.get left synchronous: "
                + "it is inside a lambda", "move the call into a function"));
        String body = report(rows, left, List.of(new DashboardReport.PullRequestLine(12, "Move blocking I/O to asyncio", "master", 3)),
                null, true).body();
        assertThat(body).startsWith("**Unblock** tracks the migration of `master` from blocking I/O to asyncio here, and edits"
                + " this issue after each push to `master`. Numbers as of 0123456.\n\n"
                + "**7 blocking call sites found: 2 migrated, 4 to migrate, 1 left synchronous.**\n");
        assertThat(body).contains("""
                | package | found | migrated | to migrate | left |
                |---|---:|---:|---:|---:|
                | (top level) | 1 | 0 | 1 | 0 |
                | `app/` | 5 | 2 | 3 | 0 |
                | `app/api/` | 1 | 0 | 0 | 1 |
                | **all** | **7** | **2** | **4** | **1** |
                """);
        assertThat(body).contains("### Migration pull requests\n- #12 `Move blocking I/O to asyncio` into `master`: 3 blocking call sites\n");
        assertThat(body).contains("**`app/api/`** (1 finding)\n- `app/api/views.py:7` UB007 blocking call requests.get left"
                + " synchronous: it is inside a lambda (bridge: `move the call into a function`)\n");
        assertThat(body).contains("- `/unblock migrate`: open (or update) the migration pull request against the default branch")
                .contains("- `/unblock recheck`: ").contains("- `/unblock help`: list the commands.")
                .contains("Closing this issue stops its updates")
                .endsWith("\n<!-- unblock:dashboard commit=" + COMMIT + " -->\n");
        assertThat(DashboardIssue.commitIn(body)).isEqualTo(COMMIT);
        assertThat(DashboardIssue.turnedOff(body)).isFalse();
    }

    @Test
    void withNoPullRequestOpenItSaysWhichWasDeclinedAndHowToGetOne() {
        String body = report(DashboardReport.rows(Map.of(), Map.of("app/", 2), Map.of()), List.of(), List.of(), 11, false).body();
        assertThat(body).contains("### Migration pull requests\nNone open. #11 was closed without merging: Unblock does not"
                + " propose those changes again, and opens a new pull request only for a migration that differs. Pushes do"
                + " not open migration pull requests here (`mode` in `.github/unblock.yml`). `/unblock migrate` here opens"
                + " one with every change.\n");
    }

    @Test
    void aPackageNameCannotBreakTheTableOrTheMarkup() {
        String hostile = "a|b`</details>@x/";
        String body = report(DashboardReport.rows(Map.of(), Map.of(hostile, 1), Map.of()), List.of(), List.of(), null, true).body();
        assertThat(body).contains("| ``a\\|b`</details>@x/`` | 1 | 0 | 1 | 0 |\n");
    }

    @Test
    void nothingFoundIsAnEmptyReportThatOpensNoIssue() {
        DashboardReport empty = report(DashboardReport.rows(Map.of(), Map.of(), Map.of()), List.of(), List.of(), null, true);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.body()).contains("**No blocking I/O found** in the Python code of `master`.");
    }

    @Test
    void thousandsOfPackagesAndFindingsFitInOneIssueWithTheTotalsRight() {
        Map<String, Integer> toMigrate = new TreeMap<>();
        List<Finding> left = new ArrayList<>();
        Map<String, Integer> leftCounts = new LinkedHashMap<>();
        for (int i = 0; i < 3_000; i++) {
            String pkg = "src/package_" + i + "/";
            toMigrate.put(pkg, 3);
            for (int j = 0; j < 4; j++) {
                left.add(new Finding(pkg + "module.py", j + 1, 1, "UB007", "blocking call x.y left synchronous: "
                        + "it is in a callback ".repeat(5), null));
            }
            leftCounts.put(pkg, 4);
        }
        DashboardReport report = report(DashboardReport.rows(Map.of(), toMigrate, leftCounts), left, List.of(), null, true);
        String body = report.body();
        assertThat(GitHubTextLimits.size(body)).isLessThanOrEqualTo(GitHubTextLimits.BODY).isGreaterThan(50_000);
        assertThat(body).containsPattern("\\| and [\\d,]+ more packages \\(in the total\\) \\| \\| \\| \\| \\|\n")
                .contains("| **all** | **21,000** | **0** | **9,000** | **12,000** |")
                .containsPattern("and [\\d,]+ more packages: `unblock migrate` run on the project lists every finding\n")
                .contains("### Commands")
                .endsWith("<!-- unblock:dashboard commit=" + COMMIT + " -->\n");
    }

    @Test
    void theTurnedOffBodyKeepsAMarkerThatSaysSo() {
        String body = DashboardReport.turnedOffBody("master", COMMIT);
        assertThat(DashboardIssue.isDashboard(body)).isTrue();
        assertThat(DashboardIssue.turnedOff(body)).isTrue();
    }

    @Test
    void sitesMarkersRoundTripAnyPackageName() {
        Map<String, Integer> sites = new TreeMap<>(Map.of("", 1, "app/", 2, "we-->ird,:/", 3, "ünï/", 4));
        String marker = MigrationReport.sitesMarker(sites);
        assertThat(marker).doesNotContain("-->ird").endsWith(" -->");
        assertThat(MigrationReport.sitesIn("text\n" + marker + "\n")).isEqualTo(sites);
        assertThat(MigrationReport.sitesIn("<!-- unblock:sites=app%2F:x -->")).isEmpty();
        assertThat(MigrationReport.sitesIn(null)).isEmpty();
    }

    @Test
    void aSitesMarkerWithTooManyPackagesSumsTheRest() {
        Map<String, Integer> sites = new TreeMap<>();
        for (int i = 0; i < 2_000; i++) {
            sites.put("a/very/long/package/name/number/" + i + "/", 1);
        }
        String marker = MigrationReport.sitesMarker(sites);
        assertThat(marker.length()).isLessThan(MigrationReport.SITES_MARKER_BYTES + 100);
        Map<String, Integer> back = MigrationReport.sitesIn(marker);
        assertThat(back.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2_000);
        assertThat(back).containsKey(MigrationReport.OTHER_PACKAGES);
    }
}
