package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.git.LineRange;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.DirectorySnapshot;
import dev.unblock.migrate.Engine;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import dev.unblock.testing.PythonJudge;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The property a review promises: every suggestion, committed alone on the pull request's head, leaves code that
 * compiles and uses no name it does not define, and so does any set of them committed together. Checked on
 * realistic projects (the behaviour programs, a multi-module bot, every rule fixture) under many random diffs,
 * with CPython and pyflakes as judges.
 */
class SuggestionsStandAloneTest {
    static final Engine ENGINE = new Engine();
    static final int SUBSETS = 25;

    @TempDir
    Path dir;

    record Checked(String file, String what, PythonJudge.Source source, String original) {
    }

    @Test
    void everySuggestionAndEverySetOfThemLeavesCodeThatCompilesAndDefinesWhatItUses() throws Exception {
        String python = PythonJudge.python().orElse(null);
        Assumptions.assumeTrue(python != null, "no python3 to judge the sources");
        Random random = new Random(13);
        Map<String, Checked> toJudge = new LinkedHashMap<>();
        Map<String, String> originals = new TreeMap<>();
        int plans = 0;
        int suggestions = 0;
        int subsets = 0;
        int fullFiles = 0;
        for (Path project : projects()) {
            DirectorySnapshot snapshot = new DirectorySnapshot(project);
            List<String> files = new ArrayList<>(snapshot.pythonFiles());
            int trials = files.size() > 2 ? 10 : 2;
            for (int trial = 0; trial < trials; trial++) {
                Map<String, String> heads = new TreeMap<>();
                for (String f : files) {
                    heads.put(f, Files.readString(project.resolve(f)));
                }
                Map<String, ChangedFile> diff = randomDiff(files, heads, random);
                Migration migration = ENGINE.migrate(snapshot, ChangeSet.of(new TreeSet<>(diff.keySet())),
                        MigrationConfig.defaults());
                ReviewPlan plan = ReviewPlan.build(migration, diff, Set.of(), Set.of(), 100, heads::get);
                plans++;
                List<Suggestion> inline = plan.inline();
                suggestions += inline.size();
                for (Suggestion s : inline) {
                    assertThat(diff.get(s.path()).inOneHunk(s.startLine(), s.endLine())).as(s.toString()).isTrue();
                    assertThat(lines(heads.get(s.path()), s.startLine(), s.endLine())).as("anchor of %s", s)
                            .isEqualTo(s.original().endsWith("\n") ? s.original() : s.original() + "\n");
                }
                List<List<Suggestion>> sets = new ArrayList<>();
                inline.forEach(s -> sets.add(List.of(s)));
                if (inline.size() > 1) {
                    sets.add(inline);
                    for (int i = 0; i < SUBSETS; i++) {
                        List<Suggestion> some = inline.stream().filter(s -> random.nextBoolean()).toList();
                        if (!some.isEmpty()) {
                            sets.add(some);
                        }
                    }
                }
                subsets += sets.size();
                for (List<Suggestion> set : sets) {
                    Map<String, List<Suggestion>> byFile = new TreeMap<>();
                    set.forEach(s -> byFile.computeIfAbsent(s.path(), k -> new ArrayList<>()).add(s));
                    for (Map.Entry<String, List<Suggestion>> e : byFile.entrySet()) {
                        String head = heads.get(e.getKey());
                        String applied = apply(head, e.getValue());
                        try {
                            PythonSource.parse(e.getKey(), applied);
                        } catch (PythonSyntaxError error) {
                            throw new AssertionError("our parser rejects " + e.getKey() + " after " + describe(e.getValue())
                                    + ": " + error.getMessage() + "\n" + applied);
                        }
                        String id = project.getFileName() + "/" + e.getKey() + "#" + Integer.toHexString(applied.hashCode());
                        toJudge.putIfAbsent(id, new Checked(e.getKey(), describe(e.getValue()),
                                new PythonJudge.Source(e.getKey(), applied), head));
                        originals.putIfAbsent(project.getFileName() + "/" + e.getKey(), head);
                    }
                }
                // When every change of a file is inline, committing them all is exactly the engine's rewrite.
                for (FileChange change : migration.changes()) {
                    List<Suggestion> mine = inline.stream().filter(s -> s.path().equals(change.path())).toList();
                    boolean allInline = change.before() != null && plan.elsewhere().stream()
                            .noneMatch(e -> e.unit().parts().stream().anyMatch(p -> p.path().equals(change.path())));
                    if (allInline && !mine.isEmpty()) {
                        assertThat(apply(change.before(), mine)).isEqualTo(change.after());
                        fullFiles++;
                    }
                }
            }
        }
        Map<String, PythonJudge.Source> sources = new LinkedHashMap<>();
        toJudge.forEach((id, c) -> sources.put(id, c.source()));
        Map<String, PythonJudge.Source> originalSources = new LinkedHashMap<>();
        originals.forEach((id, text) -> originalSources.put(id, new PythonJudge.Source(id, text)));
        Map<String, PythonJudge.Verdict> verdicts = PythonJudge.judge(python, sources);
        Map<String, PythonJudge.Verdict> before = PythonJudge.judge(python, originalSources);
        List<String> failures = new ArrayList<>();
        toJudge.forEach((id, c) -> {
            PythonJudge.Verdict v = verdicts.get(id);
            if (v.error() != null) {
                failures.add(id + " after " + c.what() + ": " + v.error());
            }
            PythonJudge.Verdict was = before.get(id.substring(0, id.indexOf('#')));
            if (v.undefined() != null && was.undefined() != null && !was.undefined().containsAll(v.undefined())) {
                TreeSet<String> added = new TreeSet<>(v.undefined());
                added.removeAll(was.undefined());
                failures.add(id + " after " + c.what() + ": undefined " + added);
            }
        });
        System.out.printf("suggestions stand alone: %d reviews, %d suggestions, %d sets applied, %d sources judged,"
                + " %d files fully suggested%n", plans, suggestions, subsets, sources.size(), fullFiles);
        assertThat(failures).isEmpty();
        assertThat(suggestions).as("the projects give suggestions to check").isGreaterThan(50);
        assertThat(fullFiles).isGreaterThan(10);
    }

