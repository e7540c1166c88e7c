package dev.unblock.testing;

import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.ChangeSet;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.MigrationEngine;
import dev.unblock.migrate.ProjectSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny deterministic stand-in for the real engine: {@code time.sleep(} becomes {@code await asyncio.sleep(}
 * and its enclosing {@code def} becomes {@code async def}. A file holding "(:" does not "parse" and yields a
 * finding instead; {@code requests.get(} yields a finding too. Edits are reported honestly.
 */
public final class SleepEngine implements MigrationEngine {
    public static final String SLEEP_RULE = "UB701";
    public static final String ASYNC_DEF_RULE = "UB001";
    public final AtomicInteger runs = new AtomicInteger();

    @Override
    public Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config) throws IOException {
        runs.incrementAndGet();
        List<FileChange> fileChanges = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (String path : new TreeSet<>(project.pythonFiles())) {
            if (!changes.contains(path)) {
                continue;
            }
            String text = new String(project.read(path), StandardCharsets.UTF_8);
            if (text.contains("(:")) {
                findings.add(new Finding(path, 1, 1, "UB000", "does not parse; left unchanged", null));
                continue;
            }
            int requests = text.indexOf("requests.get(");
            if (requests >= 0) {
                findings.add(new Finding(path, lineOf(text, requests), 1, "UB101", "requests.get has no async target configured",
                        "asyncio.to_thread(requests.get, ...)"));
            }
            List<AppliedEdit> edits = edits(text);
            if (!edits.isEmpty()) {
                fileChanges.add(new FileChange(path, text, apply(text, edits), edits));
            }
        }
        return new Migration(fileChanges, findings, fileChanges.isEmpty() ? List.of()
                : List.of(new dev.unblock.migrate.DependencyChange("aiofiles", null, "test engine says so")));
    }

    private static List<AppliedEdit> edits(String text) {
        List<AppliedEdit> edits = new ArrayList<>();
        TreeSet<Integer> defs = new TreeSet<>();
        Matcher sleep = Pattern.compile("time\\.sleep\\(").matcher(text);
        Pattern def = Pattern.compile("(?m)^[ \\t]*def ");
        while (sleep.find()) {
            Matcher d = def.matcher(text.substring(0, sleep.start()));
            int defAt = -1;
            while (d.find()) {
                defAt = d.end() - 4;
            }
            if (defAt >= 0 && defs.add(defAt)) {
                int line = lineOf(text, defAt);
                edits.add(new AppliedEdit(defAt, defAt, line, line, "async ", ASYNC_DEF_RULE,
                        "becomes `async def` because it now awaits."));
            }
            int line = lineOf(text, sleep.start());
            edits.add(new AppliedEdit(sleep.start(), sleep.end(), line, line, "await asyncio.sleep(", SLEEP_RULE,
                    "`time.sleep` blocks the event loop; `await asyncio.sleep` does not."));
        }
        edits.sort(java.util.Comparator.comparingInt(AppliedEdit::start));
        return edits;
    }

    private static String apply(String text, List<AppliedEdit> edits) {
        StringBuilder out = new StringBuilder(text);
        for (int i = edits.size() - 1; i >= 0; i--) {
            AppliedEdit e = edits.get(i);
            out.replace(e.start(), e.end(), e.replacement());
        }
        return out.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
