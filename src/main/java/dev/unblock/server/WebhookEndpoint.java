package dev.unblock.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unblock.github.WebhookEvents;
import dev.unblock.github.WebhookSignature;
import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.JobQueue;
import dev.unblock.jobs.StoredDelivery;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /webhook}: signature first (on the raw bytes), then headers, then JSON; accepted deliveries are
 * stored and queued and answered 202 without waiting for any work.
 */
final class WebhookEndpoint {
    static final long MAX_BODY = 25L * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookSignature signature;
    private final DeliveryStore store;
    private final JobQueue queue;
    private final MeterRegistry metrics;

    WebhookEndpoint(WebhookSignature signature, DeliveryStore store, JobQueue queue, MeterRegistry metrics) {
        this.signature = signature;
        this.store = store;
        this.queue = queue;
        this.metrics = metrics;
    }

    void handle(Context ctx) throws Exception {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) {
            answer(ctx, 413, "body over 25 MB");
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY) {
            answer(ctx, 413, "body over 25 MB");
            return;
        }
        if (!signature.matches(body, ctx.header("X-Hub-Signature-256"))) {
            answer(ctx, 401, "bad or missing X-Hub-Signature-256");
            return;
        }
        String event = ctx.header("X-GitHub-Event");
        String delivery = ctx.header("X-GitHub-Delivery");
        if (event == null || event.isBlank() || delivery == null || delivery.isBlank() || delivery.length() > 100) {
            answer(ctx, 400, "missing X-GitHub-Event or X-GitHub-Delivery");
            return;
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            answer(ctx, 400, "body is not a JSON object");
            return;
        }
        Optional<WebhookEvents.Intake> intake = WebhookEvents.accept(event, payload);
        if (intake.isEmpty()) {
            answer(ctx, 202, "ignored");
            return;
        }
        WebhookEvents.Intake in = intake.get();
        String missing = WebhookEvents.missingField(in, payload);
        if (missing != null) {
            answer(ctx, 400, "payload lacks " + missing);
            return;
        }
        boolean fresh = store.insert(new StoredDelivery(delivery, event, in.action(), in.installationId(), in.repositoryId(),
                in.repository(), in.supersedeKey(), new String(body, StandardCharsets.UTF_8), DeliveryStore.QUEUED));
        if (!fresh) {
            answer(ctx, 202, "duplicate");
            return;
        }
        queue.enqueue(delivery);
        LOG.info("delivery {} ({} {}) queued for {}", delivery, event, in.action() == null ? "" : in.action(),
                in.repository() == null ? "installation " + in.installationId() : in.repository());
        answer(ctx, 202, "queued");
    }

    private void answer(Context ctx, int status, String message) {
        metrics.counter("unblock_webhook_deliveries", "outcome", message.split(" ")[0]).increment();
        ctx.status(status).contentType("text/plain").result(message + "\n");
    }
}
