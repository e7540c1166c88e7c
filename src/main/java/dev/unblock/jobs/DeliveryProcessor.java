package dev.unblock.jobs;

/** Does the work for one delivery. Throw {@link RetryLater} to be rescheduled, anything else to be retried. */
public interface DeliveryProcessor {
    void process(StoredDelivery delivery) throws Exception;
}
