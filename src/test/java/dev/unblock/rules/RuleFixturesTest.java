package dev.unblock.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.unblock.bot.RepoConfigParser;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.DirectorySnapshot;
import dev.unblock.migrate.Engine;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.testing.Python3;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The rule fixture contract (DESIGN.md §5), one dynamic test per case folder under fixtures/rules/<ID>-<name>/:
 * <ul>
 *   <li>{@code before.py} (or a {@code before/} project tree) is migrated; the result equals {@code after.py}
 *       (or the files of {@code after/}) byte for byte; no after means no change;</li>
 *   <li>every after file compiles under CPython (where python3 exists);</li>
 *   <li>migrating the after state again changes nothing;</li>
 *   <li>findings are exactly those listed in {@code expect.yml} (line, rule, words of the message), none
 *       when it is absent; {@code unblock.yml} in the case folder is the config; {@code dependencies:} in
 *       {@code expect.yml}, when given, lists the dependency changes ({@code add} or {@code add replaces old});</li>
 *   <li>an after file holding only {@code # support module: NAME} stands for the support module
 *       {@code dev/unblock/support/NAME} that the migration adds (so fixtures do not repeat it).</li>
 * </ul>
 */
class RuleFixturesTest {
    private static final Engine ENGINE = new Engine();
    /** {@code -Dunblock.fixtures.only=UB1} runs the rules whose folder starts with it (quicker while iterating). */
    private static final String ONLY = System.getProperty("unblock.fixtures.only", "");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicNode> everyCase() throws Exception {
        Path root = Path.of(RuleFixturesTest.class.getResource("/fixtures/rules").toURI());
        List<DynamicNode> rules = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path rule : dirs.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith(ONLY))
                    .sorted().toList()) {
                List<DynamicNode> cases = new ArrayList<>();
                try (Stream<Path> cs = Files.list(rule)) {
                    for (Path c : cs.filter(Files::isDirectory).sorted().toList()) {
                        cases.add(DynamicTest.dynamicTest(c.getFileName().toString(), () -> runCase(c)));
                    }
                }
                rules.add(DynamicContainer.dynamicContainer(rule.getFileName().toString(), cases));
            }
        }
        return rules.stream();
    }

    private void runCase(Path dir) throws Exception {
        Map<String, String> before = projectFiles(dir, "before");
        Map<String, String> expected = new TreeMap<>(before);
        expected.putAll(projectFiles(dir, "after"));
        MigrationConfig config = config(dir);

        Path project = Files.createDirectories(temp.resolve(dir.getFileName().toString()));
        write(project, before);
        Migration migration = ENGINE.migrate(new DirectorySnapshot(project), ChangeSet.all(), config);
        Map<String, String> actual = new TreeMap<>(before);
        for (FileChange c : migration.changes()) {
            actual.put(c.path(), c.after());
        }
        assertThat(actual).as("migrated files of %s", dir).isEqualTo(expected);
        List<String> findings = describe(migration.findings());
        List<String> wanted = expectedFindings(dir);
        assertThat(findings).as("findings of %s", dir).hasSameSizeAs(wanted);
        for (int i = 0; i < wanted.size(); i++) {
            assertThat(findings.get(i)).as("finding %d of %s", i, dir).startsWith(wanted.get(i));
        }
        List<String> dependencies = expectedDependencies(dir);
        if (dependencies != null) {
            assertThat(migration.dependencies().stream()
                    .map(d -> d.add() + (d.replaces() == null ? "" : " replaces " + d.replaces())).toList())
                    .as("dependency changes of %s", dir).isEqualTo(dependencies);
        }

        Map<String, String> changed = new TreeMap<>(expected);
        changed.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        compiles(dir, changed);

        Path again = Files.createDirectories(temp.resolve(dir.getFileName() + "-again"));
        write(again, expected);
        Migration second = ENGINE.migrate(new DirectorySnapshot(again), ChangeSet.all(), config);
        assertThat(second.changes()).as("a second migration of %s changes nothing", dir).isEmpty();
        assertThat(lineFindings(second.findings(), expected)).as("findings of a second migration of %s: "
                + "every warning still holds while its code remains", dir)
                .containsAll(unchangedLines(lineFindings(migration.findings(), before), expected));
    }

    /** The findings whose line is still in the migrated file, unchanged. */
    private static java.util.Set<String> unchangedLines(java.util.Set<String> findings, Map<String, String> after) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (String f : findings) {
            String[] parts = f.split(" ", 3);
            String text = after.get(parts[0]);
            if (text != null && java.util.Arrays.stream(text.split("\\r?\\n|\\r", -1)).map(String::strip)
                    .anyMatch(parts.length > 2 ? parts[2]::equals : ""::equals)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Findings as path, rule and the text of the line they point at (lines move when a migration adds some):
     * what a second run must report again when the code they are about is still there.
     */
    private static java.util.Set<String> lineFindings(List<Finding> findings, Map<String, String> files) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Finding f : findings) {
            String text = files.get(f.path());
            if (text == null || f.ruleId().equals("UB008")) {
                continue;
            }
            String[] lines = text.split("\r?\n|\r", -1);
            if (f.line() >= 1 && f.line() <= lines.length) {
                out.add(f.path() + " " + f.ruleId() + " " + lines[f.line() - 1].strip());
            }
        }
        return out;
    }

    /** before.py → {"before.py": text}; a before/ tree → its files; after.py is stored under before.py's name. */
    private static Map<String, String> projectFiles(Path dir, String side) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Path single = dir.resolve(side + ".py");
        if (Files.isRegularFile(single)) {
            files.put("before.py", Files.readString(single, StandardCharsets.UTF_8));
        }
        Path tree = dir.resolve(side);
        if (Files.isDirectory(tree)) {
            try (Stream<Path> walk = Files.walk(tree)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    files.put(tree.relativize(f).toString().replace('\\', '/'),
                            supportModule(Files.readString(f, StandardCharsets.UTF_8)));
                }
            }
        }
        return files;
    }

    /** The text of the support module a placeholder names, or the text itself. */
    private static String supportModule(String text) {
        String marker = "# support module: ";
        if (!text.startsWith(marker) || text.strip().contains("\n")) {
            return text;
        }
        return dev.unblock.migrate.SupportFiles.read("/dev/unblock/support/" + text.substring(marker.length()).strip());
    }

    private static void write(Path root, Map<String, String> files) throws IOException {
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
    }

    private static MigrationConfig config(Path dir) throws Exception {
        Path file = dir.resolve("unblock.yml");
        return Files.exists(file) ? RepoConfigParser.parse(Files.readAllBytes(file)).migrationConfig()
                : MigrationConfig.defaults();
    }

    private static List<String> describe(List<Finding> findings) {
        return findings.stream().map(f -> f.path() + ":" + f.line() + " " + f.ruleId() + " " + f.message()).toList();
    }

    /** expect.yml: findings: [{path, line, rule, message}] — message is matched as a prefix of the real one. */
    @SuppressWarnings("unchecked")
    private static List<String> expectedFindings(Path dir) throws IOException {
        Path file = dir.resolve("expect.yml");
        if (!Files.exists(file)) {
            return List.of();
        }
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file));
        List<String> out = new ArrayList<>();
        for (Map<String, Object> f : (List<Map<String, Object>>) doc.getOrDefault("findings", List.of())) {
            out.add(f.getOrDefault("path", "before.py") + ":" + f.get("line") + " " + f.get("rule") + " "
                    + f.get("message"));
        }
        return out;
    }

    /** expect.yml: dependencies: ["add", "add replaces old"], in order; null when the case does not say. */
    @SuppressWarnings("unchecked")
    private static List<String> expectedDependencies(Path dir) throws IOException {
        Path file = dir.resolve("expect.yml");
        if (!Files.exists(file)) {
            return null;
        }
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file));
        return (List<String>) doc.get("dependencies");
    }

    private static void compiles(Path dir, Map<String, String> files) throws Exception {
        Optional<String> python = Python3.executable();
        if (python.isEmpty()) {
            return;
        }
        Path tree = Files.createTempDirectory("unblock-compile");
        write(tree, files);
        StringBuilder list = new StringBuilder();
        for (String f : files.keySet()) {
            if (f.endsWith(".py")) {
                list.append(tree.resolve(f)).append('\n');
            }
        }
        String rejected = Python3.run(python.get(), List.of(Python3.script("/python/compile_check.py").toString()),
                list.toString());
        assertThat(rejected).as("files of %s that CPython does not compile", dir).isEmpty();
    }
}
