package dev.unblock.jobs;

/** A webhook delivery as stored: the raw JSON payload and what the ingress learned about it. */
public record StoredDelivery(String id, String event, String action, Long installationId, Long repositoryId,
                             String repository, String supersedeKey, String payload, String status) {
}
