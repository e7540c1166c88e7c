package dev.unblock.migrate;

import java.io.IOException;

/**
 * The engine's single entry point: a project snapshot, the files where migration starts and the project's
 * config in; a migration plan out. Pure: it knows nothing of GitHub, git or HTTP servers.
 */
public interface MigrationEngine {
    Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config) throws IOException;
}
