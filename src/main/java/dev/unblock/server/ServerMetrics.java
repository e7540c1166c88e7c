package dev.unblock.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.micrometer.core.instrument.binder.jetty.JettyConnectionMetrics;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmHeapPressureMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One server's Prometheus registry: the JVM (memory, GC, threads, classes, JIT), the process (CPU, uptime, open
 * files) and the HTTP server (Jetty's thread pool and connections, every request timed by method, route and
 * status), all through Micrometer's binders, beside whatever the App records. {@code GET /metrics} serves it.
 */
public final class ServerMetrics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);
    /** Buckets for request latency: GitHub gives up on a webhook after 10 s. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> bound = new ArrayList<>();

    /** A registry with the JVM and process binders; {@code configured} is the value of {@code unblock_app_configured}. */
    public ServerMetrics(boolean configured) {
        bind(new ClassLoaderMetrics());
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmHeapPressureMetrics());
        bind(new JvmThreadMetrics());
        bind(new JvmInfoMetrics());
        bind(new JvmCompilationMetrics());
        bind(new ProcessorMetrics());
        bind(new UptimeMetrics());
        bind(new FileDescriptorMetrics());
        Gauge.builder("unblock_app_configured", () -> configured ? 1 : 0)
                .description("1 when the server runs the App, 0 while it only serves the setup pages").register(registry);
    }

    private void bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable closeable) {
            bound.add(closeable);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Times every request ({@code http_server_requests_seconds}, tagged with the method, the route as declared, e.g.
     * {@code /rules/{id}}, so that paths cannot multiply series, the status and its class) and binds Jetty's
     * thread pool and connection metrics. Call inside {@code Javalin.create}.
     */
    public void instrument(JavalinConfig config) {
        config.requestLogger.http((ctx, ms) -> record(ctx, ms));
        AtomicReference<Server> jetty = new AtomicReference<>();
        config.jetty.modifyServer(server -> {
            jetty.set(server);
            bind(new JettyServerThreadPoolMetrics(server.getThreadPool(), Tags.empty()));
        });
        // Javalin adds its connector when it starts; connections opened from then on are counted.
        config.events.serverStarted(() -> JettyConnectionMetrics.addToAllConnectors(jetty.get(), registry));
        config.routes.get("/metrics", this::scrape);
    }

    private void record(Context ctx, Float ms) {
        String route;
        try {
            route = ctx.endpoint() == null ? "unmatched" : ctx.endpoint().path;
        } catch (RuntimeException e) {
            route = "unmatched";
        }
        int status = ctx.statusCode();
        Timer.builder("http_server_requests")
                .description("HTTP requests answered, by method, route, status and outcome")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(status),
                        "outcome", Outcome.forStatus(status).name())
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record((long) (ms * 1_000_000L), TimeUnit.NANOSECONDS);
    }

    private void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    @Override
    public void close() {
        for (AutoCloseable closeable : bound) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.debug("closing a metrics binder failed: {}", e.toString());
            }
        }
        registry.close();
    }
}
