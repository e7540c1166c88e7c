package dev.unblock.server;

import io.javalin.Javalin;

import java.time.Clock;

/**
 * The server of a process whose App does not exist yet: the setup pages, health and metrics, nothing else.
 * Webhooks are answered 503 (nothing can verify them), and so is readiness: the process cannot do its work yet
 * (reach {@code /setup} directly, or on one machine, before the App runs behind a load balancer).
 */
final class SetupServer implements AutoCloseable {
    private final Javalin app;
    private final ServerMetrics metrics;
    private final SetupPages pages;

    private SetupServer(Javalin app, ServerMetrics metrics, SetupPages pages) {
        this.app = app;
        this.metrics = metrics;
        this.pages = pages;
    }

    static SetupServer start(SetupSettings settings, Runnable onConfigured, Clock clock) {
        SetupPages pages = new SetupPages(settings, onConfigured, clock);
        ServerMetrics metrics = new ServerMetrics(false);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            metrics.instrument(config);
            config.routes.get("/", ctx -> ctx.redirect("/setup"));
            config.routes.get("/setup", pages::page);
            config.routes.post("/setup", pages::confirm);
            config.routes.get("/setup/setup.js", SetupPages::script);
            config.routes.get("/setup/callback", pages::callback);
            config.routes.get("/healthz", ctx -> ctx.result("ok\n"));
            config.routes.get("/readyz", ctx -> ctx.status(503).result("not set up: open /setup\n"));
            config.routes.post("/webhook", ctx -> ctx.status(503).result("not set up: open /setup\n"));
        });
        try {
            app.start(settings.port());
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        return new SetupServer(app, metrics, pages);
    }

    int port() {
        return app.port();
    }

    SetupPages pages() {
        return pages;
    }

    @Override
    public void close() {
        app.stop();
        metrics.close();
    }
}
