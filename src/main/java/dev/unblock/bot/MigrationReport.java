package dev.unblock.bot;

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

    public static String changesFingerprintIn(String body) {
        Matcher m = CHANGES.matcher(body == null ? "" : body);
        return m.find() ? m.group(1) : null;
    }

    public static String body(Migration migration, String intro) {
        StringBuilder b = new StringBuilder(intro).append("\n\n### Changes\n");
        List<ChangeUnit> units = ChangeUnits.of(migration);
        for (FileChange change : migration.changes()) {
            b.append(change.isNewFile() ? "- new file " : "- ").append(Markdown.code(change.path())).append("\n");
            if (change.isNewFile()) {
                b.append("  - ").append(whyNew(change.path(), units)).append('\n');
                continue;
            }
            for (Suggestion s : Suggestion.of(change)) {
                b.append("  - ").append(s.linesAndReasons()).append('\n');
            }
        }
        if (!migration.findings().isEmpty()) {
            b.append("\n### Findings (not changed; please look)\n");
            migration.findings().forEach(f -> b.append("- ").append(ReviewPlan.findingLine(f)).append('\n'));
        }
        if (!migration.dependencies().isEmpty()) {
            b.append("\n### Dependency changes to make\n");
            for (DependencyChange d : migration.dependencies()) {
                b.append("- add `").append(d.add()).append('`');
                if (d.replaces() != null) {
                    b.append(" (replaces `").append(d.replaces()).append("`)");
                }
                b.append(": ").append(d.reason()).append('\n');
            }
        }
        b.append("\n<!-- unblock:changes=").append(changesFingerprint(migration)).append(" -->\n");
        return b.toString();
    }

    /** A "Skipped" section listing what the job left out of the repository and why; empty when nothing was. */
    public static String skippedText(Map<String, String> skipped) {
        if (skipped.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("\n### Skipped (not read)\n");
        skipped.forEach((path, why) -> b.append("- ").append(path.equals("*") ? "more files" : Markdown.code(path))
                .append(": ").append(why).append('\n'));
        return b.toString();
    }

    /** Changes and findings only, for the check run's text. */
    public static String findingsText(Iterable<Finding> findings) {
        StringBuilder b = new StringBuilder();
        findings.forEach(f -> b.append("- ").append(ReviewPlan.findingLine(f)).append('\n'));
        return b.toString();
    }
}
