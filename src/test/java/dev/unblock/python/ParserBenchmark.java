package dev.unblock.python;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.unblock.testing.Python3;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.DecisionInfo;
import org.antlr.v4.runtime.atn.PredictionMode;

/**
 * Parser benchmark (not a test): run by {@code bench/parse-stdlib.sh}, one mode per fresh JVM.
 * <ul>
 *   <li>{@code first-pass}: every file once in a fresh JVM (after the built-in warm-up only);</li>
 *   <li>{@code unseen}: warm up on the even-numbered files, then time the odd-numbered ones, never seen;</li>
 *   <li>{@code threads}: the same, the unseen half parsed by two threads;</li>
 *   <li>{@code health}: SLL fallbacks, full-context (LL) predictions per pass, cached DFA states, live heap.</li>
 * </ul>
 * Each timed mode also times CPython's {@code ast.parse} on exactly the same files in the same run and prints
 * the ratio.
 */
public final class ParserBenchmark {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ParserBenchmark first-pass|unseen|threads|health STDLIB_DIR");
            System.exit(2);
        }
        List<Path> all = StdlibConformanceTest.stdlibFiles(Path.of(args[1]));
        List<Path> valid = parsable(all);
        List<Path> even = new ArrayList<>();
        List<Path> odd = new ArrayList<>();
        for (int i = 0; i < valid.size(); i++) {
            (i % 2 == 0 ? even : odd).add(valid.get(i));
        }
        switch (args[0]) {
            case "first-pass" -> report("first pass, fresh JVM, 1 thread", valid, time(valid, 1));
            case "unseen" -> {
                warm(even);
                report("unseen files after warm-up on the other half, 1 thread", odd, time(odd, 1));
            }
            case "threads" -> {
                warm(even);
                report("unseen files after warm-up on the other half, 2 threads", odd, time(odd, 2));
            }
            case "health" -> health(valid);
            default -> {
                System.err.println("unknown mode " + args[0]);
                System.exit(2);
            }
        }
    }

    /** The files CPython compiles (others are not a fair speed sample); read once so timing excludes I/O. */
    private static List<Path> parsable(List<Path> files) throws Exception {
        String python = Python3.executable().orElseThrow(() -> new IllegalStateException("python3 is needed"));
        var rejected = StdlibConformanceTest.cpythonRejections(python, files).keySet();
        return files.stream().filter(f -> !rejected.contains(f)).toList();
    }

    private record Timing(double seconds, long lines, long fallbacks) {
    }

    private static Timing time(List<Path> files, int threads) throws Exception {
        List<byte[]> contents = new ArrayList<>();
        for (Path f : files) {
            contents.add(Files.readAllBytes(f));
        }
        AtomicLong lines = new AtomicLong();
        long fallbacksBefore = PythonSource.sllFallbacks();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(null, r, "parse", 64L << 20));
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int slice = t;
            work.add(pool.submit(() -> {
                for (int i = slice; i < contents.size(); i += threads) {
                    try {
                        lines.addAndGet(PythonSource.parse(files.get(i).toString(), contents.get(i)).lineCount());
                    } catch (PythonSyntaxError e) {
                        throw new IllegalStateException(e.getMessage());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Timing(seconds, lines.get(), PythonSource.sllFallbacks() - fallbacksBefore);
    }

    private static void warm(List<Path> files) throws Exception {
        PythonSource.warmUp();
        for (int i = 0; i < 2; i++) {
            time(files, 1);
        }
    }

    private static void report(String what, List<Path> files, Timing ours) throws Exception {
        double cpython = cpythonSeconds(files);
        double oursRate = ours.lines / ours.seconds;
        double cpythonRate = ours.lines / cpython;
        System.out.printf("%s: %d files, %d lines%n", what, files.size(), ours.lines);
        System.out.printf("  unblock parser   %10.0f lines/s (%.2f s), SLL fallbacks on valid code: %d%n",
                oursRate, ours.seconds, ours.fallbacks);
        System.out.printf("  CPython ast.parse%10.0f lines/s (%.2f s, best of 3)%n", cpythonRate, cpython);
        System.out.printf("  ratio            %10.2fx%n", oursRate / cpythonRate);
    }

    private static double cpythonSeconds(List<Path> files) throws Exception {
        String python = Python3.executable().orElseThrow();
        StringBuilder stdin = new StringBuilder();
        files.forEach(f -> stdin.append(f).append('\n'));
        return Double.parseDouble(Python3.run(python, List.of(benchScript().toString(), "3"), stdin.toString()).strip());
    }

    private static Path benchScript() throws IOException {
        Path script = Path.of("bench", "ast_parse_time.py");
        if (!Files.exists(script)) {
            throw new IOException("run from the repository root: " + script + " is missing");
        }
        return script;
    }

    /** Grammar health over one pass of the corpus, measured with full LL prediction and profiling on. */
    private static void health(List<Path> files) throws Exception {
        Timing pass = time(files, 1);
        System.out.printf("health: %d files, %d lines%n", files.size(), pass.lines);
        System.out.printf("  SLL fallbacks on valid code: %d%n", pass.fallbacks);
        System.out.printf("  cached DFA states: parser %d, lexer %d%n", PythonSource.cachedParserStates(),
                PythonSource.cachedLexerStates());
        System.gc();
        Thread.sleep(200);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("  live heap after parsing the corpus: %.1f MB%n", heap / 1e6);

        long fullContext = 0;
        long sllConflicts = 0;
        int[] worst = new int[0];
        long[] perDecision = null;
        for (Path file : files) {
            String text = SourceDecoder.decode(file.toString(), Files.readAllBytes(file)).text();
            PythonLexer lexer = new PythonLexer(CharStreams.fromString(text));
            PythonParser parser = new PythonParser(new CommonTokenStream(lexer));
            parser.removeErrorListeners();
            lexer.removeErrorListeners();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setProfile(true);
            parser.file_input();
            DecisionInfo[] infos = parser.getParseInfo().getDecisionInfo();
            if (perDecision == null) {
                perDecision = new long[infos.length];
            }
            for (DecisionInfo d : infos) {
                fullContext += d.LL_Fallback;
                perDecision[d.decision] += d.LL_Fallback;
            }
        }
        System.out.printf("  full-context (LL) predictions in one pass: %d%n", fullContext);
        if (perDecision != null) {
            PythonParser names = new PythonParser(null);
            for (int d = 0; d < perDecision.length; d++) {
                if (perDecision[d] > 0) {
                    int rule = names.getATN().decisionToState.get(d).ruleIndex;
                    System.out.printf("    decision %d in rule %s: %d%n", d, names.getRuleNames()[rule], perDecision[d]);
                }
            }
        }
    }
}
