package dev.unblock.jobs;

import java.io.IOException;
import java.time.Instant;

/**
 * Thrown by a job that cannot go on now but will be able to at {@code at} (a rate limit, a busy repository).
 * The queue reschedules the job for that time instead of holding a thread. It is an IOException so that it
 * can travel through libraries whose callbacks may only throw IOException.
 */
public class RetryLater extends IOException {
    private final Instant at;

    public RetryLater(Instant at, String reason) {
        super(reason + " (retry at " + at + ")");
        this.at = at;
    }

    public Instant at() {
        return at;
    }

    /** The RetryLater somewhere in this throwable's cause chain, or null. */
    public static RetryLater in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetryLater retry) {
                return retry;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
