package dev.unblock.server;

import dev.unblock.jobs.Tuning;
import dev.unblock.migrate.MigrationEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import net.logstash.logback.argument.StructuredArguments;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code unblock serve} runs: the App when it has credentials (environment or stored by the setup page);
 * otherwise the setup pages, replaced by the App on the same port as soon as the setup stored its credentials.
 * What it says goes to the log: the settings it runs with as {@code key=value} (fields of their own in JSON logs).
 */
public final class Service implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Service.class);
    private final Map<String, String> env;
    private final Supplier<MigrationEngine> engine;
    private final Tuning tuning;
    private final Clock clock;
    private final CountDownLatch appStarted = new CountDownLatch(1);
    private volatile SetupServer setup;
    private volatile UnblockApp app;
    private volatile Exception failure;
    private volatile boolean closed;

    private Service(Map<String, String> env, Supplier<MigrationEngine> engine, Tuning tuning, Clock clock) {
        this.env = env;
        this.engine = engine;
        this.tuning = tuning;
        this.clock = clock;
    }

    /** Starts the App or the setup pages; bad settings throw before anything listens. */
    public static Service start(Map<String, String> env, Supplier<MigrationEngine> engine, Tuning tuning, Clock clock)
            throws Exception {
        Service service = new Service(env, engine, tuning, clock);
        LogSettings logs = LogSettings.fromEnvironment(env);
        if (Settings.needsSetup(env)) {
            SetupSettings settings = SetupSettings.fromEnvironment(env);
            service.setup = SetupServer.start(settings, service::configured, clock);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("port", Integer.toString(service.setup.port()));
            values.put("public_url", settings.base());
            values.put("github_url", settings.webUrl().toString());
            values.put("api_url", settings.apiUrl().toString());
            values.put("data_dir", settings.dataDir().toString());
            logs(values, logs);
            log("unblock serve: the App is not set up; open " + settings.base() + "/setup", values);
            service.setup.pages().unreachable().ifPresent(why -> LOG.warn(
                    "unblock serve: GitHub cannot deliver webhooks to {}: {}; set {} to an address GitHub can reach",
                    settings.base(), why, SetupSettings.PUBLIC_URL));
        } else {
            service.startApp();
        }
        return service;
    }

    private void startApp() throws Exception {
        Settings settings = Settings.fromEnvironment(env);
        app = UnblockApp.start(settings, engine.get(), tuning, clock);
        appStarted.countDown();
        Map<String, String> values = settings.describe();
        values.put("port", Integer.toString(app.port()));
        String publicUrl = Settings.optional(env, SetupSettings.PUBLIC_URL);
        if (publicUrl != null) {
            values.put("public_url", publicUrl.strip());
        }
        values.put("workers", Integer.toString(tuning.threads()));
        long heartbeat = tuning.heartbeatInterval().toMillis();
        values.put("heartbeat_seconds", heartbeat % 1000 == 0 ? Long.toString(heartbeat / 1000) : Double.toString(heartbeat / 1000.0));
        logs(values, LogSettings.fromEnvironment(env));
        log("unblock serve: listening", values);
    }

    private static void logs(Map<String, String> values, LogSettings logs) {
        values.put("log_format", logs.format().name().toLowerCase(Locale.ROOT));
        values.put("log_level", logs.level().name().toLowerCase(Locale.ROOT));
    }

    /** One line: the message, then each setting as {@code key=value}; in JSON, each also a field of its own. */
    private static void log(String message, Map<String, String> values) {
        Object[] args = values.entrySet().stream().map(e -> StructuredArguments.kv(e.getKey(), e.getValue())).toArray();
        LOG.info(message + " {}".repeat(args.length), args);
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
                    LOG.error("unblock serve: the App could not start from the stored credentials: {}", e.getMessage(), e);
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
