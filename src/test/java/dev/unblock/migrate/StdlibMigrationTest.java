package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.unblock.testing.Python3;
import org.junit.jupiter.api.Test;

/**
 * The engine on a large project nobody here wrote: the whole standard library on this machine. It must finish
 * without an exception, and CPython must compile every file it rewrites.
 */
class StdlibMigrationTest {
    @Test
    void migratingTheStandardLibraryGivesOnlyFilesThatCompile() throws Exception {
        Optional<String> python = Python3.executable();
        assumeTrue(python.isPresent(), "no python3 on this machine: the standard library migration is skipped");
        Path stdlib = dev.unblock.testing.Python3.stdlib(python.get());

        long started = System.nanoTime();
        Migration migration = new Engine().migrate(new DirectorySnapshot(stdlib), ChangeSet.all(),
                MigrationConfig.defaults());
        double seconds = (System.nanoTime() - started) / 1e9;

        Path out = Files.createTempDirectory("unblock-stdlib");
        StringBuilder list = new StringBuilder();
        int edits = 0;
        for (FileChange c : migration.changes()) {
            Path p = out.resolve(c.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, c.after(), StandardCharsets.UTF_8);
            list.append(p).append('\n');
            edits += c.edits().size();
        }
        System.out.printf("stdlib migration: %d files changed, %d edits, %d findings, %.1f s%n",
                migration.changes().size(), edits, migration.findings().size(), seconds);
        assertThat(migration.changes()).as("the standard library has blocking calls to migrate").isNotEmpty();
        String rejected = Python3.run(python.get(), List.of(Python3.script("/python/compile_check.py").toString()),
                list.toString());
        assertThat(rejected).as("rewritten files CPython does not compile").isEmpty();
    }
}
