package dev.unblock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.Rules;
import dev.unblock.rules.core.UnparsableFile;

/**
 * {@code --format sarif}: a SARIF 2.1.0 log, what GitHub code scanning uploads. One result per change (a run of
 * changed lines, with the fix) and one per finding; every rule with its one-line summary, its doc as help and,
 * when a docs address is known, a help URI. Paths are relative to the repository's top.
 */
final class SarifReport {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReport() {
    }

    /** @param ruleDocs address of a rule's doc with {@code {id}} for its ID, or null */
    static String of(Outcome outcome, String ruleDocs) throws IOException {
        List<Rule> rules = Rules.all();
        Map<String, Integer> index = new HashMap<>();
        List<Map<String, Object>> descriptors = new ArrayList<>();
        for (Rule r : rules) {
            index.put(r.info().id(), descriptors.size());
            descriptors.add(descriptor(r, ruleDocs));
        }
        List<Map<String, Object>> results = new ArrayList<>();
        for (FileChange c : outcome.changes()) {
            for (Hunk h : Hunk.of(c)) {
                if (!h.rules().isEmpty()) {
                    // Dependency files and new support modules have no rule: the code changes that need them do.
                    results.add(changeResult(outcome, c, h, index));
                }
            }
        }
        for (Finding f : outcome.findings()) {
            results.add(findingResult(outcome, f, index));
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "unblock");
        driver.put("semanticVersion", Version.get());
        if (ruleDocs != null) {
            driver.put("informationUri", informationUri(ruleDocs));
        }
        driver.put("rules", descriptors);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("columnKind", "utf16CodeUnits");
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.put("runs", List.of(run));
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(log);
    }

    private static String informationUri(String ruleDocs) {
        int cut = ruleDocs.indexOf("{id}");
        String base = cut < 0 ? ruleDocs : ruleDocs.substring(0, cut);
        return base;
    }

    private static Map<String, Object> descriptor(Rule r, String ruleDocs) throws IOException {
        String id = r.info().id();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("name", pascal(r.info().name()));
        d.put("shortDescription", Map.of("text", r.info().summary()));
        String doc = doc(id);
        d.put("fullDescription", Map.of("text", section(doc, "What it does", r.info().summary())));
        if (ruleDocs != null) {
            d.put("helpUri", ruleDocs.replace("{id}", id));
        }
        d.put("help", Map.of("text", doc, "markdown", doc));
        d.put("defaultConfiguration", Map.of("level", id.equals(UnparsableFile.ID) ? "error" : "warning"));
        d.put("properties", Map.of("tags", List.of("asyncio", id.startsWith("UB0") ? "core" : "library")));
        return d;
    }

    private static Map<String, Object> changeResult(Outcome outcome, FileChange c, Hunk h, Map<String, Integer> index) {
        List<String> rules = h.rules();
        String rule = primary(rules);
        String path = outcome.repositoryPath(c.path());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ruleId", rule);
        result.put("ruleIndex", index.get(rule));
        result.put("kind", "fail");
        result.put("level", "warning");
        String what = h.message();
        result.put("message", Map.of("text", "Blocking I/O: the asyncio migration changes this (" + what + ")."));
        int line = Math.max(1, h.startLine());
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("startLine", line);
        region.put("endLine", Math.max(line, h.endLine()));
        result.put("locations", List.of(location(path, region)));
        Map<String, Object> deleted = new LinkedHashMap<>();
        deleted.put("charOffset", h.startOffset());
        deleted.put("charLength", h.endOffset() - h.startOffset());
        Map<String, Object> replacement = new LinkedHashMap<>();
        replacement.put("deletedRegion", deleted);
        replacement.put("insertedContent", Map.of("text", h.replacement()));
        result.put("fixes", List.of(Map.of(
                "description", Map.of("text", "Apply the migration's change"),
                "artifactChanges", List.of(Map.of(
                        "artifactLocation", Map.of("uri", path),
                        "replacements", List.of(replacement))))));
        result.put("partialFingerprints", Map.of("unblockChange/v1",
                fingerprint(path, String.join(",", rules), h.replacement())));
        result.put("properties", Map.of("rules", rules));
        return result;
    }

    private static Map<String, Object> findingResult(Outcome outcome, Finding f, Map<String, Integer> index) {
        String path = outcome.repositoryPath(f.path());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ruleId", f.ruleId());
        if (index.containsKey(f.ruleId())) {
            result.put("ruleIndex", index.get(f.ruleId()));
        }
        result.put("kind", "fail");
        result.put("level", f.ruleId().equals(UnparsableFile.ID) ? "error" : "warning");
        result.put("message", Map.of("text", f.message() + (f.bridge() == null ? "" : " (bridge: " + f.bridge() + ")")));
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("startLine", Math.max(1, f.line()));
        region.put("startColumn", Math.max(1, f.column()));
        result.put("locations", List.of(location(path, region)));
        result.put("partialFingerprints", Map.of("unblockFinding/v1",
                fingerprint(path, f.ruleId(), f.message())));
        return result;
    }

    private static Map<String, Object> location(String path, Map<String, Object> region) {
        return Map.of("physicalLocation", Map.of("artifactLocation", Map.of("uri", path), "region", region));
    }

    /** The library rule of a change when there is one (it says what blocked), else the first core rule. */
    private static String primary(List<String> rules) {
        return rules.stream().filter(r -> !r.startsWith("UB0")).findFirst()
                .orElse(rules.isEmpty() ? null : rules.get(0));
    }

    private static String doc(String id) throws IOException {
        try (InputStream in = SarifReport.class.getResourceAsStream("/dev/unblock/rules/" + id + ".md")) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The text under a "## heading" of a rule doc, or the fallback. */
    private static String section(String doc, String heading, String fallback) {
        int at = doc.indexOf("## " + heading);
        if (at < 0) {
            return fallback;
        }
        int start = doc.indexOf('\n', at) + 1;
        int end = doc.indexOf("\n## ", start);
        String text = (end < 0 ? doc.substring(start) : doc.substring(start, end)).strip();
        return text.isEmpty() ? fallback : text;
    }

    /** Stable across runs and line moves: code scanning matches results of later runs by it. */
    private static String fingerprint(String path, String rule, String text) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((path + "\0" + rule + "\0" + text.strip().replaceAll("\\s+", " "))
                    .getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** requests-to-httpx → RequestsToHttpx, SARIF's convention for rule names. */
    private static String pascal(String kebab) {
        StringBuilder out = new StringBuilder();
        for (String part : kebab.split("-")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return out.toString();
    }
}
