package dev.unblock.server;

import dev.unblock.github.WebhookSignature;
import dev.unblock.jobs.Database;
import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.JobQueue;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTP side of the App: webhook ingress, health, readiness, metrics, the setup pages (saying it is set up), rule pages. */
public final class WebhookServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookServer.class);
    private final Javalin app;

    public WebhookServer(WebhookSignature signature, DeliveryStore store, JobQueue queue, Database database,
                         ServerMetrics metrics, SetupPages setup) {
        WebhookEndpoint webhook = new WebhookEndpoint(signature, store, queue, metrics.registry());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            metrics.instrument(config);
            // A little above the 25 MB limit so that the endpoint itself answers 413 with its own message.
            config.http.maxRequestSize = WebhookEndpoint.MAX_BODY + 1;
            config.routes.post("/webhook", webhook::handle);
            config.routes.get("/setup", setup::page);
            config.routes.post("/setup", setup::confirm);
            config.routes.get("/setup/callback", setup::callback);
            config.routes.get("/healthz", ctx -> ctx.result("ok\n"));
            config.routes.get("/rules/{id}", RuleDocs::serve);
            config.routes.get("/readyz", ctx -> {
                boolean ready = database.reachable();
                ctx.status(ready ? 200 : 503).result(ready ? "ready\n" : "database unreachable\n");
            });
            config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).result(e.getMessage() + "\n"));
            // Nothing was stored: 503 tells GitHub's delivery log (and whoever redelivers) to try again.
            config.routes.exception(java.sql.SQLException.class, (e, ctx) -> {
                LOG.error("database unavailable while storing a delivery", e);
                ctx.status(503).result("database unavailable\n");
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request to {} failed", ctx.path(), e);
                ctx.status(500).result("internal error\n");
            });
        });
    }

    public WebhookServer start(int port) {
        app.start(port);
        return this;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
