// Migrates each project named in UNBLOCK_CHECK_PROJECTS (name=dir pairs, separated by ';') with the default
// config and prints, per project and rule, the converted call sites and the findings; then writes the migrated
// files under UNBLOCK_CHECK_OUT/<name>/ (and the originals beside it, under original/) for the compile check. Run by scripts/real-code-check.sh.
import dev.unblock.migrate.*;
import java.nio.file.*;
import java.util.*;

Map<String, int[]> totals = new TreeMap<>();
Engine engine = new Engine();
Path out = Path.of(System.getenv("UNBLOCK_CHECK_OUT"));
for (String pair : System.getenv("UNBLOCK_CHECK_PROJECTS").split(";")) {
    String name = pair.substring(0, pair.indexOf('='));
    Path root = Path.of(pair.substring(pair.indexOf('=') + 1));
    Migration m = engine.migrate(new DirectorySnapshot(root), ChangeSet.all(), MigrationConfig.defaults());
    // [0] converted call sites (distinct file:line with an edit of the rule), [1] findings
    Map<String, int[]> perRule = new TreeMap<>();
    for (FileChange c : m.changes()) {
        Set<String> seen = new HashSet<>();
        for (AppliedEdit e : c.edits()) {
            if (seen.add(e.ruleId() + "@" + e.startLine())) {
                perRule.computeIfAbsent(e.ruleId(), k -> new int[2])[0]++;
            }
        }
        Path target = out.resolve(name).resolve(c.path());
        Files.createDirectories(target.getParent());
        Files.writeString(target, c.after());
        if (c.before() != null) {
            Path original = out.resolveSibling("original").resolve(name).resolve(c.path());
            Files.createDirectories(original.getParent());
            Files.writeString(original, c.before());
        }
    }
    for (Finding f : m.findings()) {
        perRule.computeIfAbsent(f.ruleId(), k -> new int[2])[1]++;
    }
    System.out.printf("%s: %d files changed, %d findings, dependencies: %s%n", name, m.changes().size(),
            m.findings().size(), m.dependencies().stream().map(d -> d.add()).toList());
    perRule.forEach((rule, n) -> {
        System.out.printf("  %-7s %5d lines converted %5d findings%n", rule, n[0], n[1]);
        int[] t = totals.computeIfAbsent(rule, k -> new int[2]);
        t[0] += n[0];
        t[1] += n[1];
    });
}
System.out.println("all projects:");
totals.forEach((rule, n) -> System.out.printf("  %-7s %5d lines converted %5d findings%n", rule, n[0], n[1]));
/exit
