package dev.unblock.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A copy of each accepted delivery in a file of its own, written and synced before the webhook answers 202, for the
 * embedded database: killed at the wrong moment, H2 has been seen to come back without a delivery it had committed
 * (tested by {@code KillAfterAcknowledgeTest}). At start-up a delivery the database lost is stored again; a file is
 * deleted once its delivery is finished. One file per delivery, written whole then renamed, so a crash leaves either
 * the complete file or none.
 */
public final class DeliveryInbox implements DeliveryStore.Durability {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryInbox.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    public DeliveryInbox(Path dir) {
        this.dir = dir;
    }

    @Override
    public void stored(StoredDelivery d, Instant receivedAt) throws IOException {
        Files.createDirectories(dir);
        ObjectNode copy = JSON.createObjectNode();
        copy.put("id", d.id()).put("event", d.event()).put("action", d.action()).put("repository", d.repository())
                .put("supersede_key", d.supersedeKey()).put("payload", d.payload()).put("received_at", receivedAt.toString());
        if (d.installationId() != null) {
            copy.put("installation_id", d.installationId());
        }
        if (d.repositoryId() != null) {
            copy.put("repository_id", d.repositoryId());
        }
        Path file = file(d.id());
        Path temporary = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(copy)));
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory();
    }

    /** Stores again each delivery the database lost; deletes the files of finished deliveries (and stray temporaries). */
    @Override
    public void recover(DeliveryStore store) throws IOException, SQLException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.toList();
        }
        for (Path file : files) {
            if (file.getFileName().toString().endsWith(".tmp")) {
                Files.deleteIfExists(file); // written when the process died, before its delivery was answered
                continue;
            }
            JsonNode copy;
            try {
                copy = JSON.readTree(file.toFile());
            } catch (IOException e) {
                LOG.warn("delivery copy {} cannot be read, left in place: {}", file.getFileName(), e.getMessage());
                continue;
            }
            String id = copy.path("id").asText();
            String status = store.status(id);
            if (status == null) {
                StoredDelivery d = new StoredDelivery(id, copy.path("event").asText(), text(copy, "action"),
                        number(copy, "installation_id"), number(copy, "repository_id"), text(copy, "repository"),
                        text(copy, "supersede_key"), copy.path("payload").asText(), DeliveryStore.QUEUED);
                store.restore(d, Instant.parse(copy.path("received_at").asText()));
                LOG.warn("delivery {} was missing from the database after a crash; stored again from its copy", id);
            } else if (!DeliveryStore.QUEUED.equals(status)) {
                Files.deleteIfExists(file);
            }
        }
    }

    private Path file(String deliveryId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(deliveryId.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes the rename durable too (a directory is synced by forcing a channel opened on it; Linux allows that). */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened; the file itself is synced.
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Long number(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asLong() : null;
    }
}
