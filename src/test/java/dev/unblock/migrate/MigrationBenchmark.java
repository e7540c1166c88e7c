package dev.unblock.migrate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.unblock.python.PythonSource;
import dev.unblock.testing.Python3;

/**
 * Engine benchmark and large-project check (not a test), run by {@code bench/migrate-project.sh}: migrates a
 * whole project (default: the standard library) in a fresh JVM and times CPython's {@code ast.parse} over the same
 * files in the same run (best of several runs, before and after), printing both throughputs and their ratio,
 * the time per stage and the peak heap. Last, a second full migration with an empty cache in the now warm JVM (the
 * App's case for a new repository) after the compile check of every rewritten file under CPython and an incremental
 * run with a 10-file change set on the first engine (facts cached: the App's case for a pull request).
 */
public final class MigrationBenchmark {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        PythonSource.warmUp();
        DirectorySnapshot project = new DirectorySnapshot(root);
        SortedSet<String> files = project.pythonFiles();
        long lines = 0;
        for (String f : files) {
            lines += new String(project.read(f), StandardCharsets.ISO_8859_1).lines().count();
        }
        double cpythonBefore = cpythonSeconds(root, files, 3);

        Engine engine = new Engine();
        StageTimes stages = new StageTimes();
        long t0 = System.nanoTime();
        Migration full = engine.migrate(project, ChangeSet.all(), MigrationConfig.defaults(), stages);
        double fullSeconds = (System.nanoTime() - t0) / 1e9;
        double peakHeap = peakHeapMb();
        double cpython = Math.min(cpythonBefore, cpythonSeconds(root, files, 2));

        int edits = full.changes().stream().mapToInt(c -> c.edits().size()).sum();
        Map<String, Integer> findingsByRule = new TreeMap<>();
        full.findings().forEach(f -> findingsByRule.merge(f.ruleId(), 1, Integer::sum));
        Map<String, Integer> editsByRule = new TreeMap<>();
        full.changes().forEach(c -> c.edits().forEach(e -> editsByRule.merge(e.ruleId(), 1, Integer::sum)));
        System.out.printf("full migration of %s: %d files, %d lines, %d processors, max heap %.0f MB%n", root,
                files.size(), lines, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 1e6);
        System.out.printf("  unblock migrate   %8.0f lines/s (%.2f s, first run in a fresh JVM)%n", lines / fullSeconds,
                fullSeconds);
        System.out.printf("  CPython ast.parse %8.0f lines/s (%.2f s, best of 5 runs around it)%n", lines / cpython,
                cpython);
        System.out.printf("  ratio             %8.2fx%n", cpython / fullSeconds);
        System.out.printf("  stages: %s; parsing threads' time %.2f s%n", stages, stages.parseWork().toNanos() / 1e9);
        System.out.printf("  peak heap %.0f MB, live heap after the run (cache kept) %.0f MB%n", peakHeap, liveHeapMb());
        System.out.printf("  %d files changed, %d edits %s, %d findings %s%n", full.changes().size(), edits,
                editsByRule, full.findings().size(), findingsByRule);

        String rejected = compileCheck(full);
        System.out.printf("  rewritten files CPython rejects: %s%n", rejected.isEmpty() ? "none" : "\n" + rejected);

