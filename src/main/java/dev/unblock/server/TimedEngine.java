package dev.unblock.server;

import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.MigrationEngine;
import dev.unblock.migrate.ProjectSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;

/** The engine as the App runs it, timed ({@code unblock_engine_seconds}). */
final class TimedEngine implements MigrationEngine {
    private final MigrationEngine engine;
    private final Timer timer;

    TimedEngine(MigrationEngine engine, MeterRegistry metrics) {
        this.engine = engine;
        this.timer = Timer.builder("unblock_engine_seconds").description("time the migration engine took per job")
                .register(metrics);
    }

    @Override
    public Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config) throws IOException {
        long start = System.nanoTime();
        try {
            return engine.migrate(project, changes, config);
        } finally {
            timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }
}
