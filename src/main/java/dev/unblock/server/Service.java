package dev.unblock.server;

import dev.unblock.jobs.Tuning;
import dev.unblock.migrate.MigrationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code unblock serve} runs: the App when it has credentials (environment or stored by the setup page);
 * otherwise the setup pages, replaced by the App on the same port as soon as the setup stored its credentials.
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private final Map<String, String> env;
    private final Supplier<MigrationEngine> engine;
    private final Tuning tuning;
    private final Clock clock;
    private final PrintStream err;
    private final CountDownLatch appStarted = new CountDownLatch(1);
    private volatile SetupServer setup;
    private volatile UnblockApp app;
    private volatile Exception failure;
    private volatile boolean closed;

    private Service(Map<String, String> env, Supplier<MigrationEngine> engine, Tuning tuning, Clock clock, PrintStream err) {
        this.env = env;
        this.engine = engine;
        this.tuning = tuning;
        this.clock = clock;
        this.err = err;
    }

    /** Starts the App or the setup pages; bad settings throw before anything listens. */
    public static Service start(Map<String, String> env, Supplier<MigrationEngine> engine, Tuning tuning, Clock clock,
                                PrintStream err) throws Exception {
        Service service = new Service(env, engine, tuning, clock, err);
        if (Settings.needsSetup(env)) {
            SetupSettings settings = SetupSettings.fromEnvironment(env);
            service.setup = SetupServer.start(settings, service::configured, clock);
            err.println("unblock serve: the App is not set up; open " + settings.base() + "/setup (listening on port "
                    + service.setup.port() + ")");
        } else {
            service.startApp();
        }
        return service;
    }

    private void startApp() throws Exception {
        Settings settings = Settings.fromEnvironment(env);
        app = UnblockApp.start(settings, engine.get(), tuning, clock);
        appStarted.countDown();
        err.println("unblock serve: listening on port " + app.port() + " (" + settings + ")");
    }

    /** Called by the callback page once its answer is sent: swap the setup server for the App, off the request thread. */
    private void configured() {
        Thread swap = new Thread(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                setup.close();
                setup = null;
                try {
                    startApp();
                } catch (Exception e) {
                    failure = e;
                    LOG.error("the App could not start from the stored credentials", e);
                    err.println("unblock serve: the App could not start from the stored credentials: " + e.getMessage());
                    appStarted.countDown();
                }
            }
        }, "unblock-setup-done");
        swap.start();
    }

    /** The port now listening (the setup server's before setup, the App's after). */
    public int port() {
        UnblockApp a = app;
        SetupServer s = setup;
        return a != null ? a.port() : s != null ? s.port() : -1;
    }

    /** The running App, waiting for the setup to finish for at most {@code timeout}; null when it did not. */
    public UnblockApp awaitApp(Duration timeout) throws Exception {
        appStarted.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (failure != null) {
            throw failure;
        }
        return app;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (setup != null) {
            setup.close();
        }
        if (app != null) {
            app.close();
        }
    }
}