        List<String> all = new ArrayList<>(files);
        SortedSet<String> changed = new TreeSet<>();
        for (int i = 0; i < 10 && i < all.size(); i++) {
            changed.add(all.get((int) ((long) i * all.size() / 10)));
        }
        // A real change set: each of the 10 files gets a new function making a blocking call, so their contents
        // (and facts) change and the engine must parse them again and plan with what they now say. Five rounds (or
        // UNBLOCK_BENCH_ROUNDS: a server's JIT compiler needs more to settle), each with other contents, in the same
        // warm engine (the App's case); the median of the last five is the figure to quote.
        int total = Math.max(5, Integer.parseInt(System.getenv().getOrDefault("UNBLOCK_BENCH_ROUNDS", "5")));
        List<Double> rounds = new ArrayList<>();
        for (int round = 1; round <= total; round++) {
            long parsesBefore = engine.cache().parses();
            ProjectSnapshot edited = new EditedSnapshot(project, changed, round);
            StageTimes incStages = new StageTimes();
            long t2 = System.nanoTime();
            Migration incremental = engine.migrate(edited, ChangeSet.of(changed), MigrationConfig.defaults(),
                    incStages);
            double incSeconds = (System.nanoTime() - t2) / 1e9;
            rounds.add(incSeconds);
            System.out.printf("incremental run %d, 10-file change set, facts cached: %.2f s; files parsed again: %d;"
                            + " %d files changed; stages: %s%n", round, incSeconds,
                    engine.cache().parses() - parsesBefore, incremental.changes().size(), incStages);
        }
        List<Double> last = new ArrayList<>(rounds.subList(rounds.size() - 5, rounds.size()));
        last.sort(null);
        System.out.printf("incremental run, 10-file change set, median of the last 5: %.2f s (full run %.2f s, %.1fx"
                + " faster)%n", last.get(2), fullSeconds, fullSeconds / last.get(2));
        engine = null; // its cache would double the heap of the next run
        full = null;
        System.out.printf("live heap before the second full migration: %.0f MB%n", liveHeapMb());
        StageTimes warmStages = new StageTimes();
        long t1 = System.nanoTime();
        new Engine().migrate(project, ChangeSet.all(), MigrationConfig.defaults(), warmStages);
        double warmSeconds = (System.nanoTime() - t1) / 1e9;
        System.out.printf("second full migration, new engine in the warm JVM: %.2f s, %.2fx ast.parse; stages: %s%n",
                warmSeconds, cpython / warmSeconds, warmStages);

        if (!rejected.isEmpty()) {
            System.exit(1);
        }
    }

    /** A project whose given files end with one more function, which calls {@code time.sleep}. */
    private record EditedSnapshot(ProjectSnapshot project, Set<String> edited, int round) implements ProjectSnapshot {
        @Override
        public SortedSet<String> pythonFiles() throws IOException {
            return project.pythonFiles();
        }

        @Override
        public boolean exists(String path) throws IOException {
            return project.exists(path);
        }

        @Override
        public boolean hasFolder(String path) {
            return project.hasFolder(path);
        }

        @Override
        public byte[] read(String path) throws IOException {
            byte[] bytes = project.read(path);
            if (!edited.contains(path)) {
                return bytes;
            }
            String added = "\n\ndef _bench_edit_" + round + "():\n    import time\n    time.sleep(0.1)\n";
            byte[] out = java.util.Arrays.copyOf(bytes, bytes.length + added.length());
            System.arraycopy(added.getBytes(StandardCharsets.US_ASCII), 0, out, bytes.length, added.length());
            return out;
        }

        @Override
        public String rootPackage() {
            return project.rootPackage();
        }
    }

    /** CPython's ast.parse over the same files, best of {@code runs}; every file read before the clock starts. */
    private static double cpythonSeconds(Path root, SortedSet<String> files, int runs) throws Exception {
        String python = Python3.executable().orElseThrow(() -> new IllegalStateException("python3 is needed"));
        StringBuilder stdin = new StringBuilder();
        files.forEach(f -> stdin.append(root.resolve(f)).append('\n'));
        return Double.parseDouble(Python3.run(python, List.of(benchScript().toString(), String.valueOf(runs)),
                stdin.toString()).strip());
    }

    private static Path benchScript() throws IOException {
        Path script = Path.of("bench", "ast_parse_time.py");
        if (!Files.exists(script)) {
            throw new IOException("run from the repository root: " + script + " is missing");
        }
        return script;
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

    private static double liveHeapMb() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6;
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
