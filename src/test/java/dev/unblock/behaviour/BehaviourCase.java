package dev.unblock.behaviour;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One program under {@code src/test/resources/behaviour/<case>/}: run it, migrate a copy, run the copy,
 * and check the copy prints the same and really is asynchronous.
 */
final class BehaviourCase {
    /** Coroutine dunders that may legitimately have nothing to await (return self, no-op hooks). */
    private static final Set<String> MAY_NOT_AWAIT = Set.of("__aenter__", "__aexit__", "__ainit__", "__aiter__", "__anext__");

    private final Path source;
    private final Map<String, String> env;
    private final Migrator migrator;
    private final Path inspector;

    BehaviourCase(Path source, Map<String, String> env, Migrator migrator, Path inspector) {
        this.source = source;
        this.env = env;
        this.migrator = migrator;
        this.inspector = inspector;
    }

    void check(Path workDir) {
        Path original = copyProgram(workDir.resolve("original"));
        Path migrated = copyProgram(workDir.resolve("migrated"));

        PythonProcess.Result before = PythonProcess.run(original, env, "main.py");
        if (before.exitCode() != 0 || before.stdout().isBlank() || !before.stderr().isBlank()) {
            fail("the original program must run cleanly against the test server before migrating it:\n"
                    + before.describe());
        }

        Migrator.Outcome outcome = migrator.migrate(migrated);
        if (outcome.exitCode() != 0) {
            fail("migrate exited " + outcome.exitCode() + "\n" + migrationOutput(outcome) + sources(migrated));
        }

        List<String> pyFiles = pythonFiles(migrated).stream().map(p -> migrated.relativize(p).toString()).toList();
        List<String> compileArgs = new ArrayList<>(List.of("-m", "py_compile"));
        compileArgs.addAll(pyFiles);
        PythonProcess.Result compiled = PythonProcess.run(migrated, Map.of(), compileArgs.toArray(String[]::new));
        if (compiled.exitCode() != 0) {
            fail("a migrated file does not compile:\n" + compiled.stderr() + migrationOutput(outcome) + sources(migrated));
        }

        String migratedSources = sources(migrated);
        PythonProcess.Result after = PythonProcess.run(migrated, env, "main.py");
        List<String> problems = new ArrayList<>();
        if (after.exitCode() != 0 || !after.stdout().equals(before.stdout())) {
            problems.add("the migrated program does not print what the original printed.\n--- original stdout ---\n"
                    + before.stdout() + "--- migrated run: " + after.describe());
        }
        if (after.stderr().contains("never awaited")) {
            problems.add("a coroutine was never awaited:\n" + after.stderr());
        }
        SourceInspection inspection = SourceInspection.of(migrated, inspector);
        problems.addAll(unexcusedBlockingCalls(inspection, ReportedFinding.parse(outcome.stderr(), migrated)));
        problems.addAll(wrongKinds(inspection, Expectations.read(source)));
        problems.addAll(coroutinesWithoutAwait(inspection, original));
        problems.addAll(secondMigrationChanges(migrated));
        if (!problems.isEmpty()) {
            fail(String.join("\n\n", problems) + "\n\n" + migrationOutput(outcome) + migratedSources);
        }
    }

    /** Blocking calls still in the program that no finding owns up to. */
    private static List<String> unexcusedBlockingCalls(SourceInspection inspection, List<ReportedFinding> findings) {
        return inspection.blockingCalls().stream()
                .filter(call -> findings.stream().noneMatch(f -> f.names(call, inspection)))
                .map(call -> "blocking call left without a finding naming it: " + call)
                .toList();
    }

    private static List<String> wrongKinds(SourceInspection inspection, Expectations expected) {
        List<String> problems = new ArrayList<>();
        for (String id : expected.async()) {
            var function = inspection.function(id);
            if (function.isEmpty() || !function.get().isAsync()) {
                problems.add(id + " should be async def, but is " + (function.isEmpty() ? "missing" : "a plain def"));
            }
        }
        for (String id : expected.cpuOnly()) {
            var function = inspection.function(id);
            if (function.isEmpty() || function.get().isAsync()) {
                problems.add(id + " does no I/O and should still be a plain def, but is "
                        + (function.isEmpty() ? "missing" : "async def"));
            }
        }
        return problems;
    }

    /**
     * DESIGN.md §4: an async def with nothing to await is a bug (files the engine added are its own business),
     * unless its method family is async together (§4: a method and its overrides are async together or not at all).
     */
    private static List<String> coroutinesWithoutAwait(SourceInspection inspection, Path original) {
        return inspection.functions().stream()
                .filter(f -> f.isAsync() && !f.awaits() && !MAY_NOT_AWAIT.contains(f.simpleName()))
                .filter(f -> !inspection.asyncForItsFamily(f))
                .filter(f -> Files.exists(original.resolve(f.file())))
                .map(f -> f.id() + " became async def but awaits nothing")
                .toList();
    }

    /** DESIGN.md §4: migrating the migrated program again must change nothing. */
    private List<String> secondMigrationChanges(Path migrated) {
        Map<Path, String> first = contents(migrated);
        Migrator.Outcome again = migrator.migrate(migrated);
        Map<Path, String> second = contents(migrated);
        if (again.exitCode() == 0 && first.equals(second)) {
            return List.of();
        }
        StringBuilder changed = new StringBuilder();
        second.forEach((file, text) -> {
            if (!text.equals(first.get(file))) {
                changed.append("=== ").append(file).append(" after the second run ===\n").append(text);
            }
        });
        return List.of("migrating the migrated program again exited " + again.exitCode()
                + " and changed it:\n" + changed + migrationOutput(again));
    }

    private static Map<Path, String> contents(Path dir) {
        Map<Path, String> contents = new TreeMap<>();
        for (Path file : pythonFiles(dir)) {
            try {
                contents.put(dir.relativize(file), Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return contents;
    }

    /** Copies the program without the test's own expect.yml, so the engine sees only the project. */
    private Path copyProgram(Path target) {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else if (!file.getFileName().toString().equals("expect.yml")) {
                    Files.copy(file, to);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> pythonFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String migrationOutput(Migrator.Outcome outcome) {
        return "--- migrate stderr (findings) ---\n" + outcome.stderr()
                + "\n--- migrate stdout ---\n" + outcome.stdout() + "\n";
    }

    /** The migrated program with line numbers, so a failure can be read without rerunning anything. */
    private static String sources(Path dir) {
        StringBuilder out = new StringBuilder();
        for (Path file : pythonFiles(dir)) {
            out.append("=== ").append(dir.relativize(file)).append(" ===\n");
            try {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    out.append(String.format("%4d  %s%n", i + 1, lines.get(i)));
                }
            } catch (IOException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }
}
