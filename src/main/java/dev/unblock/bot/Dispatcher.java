package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unblock.git.RepositoryCache;
import dev.unblock.git.SnapshotLimits;
import dev.unblock.github.GitHubClients;
import dev.unblock.jobs.DeliveryProcessor;
import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.PermanentFailure;
import dev.unblock.jobs.RetryLater;
import dev.unblock.jobs.StoredDelivery;
import dev.unblock.migrate.MigrationEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

import java.io.IOException;
import java.io.StringReader;

/**
 * Sends each delivery to the workflow for its event, and sorts GitHub's failures: a rejected token is dropped
 * and the job retried; 5xx and network errors are retried; other 4xx answers will not get better.
 */
public final class Dispatcher implements DeliveryProcessor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GitHubClients clients;
    private final RepositoryCache cache;
    private final ReviewPullRequest review;
    private final OpenMigrationPullRequest migration;
    private final HandleCommand command;
    private final RecordInstallation installations;

    /** The engine is the only thing the workflows need that is not GitHub or git. */
    public Dispatcher(GitHubClients clients, RepositoryCache cache, DeliveryStore store, MigrationEngine engine) {
        this(clients, cache, store, engine, new SimpleMeterRegistry());
    }

    /** As above, counting suggestions posted and migration pull requests opened or updated in {@code metrics}. */
    public Dispatcher(GitHubClients clients, RepositoryCache cache, DeliveryStore store, MigrationEngine engine,
                      MeterRegistry metrics) {
        this.clients = clients;
        this.cache = cache;
        this.migration = new OpenMigrationPullRequest(engine, metrics);
        this.review = new ReviewPullRequest(engine, migration, metrics);
        this.command = new HandleCommand(migration);
        this.installations = new RecordInstallation(store, cache);
    }

    @Override
    public void process(StoredDelivery delivery) throws Exception {
        JsonNode payload = JSON.readTree(delivery.payload());
        if (delivery.event().startsWith("installation")) {
            installations.run(delivery.event(), delivery.action(), payload);
            return;
        }
        long installationId = delivery.installationId();
        try {
            GitHub gh = clients.forInstallation(installationId);
            RepoWork work = new RepoWork(cache, clients.tokens(), clients.rest(), installationId, delivery.repositoryId(),
                    payload.path("repository").path("clone_url").asText());
            switch (delivery.event()) {
                case "pull_request" -> {
                    GHEventPayload.PullRequest event = gh.parseEventPayload(new StringReader(delivery.payload()),
                            GHEventPayload.PullRequest.class);
                    review.run(work, event.getRepository(), event.getPullRequest());
                }
                case "push" -> {
                    GHEventPayload.Push event = gh.parseEventPayload(new StringReader(delivery.payload()), GHEventPayload.Push.class);
                    migration.onPush(work, event.getRepository(), payload);
                }
                case "issue_comment" -> command.run(work, gh.parseEventPayload(new StringReader(delivery.payload()),
                        GHEventPayload.IssueComment.class));
                default -> {
                    // The ingress only accepts the events above.
                }
            }
        } catch (Exception e) {
            throw classify(e, installationId);
        }
    }

    /** kohsuke wraps HTTP failures of paged reads in GHException, so the cause chain is searched. */
    private Exception classify(Exception failure, long installationId) {
        if (RetryLater.in(failure) != null) {
            return failure;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SnapshotLimits.BudgetExceeded) {
                return new PermanentFailure(t.getMessage(), failure);
            }
        }
        HttpException e = null;
        for (Throwable t = failure; t != null && e == null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GHFileNotFoundException) {
                return new PermanentFailure("GitHub answered 404: " + t.getMessage(), failure);
            }
            if (t instanceof HttpException http) {
                e = http;
            }
        }
        if (e == null) {
            return failure;
        }
        int status = e.getResponseCode();
        if (status == 401) {
            clients.tokens().invalidate(installationId);
            return new IOException("GitHub rejected the installation token; a new one will be used", e);
        }
        if (status >= 500 || status <= 0 || status == 408) {
            return failure;
        }
        return new PermanentFailure("GitHub answered " + status + ": " + e.getMessage(), e);
    }
}
