package dev.unblock.github;

import dev.unblock.jobs.RetryLater;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ContentRateLimiterTest {
    @Test
    void the81stRequestInAMinuteWaitsForTheOldestToAgeOutAndOtherInstallationsAreUnaffected() throws Exception {
        InstallationTokensTest.MovableClock clock = new InstallationTokensTest.MovableClock();
        Instant start = clock.now;
        ContentRateLimiter limiter = new ContentRateLimiter(clock);
        for (int i = 0; i < 80; i++) {
            limiter.acquire(1);
            clock.now = clock.now.plusMillis(100);
        }
        RetryLater wait = catchThrowableOfType(RetryLater.class, () -> limiter.acquire(1));
        assertThat(wait.at()).isEqualTo(start.plus(Duration.ofMinutes(1)));
        limiter.acquire(2);
        clock.now = start.plus(Duration.ofMinutes(1)).plusMillis(1);
        limiter.acquire(1);
    }

    @Test
    void fiveHundredAnHour() throws Exception {
        InstallationTokensTest.MovableClock clock = new InstallationTokensTest.MovableClock();
        ContentRateLimiter limiter = new ContentRateLimiter(clock);
        for (int i = 0; i < 500; i++) {
            limiter.acquire(1);
            clock.now = clock.now.plusSeconds(1);
        }
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        assertThatThrownBy(() -> limiter.acquire(1)).isInstanceOf(RetryLater.class).hasMessageContaining("last hour");
        assertThat(ContentRateLimiter.createsContent("GET")).isFalse();
        assertThat(ContentRateLimiter.createsContent("PATCH")).isTrue();
    }
}
