package dev.unblock.behaviour;

import java.nio.file.Path;

/** Rewrites a project in place; the behaviour harness does not care how. */
interface Migrator {
    /** What the migration printed and returned. */
    record Outcome(int exitCode, String stdout, String stderr) {
    }

    Outcome migrate(Path projectDir);
}
