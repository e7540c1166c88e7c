package dev.unblock.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;

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
import dev.unblock.migrate.StageTimes;
import dev.unblock.migrate.deps.DependencyFiles;
import dev.unblock.python.PythonSource;
import dev.unblock.rules.core.UnparsableFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code unblock migrate [PATH…]}: plans the asyncio migration of a project and prints, checks or writes it. */
@Command(name = "migrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Migrate Python code from blocking I/O to asyncio. Prints a git-style unified diff (or JSON, "
                + "SARIF, GitHub annotations); findings go to stderr as `path:line: RULE message`, then a summary line.",
                "PATHs (files or folders; default: the current folder) say where the migration starts; the whole "
                        + "project around them is read, and other files change where callers must now await."},
        exitCodeListHeading = "Exit status:%n",
        exitCodeList = {"0:done (findings included); with --check: nothing would change",
                "1:with --check: something would change; or a file does not parse (0 with --exit-zero)",
                "2:bad usage, invalid config, or an internal error"})
public final class MigrateCommand implements Callable<Integer> {
    enum Format { diff, json, sarif, github }

    @Parameters(arity = "0..*", paramLabel = "PATH",
            description = "Python files or folders inside the project (default: the current folder).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--root", paramLabel = "DIR",
            description = "The project root (default: the nearest folder upward with pyproject.toml, setup.cfg, "
                    + "setup.py or .git; else the folder the PATHs share).")
    Path rootOption;

    @Option(names = "--write", description = "Apply the changes in place, dependency files included.")
    boolean write;

    @Option(names = "--check", description = "Change nothing; exit 1 when the migration would change anything.")
    boolean check;

    @Option(names = "--exit-zero", description = "Exit 0 even when a file does not parse or --check finds changes.")
    boolean exitZero;

    @Option(names = "--format", defaultValue = "diff",
            description = "Output: ${COMPLETION-CANDIDATES} (default: diff).")
    Format format;

    @Option(names = "--changed", paramLabel = "FILE", split = ",",
            description = "Start only from these files (repeatable, or comma-separated); others change only where "
                    + "propagation needs it.")
    List<Path> changed;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (default: ROOT/.github/unblock.yml when it exists).")
    Path configFile;

    @Option(names = "--rule-docs", paramLabel = "URL",
            description = "Address of a rule's doc, {id} standing for its ID, for SARIF help links "
                    + "(default: $UNBLOCK_PUBLIC_URL/rules/{id} when that is set).")
    String ruleDocs;

