package dev.unblock.bot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unblock.git.RepositoryCache;
import dev.unblock.git.SnapshotLimits;
import dev.unblock.github.GitHubClients;
import dev.unblock.jobs.DeliveryProcessor;
import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.Failures;
import dev.unblock.jobs.PermanentFailure;
import dev.unblock.jobs.RetryLater;
import dev.unblock.jobs.StoredDelivery;
import dev.unblock.jobs.TransientFailure;
import dev.unblock.migrate.MigrationEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.jgit.errors.LargeObjectException;
import org.kohsuke.github.GHEventPayload;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.HttpException;

import java.io.StringReader;

/**
 * Sends each delivery to the workflow for its event, and sorts failures into those time can fix (retried) and
 * those it cannot (the job ends at once, and a check run or a reply says why where there is one to say it on).
 */
public final class Dispatcher implements DeliveryProcessor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final GitHubClients clients;
    private final RepositoryCache cache;
    private final ReviewPullRequest review;
    private final MigrateDefaultBranch defaultBranch;
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
        OpenMigrationPullRequest migration = new OpenMigrationPullRequest(engine, metrics);
        this.review = new ReviewPullRequest(engine, migration, metrics);
        this.defaultBranch = new MigrateDefaultBranch(migration, new UpdateDashboard(engine));
        this.command = new HandleCommand(migration, review, defaultBranch);
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
                    if ("closed".equals(delivery.action())) {
                        defaultBranch.onMigrationPullRequestClosed(work, event.getRepository()); // the ingress lets only those in
                    } else {
                        review.run(work, event.getRepository(), event.getPullRequest());
                    }
                }
                case "push" -> {
                    GHEventPayload.Push event = gh.parseEventPayload(new StringReader(delivery.payload()), GHEventPayload.Push.class);
                    defaultBranch.onPush(work, event.getRepository(), payload);
                }
                case "issue_comment" -> command.run(work, gh.parseEventPayload(new StringReader(delivery.payload()),
                        GHEventPayload.IssueComment.class));
                default -> {
                    // The ingress only accepts the events above.
                }
            }
        } catch (Exception | StackOverflowError e) {
            throw classify(e, installationId);
        }
    }

    /** A check run on the commit, or a reply to the command, says why; not when GitHub refused the App a token. */
    @Override
    public void gaveUp(StoredDelivery delivery, Throwable failure, String reason) throws Exception {
        if (delivery.installationId() == null || delivery.event().startsWith("installation")) {
            return;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof dev.unblock.github.InstallationTokens.Refused) {
                return;
            }
        }
        FailureReport.tell(clients.forInstallation(delivery.installationId()), delivery, JSON.readTree(delivery.payload()), reason);
    }

    /**
     * Sorts a failure into what {@link dev.unblock.jobs.JobQueue} retries and what it ends at once. kohsuke wraps HTTP
     * failures of paged reads in GHException, and JGit its transport errors in API exceptions, so the cause chain is
     * searched. Only time can fix: GitHub's 5xx and no answer at all, a rejected (expired) token, a dropped git
     * connection. GitHub's other 4xx answers (404 and 410: gone; 422: refused) and input the App cannot process end
     * the job.
     */
    private Exception classify(Throwable failure, long installationId) {
        if (RetryLater.in(failure) != null || PermanentFailure.in(failure) != null) {
            return failure instanceof Exception e ? e : new PermanentFailure(Failures.describe(failure), failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SnapshotLimits.BudgetExceeded) {
                return new PermanentFailure(t.getMessage(), failure);
            }
            if (t instanceof LargeObjectException) {
                return new PermanentFailure("a file in the repository is too large to read (" + t.getMessage() + ")", failure);
            }
            if (t instanceof StackOverflowError) {
                return new PermanentFailure("the code is nested too deeply to analyse", failure);
            }
            if (t instanceof GHFileNotFoundException) {
                return new PermanentFailure("GitHub answered 404 (not found): " + t.getMessage(), failure);
            }
            if (t instanceof HttpException http) {
                int status = http.getResponseCode();
                if (status == 401) {
                    clients.tokens().invalidate(installationId);
                    return new TransientFailure("GitHub rejected the installation token; a new one will be used", failure);
                }
                if (status >= 500 || status <= 0 || status == 408) {
                    return new TransientFailure("GitHub answered " + (status <= 0 ? "nothing" : Integer.toString(status))
                            + ": " + http.getMessage(), failure);
                }
                return new PermanentFailure("GitHub answered " + status + ": " + http.getMessage(), failure);
            }
            if (t instanceof org.eclipse.jgit.errors.TransportException || t instanceof org.eclipse.jgit.api.errors.TransportException) {
                Throwable git = t;
                String message = String.valueOf(git.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("not authorized")) {
                    clients.tokens().invalidate(installationId);
                }
                if (message.contains("not found") || message.contains("not permitted")) {
                    return new PermanentFailure("git: " + git.getMessage(), failure);
                }
                return new TransientFailure("git: " + git.getMessage(), failure);
            }
        }
        return failure instanceof Exception e ? e : new PermanentFailure(Failures.describe(failure), failure);
    }
}
