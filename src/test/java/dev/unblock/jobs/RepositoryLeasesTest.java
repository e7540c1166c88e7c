package dev.unblock.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RepositoryLeasesTest {
    @TempDir
    Path dir;

    @Test
    void oneHolderPerRepositoryUntilReleasedOrExpired() throws Exception {
        try (Database db = Database.open(dir, null)) {
            Instant start = Instant.parse("2026-11-25T10:00:00Z");
            RepositoryLeases leases = new RepositoryLeases(db.dataSource(), Clock.fixed(start, ZoneOffset.UTC), Duration.ofMinutes(30));
            assertThat(leases.acquire(7, "delivery-a")).isTrue();
            assertThat(leases.acquire(7, "delivery-b")).isFalse();
            assertThat(leases.acquire(8, "delivery-b")).isTrue();
            assertThat(leases.acquire(7, "delivery-a")).as("a revived job takes its own lease back").isTrue();
            leases.release(7, "delivery-a");
            assertThat(leases.acquire(7, "delivery-b")).isTrue();

            RepositoryLeases later = new RepositoryLeases(db.dataSource(),
                    Clock.fixed(start.plus(Duration.ofMinutes(31)), ZoneOffset.UTC), Duration.ofMinutes(30));
            assertThat(later.acquire(7, "delivery-c")).as("an expired lease can be taken over").isTrue();
        }
    }
}
