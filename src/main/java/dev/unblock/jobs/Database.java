package dev.unblock.jobs;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** The connection pool and schema: embedded H2 in the data dir, or PostgreSQL when a URL is given. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final boolean embedded;
    private final Path dataDir;

    private Database(HikariDataSource dataSource, boolean embedded, Path dataDir) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.dataDir = dataDir;
    }

    /** Opens (creating if needed) the database and brings its schema up to date. */
    public static Database open(Path dataDir, String postgresUrl) {
        HikariConfig config = new HikariConfig();
        if (postgresUrl == null || postgresUrl.isBlank()) {
            Path file = dataDir.toAbsolutePath().resolve("db").resolve("unblock");
            // WRITE_DELAY=0: H2 writes each commit to its file before returning (its default holds commits in memory
            // for up to 500 ms, and a process killed then loses them). DB_CLOSE_ON_EXIT=FALSE: on SIGTERM, H2's own
            // shutdown hook would close the database while ours still lets running jobs finish (their last writes then
            // failed, with a stack trace in the log); it closes when this pool does.
            config.setJdbcUrl("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                    + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
            config.setUsername("sa");
            config.setPassword("");
        } else {
            config.setJdbcUrl(postgresUrl);
        }
        config.setMaximumPoolSize(10);
        config.setPoolName("unblock");
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource, postgresUrl == null || postgresUrl.isBlank(), dataDir);
    }

    /** The embedded database: only this process can have it open. */
    public boolean embedded() {
        return embedded;
    }

    /**
     * What makes a stored delivery survive a crash, not only of the process but of the machine: PostgreSQL's commit
     * waits for its log to reach the disk (synchronous_commit, on by default). For the embedded database each
     * delivery is also copied to a synced file in {@code inbox/} of the data dir ({@link DeliveryInbox}).
     */
    public DeliveryStore.Durability durability() {
        return embedded ? new DeliveryInbox(dataDir.toAbsolutePath().resolve("inbox")) : DeliveryStore.Durability.ON_COMMIT;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** True when a connection can be had and answers. */
    public boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
