package dev.unblock.git;

import java.time.Duration;

/**
 * Bounds on the work one job does with a repository's content, which is untrusted.
 *
 * @param maxFileBytes Python files larger than this are skipped (with a note)
 * @param maxFiles     at most this many Python files are handed to the engine; the rest are skipped (with a note)
 * @param timeBudget   after this long, reading files for the engine fails with {@link BudgetExceeded}
 */
public record SnapshotLimits(long maxFileBytes, int maxFiles, Duration timeBudget) {
    public static SnapshotLimits defaults() {
        return new SnapshotLimits(1024 * 1024, 10_000, Duration.ofMinutes(10));
    }

    /** A size for people: "60 MB", "1 MB", "64 KB", "1.5 MB", "900 bytes". */
    public static String human(long bytes) {
        if (bytes >= 1024 * 1024) {
            return decimal(bytes / (1024.0 * 1024)) + " MB";
        }
        if (bytes >= 1024) {
            return decimal(bytes / 1024.0) + " KB";
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    private static String decimal(double value) {
        double rounded = Math.round(value * 10) / 10.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }

    /** The job ran out of its time budget; retrying would not help. */
    public static final class BudgetExceeded extends java.io.IOException {
        public BudgetExceeded(String message) {
            super(message);
        }
    }
}
