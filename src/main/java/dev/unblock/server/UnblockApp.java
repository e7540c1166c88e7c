package dev.unblock.server;

import dev.unblock.bot.Dispatcher;
import dev.unblock.git.RepositoryCache;
import dev.unblock.github.AppJwt;
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
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Clock;

/** The whole service wired together: database, queue, workflows and web server. Closing stops all of it. */
public final class UnblockApp implements AutoCloseable {
    private final Database database;
    private final JobQueue queue;
    private final WebhookServer server;
    private final DeliveryStore store;

    private UnblockApp(Database database, JobQueue queue, WebhookServer server, DeliveryStore store) {
        this.database = database;
        this.queue = queue;
        this.server = server;
        this.store = store;
    }

    /** The one place where the migration engine enters the service. */
    public static UnblockApp start(Settings settings, MigrationEngine engine, Tuning tuning, Clock clock) throws Exception {
        Database database = Database.open(settings.dataDir(), settings.databaseUrl());
        try {
            DeliveryStore store = new DeliveryStore(database.dataSource(), clock, database.durability());
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            GitHubMetrics githubMetrics = new GitHubMetrics(metrics);
            InstallationTokens tokens = new InstallationTokens(settings.apiUrl(),
                    new AppJwt(settings.appId(), settings.privateKey(), clock), clock, githubMetrics);
            GitHubClients clients = new GitHubClients(settings.apiUrl(), tokens, clock, githubMetrics);
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
                    metrics, SetupPages.configured(new StoredCredentials(settings.dataDir()))).start(settings.port());
            queue.start(database.embedded());
            return new UnblockApp(database, queue, server, store);
        } catch (Exception | Error e) {
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
    }
}
