package dev.unblock.migrate.edit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts;
import dev.unblock.migrate.plan.Decisions;

/** The edit stage: one {@link FileEditor} per file the migration may change, writing to one sink. */
public final class Editors {
    private Editors() {
    }

    public static EditSink edit(Decisions decisions) {
        EditSink sink = new EditSink();
        decisions.findings().forEach(sink::finding);
        decisions.plannedEdits().edits().forEach((path, edits) -> edits.forEach(e -> sink.edit(path, e)));
        decisions.plannedEdits().imports().forEach((path, lines) -> sink.imports(path, List.copyOf(lines)));
        Map<String, Boolean> clientsMigrated = new HashMap<>();
        for (FileFacts file : decisions.index().files()) {
            if (decisions.editable(file.path())) {
                new FileEditor(decisions, sink, clientsMigrated, file).build();
            }
        }
        return sink;
    }
}
