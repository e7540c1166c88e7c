package dev.unblock.server;

import dev.unblock.jobs.DeliveryStore;
import dev.unblock.jobs.StoredDelivery;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RedeliveryTest {
    @TempDir
    Path dir;

    @Test
    void aRedeliveryQueuesADeliveryThatWasStoredButNeverQueued() throws Exception {
        try (TestApp app = TestApp.start(dir, "http://127.0.0.1:9", new SleepEngine(), TestApp.fastTuning())) {
            var payload = Fixtures.webhook("installation/created.payload.json");
            // As when the database failed between storing and queueing: the sender got 503 and redelivers.
            app.app.store().insert(new StoredDelivery("lost-1", "installation", "created", 957387L, null, null, null,
                    Fixtures.JSON.writeValueAsString(payload), DeliveryStore.QUEUED));
            Thread.sleep(500);
            assertThat(app.app.store().status("lost-1")).isEqualTo("queued");

            assertThat(app.deliver("installation", "lost-1", payload).body()).isEqualTo("duplicate\n");
            assertThat(app.awaitFinished("lost-1")).isEqualTo("done");
            assertThat(app.app.store().repositories(957387)).containsExactly(186853002L);
            // A redelivery of a finished delivery does nothing.
            assertThat(app.deliver("installation", "lost-1", payload).body()).isEqualTo("duplicate\n");
            assertThat(app.app.store().status("lost-1")).isEqualTo("done");
        }
    }
}