    @Option(names = "--timings",
            description = "Print the time each stage took (parse, resolve, plan, edit, rewrite) to stderr "
                    + "(and as `timings` in --format json).")
    boolean timings;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(err);
        } finally {
            err.flush();
        }
    }

    private int run(PrintWriter err) throws IOException {
        if (write && check) {
            err.println("unblock migrate: --write and --check do not go together");
            return 2;
        }
        if (write && format != Format.diff) {
            err.println("unblock migrate: --write prints no report; leave out --format " + format);
            return 2;
        }
        // the parser's warm-up on another processor while this one finds the project's files and reads its config
        java.util.concurrent.CompletableFuture<Void> warmedUp =
                java.util.concurrent.CompletableFuture.runAsync(PythonSource::warmUp);
        ProjectLocation where;
        try {
            where = ProjectLocation.of(paths, rootOption);
        } catch (ProjectLocation.BadPath e) {
            err.println("unblock migrate: " + e.getMessage());
            return 2;
        }
        DirectorySnapshot project = new DirectorySnapshot(where.root(),
                new GitIgnores(where.gitTop() == null ? where.root() : where.gitTop(), where.gitTop() != null));
        MigrationConfig config;
        ChangeSet changes;
        SortedSet<String> pythonFiles = project.pythonFiles();
        try {
            config = config(where.root()).migrationConfig();
            changes = changeSet(where, pythonFiles, err);
        } catch (InvalidConfigException | IllegalArgumentException e) {
            err.println("unblock migrate: " + e.getMessage());
            return 2;
        }
        if (pythonFiles.stream().noneMatch(p -> changes.contains(p) && config.paths().selectsPython(p))) {
            err.println("unblock migrate: no Python files selected in " + describe(where)
                    + " (after .gitignore and the config's paths)");
            err.println("0 files would change, 0 edits, 0 findings");
            return 0;
        }
        warmedUp.join();
        Migration migration;
        StageTimes stages = new StageTimes();
        try {
            migration = new Engine().migrate(project, changes, config, stages);
        } catch (IllegalArgumentException e) {
            err.println("unblock migrate: " + e.getMessage());
            return 2;
        }
        DependencyFiles.Result deps = DependencyFiles.edit(dependencyFiles(where.root()),
                path -> readIfExists(where.root().resolve(path), path, err), migration.dependencies());
        List<FileChange> all = new ArrayList<>(migration.changes());
        all.addAll(deps.changes());
        Outcome outcome = new Outcome(where.root(), where.gitTop(), all, migration.findings(),
                migration.dependencies(), deps.notes());
        if (format == Format.diff) {
            for (Finding f : outcome.findings()) {
                err.println(f.path() + ":" + f.line() + ": " + f.ruleId() + " " + f.message()
                        + (f.bridge() == null ? "" : " (bridge: " + f.bridge() + ")"));
            }
        }
        outcome.notes().forEach(n -> err.println("unblock migrate: " + n));
        if (write) {
            writeChanges(where.root(), outcome.changes());
        } else {
            print(outcome, timings ? stages : null);
        }
        if (timings) {
            err.println("unblock migrate: timings: " + stages + String.format(java.util.Locale.ROOT,
                    "; total %.2f s", stages.total().toNanos() / 1e9));
        }
        err.printf("%d file%s %s, %d edit%s, %d finding%s%n", outcome.changes().size(),
                outcome.changes().size() == 1 ? "" : "s", write ? "changed" : "would change",
                outcome.edits(), outcome.edits() == 1 ? "" : "s",
                outcome.findings().size(), outcome.findings().size() == 1 ? "" : "s");
        boolean unparsable = outcome.findings().stream().anyMatch(f -> f.ruleId().equals(UnparsableFile.ID));
        if (exitZero) {
            return 0;
        }
        return unparsable || check && !outcome.changes().isEmpty() ? 1 : 0;
    }

    /** The diff goes out in each file's own encoding, so {@code git apply} matches the bytes on disk. */
    private void print(Outcome outcome, StageTimes stages) throws IOException {
        PrintStream out = System.out;
        switch (format) {
            case diff -> {
                for (FileChange c : outcome.changes()) {
                    out.write(UnifiedDiff.bytes(c));
                }
            }
            case json -> out.write((JsonReport.of(outcome, stages) + "\n").getBytes(StandardCharsets.UTF_8));
            case sarif -> out.write((SarifReport.of(outcome, ruleDocs()) + "\n").getBytes(StandardCharsets.UTF_8));
            case github -> out.write(GithubAnnotations.of(outcome).getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
    }

    /** The files at the root (and in requirements/) that may declare the project's dependencies. */
    private static List<String> dependencyFiles(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path dir : List.of(root, root.resolve("requirements"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                files.filter(Files::isRegularFile)
                        .map(f -> root.relativize(f).toString().replace('\\', '/'))
                        .filter(DependencyFiles::isDependencyFile)
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** A dependency file's text; null when it does not exist or is not UTF-8 (then left alone, with a note). */
    private static String readIfExists(Path file, String path, PrintWriter err) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            err.println("unblock migrate: " + path + " is not UTF-8 text: its dependencies are left as they are "
                    + "(edit them by hand)");
            return null;
        }
    }

    private String ruleDocs() {
        if (ruleDocs != null && !ruleDocs.isBlank()) {
            return ruleDocs.contains("{id}") ? ruleDocs : ruleDocs + "{id}";
        }
        String publicUrl = System.getenv("UNBLOCK_PUBLIC_URL");
        if (publicUrl == null || publicUrl.isBlank()) {
            return null;
        }
        String base = publicUrl.strip();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/rules/{id}";
    }

    private static String describe(ProjectLocation where) {
        List<String> shown = where.selected().stream().map(s -> s.isEmpty() ? "." : s).toList();
        return where.root() + (where.wholeProject() ? "" : " (" + String.join(", ", shown) + ")");
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

    /** Where the migration starts: --changed files, else the Python files the PATHs name, else everything. */
    private ChangeSet changeSet(ProjectLocation where, Set<String> pythonFiles, PrintWriter err) {
        Path root = where.root();
        if (changed != null && !changed.isEmpty()) {
            Set<String> paths = new TreeSet<>();
            for (Path p : changed) {
                Path abs = p.toAbsolutePath().normalize();
                Path rel = abs.startsWith(root) ? root.relativize(abs) : p.normalize();
                if (!Files.isRegularFile(root.resolve(rel))) {
                    throw new IllegalArgumentException("--changed: no such file in the project: " + p);
                }
                paths.add(rel.toString().replace('\\', '/'));
            }
            return ChangeSet.of(paths);
        }
        if (where.wholeProject()) {
            return ChangeSet.all();
        }
        Set<String> selected = new TreeSet<>();
        for (String p : pythonFiles) {
            if (where.selects(p)) {
                selected.add(p);
            }
        }
        for (int i = 0; i < where.selected().size(); i++) {
            String s = where.selected().get(i);
            if (!where.folders().get(i) && !pythonFiles.contains(s)) {
                err.println("unblock migrate: skipped " + s + ": " + (s.endsWith(".py")
                        ? "ignored (.gitignore or a tool's folder)" : "not a Python file (*.py)"));
            }
        }
        return ChangeSet.of(selected);
    }

    private static void writeChanges(Path project, List<FileChange> changes) throws IOException {
        for (FileChange c : changes) {
            Path target = project.resolve(c.path());
            Files.createDirectories(target.getParent());
            Files.write(target, c.afterBytes());
        }
    }
}
