package dev.unblock.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The durable queue: one db-scheduler task instance per delivery (instance id = delivery id, so a delivery is
 * queued at most once). Each run ends in one of four ways, decided here and never by throwing through
 * db-scheduler: done; rescheduled at a given time ({@link RetryLater}: a rate limit, or the repository is busy);
 * retried with back-off (a failure time can fix, see {@link Failures}); or failed for good. Executions of a process
 * that died are revived by db-scheduler's dead-execution detection, or at once on start-up when this process is the
 * only one that can use the database (the embedded one).
 */
public final class JobQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    static final String TASK = "delivery";
    private static final AtomicInteger QUEUES = new AtomicInteger();
    /** This queue in scheduled_tasks.picked_by: "host-pid-n" (n tells apart several queues in one JVM). */
    private final String name = new SchedulerName.Hostname().getName() + "-" + ProcessHandle.current().pid() + "-"
            + QUEUES.incrementAndGet();

    private final DataSource dataSource;
    private final DeliveryStore store;
    private final RepositoryLeases leases;
    private final DeliveryProcessor processor;
    private final Tuning tuning;
    private final Clock clock;
    private final CustomTask<Void> task;
    private final Scheduler scheduler;
    private final MeterRegistry metrics;
    /** How often stored deliveries that are missing from the queue are looked for. */
    static final Duration SWEEP = Duration.ofMinutes(1);
    private final java.util.concurrent.ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "unblock-queue-sweep");
        t.setDaemon(true);
        return t;
    });
    /** Runs each job's work, so that a job over its time limit can be abandoned (and its repository freed). */
    private final ExecutorService work;

    public JobQueue(DataSource dataSource, DeliveryStore store, DeliveryProcessor processor, Tuning tuning, Clock clock,
                    MeterRegistry metrics) {
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.store = store;
        this.processor = processor;
        this.tuning = tuning;
        this.clock = clock;
        this.leases = new RepositoryLeases(dataSource, clock, tuning.leaseTtl());
        AtomicInteger workers = new AtomicInteger();
        this.work = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "unblock-job-" + workers.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.task = Tasks.custom(TASK, Void.class)
                .onFailure(new Unexpected())
                .onDeadExecutionRevive()
                .execute((instance, context) -> run(instance.getId()));
        var builder = Scheduler.create(dataSource, task);
        if (isH2(dataSource)) {
            // db-scheduler has no H2 overrides and warns at every start that it applies none; its defaults are right
            // for H2 with our "timestamp with time zone" columns.
            builder.jdbcCustomization(new DefaultJdbcCustomization(false));
        }
        this.scheduler = builder
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(tuning.threads())
                .pollingInterval(tuning.pollingInterval())
                .heartbeatInterval(tuning.heartbeatInterval())
                .missedHeartbeatsLimit(tuning.missedHeartbeats())
                .enableImmediateExecution()
                // Outcomes are logged here, one line each; db-scheduler's own failure log would add a stack trace.
                .failureLogging(LogLevel.DEBUG, false)
                // On shutdown, running jobs get this long; unfinished ones are revived after restart.
                .shutdownMaxWait(Duration.ofSeconds(30))
                .build();
    }

    private static boolean isH2(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return "H2".equals(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Starts processing, after queueing any stored delivery that never made it into the queue. With
     * {@code soleProcess} (the embedded database, which one process at a time can open) executions still marked as
     * picked belong to a process that died, and are released at once instead of after missed heartbeats.
     */
    public void start(boolean soleProcess) throws SQLException {
        if (soleProcess) {
            int released = releasePicked();
            if (released > 0) {
                LOG.info("{} job(s) of the previous process, which stopped without finishing them, will run again", released);
            }
        }
        requeue();
        if (tuning.runWorkers()) {
            scheduler.start();
            sweeper.scheduleWithFixedDelay(this::requeueQuietly, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Puts back deliveries the database lost in a crash (see {@link DeliveryStore#recover}), then queues every stored
     * delivery still waiting that has no execution (its queueing failed, or was never done).
     */
    private void requeue() throws SQLException {
        try {
            store.recover();
        } catch (java.io.IOException e) {
            LOG.warn("could not look at the copies of stored deliveries: {}", e.getMessage());
        }
        for (String id : store.queuedWithoutExecution()) {
            enqueue(id);
        }
    }

    private void requeueQuietly() {
        try {
            requeue();
        } catch (SQLException | RuntimeException e) {
            LOG.debug("could not look for deliveries to queue: {}", e.toString());
        }
    }

    private int releasePicked() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update scheduled_tasks set picked = false, picked_by = null,"
                     + " last_heartbeat = null, version = version + 1 where picked = true")) {
            return s.executeUpdate();
        }
    }

    /**
     * Queues a stored delivery; a second call for the same id does nothing. When the database refuses, the
     * delivery (already stored) is queued by the next sweep, within {@link #SWEEP}: it is not lost.
     */
    public void enqueue(String deliveryId) {
        try {
            scheduler.scheduleIfNotExists(task.instance(deliveryId), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("delivery {} is stored but could not be queued yet (the next sweep queues it): {}", deliveryId,
                    Failures.describe(e));
        }
    }

    /** One run of a delivery's job; whatever happens, the answer is a completion, never an exception. */
    private CompletionHandler<Void> run(String deliveryId) {
        StoredDelivery delivery = null;
        // Every line logged for the job carries it (fields of their own in JSON logs).
        MDC.put("delivery", deliveryId);
        try {
            delivery = store.find(deliveryId).orElse(null);
            if (delivery == null || !DeliveryStore.QUEUED.equals(delivery.status())) {
                return remove();
            }
            MDC.put("event", delivery.event());
            MDC.put("repository", repository(delivery));
            return attempt(delivery);
        } catch (Throwable failure) {
            return failed(deliveryId, delivery, failure);
        } finally {
            MDC.clear();
        }
    }

    private CompletionHandler<Void> attempt(StoredDelivery delivery) throws Exception {
        String id = delivery.id();
        if (delivery.supersedeKey() != null && !store.isLatest(delivery.supersedeKey(), id)) {
            LOG.info("job {} event={} repository={} outcome=skipped (a newer delivery for the same branch or pull request is queued)",
                    id, delivery.event(), repository(delivery));
            store.finish(id, DeliveryStore.SKIPPED, "superseded");
            count("skipped");
            wakeNext(delivery);
            return remove();
        }
        Long repo = delivery.repositoryId();
        // Per repository, deliveries are processed in the order they arrived (whichever replica picks them); one
        // that failed and waits for its retry has stepped aside.
        if (repo != null && store.hasOlderQueued(id)) {
            return waitForRepository(delivery, "an older delivery for the repository goes first");
        }
        if (repo != null && !leases.acquire(repo, id)) {
            return waitForRepository(delivery, "another job is working on the repository");
        }
        Timer.Sample sample = Timer.start(metrics);
        long start = System.nanoTime();
        try {
            within(tuning.jobTimeout(), delivery);
            // Logged before the job is marked done: whoever waits for the mark finds its log line written.
            LOG.info("job {} event={} repository={} outcome=done in {} ms", id, delivery.event(), repository(delivery),
                    (System.nanoTime() - start) / 1_000_000);
            store.finish(id, DeliveryStore.DONE, null);
            count("done");
        } finally {
            sample.stop(metrics.timer("unblock_job_seconds", "event", delivery.event()));
            if (repo != null) {
                leases.release(repo, id);
            }
        }
        wakeNext(delivery);
        return remove();
    }

    /** Runs the delivery's work; over the time limit it is interrupted and the job fails for good. */
    private void within(Duration limit, StoredDelivery delivery) throws Exception {
        java.util.Map<String, String> context = MDC.getCopyOfContextMap();
        Future<?> job = work.submit(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                processor.process(delivery);
            } finally {
                MDC.clear();
            }
            return null;
        });
        try {
            job.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            job.cancel(true);
            throw new PermanentFailure("the job ran longer than its limit of " + describe(limit), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw new JobFailed(cause);
        } catch (InterruptedException e) {
            // The process is stopping: not a failure of the job, which runs again (here after a restart, or elsewhere).
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new RetryLater(clock.instant(), "the process is stopping");
        }
    }

    /** Waiting for another job of the repository is routine: one line at DEBUG, and no failure counted. */
    private CompletionHandler<Void> waitForRepository(StoredDelivery delivery, String why) {
        Instant at = clock.instant().plus(tuning.busyWait());
        LOG.debug("job {} repository={} waits until {}: {}", delivery.id(), repository(delivery), at, why);
        count("rescheduled");
        return (complete, operations) -> operations.reschedule(complete, at);
    }

    private CompletionHandler<Void> failed(String id, StoredDelivery delivery, Throwable failure) {
        String where = delivery == null ? "-" : repository(delivery);
        Failures.Kind kind = Failures.kind(failure);
        if (kind == Failures.Kind.WAIT) {
            RetryLater later = RetryLater.in(failure);
            LOG.info("job {} repository={} outcome=rescheduled at {}: {}", id, where, later.at(), later.getMessage());
            count("rescheduled");
            return (complete, operations) -> operations.reschedule(complete, later.at());
        }
        int failures;
        try {
            failures = store.recordFailure(id);
        } catch (SQLException e) {
            // The database is failing too; the delivery stays queued in it, so it is tried again later.
            Instant next = clock.instant().plus(tuning.retryBase());
            LOG.info("job {} repository={} outcome=retry, next at {}: {} (and the database did not answer: {})", id, where, next,
                    Failures.describe(failure), e.getMessage());
            count("retried");
            return (complete, operations) -> operations.reschedule(complete, next);
        }
        if (kind == Failures.Kind.RETRY && failures < tuning.maxAttempts()) {
            Instant next = clock.instant().plus(tuning.retryBase().multipliedBy(1L << Math.min(failures - 1, 16)));
            LOG.info("job {} repository={} outcome=retry (attempt {} failed), next at {}: {}", id, where, failures, next,
                    Failures.describe(failure));
            LOG.debug("job {} failure", id, failure);
            count("retried");
            wakeNext(delivery); // it stepped aside: later jobs of the repository need not wait for its retry
            return (complete, operations) -> operations.reschedule(complete, next);
        }
        String why = kind == Failures.Kind.PERMANENT ? "(not retried)" : "after " + failures + " attempts";
        String reason = Failures.describe(failure);
        LOG.warn("job {} repository={} outcome=failed {}: {}", id, where, why, reason);
        LOG.debug("job {} failure", id, failure);
        count("failed");
        try {
            store.finish(id, DeliveryStore.FAILED, reason);
        } catch (SQLException e) {
            LOG.warn("could not record the failure of delivery {}: {}", id, e.getMessage());
        }
        wakeNext(delivery);
        if (delivery != null) {
            tell(delivery, failure, kind == Failures.Kind.PERMANENT ? reason : reason + " (" + failures + " attempts)");
        }
        return remove();
    }

    /** Lets the processor say why the job ended, within a bound: a report must not hold a queue thread for long. */
    private void tell(StoredDelivery delivery, Throwable failure, String reason) {
        java.util.Map<String, String> context = MDC.getCopyOfContextMap();
        Future<?> report = work.submit(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            try {
                processor.gaveUp(delivery, failure, reason);
            } finally {
                MDC.clear();
            }
            return null;
        });
        try {
            report.get(REPORT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            report.cancel(true);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            report.cancel(true);
            LOG.info("job {}: could not say on GitHub why it failed: {}", delivery.id(), Failures.describe(e));
        }
    }

    /** How long reporting a failed job may take. */
    static final Duration REPORT_LIMIT = Duration.ofSeconds(30);

    /** Asks the next waiting delivery of the same repository to run now instead of at its next poll. */
    private void wakeNext(StoredDelivery delivery) {
        if (delivery == null || delivery.repositoryId() == null) {
            return;
        }
        try {
            String next = store.nextQueued(delivery.repositoryId(), delivery.id());
            if (next != null && scheduler.reschedule(task.instance(next), clock.instant())) {
                scheduler.triggerCheckForDueExecutions();
            }
        } catch (RuntimeException | SQLException e) {
            // It runs at its own time anyway (it may be running already, on this or another replica).
            LOG.debug("could not wake the next job of repository {}: {}", delivery.repositoryId(), e.toString());
        }
    }

    private static CompletionHandler<Void> remove() {
        return (complete, operations) -> operations.stop();
    }

    private static String repository(StoredDelivery d) {
        return d.repository() != null ? d.repository() : "installation " + d.installationId();
    }

    private static String describe(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() >= 1 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        scheduler.stop();
        work.shutdownNow();
    }

    /** Carries a non-Exception throwable (an Error) out of a job's work thread. */
    static final class JobFailed extends RuntimeException {
        JobFailed(Throwable cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Only reached if the completion itself failed; the execution is then retried like any failure. */
    private final class Unexpected implements FailureHandler<Void> {
        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
            String id = complete.getExecution().taskInstance.getId();
            LOG.warn("job {}: unexpected failure in the queue, retried: {}", id,
                    complete.getCause().map(Failures::describe).orElse("unknown"));
            operations.reschedule(complete, clock.instant().plus(tuning.retryBase()));
        }
    }

    private void count(String outcome) {
        metrics.counter("unblock_jobs", "outcome", outcome).increment();
    }
}
