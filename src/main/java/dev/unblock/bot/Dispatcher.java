package dev.unblock.bot;

import dev.unblock.git.RepositoryCache;
import dev.unblock.github.GitHubClients;
import dev.unblock.jobs.DeliveryProcessor;
import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.StoredDelivery;
import dev.unblock.migrate.MigrationEngine;

/** Sends each delivery to the workflow for its event. */
public final class Dispatcher implements DeliveryProcessor {
    private final GitHubClients clients;
    private final RepositoryCache cache;
    private final DeliveryStore store;
    private final MigrationEngine engine;

    public Dispatcher(GitHubClients clients, RepositoryCache cache, DeliveryStore store, MigrationEngine engine) {
        this.clients = clients;
        this.cache = cache;
        this.store = store;
        this.engine = engine;
    }

    @Override
    public void process(StoredDelivery delivery) throws Exception {
        // Workflows are wired in the next steps.
    }
}
