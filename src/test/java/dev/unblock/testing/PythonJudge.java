package dev.unblock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * CPython as the judge of many sources at once (one process): does each compile (CPython also rejects
 * {@code await} outside an async function), and which names does it use that nothing defines (pyflakes)?
 */
public final class PythonJudge {
    /** One source's verdict: the compile error (or null), and its undefined names (null without pyflakes). */
    public record Verdict(String error, TreeSet<String> undefined) {
    }

    private PythonJudge() {
    }

    /** Debian's python3 first: it is the one with the Debian packages the tests install (pyflakes). */
    public static Optional<String> python() {
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return Optional.of("/usr/bin/python3");
        }
        return Python3.executable();
    }

    /** Verdicts by key for sources by key (path → source; the key names the item in messages). */
    public static Map<String, Verdict> judge(String python, Map<String, Source> sources) throws IOException, InterruptedException {
        ArrayNode items = Fixtures.JSON.createArrayNode();
        sources.forEach((id, s) -> items.addObject().put("id", id).put("path", s.path()).put("source", s.text()));
        String out = Python3.run(python, List.of(Python3.script("/review/check_sources.py").toString()),
                Fixtures.JSON.writeValueAsString(items));
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (JsonNode v : Fixtures.JSON.readTree(out)) {
            TreeSet<String> undefined = null;
            if (v.get("undefined").isArray()) {
                undefined = new TreeSet<>();
                for (JsonNode n : v.get("undefined")) {
                    undefined.add(n.asText());
                }
            }
            verdicts.put(v.get("id").asText(), new Verdict(v.get("error").isNull() ? null : v.get("error").asText(), undefined));
        }
        return verdicts;
    }

    /** A file's path (for messages) and text. */
    public record Source(String path, String text) {
    }
}
