package dev.unblock.jobs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the embedded database loses in a crash, the copies in inbox/ put back: queued, in its place in line. */
class DeliveryInboxTest {
    @TempDir
    Path dir;

    static StoredDelivery delivery(String id, String key) {
        return new StoredDelivery(id, "pull_request", "opened", 1L, 7L, "o/r", key, "{\"n\":\"" + id + "\"}", DeliveryStore.QUEUED);
    }

    static long files(Path inbox) throws Exception {
        try (Stream<Path> list = Files.list(inbox)) {
            return list.count();
        }
    }

    static void lose(Database db, String id) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement s = c.prepareStatement("delete from deliveries where id = ?")) {
            s.setString(1, id);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    static Instant receivedAt(Database db, String id) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("select received_at from deliveries where id = ?")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getTimestamp(1).toInstant();
            }
        }
    }

    @Test
    void aDeliveryTheDatabaseLostIsStoredAgainAndAFinishedOnesCopyIsDeleted() throws Exception {
        try (Database db = Database.open(dir, null)) {
            Clock first = Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);
            DeliveryStore store = new DeliveryStore(db.dataSource(), first, db.durability());
            assertThat(store.insert(delivery("a", "7:pr:1"))).isTrue();
            DeliveryStore later = new DeliveryStore(db.dataSource(), Clock.offset(first, java.time.Duration.ofMinutes(1)),
                    db.durability());
            assertThat(later.insert(delivery("b", "7:pr:1"))).isTrue(); // newer head of the same pull request
            assertThat(later.insert(delivery("c", "7:pr:2"))).isTrue();
            Path inbox = dir.resolve("inbox");
            assertThat(files(inbox)).isEqualTo(3);

            lose(db, "a");
            lose(db, "c");
            store.recover();
            assertThat(store.status("a")).isEqualTo(DeliveryStore.QUEUED);
            assertThat(store.status("c")).isEqualTo(DeliveryStore.QUEUED);
            assertThat(store.find("a").orElseThrow().payload()).isEqualTo("{\"n\":\"a\"}");
            assertThat(receivedAt(db, "a")).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
            // The older head came back, but the newer one stays the one to review.
            assertThat(store.isLatest("7:pr:1", "b")).isTrue();
            assertThat(store.isLatest("7:pr:1", "a")).isFalse();
            assertThat(store.isLatest("7:pr:2", "c")).isTrue();

            store.finish("b", DeliveryStore.DONE, null);
            Files.writeString(inbox.resolve("half-written.json.tmp"), "{\"id\":");
            store.recover();
            assertThat(files(inbox)).isEqualTo(2); // a and c wait; b's copy and the stray temporary are gone
        }
    }
}
