package dev.unblock.github;

import dev.unblock.jobs.RetryLater;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each installation under GitHub's limits for content-creating requests (80 a minute, 500 an hour) so
 * that GitHub does not have to throttle us: over a limit, the job is rescheduled for when a slot frees up.
 * Counts are per process; replicas sharing a database each keep their own.
 */
public final class ContentRateLimiter {
    static final int PER_MINUTE = 80;
    static final int PER_HOUR = 500;
    private final Clock clock;
    private final Map<Long, Deque<Instant>> sent = new ConcurrentHashMap<>();

    public ContentRateLimiter(Clock clock) {
        this.clock = clock;
    }

    /** Records one content-creating request, or throws RetryLater when it would exceed a limit. */
    public void acquire(long installationId) throws RetryLater {
        Deque<Instant> times = sent.computeIfAbsent(installationId, id -> new ArrayDeque<>());
        synchronized (times) {
            Instant now = clock.instant();
            while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(Duration.ofHours(1)))) {
                times.pollFirst();
            }
            if (times.size() >= PER_HOUR) {
                throw new RetryLater(times.peekFirst().plus(Duration.ofHours(1)), "500 content-creating requests in the last hour");
            }
            Instant minuteAgo = now.minus(Duration.ofMinutes(1));
            long lastMinute = times.stream().filter(t -> t.isAfter(minuteAgo)).count();
            if (lastMinute >= PER_MINUTE) {
                Instant oldestInMinute = times.stream().filter(t -> t.isAfter(minuteAgo)).findFirst().orElse(now);
                throw new RetryLater(oldestInMinute.plus(Duration.ofMinutes(1)), "80 content-creating requests in the last minute");
            }
            times.addLast(now);
        }
    }

    public static boolean createsContent(String method) {
        return !method.equals("GET") && !method.equals("HEAD");
    }
}
