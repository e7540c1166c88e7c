package dev.unblock.github;

import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.RetryLater;
import dev.unblock.jobs.TransientFailure;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each installation under GitHub's limits for content-creating requests (80 a minute and 500 an hour unless
 * configured otherwise, for GitHub Enterprise Server) so that GitHub does not have to throttle us: over a limit, the
 * job is rescheduled for when a slot frees up. The requests of the last hour are counted in the database that the
 * replicas share, so the limits hold for all of them together: each request is one row, counted and added in one
 * transaction that holds the installation's row locked ({@code SELECT … FOR UPDATE}), so two replicas never both take
 * the last slot.
 */
public final class ContentRateLimiter {
    public static final int PER_MINUTE = 80;
    public static final int PER_HOUR = 500;
    /**
     * GitHub counts a request from when it arrives, we from just before it is sent: a second more than a minute (an
     * hour) keeps a faster later request from landing inside GitHub's window of a slower earlier one.
     */
    static final Duration MARGIN = Duration.ofSeconds(1);
    private static final Duration MINUTE = Duration.ofMinutes(1).plus(MARGIN);
    private static final Duration HOUR = Duration.ofHours(1).plus(MARGIN);
    private final DataSource dataSource;
    private final Clock clock;
    private final int perMinute;
    private final int perHour;
    /** Installations whose lock row is known to exist. */
    private final Set<Long> known = ConcurrentHashMap.newKeySet();

    public ContentRateLimiter(DataSource dataSource, Clock clock) {
        this(dataSource, clock, PER_MINUTE, PER_HOUR);
    }

    public ContentRateLimiter(DataSource dataSource, Clock clock, int perMinute, int perHour) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.perMinute = perMinute;
        this.perHour = perHour;
    }

    /**
     * Records one content-creating request, or throws RetryLater when it would exceed a limit; a database that does
     * not answer is a {@link TransientFailure} (the job is retried), never a request sent uncounted.
     */
    public void acquire(long installationId) throws IOException {
        try {
            ensureRow(installationId);
            take(installationId);
        } catch (SQLException e) {
            throw new TransientFailure("could not count content-creating requests in the database: " + e.getMessage(), e);
        }
    }

    private void take(long installationId) throws SQLException, RetryLater {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                RetryLater refused = takeIn(c, installationId);
                c.commit();
                if (refused != null) {
                    throw refused;
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Within the transaction: null when the request was recorded, else when to try again. */
    private RetryLater takeIn(Connection c, long installationId) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(
                "select installation_id from content_rate_installations where installation_id = ? for update")) {
            lock.setLong(1, installationId);
            lock.executeQuery().close();
        }
        Instant now = ceilToMillis(clock.instant());
        Instant hourAgo = now.minus(HOUR);
        try (PreparedStatement forget = c.prepareStatement(
                "delete from content_requests where installation_id = ? and sent_at <= ?")) {
            forget.setLong(1, installationId);
            forget.setTimestamp(2, Timestamp.from(hourAgo));
            forget.executeUpdate();
        }
        List<Instant> lastHour = new ArrayList<>();
        try (PreparedStatement read = c.prepareStatement(
                "select sent_at from content_requests where installation_id = ? and sent_at > ? order by sent_at")) {
            read.setLong(1, installationId);
            read.setTimestamp(2, Timestamp.from(hourAgo));
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    lastHour.add(rows.getTimestamp(1).toInstant());
                }
            }
        }
        if (lastHour.size() >= perHour) {
            // The slot frees when enough of the oldest have left the hour.
            return new RetryLater(lastHour.get(lastHour.size() - perHour).plus(HOUR),
                    perHour + " content-creating requests in the last hour");
        }
        Instant minuteAgo = now.minus(MINUTE);
        List<Instant> lastMinute = lastHour.stream().filter(t -> t.isAfter(minuteAgo)).toList();
        if (lastMinute.size() >= perMinute) {
            return new RetryLater(lastMinute.get(lastMinute.size() - perMinute).plus(MINUTE),
                    perMinute + " content-creating requests in the last minute");
        }
        try (PreparedStatement add = c.prepareStatement("insert into content_requests (installation_id, sent_at) values (?, ?)")) {
            add.setLong(1, installationId);
            add.setTimestamp(2, Timestamp.from(now));
            add.executeUpdate();
        }
        return null;
    }

    /** The row a transaction locks for the installation, made once (by whichever replica comes first). */
    private void ensureRow(long installationId) throws SQLException {
        if (known.contains(installationId)) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("insert into content_rate_installations (installation_id) values (?)")) {
            s.setLong(1, installationId);
            s.executeUpdate();
        } catch (SQLException e) {
            if (!DeliveryStore.isDuplicate(e)) {
                throw e;
            }
        }
        known.add(installationId);
    }

    /**
     * Databases keep fewer digits than an Instant: rounded up to the millisecond, a stored time is never earlier than
     * the request, so it never leaves the window early.
     */
    static Instant ceilToMillis(Instant t) {
        Instant down = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        return down.equals(t) ? t : down.plusMillis(1);
    }

    public static boolean createsContent(String method) {
        return !method.equals("GET") && !method.equals("HEAD");
    }
}
