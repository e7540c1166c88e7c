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

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens (creating if needed) the database and brings its schema up to date. */
    public static Database open(Path dataDir, String postgresUrl) {
        HikariConfig config = new HikariConfig();
        if (postgresUrl == null || postgresUrl.isBlank()) {
            Path file = dataDir.toAbsolutePath().resolve("db").resolve("unblock");
            config.setJdbcUrl("jdbc:h2:file:" + file + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
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
        return new Database(dataSource);
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
