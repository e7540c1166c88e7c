package dev.unblock.jobs;

/**
 * Does the work for one delivery. Throw {@link RetryLater} to be rescheduled, {@link TransientFailure} (or a
 * network or database failure) to be retried with back-off, anything else to end the job at once.
 */
public interface DeliveryProcessor {
    void process(StoredDelivery delivery) throws Exception;

    /**
     * The job ended without doing its work and will not run again ({@code reason} says why): the place to tell the
     * people concerned, where there is one. Called once, on a queue thread, with a time limit.
     */
    default void gaveUp(StoredDelivery delivery, Throwable failure, String reason) throws Exception {
    }
}
