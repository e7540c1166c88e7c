package dev.unblock.migrate;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.unblock.python.PythonSource;
import dev.unblock.testing.Python3;

/**
 * Engine benchmark and large-project check (not a test), run by {@code bench/migrate-project.sh}: migrates a
 * whole project (default: the standard library), reports files, lines, edits, findings by rule, seconds and
 * peak heap, checks that every rewritten file compiles under CPython, then times an incremental run with a
 * 10-file change set on the same engine (facts cached), beside the time of the full run.
 */
public final class MigrationBenchmark {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        PythonSource.warmUp();
        DirectorySnapshot project = new DirectorySnapshot(root);
        SortedSet<String> files = project.pythonFiles();
        long lines = 0;
        for (String f : files) {
            lines += new String(project.read(f), StandardCharsets.ISO_8859_1).lines().count();
        }
        Engine engine = new Engine();

        long t0 = System.nanoTime();
        Migration full = engine.migrate(project, ChangeSet.all(), MigrationConfig.defaults());
        double fullSeconds = (System.nanoTime() - t0) / 1e9;
        long parsesAfterFull = engine.cache().parses();

        int edits = full.changes().stream().mapToInt(c -> c.edits().size()).sum();
        Map<String, Integer> findingsByRule = new TreeMap<>();
        full.findings().forEach(f -> findingsByRule.merge(f.ruleId(), 1, Integer::sum));
        Map<String, Integer> editsByRule = new TreeMap<>();
        full.changes().forEach(c -> c.edits().forEach(e -> editsByRule.merge(e.ruleId(), 1, Integer::sum)));
        System.out.printf("full migration of %s: %d files, %d lines%n", root, files.size(), lines);
        System.out.printf("  %.2f s, %.0f lines/s, peak heap %.0f MB%n", fullSeconds, lines / fullSeconds,
                peakHeapMb());
        System.out.printf("  %d files changed, %d edits %s, %d findings %s%n", full.changes().size(), edits,
                editsByRule, full.findings().size(), findingsByRule);

        String rejected = compileCheck(full);
        System.out.printf("  rewritten files CPython rejects: %s%n", rejected.isEmpty() ? "none" : "\n" + rejected);

        List<String> all = new ArrayList<>(files);
        SortedSet<String> changed = new TreeSet<>();
        for (int i = 0; i < 10 && i < all.size(); i++) {
            changed.add(all.get((int) ((long) i * all.size() / 10)));
        }
        long t1 = System.nanoTime();
        Migration incremental = engine.migrate(project, ChangeSet.of(changed), MigrationConfig.defaults());
        double incSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("incremental run, 10-file change set, facts cached: %.2f s (full run %.2f s, %.1fx faster);"
                        + " files parsed again: %d; %d files changed%n", incSeconds, fullSeconds, fullSeconds / incSeconds,
                engine.cache().parses() - parsesAfterFull, incremental.changes().size());
        if (!rejected.isEmpty()) {
            System.exit(1);
        }
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1e6;
    }

    private static String compileCheck(Migration migration) throws Exception {
        if (Python3.executable().isEmpty()) {
            return "";
        }
        Path out = Files.createTempDirectory("unblock-migrated");
        StringBuilder list = new StringBuilder();
        for (FileChange c : migration.changes()) {
            Path p = out.resolve(c.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, c.after(), StandardCharsets.UTF_8);
            list.append(p).append('\n');
        }
        return Python3.run(Python3.executable().get(), List.of(Python3.script("/python/compile_check.py").toString()),
                list.toString()).strip();
    }
}
