package dev.unblock.jobs;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A row per repository says which delivery is working on it, so that jobs for one repository run one at a
 * time even across replicas. A lease expires, so a crashed holder cannot block a repository forever, and the
 * same delivery may take its own lease back (it was revived after a crash).
 */
public final class RepositoryLeases {
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration ttl;

    public RepositoryLeases(DataSource dataSource, Clock clock, Duration ttl) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
    }

    public boolean acquire(long repositoryId, String holder) throws SQLException {
        Instant now = clock.instant();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement s = c.prepareStatement("update repository_leases set holder = ?, expires_at = ?"
                    + " where repository_id = ? and (holder = ? or expires_at < ?)")) {
                s.setString(1, holder);
                s.setTimestamp(2, Timestamp.from(now.plus(ttl)));
                s.setLong(3, repositoryId);
                s.setString(4, holder);
                s.setTimestamp(5, Timestamp.from(now));
                if (s.executeUpdate() > 0) {
                    return true;
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "insert into repository_leases (repository_id, holder, expires_at) values (?, ?, ?)")) {
                s.setLong(1, repositoryId);
                s.setString(2, holder);
                s.setTimestamp(3, Timestamp.from(now.plus(ttl)));
                s.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (DeliveryStore.isDuplicate(e)) {
                    return false;
                }
                throw e;
            }
        }
    }

    public void release(long repositoryId, String holder) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("delete from repository_leases where repository_id = ? and holder = ?")) {
            s.setLong(1, repositoryId);
            s.setString(2, holder);
            s.executeUpdate();
        }
    }
}
