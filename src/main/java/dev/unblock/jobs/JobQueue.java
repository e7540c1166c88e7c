package dev.unblock.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import com.github.kagkarlsson.scheduler.task.ExecutionOperations;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The durable queue: one db-scheduler task instance per delivery (instance id = delivery id, so a delivery is
 * queued at most once). Failures back off exponentially; {@link RetryLater} reschedules at its time;
 * executions of a process that died are revived by db-scheduler's dead-execution detection.
 */
public final class JobQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobQueue.class);
    static final String TASK = "delivery";
    private static final java.util.concurrent.atomic.AtomicInteger QUEUES = new java.util.concurrent.atomic.AtomicInteger();
    /** This queue in scheduled_tasks.picked_by: "host-pid-n" (n tells apart several queues in one JVM). */
    private final String name = new SchedulerName.Hostname().getName() + "-" + ProcessHandle.current().pid() + "-"
            + QUEUES.incrementAndGet();

    private final DeliveryStore store;
    private final RepositoryLeases leases;
    private final DeliveryProcessor processor;
    private final Tuning tuning;
    private final Clock clock;
    private final OneTimeTask<Void> task;
    private final Scheduler scheduler;
    private final MeterRegistry metrics;

    public JobQueue(DataSource dataSource, DeliveryStore store, DeliveryProcessor processor, Tuning tuning, Clock clock,
                    MeterRegistry metrics) {
        this.metrics = metrics;
        this.store = store;
        this.processor = processor;
        this.tuning = tuning;
        this.clock = clock;
        this.leases = new RepositoryLeases(dataSource, clock, tuning.leaseTtl());
        this.task = Tasks.oneTime(TASK)
                .onFailure(new Backoff())
                .onDeadExecutionRevive()
                .execute((instance, context) -> run(instance.getId()));
        this.scheduler = Scheduler.create(dataSource, task)
                .schedulerName(new SchedulerName.Fixed(name))
                .threads(tuning.threads())
                .pollingInterval(tuning.pollingInterval())
                .heartbeatInterval(tuning.heartbeatInterval())
                .missedHeartbeatsLimit(tuning.missedHeartbeats())
                .enableImmediateExecution()
                // On shutdown, running jobs get this long; unfinished ones are revived after restart.
                .shutdownMaxWait(Duration.ofSeconds(30))
                .build();
    }

    /** Starts processing, after queueing any stored delivery that never made it into the queue. */
    public void start() throws SQLException {
        for (String id : store.queuedIds()) {
            enqueue(id);
        }
        if (tuning.runWorkers()) {
            scheduler.start();
        }
    }

    /** Queues a stored delivery; a second call for the same id does nothing. */
    public void enqueue(String deliveryId) {
        scheduler.scheduleIfNotExists(task.instance(deliveryId), clock.instant());
    }

    private void run(String deliveryId) {
        try {
            runChecked(deliveryId);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new JobFailed(e);
        }
    }

    private void runChecked(String deliveryId) throws Exception {
        StoredDelivery delivery = store.find(deliveryId).orElse(null);
        if (delivery == null || !DeliveryStore.QUEUED.equals(delivery.status())) {
            return;
        }
        if (delivery.supersedeKey() != null && !store.isLatest(delivery.supersedeKey(), deliveryId)) {
            LOG.info("job {} event={} repository={} outcome=skipped (a newer delivery for the same branch or pull request is queued)",
                    deliveryId, delivery.event(), repository(delivery));
            store.finish(deliveryId, DeliveryStore.SKIPPED, "superseded");
            count("skipped");
            return;
        }
        Long repo = delivery.repositoryId();
        // Per repository, deliveries are processed in the order they arrived (whichever replica picks them).
        if (repo != null && store.hasOlderQueued(deliveryId)) {
            throw new RetryLater(clock.instant().plus(tuning.busyWait()), "an older delivery for repository " + repo + " goes first");
        }
        if (repo != null && !leases.acquire(repo, deliveryId)) {
            throw new RetryLater(clock.instant().plus(tuning.busyWait()), "another job is working on repository " + repo);
        }
        Timer.Sample sample = Timer.start(metrics);
        long start = System.nanoTime();
        try {
            processor.process(delivery);
            store.finish(deliveryId, DeliveryStore.DONE, null);
            count("done");
            LOG.info("job {} event={} repository={} outcome=done in {} ms", deliveryId, delivery.event(), repository(delivery),
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            sample.stop(metrics.timer("unblock_job_seconds", "event", delivery.event()));
            if (repo != null) {
                leases.release(repo, deliveryId);
            }
        }
    }

    private static String repository(StoredDelivery d) {
        return d.repository() != null ? d.repository() : "installation " + d.installationId();
    }

    /** The repository of a delivery for a log line; "-" when it cannot be read. */
    private String repositoryOf(String deliveryId) {
        try {
            return store.find(deliveryId).map(JobQueue::repository).orElse("-");
        } catch (SQLException e) {
            return "-";
        }
    }

    @Override
    public void close() {
        scheduler.stop();
    }

    /** Carries a checked failure out of the task body; the failure handler looks at its cause. */
    static final class JobFailed extends RuntimeException {
        JobFailed(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    private final class Backoff implements FailureHandler<Void> {
        @Override
        public void onFailure(ExecutionComplete complete, ExecutionOperations<Void> operations) {
            Throwable cause = complete.getCause().orElse(null);
            String id = complete.getExecution().taskInstance.getId();
            RetryLater later = RetryLater.in(cause);
            if (later != null) {
                LOG.info("job {} repository={} outcome=rescheduled at {}: {}", id, repositoryOf(id), later.at(), later.getMessage());
                count("rescheduled");
                operations.reschedule(complete, later.at());
                return;
            }
            int failures;
            try {
                failures = store.recordFailure(id);
            } catch (SQLException e) {
                failures = complete.getExecution().consecutiveFailures + 1;
            }
            PermanentFailure permanent = PermanentFailure.in(cause);
            if (permanent != null || failures >= tuning.maxAttempts()) {
                LOG.warn("job {} repository={} outcome=failed after {} attempt(s): {}", id, repositoryOf(id), failures, describe(cause));
                operations.stop();
                count("failed");
                try {
                    store.finish(id, DeliveryStore.FAILED, describe(cause));
                } catch (SQLException e) {
                    LOG.warn("could not record the failure of delivery {}", id, e);
                }
                return;
            }
            Instant next = clock.instant().plus(tuning.retryBase().multipliedBy(1L << Math.min(failures - 1, 16)));
            LOG.info("job {} repository={} outcome=retry (attempt {} failed), next at {}: {}", id, repositoryOf(id), failures, next,
                    describe(cause));
            operations.reschedule(complete, next);
            count("retried");
        }
    }

    private void count(String outcome) {
        metrics.counter("unblock_jobs", "outcome", outcome).increment();
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root instanceof JobFailed && root.getCause() != null) {
            root = root.getCause();
        }
        return root == null ? "unknown" : root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
