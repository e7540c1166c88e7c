package dev.unblock.bot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unblock.testing.FakeGitHub;
import dev.unblock.testing.Fixtures;
import dev.unblock.testing.SleepEngine;
import dev.unblock.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RecordInstallationEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void recordsInstallationsAndForgetsRemovedRepositoriesWithoutCallingGitHub() throws Exception {
        try (FakeGitHub github = new FakeGitHub();
             TestApp app = TestApp.start(dir, github.url(), new SleepEngine(), TestApp.fastTuning())) {
            ObjectNode created = Fixtures.webhook("installation/created.payload.json");
            app.deliver("installation", "inst-1", created);
            assertThat(app.awaitFinished("inst-1")).isEqualTo("done");
            long installation = created.at("/installation/id").asLong();
            assertThat(app.app.store().repositories(installation)).containsExactly(186853002L);

            // A cache left from earlier work on the repository that is about to be removed.
            Files.createDirectories(dir.resolve("git/1296269.git/objects"));
            ObjectNode removed = Fixtures.webhook("installation_repositories/removed.payload.json");
            app.deliver("installation_repositories", "inst-2", removed);
            assertThat(app.awaitFinished("inst-2")).isEqualTo("done");
            assertThat(app.app.store().repositories(removed.at("/installation/id").asLong())).isEmpty();
            assertThat(dir.resolve("git/1296269.git")).doesNotExist();

            app.deliver("installation", "inst-3", Fixtures.webhook("installation/deleted.payload.json"));
            assertThat(app.awaitFinished("inst-3")).isEqualTo("done");
            assertThat(app.app.store().hasInstallation(2)).isFalse();
            assertThat(github.calls()).isEmpty();
        }
    }
}
