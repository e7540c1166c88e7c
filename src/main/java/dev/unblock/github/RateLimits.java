package dev.unblock.github;

import dev.unblock.jobs.RetryLater;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * When GitHub says "slow down" (403/429), works out when to try again: {@code Retry-After} seconds, else the
 * {@code X-RateLimit-Reset} epoch when the quota is exhausted, else one minute, as GitHub's docs ask.
 */
public final class RateLimits {
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private RateLimits() {
    }

    public static RetryLater retryLater(Function<String, String> header, Instant now) {
        return new RetryLater(retryAt(header, now), "GitHub rate limit");
    }

    static Instant retryAt(Function<String, String> header, Instant now) {
        String retryAfter = header.apply("Retry-After");
        if (retryAfter != null) {
            try {
                return now.plusSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException ignored) {
                // An HTTP-date form is allowed but GitHub sends seconds; fall through to the other signals.
            }
        }
        if ("0".equals(header.apply("X-RateLimit-Remaining"))) {
            String reset = header.apply("X-RateLimit-Reset");
            if (reset != null) {
                try {
                    Instant at = Instant.ofEpochSecond(Long.parseLong(reset.trim()));
                    return at.isAfter(now) ? at : now;
                } catch (NumberFormatException ignored) {
                    // fall through to the default wait
                }
            }
        }
        return now.plus(DEFAULT_WAIT);
    }

    /** True for a response GitHub uses to signal a primary or secondary rate limit. */
    public static boolean isRateLimited(int status, Function<String, String> header) {
        if (status == 429) {
            return true;
        }
        return status == 403 && (header.apply("Retry-After") != null || "0".equals(header.apply("X-RateLimit-Remaining")));
    }
}