    /** The bot project, the behaviour programs and every rule fixture, each as a folder. */
    List<Path> projects() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(Path.of("src/test/resources/review/weatherbot"));
        try (Stream<Path> cases = Files.list(Path.of("src/test/resources/behaviour"))) {
            cases.filter(Files::isDirectory).sorted().forEach(out::add);
        }
        List<Path> fixtures;
        try (Stream<Path> all = Files.walk(Path.of("src/test/resources/fixtures/rules"))) {
            fixtures = all.filter(p -> p.getFileName().toString().equals("before.py")
                    || p.getFileName().toString().equals("before") && Files.isDirectory(p)).sorted().toList();
        }
        int n = 0;
        for (Path before : fixtures) {
            Path project = dir.resolve("fixture" + n++);
            if (Files.isDirectory(before)) {
                copyTree(before, project);
            } else {
                Files.createDirectories(project);
                Files.copy(before, project.resolve("module.py"));
            }
            out.add(project);
        }
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /**
     * A pull request's diff: some files, each either added whole or with one to three changed runs of lines, with
     * GitHub's three lines of context around each.
     */
    static Map<String, ChangedFile> randomDiff(List<String> files, Map<String, String> heads, Random random) {
        Map<String, ChangedFile> diff = new TreeMap<>();
        for (String f : files) {
            if (diff.isEmpty() && f.equals(files.get(files.size() - 1)) || random.nextDouble() < 0.6) {
                int count = (int) heads.get(f).lines().count();
                if (count == 0) {
                    continue;
                }
                List<LineRange> hunks = new ArrayList<>();
                if (random.nextDouble() < 0.3) {
                    hunks.add(new LineRange(1, count));
                } else {
                    int runs = 1 + random.nextInt(3);
                    for (int i = 0; i < runs; i++) {
                        int start = 1 + random.nextInt(count);
                        int end = Math.min(count, start + random.nextInt(6));
                        hunks.add(new LineRange(Math.max(1, start - 3), Math.min(count, end + 3)));
                    }
                }
                diff.put(f, new ChangedFile(f, null, merge(hunks)));
            }
        }
        return diff;
    }

    static List<LineRange> merge(List<LineRange> ranges) {
        List<LineRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingInt(LineRange::first));
        List<LineRange> out = new ArrayList<>();
        for (LineRange r : sorted) {
            if (!out.isEmpty() && r.first() <= out.get(out.size() - 1).last() + 1) {
                LineRange last = out.remove(out.size() - 1);
                out.add(new LineRange(last.first(), Math.max(last.last(), r.last())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** Lines first..last of a text, each with its line end. */
    static String lines(String text, int first, int last) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(first - 1, last)) + "\n";
    }

    /** What GitHub does when suggestions are committed: each replaces its lines with its block's lines. */
    static String apply(String head, List<Suggestion> suggestions) {
        List<String> lines = new ArrayList<>(head.lines().toList());
        List<Suggestion> sorted = new ArrayList<>(suggestions);
        sorted.sort(Comparator.comparingInt(Suggestion::startLine).reversed());
        for (Suggestion s : sorted) {
            lines.subList(s.startLine() - 1, s.endLine()).clear();
            lines.addAll(s.startLine() - 1, s.replacement().lines().toList());
        }
        return lines.isEmpty() ? "" : String.join("\n", lines) + (head.endsWith("\n") ? "\n" : "");
    }

    static String describe(List<Suggestion> set) {
        return set.stream().map(s -> s.path() + ":" + s.startLine() + "-" + s.endLine()).toList().toString();
    }
}
