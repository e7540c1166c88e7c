package dev.unblock.bot;

import dev.unblock.github.GitHubTextLimits;
import dev.unblock.migrate.Finding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard issue's body: blocking call sites per package (found / migrated / to migrate / left), the migration
 * pull requests, what is left synchronous and why, and the commands; within GitHub's limit for a body, lists
 * summarised where they would not fit.
 *
 * @param branch        the default branch
 * @param commit        the commit the numbers are for
 * @param rows          per package (see {@link CallSites#packageOf})
 * @param left          the findings: what the migration keeps synchronous, with why
 * @param pulls         open migration pull requests
 * @param declined      the newest migration pull request of the default branch a person closed without merging,
 *                      when none is open; else null
 * @param pushesOpenPullRequests whether pushes open migration pull requests ({@code mode:})
 * @param skipped       paths not read, with why
 */
record DashboardReport(String branch, String commit, Map<String, Row> rows, List<Finding> left, List<PullRequestLine> pulls,
                       Integer declined, boolean pushesOpenPullRequests, Map<String, String> skipped) {

    /** One package's blocking call sites. */
    record Row(int migrated, int toMigrate, int left) {
        int found() {
            return migrated + toMigrate + left;
        }

        Row plus(Row other) {
            return new Row(migrated + other.migrated, toMigrate + other.toMigrate, left + other.left);
        }
    }

    /** An open migration pull request: its number, title, branch it goes into and the call sites it converts. */
    record PullRequestLine(int number, String title, String base, int sites) {
    }

    /** Room kept for the fixed sentences, headings, commands and the marker. */
    static final int FIXED_TEXT = 6_000;
    /** Findings listed under one package; more are counted. */
    static final int FINDINGS_PER_PACKAGE = 100;

    /** The rows from the three counts per package; packages with nothing found are left out. */
    static Map<String, Row> rows(Map<String, Integer> migrated, Map<String, Integer> toMigrate, Map<String, Integer> left) {
        Map<String, Row> rows = new TreeMap<>();
        migrated.forEach((p, n) -> rows.merge(p, new Row(n, 0, 0), Row::plus));
        toMigrate.forEach((p, n) -> rows.merge(p, new Row(0, n, 0), Row::plus));
        left.forEach((p, n) -> rows.merge(p, new Row(0, 0, n), Row::plus));
        rows.values().removeIf(r -> r.found() == 0);
        return rows;
    }

    /** True when there is nothing to show: then no dashboard is opened. */
    boolean isEmpty() {
        return rows.isEmpty() && pulls.isEmpty() && left.isEmpty();
    }

    Row total() {
        return rows.values().stream().reduce(new Row(0, 0, 0), Row::plus);
    }

    String body() {
        String code = Markdown.code(branch);
        String marker = "\n" + DashboardIssue.marker(commit, false) + "\n";
        StringBuilder head = new StringBuilder("**Unblock** tracks the migration of ").append(code)
                .append(" from blocking I/O to asyncio here, and edits this issue after each push to ").append(code)
                .append(". Numbers as of ").append(commit, 0, 7).append(".\n\n");
        Row total = total();
        if (rows.isEmpty()) {
            head.append("**No blocking I/O found** in the Python code of ").append(code).append(".\n");
        } else {
            head.append("**").append(sites(total.found())).append(" found: ").append(BoundedList.count(total.migrated()))
                    .append(" migrated, ").append(BoundedList.count(total.toMigrate())).append(" to migrate, ")
                    .append(BoundedList.count(total.left())).append(" left synchronous.**\n");
        }
        String tail = commands();
        BoundedList.Budget room = new BoundedList.Budget(GitHubTextLimits.BODY - GitHubTextLimits.size(head.toString())
                - GitHubTextLimits.size(tail) - GitHubTextLimits.size(marker) - FIXED_TEXT);

        BoundedList pullItems = new BoundedList(room.part(10));
        for (PullRequestLine p : pulls) {
            pullItems.add("#" + p.number() + " " + Markdown.code(GitHubTextLimits.cut(p.title(), 200)) + " into "
                    + Markdown.code(BoundedList.cut(p.base())) + ": " + sites(p.sites()));
        }
        BoundedList notRead = new BoundedList(room.part(10));
        skipped.forEach((path, why) -> notRead.add((path.equals("*") ? "more files" : Markdown.code(BoundedList.cut(path)))
                + ": " + BoundedList.cut(why)));
        BoundedList table = new BoundedList(room.part(3), "");
        rows.forEach((pkg, r) -> table.add("| " + packageCell(pkg) + " | " + BoundedList.count(r.found()) + " | "
                + BoundedList.count(r.migrated()) + " | " + BoundedList.count(r.toMigrate()) + " | "
                + BoundedList.count(r.left()) + " |"));
        BoundedList findings = new BoundedList(room, "");
        for (Map.Entry<String, List<Finding>> pkg : byPackage(left).entrySet()) {
            StringBuilder item = new StringBuilder("**").append(packageName(pkg.getKey())).append("** (")
                    .append(BoundedList.count(pkg.getValue().size())).append(pkg.getValue().size() == 1 ? " finding" : " findings")
                    .append(")\n");
            List<Finding> list = pkg.getValue();
            for (int i = 0; i < list.size() && i < FINDINGS_PER_PACKAGE; i++) {
                item.append("- ").append(BoundedList.cut(ReviewPlan.findingLine(list.get(i)))).append('\n');
            }
            if (list.size() > FINDINGS_PER_PACKAGE) {
                item.append("- and ").append(BoundedList.count(list.size() - FINDINGS_PER_PACKAGE)).append(" more in this package\n");
            }
            findings.add(item.append('\n').toString());
        }

        StringBuilder b = new StringBuilder(head);
        if (!rows.isEmpty()) {
            b.append("\n### Progress per package\n")
                    .append("| package | found | migrated | to migrate | left |\n|---|---:|---:|---:|---:|\n")
                    .append(table.text(n -> "| and " + BoundedList.count(n) + " more packages (in the total) | | | | |"))
                    .append("| **all** | **").append(BoundedList.count(total.found())).append("** | **")
                    .append(BoundedList.count(total.migrated())).append("** | **").append(BoundedList.count(total.toMigrate()))
                    .append("** | **").append(BoundedList.count(total.left())).append("** |\n\n")
                    .append("*found*: blocking call sites (migrated + to migrate + left). *migrated*: converted by Unblock's")
                    .append(" migration pull requests merged into ").append(code).append(". *to migrate*: the migration")
                    .append(" converts them now. *left*: places the migration keeps synchronous, each with a finding below")
                    .append(" saying why (a file that does not parse counts once).\n");
        }
        b.append("\n### Migration pull requests\n");
        if (pulls.isEmpty()) {
            b.append("None open.");
            if (declined != null) {
                b.append(" #").append(declined).append(" was closed without merging: Unblock does not propose those changes")
                        .append(" again, and opens a new pull request only for a migration that differs.");
            }
            if (!pushesOpenPullRequests) {
                b.append(" Pushes do not open migration pull requests here (`mode` in `").append(RepoConfig.PATH).append("`).");
            }
            if (total.toMigrate() > 0) {
                b.append(" ").append(Commands.MIGRATE.code()).append(" here opens one with every change.");
            }
            b.append('\n');
        } else {
            b.append(pullItems.text(n -> "and " + BoundedList.count(n) + " more"));
        }
        if (!left.isEmpty()) {
            b.append("\n### Left synchronous, and why\n")
                    .append(findings.text(n -> "and " + BoundedList.count(n) + " more packages: `unblock migrate` run on the"
                            + " project lists every finding"));
        }
        if (!skipped.isEmpty()) {
            b.append("\n### Skipped (not read)\n").append(notRead.text(n -> "and " + BoundedList.count(n) + " more paths"));
        }
        b.append('\n').append(tail).append(marker);
        return b.toString();
    }

    /** The commands, and what closing or turning off the dashboard does. */
    private static String commands() {
        return "### Commands\nComment on this issue (people with write access):\n" + Commands.list(Commands.Place.ISSUE)
                + "\nOn a pull request the same commands act on that pull request.\n\n"
                + "Closing this issue stops its updates: Unblock neither re-opens it nor opens another one. Re-open it to"
                + " have pushes update it again (" + Commands.RECHECK.code() + " here updates it at once), or set"
                + " `dashboard: false` in `" + RepoConfig.PATH + "` to turn it off (Unblock then closes it).\n";
    }

    /** The body left in a dashboard that the config turned off, before Unblock closes it. */
    static String turnedOffBody(String branch, String commit) {
        return "**Unblock**'s migration dashboard is turned off (`dashboard: false` in `" + RepoConfig.PATH + "` on "
                + Markdown.code(branch) + " at " + commit.substring(0, 7) + "). Remove that line, or set it to `true`, and"
                + " Unblock re-opens and updates this issue on the next push.\n\n" + DashboardIssue.marker(commit, true) + "\n";
    }

    private static String sites(int n) {
        return BoundedList.count(n) + " blocking call " + (n == 1 ? "site" : "sites");
    }

    private static Map<String, List<Finding>> byPackage(List<Finding> findings) {
        Map<String, List<Finding>> out = new TreeMap<>();
        for (Finding f : findings) {
            out.computeIfAbsent(CallSites.packageOf(f.path()), p -> new ArrayList<>()).add(f);
        }
        Map<String, List<Finding>> sorted = new LinkedHashMap<>();
        out.forEach((p, list) -> {
            list.sort(java.util.Comparator.comparing(Finding::path).thenComparingInt(Finding::line));
            sorted.put(p, list);
        });
        return sorted;
    }

    private static String packageName(String pkg) {
        return pkg.isEmpty() ? "(top level)" : pkg.equals(MigrationReport.OTHER_PACKAGES) ? "(other packages)"
                : Markdown.code(BoundedList.cut(pkg));
    }

    /** A package in a table cell: a pipe would end the cell, so it is escaped (GitHub undoes that inside code). */
    private static String packageCell(String pkg) {
        return pkg.isEmpty() ? "(top level)" : packageName(pkg).replace("|", "\\|");
    }
}
