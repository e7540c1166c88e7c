package dev.unblock.migrate;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Where one migration spent its time, stage by stage, so the next bottleneck is visible. Stages do not overlap:
 * the time the resolver spends answering the planner or the editor counts as {@code resolve}, not as theirs.
 * Parse time is wall time (files are parsed in parallel); {@link #parseWork} adds up the threads' time.
 */
public final class StageTimes {
    public enum Stage { PARSE, RESOLVE, PLAN, EDIT, REWRITE }

    private final long[] nanos = new long[Stage.values().length];
    private long parseWorkNanos;
    private int parsedFiles;
    private LongSupplier resolveClock = () -> 0;
    private final java.util.ArrayDeque<Frame> open = new java.util.ArrayDeque<>();

    /** A stage being timed, and what the stages inside it took. */
    private static final class Frame {
        final long startedAt = System.nanoTime();
        final long resolveAtStart;
        long nestedElapsed;
        long nestedResolve;

        Frame(long resolveAtStart) {
            this.resolveAtStart = resolveAtStart;
        }
    }

    /** The resolver's running total of nanoseconds, taken out of the stages it runs inside. */
    void resolveClock(LongSupplier clock) {
        this.resolveClock = clock;
    }

    /**
     * Keeps the resolver clock's last reading and lets go of the clock: it reads a resolver, which holds the whole
     * project's facts, and a caller may keep these times long after the migration (a benchmark ran its second
     * migration with the first one's 470 MB still reachable from here).
     */
    void releaseResolveClock() {
        long last = resolveClock.getAsLong();
        resolveClock = () -> last;
    }

    void add(Stage stage, long elapsedNanos) {
        nanos[stage.ordinal()] += elapsedNanos;
    }

    void parsed(int files, long workNanos) {
        parsedFiles += files;
        parseWorkNanos += workNanos;
    }

    /** Starts timing a stage that may call the resolver; stages may nest (the editor runs inside the planner). */
    void begin() {
        open.push(new Frame(resolveClock.getAsLong()));
    }

    /**
     * Ends the stage begun last: its own time goes to {@code stage}, the resolver's to {@link Stage#RESOLVE}, and
     * the time of the stages nested in it to theirs.
     */
    void end(Stage stage) {
        Frame f = open.pop();
        long elapsed = System.nanoTime() - f.startedAt;
        long resolving = resolveClock.getAsLong() - f.resolveAtStart;
        long resolvingHere = resolving - f.nestedResolve;
        add(stage, elapsed - f.nestedElapsed - resolvingHere);
        add(Stage.RESOLVE, resolvingHere);
        Frame outer = open.peek();
        if (outer != null) {
            outer.nestedElapsed += elapsed;
            outer.nestedResolve += resolving;
        }
    }

    public Duration of(Stage stage) {
        return Duration.ofNanos(nanos[stage.ordinal()]);
    }

    public Duration total() {
        long sum = 0;
        for (long n : nanos) {
            sum += n;
        }
        return Duration.ofNanos(sum);
    }

    /** Files parsed in this migration (the others came from the cache). */
    public int parsedFiles() {
        return parsedFiles;
    }

    /** Parse time summed over the threads that parsed (more than the wall time when they ran in parallel). */
    public Duration parseWork() {
        return Duration.ofNanos(parseWorkNanos);
    }

    /** {@code parse 1.20 s (14 files), resolve 0.30 s, plan 0.10 s, edit 0.05 s, rewrite 0.01 s}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Stage s : Stage.values()) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(s.name().toLowerCase(Locale.ROOT)).append(' ')
                    .append(String.format(Locale.ROOT, "%.2f s", nanos[s.ordinal()] / 1e9));
            if (s == Stage.PARSE) {
                out.append(" (").append(parsedFiles).append(parsedFiles == 1 ? " file" : " files").append(')');
            }
        }
        return out.toString();
    }
}
