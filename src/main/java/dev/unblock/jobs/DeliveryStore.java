package dev.unblock.jobs;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deliveries, the newest delivery per branch/PR, and installations, in plain JDBC. */
public final class DeliveryStore {
    public static final String QUEUED = "queued";
    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    private final DataSource dataSource;
    private final Clock clock;
    private final Durability durability;

    /**
     * What makes a stored delivery survive a crash where the database alone does not: {@link #stored} runs after the
     * delivery's commit, before the webhook answers; {@link #recover} puts back what the database lost.
     */
    public interface Durability {
        Durability ON_COMMIT = (d, at) -> { };

        void stored(StoredDelivery delivery, Instant receivedAt) throws IOException;

        default void recover(DeliveryStore store) throws IOException, SQLException {
        }
    }

    public DeliveryStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, Durability.ON_COMMIT);
    }

    public DeliveryStore(DataSource dataSource, Clock clock, Durability durability) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.durability = durability;
    }

    /**
     * Stores a new delivery and marks it the newest for its key; false when this delivery id is already known. When
     * this returns, the delivery is on disk: the webhook's 202 promises that.
     */
    public boolean insert(StoredDelivery d) throws SQLException {
        Instant now = clock.instant();
        boolean stored = insert(d, now, false);
        if (stored) {
            try {
                durability.stored(d, now);
            } catch (IOException e) {
                throw new SQLException("the delivery was stored, but could not be made durable: " + e.getMessage(), "58030", e);
            }
        }
        return stored;
    }

    /**
     * Puts back a delivery the database lost in a crash, with the time it first arrived; it becomes the newest of its
     * branch or pull request only if no newer delivery for it is stored. False when it is there after all.
     */
    public boolean restore(StoredDelivery d, Instant receivedAt) throws SQLException {
        return insert(d, receivedAt, true);
    }

    /** Puts back what the database lost in a crash (see {@link Durability}), and forgets what is finished. */
    public void recover() throws IOException, SQLException {
        durability.recover(this);
    }

    private boolean insert(StoredDelivery d, Instant receivedAt, boolean restoring) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement(
                        "insert into deliveries (id, event, action, installation_id, repository_id, repository, supersede_key,"
                                + " payload, status, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    s.setString(1, d.id());
                    s.setString(2, d.event());
                    s.setString(3, d.action());
                    setLong(s, 4, d.installationId());
                    setLong(s, 5, d.repositoryId());
                    s.setString(6, d.repository());
                    s.setString(7, d.supersedeKey());
                    s.setString(8, d.payload());
                    s.setString(9, QUEUED);
                    s.setTimestamp(10, Timestamp.from(receivedAt));
                    s.executeUpdate();
                } catch (SQLException e) {
                    c.rollback();
                    if (isDuplicate(e)) {
                        return false;
                    }
                    throw e;
                }
                if (d.supersedeKey() != null && (!restoring || !hasNewer(c, d.supersedeKey(), receivedAt))) {
                    markLatest(c, d.supersedeKey(), d.id());
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** True when a delivery for {@code key} that arrived after {@code at} is stored. */
    private static boolean hasNewer(Connection c, String key, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select 1 from deliveries where supersede_key = ? and received_at > ?")) {
            s.setString(1, key);
            s.setTimestamp(2, Timestamp.from(at));
            s.setMaxRows(1);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void markLatest(Connection c, String key, String deliveryId) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("update latest_deliveries set delivery_id = ? where supersede_key = ?")) {
            update.setString(1, deliveryId);
            update.setString(2, key);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("insert into latest_deliveries (supersede_key, delivery_id) values (?, ?)")) {
            insert.setString(1, key);
            insert.setString(2, deliveryId);
            insert.executeUpdate();
        }
    }

    public Optional<StoredDelivery> find(String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select id, event, action, installation_id, repository_id, repository,"
                     + " supersede_key, payload, status from deliveries where id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredDelivery(r.getString(1), r.getString(2), r.getString(3),
                        (Long) r.getObject(4, Long.class), (Long) r.getObject(5, Long.class), r.getString(6),
                        r.getString(7), r.getString(8), r.getString(9)));
            }
        }
    }

    /** True when no newer delivery arrived for the same branch or pull request. */
    public boolean isLatest(String supersedeKey, String deliveryId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select delivery_id from latest_deliveries where supersede_key = ?")) {
            s.setString(1, supersedeKey);
            try (ResultSet r = s.executeQuery()) {
                return !r.next() || deliveryId.equals(r.getString(1));
            }
        }
    }

    public void finish(String id, String status, String detail) throws SQLException {
        update("update deliveries set status = ?, detail = ?, finished_at = ? where id = ?", status,
                detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)), Timestamp.from(clock.instant()), id);
    }

    /** Counts one more real failure of a delivery's job (waits for rate limits or busy repositories do not count). */
    public int recordFailure(String id) throws SQLException {
        update("update deliveries set failures = failures + 1 where id = ?", id);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select failures from deliveries where id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getInt(1) : 1;
            }
        }
    }

    /** Ids of deliveries still waiting to be processed that have no execution in the queue, oldest first. */
    public List<String> queuedWithoutExecution() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select d.id from deliveries d where d.status = ? and not exists"
                     + " (select 1 from scheduled_tasks t where t.task_name = ? and t.task_instance = d.id) order by d.received_at")) {
            s.setString(1, QUEUED);
            s.setString(2, JobQueue.TASK);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    /** Ids of deliveries still waiting to be processed, oldest first. */
    public List<String> queuedIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select id from deliveries where status = ? order by received_at")) {
            s.setString(1, QUEUED);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * True when a delivery for the same repository that arrived before this one still waits to be processed. One
     * that failed and waits to be retried does not count: it has stepped aside, so that a failing job holds the
     * repository's later jobs back for one attempt at most.
     */
    public boolean hasOlderQueued(String deliveryId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select 1 from deliveries d join deliveries me on me.id = ?"
                     + " where d.repository_id = me.repository_id and d.status = ? and d.id <> me.id and d.failures = 0"
                     + " and (d.received_at < me.received_at or (d.received_at = me.received_at and d.id < me.id))")) {
            s.setString(1, deliveryId);
            s.setString(2, QUEUED);
            s.setMaxRows(1);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    /** The delivery of a repository that is next in line (the oldest queued one that has not failed), other than {@code except}. */
    public String nextQueued(long repositoryId, String except) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select id from deliveries where repository_id = ? and status = ?"
                     + " and failures = 0 and id <> ? order by received_at, id")) {
            s.setLong(1, repositoryId);
            s.setString(2, QUEUED);
            s.setString(3, except);
            s.setMaxRows(1);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** How many deliveries wait to be processed; NaN when the database does not answer (for a metrics gauge). */
    public double queuedCountOrNaN() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from deliveries where status = ?")) {
            s.setString(1, QUEUED);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : Double.NaN;
            }
        } catch (SQLException e) {
            return Double.NaN;
        }
    }

    public String status(String id) throws SQLException {
        return find(id).map(StoredDelivery::status).orElse(null);
    }

    public void recordInstallation(long id, String account) throws SQLException {
        if (update("update installations set account = ? where id = ?", account, id) == 0) {
            update("insert into installations (id, account, created_at) values (?, ?, ?)", id, account,
                    Timestamp.from(clock.instant()));
        }
    }

    public void addRepository(long installationId, long repositoryId, String fullName) throws SQLException {
        removeRepository(installationId, repositoryId);
        update("insert into installation_repositories (installation_id, repository_id, full_name) values (?, ?, ?)",
                installationId, repositoryId, fullName);
    }

    public void removeRepository(long installationId, long repositoryId) throws SQLException {
        update("delete from installation_repositories where installation_id = ? and repository_id = ?", installationId, repositoryId);
    }

    /** Forgets an installation and its repositories; returns the repository ids it had. */
    public List<Long> removeInstallation(long installationId) throws SQLException {
        List<Long> repos = repositories(installationId);
        update("delete from installation_repositories where installation_id = ?", installationId);
        update("delete from installations where id = ?", installationId);
        return repos;
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    s.setNull(i + 1, Types.VARCHAR); // only text columns are ever set to null here
                } else {
                    s.setObject(i + 1, args[i]);
                }
            }
            return s.executeUpdate();
        }
    }

    public List<Long> repositories(long installationId) throws SQLException {
        List<Long> repos = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(
                     "select repository_id from installation_repositories where installation_id = ? order by repository_id")) {
            s.setLong(1, installationId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    repos.add(r.getLong(1));
                }
            }
        }
        return repos;
    }

    public boolean hasInstallation(long installationId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select 1 from installations where id = ?")) {
            s.setLong(1, installationId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }

    /** A unique or primary key refused the row (SQLSTATE class 23). */
    public static boolean isDuplicate(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }
}
