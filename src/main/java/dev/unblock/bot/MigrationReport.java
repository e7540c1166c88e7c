package dev.unblock.bot;

import dev.unblock.github.GitHubTextLimits;
import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The body of a migration pull request: every change, every finding, the dependency changes to make. */
public final class MigrationReport {
    private static final Pattern CHANGES = Pattern.compile("<!-- unblock:changes=([0-9a-f]+) -->");
    private static final Pattern SITES = Pattern.compile("<!-- unblock:sites=([^ ]*) -->");
    /** Bytes the per-package counts may take in a body; packages beyond are summed under {@link #OTHER_PACKAGES}. */
    static final int SITES_MARKER_BYTES = 8_000;
    /** The key of the packages a sites marker has no room to name. */
    static final String OTHER_PACKAGES = "*";

    private MigrationReport() {
    }

    /** A hash of the resulting files: equal hashes mean the same migration (to tell whether a closed PR said it). */
    public static String changesFingerprint(Migration migration) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            migration.changes().stream().sorted(Comparator.comparing(FileChange::path)).forEach(c -> {
                digest.update(c.path().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(c.after().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String changesFingerprintIn(String body) {
        Matcher m = CHANGES.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : null;
    }

    /**
     * A hidden marker with the blocking call sites a pull request converts per package, so that once it is merged the
     * dashboard can count them as migrated. Package names are URL-encoded (nothing in them can end the comment).
     */
    static String sitesMarker(Map<String, Integer> perPackage) {
        StringBuilder b = new StringBuilder();
        int other = 0;
        for (Map.Entry<String, Integer> e : perPackage.entrySet()) {
            String entry = java.net.URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + ":" + e.getValue();
            if (b.length() + entry.length() + 1 > SITES_MARKER_BYTES || e.getKey().equals(OTHER_PACKAGES)) {
                other += e.getValue();
            } else {
                b.append(b.length() == 0 ? "" : ",").append(entry);
            }
        }
        if (other > 0) {
            b.append(b.length() == 0 ? "" : ",").append(OTHER_PACKAGES).append(':').append(other);
        }
        return "<!-- unblock:sites=" + b + " -->";
    }

    /** The per-package counts of a body's sites marker; empty when it has none (or a malformed one). */
    static Map<String, Integer> sitesIn(String body) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        Matcher m = SITES.matcher(body == null ? "" : body);
        if (!m.find() || m.group(1).isEmpty()) {
            return out;
        }
        for (String entry : m.group(1).split(",")) {
            int colon = entry.lastIndexOf(':');
            try {
                String name = entry.substring(0, colon);
                out.merge(name.equals(OTHER_PACKAGES) ? name : java.net.URLDecoder.decode(name, StandardCharsets.UTF_8),
                        Integer.parseInt(entry.substring(colon + 1)), Integer::sum);
            } catch (RuntimeException e) {
                return new java.util.TreeMap<>(); // not ours, or edited by hand: counts nothing
            }
        }
        return out;
    }

    /** Why the migration adds a file: the changes that import it, with their rules. */
    static String whyNew(String path, List<ChangeUnit> units) {
        for (ChangeUnit unit : units) {
            if (unit.parts().stream().noneMatch(p -> p.isNewFile() && p.path().equals(path))) {
                continue;
            }
            List<String> users = unit.parts().stream().filter(p -> !p.isNewFile())
                    .map(p -> Markdown.code(p.path()) + " " + p.editLines()).toList();
            List<String> rules = unit.edits().stream().map(e -> e.ruleId()).filter(r -> !r.startsWith("UB0")).distinct().toList();
            if (!users.isEmpty()) {
                return "a support module that " + String.join(", ", users) + " import"
                        + (rules.isEmpty() ? "" : " (" + String.join(", ", rules) + ")");
            }
        }
        return "a support module that the migrated code imports";
    }

    /**
     * The pull request's body: the changes per file, the findings, the dependency changes and what was skipped, then
     * {@code next} (what later pushes, merging and closing do, and the commands), within GitHub's limit for a body.
     * What does not fit is counted ("and 2,412 more files…"): the pull request's commit still holds every change.
     */
    public static String body(Migration migration, String intro, String next, Map<String, String> skipped) {
        CallSites sites = CallSites.of(migration);
        String marker = "\n<!-- unblock:changes=" + changesFingerprint(migration) + " -->\n" + sitesMarker(sites.perPackage())
                + "\n";
        int total = sites.total();
        String head = BoundedList.cut(intro) + (total == 0 ? "" : " It converts " + BoundedList.count(total)
                + " blocking call " + (total == 1 ? "site" : "sites") + ".") + "\n\n";
        String tail = next.isEmpty() ? "" : "\n" + next;
        BoundedList.Budget room = new BoundedList.Budget(GitHubTextLimits.BODY - GitHubTextLimits.size(head)
                - GitHubTextLimits.size(marker) - GitHubTextLimits.size(tail) - FIXED_TEXT);
        // What the user must do comes first; then findings (at most a third of the room), skipped paths (a tenth), changes.
        BoundedList dependencies = new BoundedList(room);
        for (DependencyChange d : migration.dependencies()) {
            dependencies.add("add `" + d.add() + "`" + (d.test() ? " to the test dependencies" : "")
                    + (d.replaces() == null ? "" : " (replaces `" + d.replaces() + "`)") + ": "
                    + BoundedList.cut(d.reason()));
        }
        BoundedList findings = new BoundedList(room.part(3));
        migration.findings().forEach(f -> findings.add(BoundedList.cut(ReviewPlan.findingLine(f))));
        BoundedList notRead = new BoundedList(room.part(10));
        skipped.forEach((path, why) -> notRead.add(skippedLine(path, why)));
        BoundedList changes = new BoundedList(room);
        List<ChangeUnit> units = ChangeUnits.of(migration);
        for (FileChange change : migration.changes()) {
            changes.add(fileItem(change, units));
        }

        StringBuilder b = new StringBuilder(head).append("### Changes\n");
        b.append(changes.text(n -> "and " + BoundedList.count(n) + " more " + (n == 1 ? "file" : "files")
                + ", changed in this pull request's commit too (see Files changed)"));
        if (!migration.findings().isEmpty()) {
            b.append("\n### Findings (not changed; please look)\n");
            b.append(findings.text(n -> "and " + BoundedList.count(n) + " more: `unblock migrate` run on the project lists them all"));
        }
        if (!migration.dependencies().isEmpty()) {
            b.append("\n### Dependency changes to make\n");
            b.append(dependencies.text(n -> "and " + BoundedList.count(n) + " more"));
        }
        if (!skipped.isEmpty()) {
            b.append(SKIPPED_HEADING).append(notRead.text(n -> "and " + BoundedList.count(n) + " more paths"));
        }
        b.append(tail).append(marker);
        return b.toString();
    }

    /** Room kept for headings and closing lines. */
    static final int FIXED_TEXT = 2_000;
    /** Changes listed under one file; more are counted. */
    static final int CHANGES_PER_FILE = 50;
    private static final String SKIPPED_HEADING = "\n### Skipped (not read)\n";

    /** A file and its changes as one list item: "`path`" and a sub-item per run of changed lines. */
    private static String fileItem(FileChange change, List<ChangeUnit> units) {
        StringBuilder item = new StringBuilder(change.isNewFile() ? "new file " : "").append(Markdown.code(BoundedList.cut(change.path())))
                .append('\n');
        if (change.isNewFile()) {
            return item.append("  - ").append(BoundedList.cut(whyNew(change.path(), units))).append('\n').toString();
        }
        List<Suggestion> runs = Suggestion.of(change);
        for (int i = 0; i < runs.size() && i < CHANGES_PER_FILE; i++) {
            item.append("  - ").append(BoundedList.cut(runs.get(i).linesAndReasons())).append('\n');
        }
        if (runs.size() > CHANGES_PER_FILE) {
            item.append("  - and ").append(BoundedList.count(runs.size() - CHANGES_PER_FILE)).append(" more changes in this file\n");
        }
        return item.toString();
    }

    private static String skippedLine(String path, String why) {
        return (path.equals("*") ? "more files" : Markdown.code(BoundedList.cut(path))) + ": " + BoundedList.cut(why);
    }

    /**
     * The check run's text: the findings (each is also an annotation) and what was skipped, within GitHub's limit
     * for a check run's text.
     */
    public static String checkRunText(List<Finding> findings, Map<String, String> skipped) {
        BoundedList.Budget room = new BoundedList.Budget(GitHubTextLimits.CHECK_RUN_TEXT - FIXED_TEXT);
        BoundedList notRead = new BoundedList(room.part(4));
        skipped.forEach((path, why) -> notRead.add(skippedLine(path, why)));
        BoundedList listed = new BoundedList(room);
        findings.forEach(f -> listed.add(BoundedList.cut(ReviewPlan.findingLine(f))));
        StringBuilder b = new StringBuilder(listed.text(n -> "and " + BoundedList.count(n) + " more, each an annotation of this check run"));
        if (!skipped.isEmpty()) {
            b.append(SKIPPED_HEADING).append(notRead.text(n -> "and " + BoundedList.count(n) + " more paths"));
        }
        return b.toString();
    }
}
