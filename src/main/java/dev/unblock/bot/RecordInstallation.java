package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unblock.git.RepositoryCache;
import dev.unblock.jobs.DeliveryStore;

/** Keeps the list of installations and their repositories; forgets repositories the App lost access to. */
final class RecordInstallation {
    private final DeliveryStore store;
    private final RepositoryCache cache;

    RecordInstallation(DeliveryStore store, RepositoryCache cache) {
        this.store = store;
        this.cache = cache;
    }

    void run(String event, String action, JsonNode payload) throws Exception {
        JsonNode installation = payload.path("installation");
        long id = installation.path("id").asLong();
        if (event.equals("installation")) {
            if (action.equals("deleted")) {
                for (long repo : store.removeInstallation(id)) {
                    cache.forget(repo);
                }
                return;
            }
            store.recordInstallation(id, installation.path("account").path("login").asText(null));
            for (JsonNode repo : payload.path("repositories")) {
                store.addRepository(id, repo.path("id").asLong(), repo.path("full_name").asText());
            }
            return;
        }
        if (!store.hasInstallation(id)) {
            store.recordInstallation(id, installation.path("account").path("login").asText(null));
        }
        for (JsonNode repo : payload.path("repositories_added")) {
            store.addRepository(id, repo.path("id").asLong(), repo.path("full_name").asText());
        }
        for (JsonNode repo : payload.path("repositories_removed")) {
            long repoId = repo.path("id").asLong();
            store.removeRepository(id, repoId);
            cache.forget(repoId);
        }
    }
}
