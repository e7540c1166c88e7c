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

import java.util.ArrayList;
import java.util.List;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static net.logstash.logback.argument.StructuredArguments.value;
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
        Delivery d = new Delivery(ctx);
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY) {
            if (declared <= 2 * MAX_BODY) {
                // Read and drop it (never held in memory), so the sender is not cut off before it reads the 413.
                ctx.req().getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            }
            d.answer(413, "too_large", "body over 25 MB");
            return;
        }
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY) {
            d.answer(413, "too_large", "body over 25 MB");
            return;
        }
        if (!signature.matches(body, ctx.header("X-Hub-Signature-256"))) {
            d.answer(401, "bad_signature", "bad or missing X-Hub-Signature-256");
            return;
        }
        d.verified = true;
        String event = ctx.header("X-GitHub-Event");
        String delivery = ctx.header("X-GitHub-Delivery");
        if (event == null || event.isBlank() || delivery == null || delivery.isBlank() || delivery.length() > 100) {
            d.answer(400, "missing_headers", "missing X-GitHub-Event or X-GitHub-Delivery");
            return;
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            payload = null;
        }
        if (payload == null || !payload.isObject()) {
            d.answer(400, "malformed", "body is not a JSON object");
            return;
        }
        d.repository = payload.path("repository").path("full_name").asText(null);
        Optional<WebhookEvents.Intake> intake = WebhookEvents.accept(event, payload);
        if (intake.isEmpty()) {
            d.answer(202, "ignored", "ignored");
            return;
        }
        WebhookEvents.Intake in = intake.get();
        d.action = in.action();
        String missing = WebhookEvents.missingField(in, payload);
        if (missing != null) {
            d.answer(400, "incomplete", "payload lacks " + missing);
            return;
        }
        boolean fresh = store.insert(new StoredDelivery(delivery, event, in.action(), in.installationId(), in.repositoryId(),
                in.repository(), in.supersedeKey(), new String(body, StandardCharsets.UTF_8), DeliveryStore.QUEUED));
        if (!fresh) {
            if (DeliveryStore.QUEUED.equals(store.status(delivery))) {
                // Stored before, but the queueing may have failed (the sender then got 503 and redelivered): queue it;
                // a delivery already in the queue stays there once.
                queue.enqueue(delivery);
            }
            d.answer(202, "duplicate", "duplicate");
            return;
        }
        queue.enqueue(delivery);
        if (in.repository() == null) {
            d.repository = "installation " + in.installationId();
        }
        d.answer(202, "queued", "queued");
    }

    /** One delivery's answer: the response, one log line and the count by event and outcome. */
    private final class Delivery {
        private final Context ctx;
        boolean verified;
        String action;
        String repository;

        Delivery(Context ctx) {
            this.ctx = ctx;
        }

        void answer(int status, String outcome, String message) {
            // Headers of a request whose signature did not verify are anyone's: neither logged nor used as labels.
            String event = verified ? printable(ctx.header("X-GitHub-Event"), 40) : "unverified";
            String id = verified ? printable(ctx.header("X-GitHub-Delivery"), 100) : "-";
            metrics.counter("unblock_webhook_deliveries", "event", event, "outcome", outcome).increment();
            // In JSON logs each part is a field of its own (delivery, event, action, repository, outcome, status).
            List<Object> args = new ArrayList<>(List.of(value("delivery", id), kv("event", event)));
            if (action != null) {
                args.add(kv("action", printable(action, 40)));
            }
            args.addAll(List.of(kv("repository", printable(repository, 200)), kv("outcome", outcome), kv("status", status)));
            LOG.info("delivery" + " {}".repeat(args.size()), args.toArray());
            ctx.status(status).contentType("text/plain").result(message + "\n");
        }
    }

    /** A header or payload value fit for a log line or label: no control characters, bounded, "-" when absent. */
    static String printable(String value, int max) {
        if (value == null || value.isBlank()) {
            return "-";
        }
        String clean = value.replaceAll("[^\\p{Alnum}._:/#@+-]", "?");
        return clean.length() > max ? clean.substring(0, max) + "…" : clean;
    }
}
