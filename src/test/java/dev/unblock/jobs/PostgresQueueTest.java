package dev.unblock.jobs;

import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.LocalPostgres;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The same schema, queue and store on a real PostgreSQL (UNBLOCK_DATABASE_URL); skipped where there is none. */
class PostgresQueueTest {
    static LocalPostgres postgres;

    @TempDir
    Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        Path bin = LocalPostgres.find();
        Assumptions.assumeTrue(bin != null, "no PostgreSQL server binaries (initdb, pg_ctl) on this machine");
        postgres = LocalPostgres.start(bin);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void migratesTheSchemaQueuesDeduplicatesAndRunsJobsOnPostgres() throws Exception {
        try (FakeGitHub github = new FakeGitHub();
             TestApp app = TestApp.start(dir, github.url(), new SleepEngine(), TestApp.fastTuning(), postgres.jdbcUrl())) {
            assertThat(app.get("/readyz").statusCode()).isEqualTo(200);
            assertThat(app.deliver("installation", "pg-1", Fixtures.webhook("installation/created.payload.json")).body())
                    .isEqualTo("queued\n");
            assertThat(app.deliver("installation", "pg-1", Fixtures.webhook("installation/created.payload.json")).body())
                    .isEqualTo("duplicate\n");
            assertThat(app.awaitFinished("pg-1")).isEqualTo("done");
            assertThat(app.app.store().repositories(957387)).containsExactly(186853002L);

            RepositoryLeases leases = new RepositoryLeases(app.app.dataSource(), Clock.systemUTC(), Duration.ofMinutes(1));
            assertThat(leases.acquire(1, "a")).isTrue();
            assertThat(leases.acquire(1, "b")).isFalse();
        }
    }
}
