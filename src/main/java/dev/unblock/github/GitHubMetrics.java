package dev.unblock.github;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Counts GitHub API calls by method and status ({@code unblock_github_api_calls_total}) and keeps the rate-limit
 * quota GitHub last reported ({@code unblock_github_rate_limit_remaining}; -1 until a response carried it).
 */
public final class GitHubMetrics {
    private final MeterRegistry registry;
    private final AtomicLong remaining = new AtomicLong(-1);

    public GitHubMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("unblock_github_rate_limit_remaining", remaining, AtomicLong::get)
                .description("X-RateLimit-Remaining of the latest GitHub answer that had it")
                .register(registry);
    }

    /** For tools and tests that do not export metrics. */
    public static GitHubMetrics discard() {
        return new GitHubMetrics(new SimpleMeterRegistry());
    }

    public void record(String method, int status, Function<String, String> header) {
        registry.counter("unblock_github_api_calls", "method", method.toUpperCase(Locale.ROOT), "status",
                status <= 0 ? "none" : Integer.toString(status)).increment();
        String left = header.apply("X-RateLimit-Remaining");
        if (left != null) {
            try {
                remaining.set(Long.parseLong(left.trim()));
            } catch (NumberFormatException ignored) {
                // not a number: keep the last one
            }
        }
    }
}
