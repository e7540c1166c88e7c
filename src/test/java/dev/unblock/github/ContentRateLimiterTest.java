package dev.unblock.github;

import dev.unblock.jobs.Database;
import dev.unblock.jobs.RetryLater;
import dev.unblock.jobs.TransientFailure;
import dev.unblock.testing.LocalPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * GitHub's content-creation limits counted in the database: the same sliding minute and hour as GitHub's, per
 * installation, and shared by replicas (two connection pools on one PostgreSQL, as two processes have).
 */
class ContentRateLimiterTest {
    @TempDir
    Path dir;

    @Test
    void the81stRequestInAMinuteWaitsForTheOldestToAgeOutAndOtherInstallationsAreUnaffected() throws Exception {
        InstallationTokensTest.MovableClock clock = new InstallationTokensTest.MovableClock();
        Instant start = ContentRateLimiter.ceilToMillis(clock.now);
        try (Database database = Database.open(dir, null)) {
            ContentRateLimiter limiter = new ContentRateLimiter(database.dataSource(), clock);
            for (int i = 0; i < 80; i++) {
                limiter.acquire(1);
                clock.now = clock.now.plusMillis(100);
            }
            RetryLater wait = catchThrowableOfType(RetryLater.class, () -> limiter.acquire(1));
            assertThat(wait.at()).isEqualTo(start.plus(Duration.ofMinutes(1)).plus(ContentRateLimiter.MARGIN));
            assertThat(wait).hasMessageContaining("80 content-creating requests in the last minute");
            limiter.acquire(2);
            clock.now = start.plus(Duration.ofMinutes(1)).plusMillis(1);
            assertThatThrownBy(() -> limiter.acquire(1)).isInstanceOf(RetryLater.class); // within the second of margin
            clock.now = start.plus(Duration.ofMinutes(1)).plus(ContentRateLimiter.MARGIN).plusMillis(1);
            limiter.acquire(1);
        }
    }

    @Test
    void fiveHundredAnHourAndTheCountSurvivesARestart() throws Exception {
        InstallationTokensTest.MovableClock clock = new InstallationTokensTest.MovableClock();
        Instant start = ContentRateLimiter.ceilToMillis(clock.now);
        try (Database database = Database.open(dir, null)) {
            ContentRateLimiter limiter = new ContentRateLimiter(database.dataSource(), clock);
            for (int i = 0; i < 500; i++) {
                limiter.acquire(1);
                clock.now = clock.now.plusSeconds(1);
            }
        }
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        try (Database reopened = Database.open(dir, null)) {
            ContentRateLimiter limiter = new ContentRateLimiter(reopened.dataSource(), clock);
            RetryLater wait = catchThrowableOfType(RetryLater.class, () -> limiter.acquire(1));
            assertThat(wait).hasMessageContaining("500 content-creating requests in the last hour");
            assertThat(wait.at()).isEqualTo(start.plus(Duration.ofHours(1)).plus(ContentRateLimiter.MARGIN));
            clock.now = start.plus(Duration.ofHours(1)).plus(ContentRateLimiter.MARGIN).plusMillis(1);
            limiter.acquire(1);
        }
        assertThat(ContentRateLimiter.createsContent("GET")).isFalse();
        assertThat(ContentRateLimiter.createsContent("PATCH")).isTrue();
    }

    @Test
    void limitsSetForAGitHubEnterpriseServerAreKept() throws Exception {
        InstallationTokensTest.MovableClock clock = new InstallationTokensTest.MovableClock();
        try (Database database = Database.open(dir, null)) {
            ContentRateLimiter limiter = new ContentRateLimiter(database.dataSource(), clock, 3, 4);
            for (int i = 0; i < 3; i++) {
                limiter.acquire(9);
            }
            assertThatThrownBy(() -> limiter.acquire(9)).isInstanceOf(RetryLater.class).hasMessageContaining("3 content-creating");
            clock.now = clock.now.plus(Duration.ofMinutes(2));
            limiter.acquire(9);
            assertThatThrownBy(() -> limiter.acquire(9)).isInstanceOf(RetryLater.class).hasMessageContaining("4 content-creating");
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsATransientFailureNotAnUncountedRequest() throws Exception {
        Database database = Database.open(dir, null);
        ContentRateLimiter limiter = new ContentRateLimiter(database.dataSource(), Clock.systemUTC());
        database.close();
        assertThatThrownBy(() -> limiter.acquire(1)).isInstanceOf(TransientFailure.class);
    }

    @Test
    void twoReplicasOnOnePostgresTogetherSendNoMoreThanTheLimit() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.startOrSkip();
             Database a = Database.open(dir.resolve("a"), postgres.jdbcUrl());
             Database b = Database.open(dir.resolve("b"), postgres.jdbcUrl())) {
            Clock clock = Clock.systemUTC();
            List<ContentRateLimiter> replicas = List.of(new ContentRateLimiter(a.dataSource(), clock),
                    new ContentRateLimiter(b.dataSource(), clock));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            try {
                List<Future<int[]>> results = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    ContentRateLimiter limiter = replicas.get(t % 2);
                    results.add(threads.submit((Callable<int[]>) () -> {
                        int[] counts = new int[2];
                        for (int i = 0; i < 20; i++) {
                            try {
                                limiter.acquire(7);
                                counts[0]++;
                            } catch (RetryLater refused) {
                                counts[1]++;
                            }
                        }
                        return counts;
                    }));
                }
                int granted = 0;
                int refused = 0;
                int[] perReplica = new int[2];
                for (int t = 0; t < results.size(); t++) {
                    int[] counts = results.get(t).get();
                    granted += counts[0];
                    refused += counts[1];
                    perReplica[t % 2] += counts[0];
                }
                System.out.printf("content limit on PostgreSQL: 160 attempts from two replicas, %d granted (%d + %d), %d refused%n",
                        granted, perReplica[0], perReplica[1], refused);
                assertThat(granted).isEqualTo(ContentRateLimiter.PER_MINUTE);
                assertThat(refused).isEqualTo(160 - ContentRateLimiter.PER_MINUTE);
                assertThat(perReplica[0]).isPositive();
                assertThat(perReplica[1]).isPositive();
            } finally {
                threads.shutdownNow();
            }
            replicas.get(1).acquire(8); // another installation has its own count
        }
    }
}
