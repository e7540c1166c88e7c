package dev.unblock.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.StageTimes;

/** {@code --format json}: the files with their hunks (and each hunk's rules), findings and dependency changes. */
final class JsonReport {
    /** Bumped when a field changes meaning or goes away (new fields do not bump it). */
    static final int SCHEMA = 2;

    private JsonReport() {
    }

    /** The report, with {@code timings} (seconds per stage, files parsed) when {@code stages} is not null. */
    static String of(Outcome outcome, StageTimes stages) throws IOException {
        List<Map<String, Object>> files = new ArrayList<>();
        for (FileChange c : outcome.changes()) {
            List<Map<String, Object>> hunks = new ArrayList<>();
            for (Hunk h : Hunk.of(c)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("startLine", h.startLine());
                m.put("endLine", h.endLine());
                m.put("replacement", String.join("\n", UnifiedDiff.lines(h.replacement()).stream()
                        .map(JsonReport::withoutLineEnd).toList()));
                m.put("rules", h.rules());
                hunks.add(m);
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", c.path());
            f.put("new", c.isNewFile());
            f.put("hunks", hunks);
            files.add(f);
        }
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : outcome.findings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", f.path());
            m.put("line", f.line());
            m.put("rule", f.ruleId());
            m.put("message", f.message());
            if (f.bridge() != null) {
                m.put("bridge", f.bridge());
            }
            findings.add(m);
        }
        List<Map<String, Object>> deps = new ArrayList<>();
        outcome.dependencies().forEach(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("add", d.add());
            m.put("replaces", d.replaces());
            m.put("reason", d.reason());
            if (d.test()) {
                m.put("test", true);
            }
            deps.add(m);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", Version.get());
        root.put("schema", SCHEMA);
        root.put("files", files);
        root.put("findings", findings);
        root.put("dependencies", deps);
        root.put("notes", outcome.notes());
        if (stages != null) {
            Map<String, Object> t = new LinkedHashMap<>();
            for (StageTimes.Stage s : StageTimes.Stage.values()) {
                t.put(s.name().toLowerCase(java.util.Locale.ROOT), stages.of(s).toNanos() / 1e9);
            }
            t.put("parsedFiles", stages.parsedFiles());
            root.put("timings", t);
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
    }

    private static String withoutLineEnd(String line) {
        if (line.endsWith("\r\n")) {
            return line.substring(0, line.length() - 2);
        }
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }
}
