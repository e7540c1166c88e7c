package dev.unblock.jobs;

import java.time.Duration;

/**
 * Timings of the job queue. Production uses {@link #defaults()}; tests shorten them so they finish quickly.
 *
 * @param retryBase      first back-off after a failure; doubles on each further failure
 * @param maxAttempts    failures after which a job is given up (and its delivery marked failed)
 * @param busyWait       how long a job waits when another job holds its repository
 * @param leaseTtl       how long a repository lease lasts without being released
 * @param jobTimeout     a job still running after this long is abandoned (failed, its repository freed)
 * @param runWorkers     false starts the web server only (nothing is processed): used to test restarts
 */
public record Tuning(Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeats, int threads,
                     Duration retryBase, int maxAttempts, Duration busyWait, Duration leaseTtl, Duration jobTimeout, boolean runWorkers) {

    public static Tuning defaults() {
        return new Tuning(Duration.ofSeconds(2), Duration.ofSeconds(30), 4, 4,
                Duration.ofSeconds(30), 6, Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofMinutes(20), true);
    }

    public Tuning withThreads(int count) {
        return new Tuning(pollingInterval, heartbeatInterval, missedHeartbeats, count, retryBase, maxAttempts, busyWait,
                leaseTtl, jobTimeout, runWorkers);
    }

    public Tuning withHeartbeat(Duration interval) {
        return new Tuning(pollingInterval, interval, missedHeartbeats, threads, retryBase, maxAttempts, busyWait, leaseTtl,
                jobTimeout, runWorkers);
    }

    public Tuning withJobTimeout(Duration limit) {
        return new Tuning(pollingInterval, heartbeatInterval, missedHeartbeats, threads, retryBase, maxAttempts, busyWait, leaseTtl,
                limit, runWorkers);
    }

    public Tuning withWorkers(boolean run) {
        return new Tuning(pollingInterval, heartbeatInterval, missedHeartbeats, threads, retryBase, maxAttempts, busyWait,
                leaseTtl, jobTimeout, run);
    }
}
