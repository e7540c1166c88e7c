package dev.unblock.server;

import io.javalin.Javalin;

import java.time.Clock;

/**
 * The server of a process whose App does not exist yet: the setup pages and health, nothing else. Webhooks are
 * answered 503 (nothing can verify them). Readiness is 200 so that a load balancer lets people reach {@code /setup}.
 */
final class SetupServer implements AutoCloseable {
    private final Javalin app;

    private SetupServer(Javalin app) {
        this.app = app;
    }

    static SetupServer start(SetupSettings settings, Runnable onConfigured, Clock clock) {
        SetupPages pages = new SetupPages(settings, onConfigured, clock);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/", ctx -> ctx.redirect("/setup"));
            config.routes.get("/setup", pages::page);
            config.routes.get("/setup/callback", pages::callback);
            config.routes.get("/healthz", ctx -> ctx.result("ok\n"));
            config.routes.get("/readyz", ctx -> ctx.result("setup: open /setup\n"));
            config.routes.post("/webhook", ctx -> ctx.status(503).result("not set up: open /setup\n"));
        });
        app.start(settings.port());
        return new SetupServer(app);
    }

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
