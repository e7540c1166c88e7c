package dev.unblock.server;

import dev.unblock.bot.Dispatcher;
import dev.unblock.git.RepositoryCache;
import dev.unblock.github.AppInstallLink;
import dev.unblock.github.AppJwt;
import dev.unblock.github.ContentRateLimiter;
import dev.unblock.github.GitHubClients;
import dev.unblock.github.GitHubMetrics;
import dev.unblock.github.InstallationTokens;
import dev.unblock.github.WebhookSignature;
import dev.unblock.jobs.Database;
import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.JobQueue;
import dev.unblock.jobs.Tuning;
import dev.unblock.migrate.MigrationEngine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;

/** The whole service wired together: database, queue, workflows and web server. Closing stops all of it. */
public final class UnblockApp implements AutoCloseable {
    private final Database database;
    private final JobQueue queue;
    private final WebhookServer server;
    private final DeliveryStore store;
    private final ServerMetrics serverMetrics;

    private UnblockApp(Database database, JobQueue queue, WebhookServer server, DeliveryStore store, ServerMetrics serverMetrics) {
        this.database = database;
        this.queue = queue;
        this.server = server;
        this.store = store;
        this.serverMetrics = serverMetrics;
    }

    /** The one place where the migration engine enters the service. */
    public static UnblockApp start(Settings settings, MigrationEngine engine, Tuning tuning, Clock clock) throws Exception {
        Database database = Database.open(settings.dataDir(), settings.databaseUrl());
        ServerMetrics serverMetrics = new ServerMetrics(true);
        try {
            DeliveryStore store = new DeliveryStore(database.dataSource(), clock, database.durability());
            PrometheusMeterRegistry metrics = serverMetrics.registry();
            GitHubMetrics githubMetrics = new GitHubMetrics(metrics);
            AppJwt jwt = new AppJwt(settings.appId(), settings.privateKey(), clock);
            InstallationTokens tokens = new InstallationTokens(settings.apiUrl(), jwt, clock, githubMetrics);
            ContentRateLimiter limiter = new ContentRateLimiter(database.dataSource(), clock, settings.contentPerMinute(),
                    settings.contentPerHour());
            GitHubClients clients = new GitHubClients(settings.apiUrl(), tokens, clock, limiter, githubMetrics);
            RepositoryCache cache = new RepositoryCache(settings.dataDir().resolve("git"));
            int locks = cache.removeStaleLocks();
            if (locks > 0) {
                org.slf4j.LoggerFactory.getLogger(UnblockApp.class).info(
                        "removed {} lock file(s) left in the git cache by a process that stopped mid-fetch", locks);
            }
            Dispatcher dispatcher = new Dispatcher(clients, cache, store, new TimedEngine(engine, metrics), metrics);
            Gauge.builder("unblock_queue_depth", store, DeliveryStore::queuedCountOrNaN)
                    .description("deliveries stored and not yet processed (all replicas)").register(metrics);
            JobQueue queue = new JobQueue(database.dataSource(), store, dispatcher, tuning, clock, metrics);
            WebhookServer server = new WebhookServer(new WebhookSignature(settings.webhookSecret()), store, queue, database,
                    serverMetrics, SetupPages.configured(new StoredCredentials(settings.dataDir()),
                    new AppInstallLink(settings.apiUrl(), jwt, clock)::get)).start(settings.port());
            queue.start(database.embedded());
            return new UnblockApp(database, queue, server, store, serverMetrics);
        } catch (Exception | Error e) {
            serverMetrics.close();
            database.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public DeliveryStore store() {
        return store;
    }

    public javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public void close() {
        server.close();
        queue.close();
        database.close();
        serverMetrics.close();
    }
}
