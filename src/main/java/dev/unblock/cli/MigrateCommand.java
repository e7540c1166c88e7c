package dev.unblock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.unblock.bot.InvalidConfigException;
import dev.unblock.bot.RepoConfig;
import dev.unblock.bot.RepoConfigParser;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.DirectorySnapshot;
import dev.unblock.migrate.Engine;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.python.PythonSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code unblock migrate PATH}: plans the asyncio migration of a project and prints or writes it. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Migrate a Python project from blocking I/O to asyncio. Prints a unified diff (or JSON); "
                + "findings go to stderr as `path:line: RULE message`.",
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:done (findings included)", "1:internal error", "2:bad usage or config"})
public final class MigrateCommand implements Callable<Integer> {
    enum Format { diff, json }

    @Parameters(index = "0", paramLabel = "PATH", description = "The project root.")
    Path root;

    @Option(names = "--write", description = "Apply the changes in place instead of printing them.")
    boolean write;

    @Option(names = "--format", defaultValue = "diff", description = "Output: ${COMPLETION-CANDIDATES} (default: diff).")
    Format format;

    @Option(names = "--changed", arity = "1..*", paramLabel = "FILE",
            description = "Start only from these files (incremental); others change only where propagation needs it.")
    List<Path> changed;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: PATH/.github/unblock.yml when it exists).")
    Path configFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(root)) {
            err.println("unblock migrate: not a folder: " + root);
            return 2;
        }
        DirectorySnapshot project = new DirectorySnapshot(root);
        MigrationConfig config;
        ChangeSet changes;
        try {
            config = config(project.root()).migrationConfig();
            changes = changeSet(project.root());
        } catch (InvalidConfigException | IllegalArgumentException e) {
            err.println("unblock migrate: " + e.getMessage());
            return 2;
        }
        PythonSource.warmUp();
        Migration migration;
        try {
            migration = new Engine().migrate(project, changes, config);
        } catch (IllegalArgumentException e) {
            err.println("unblock migrate: " + e.getMessage());
            return 2;
        }
        for (Finding f : migration.findings()) {
            err.println(f.path() + ":" + f.line() + ": " + f.ruleId() + " " + f.message()
                    + (f.bridge() == null ? "" : " (bridge: " + f.bridge() + ")"));
        }
        if (write) {
            writeChanges(project.root(), migration);
            err.printf("unblock migrate: %d file(s) changed%n", migration.changes().size());
        } else if (format == Format.json) {
            out.println(json(migration));
        } else {
            for (FileChange c : migration.changes()) {
                out.print(unifiedDiff(c));
            }
        }
        out.flush();
        err.flush();
        return 0;
    }

    private RepoConfig config(Path project) throws IOException, InvalidConfigException {
        Path file = configFile != null ? configFile : project.resolve(RepoConfig.PATH);
        if (configFile == null && !Files.exists(file)) {
            return RepoConfig.defaults();
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException("no such config file: " + file);
        }
        try {
            return RepoConfigParser.parse(Files.readAllBytes(file));
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(file + ": " + e.getMessage());
        }
    }

    private ChangeSet changeSet(Path project) {
        if (changed == null || changed.isEmpty()) {
            return ChangeSet.all();
        }
        Set<String> paths = new TreeSet<>();
        for (Path p : changed) {
            Path abs = (p.isAbsolute() ? p : Path.of("").toAbsolutePath().resolve(p)).normalize();
            Path rel = abs.startsWith(project) ? project.relativize(abs) : p.normalize();
            if (!Files.isRegularFile(project.resolve(rel))) {
                throw new IllegalArgumentException("--changed: no such file in the project: " + p);
            }
            paths.add(rel.toString().replace('\\', '/'));
        }
        return ChangeSet.of(paths);
    }

    private static void writeChanges(Path project, Migration migration) throws IOException {
        for (FileChange c : migration.changes()) {
            Path target = project.resolve(c.path());
            Files.createDirectories(target.getParent());
            Files.write(target, c.afterBytes());
        }
    }

    static String unifiedDiff(FileChange c) {
        List<String> before = c.isNewFile() ? List.of() : lines(c.before());
        List<String> after = lines(c.after());
        Patch<String> patch = DiffUtils.diff(before, after);
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(c.isNewFile() ? "/dev/null" : "a/" + c.path(),
                "b/" + c.path(), before, patch, 3);
        StringBuilder out = new StringBuilder();
        for (String line : diff) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\r\n|\r|\n", -1));
    }

    static String json(Migration migration) throws IOException {
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileChange c : migration.changes()) {
            List<String> before = c.isNewFile() ? List.of() : lines(c.before());
            List<Map<String, Object>> hunks = new ArrayList<>();
            for (AbstractDelta<String> d : DiffUtils.diff(before, lines(c.after())).getDeltas()) {
                Map<String, Object> h = new LinkedHashMap<>();
                h.put("startLine", d.getSource().getPosition() + 1);
                h.put("endLine", d.getSource().getPosition() + d.getSource().size());
                h.put("replacement", String.join("\n", d.getTarget().getLines()));
                hunks.add(h);
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", c.path());
            f.put("new", c.isNewFile());
            f.put("hunks", hunks);
            files.add(f);
        }
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : migration.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("line", f.line());
            m.put("rule", f.ruleId());
            m.put("message", f.message());
            if (f.bridge() != null) {
                m.put("bridge", f.bridge());
            }
            findings.add(m);
        }
        List<Map<String, Object>> deps = new ArrayList<>();
        migration.dependencies().forEach(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("add", d.add());
            m.put("replaces", d.replaces());
            m.put("reason", d.reason());
            deps.add(m);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("files", files);
        root.put("findings", findings);
        root.put("dependencies", deps);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }
}
