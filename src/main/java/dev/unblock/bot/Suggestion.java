package dev.unblock.bot;

import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.FileChange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One contiguous run of changed lines in one file: the original lines, what they become, and the edits (with
 * their rules) that made the difference. A review shows it as a suggestion block; elsewhere it is a list item.
 */
public record Suggestion(String path, int startLine, int endLine, String original, String replacement,
                         List<AppliedEdit> edits, String fingerprint) {
    /**
     * Where each rule's documentation lives: the App serves it at {@code /rules/<ID>} of its public URL
     * ({@code UNBLOCK_PUBLIC_URL}). Without one there is no address to link, and the comment names the command
     * that shows the doc instead.
     */
    static final String RULE_DOCS = ruleDocsBase(System.getenv("UNBLOCK_PUBLIC_URL"));

    static String ruleDocsBase(String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return null;
        }
        String base = publicUrl.strip();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/rules/";
    }

    /** The pointer to a rule's doc put after its reason in a comment. */
    static String ruleLink(String rule) {
        return RULE_DOCS == null ? " (`unblock explain " + rule + "`)" : " ([rule](" + RULE_DOCS + rule + "))";
    }

    public Suggestion {
        edits = List.copyOf(edits);
    }

    public String rules() {
        return edits.stream().map(AppliedEdit::ruleId).distinct().sorted().collect(Collectors.joining(","));
    }

    /** Splits a file's edits into runs of touching lines; a new file (no "before") is one run. */
    public static List<Suggestion> of(FileChange change) {
        List<AppliedEdit> edits = new ArrayList<>(change.edits());
        edits.sort(Comparator.comparingInt(AppliedEdit::start).thenComparingInt(AppliedEdit::end));
        if (change.before() == null || !fits(edits, change.before())) {
            // A new file, or edits that do not fit the text: shown whole, never anchored on lines.
            int lines = (int) change.after().lines().count();
            return List.of(new Suggestion(change.path(), 1, Math.max(1, lines), change.before() == null ? "" : change.before(),
                    change.after(), edits, Fingerprints.of(change.path(), "whole-file", change.after())));
        }
        String text = change.before();
        List<List<AppliedEdit>> runs = new ArrayList<>();
        int runEnd = Integer.MIN_VALUE;
        for (AppliedEdit edit : edits) {
            if (runs.isEmpty() || edit.startLine() > runEnd + 1) {
                runs.add(new ArrayList<>());
            }
            runs.get(runs.size() - 1).add(edit);
            runEnd = Math.max(runEnd, edit.endLine());
        }
        List<Suggestion> suggestions = new ArrayList<>();
        for (List<AppliedEdit> run : runs) {
            int first = run.get(0).startLine();
            int last = run.stream().mapToInt(AppliedEdit::endLine).max().orElse(first);
            int from = lineStart(text, first);
            int to = Math.max(lineEnd(text, last), run.stream().mapToInt(AppliedEdit::end).max().orElse(from));
            StringBuilder replaced = new StringBuilder(text.substring(from, to));
            for (int i = run.size() - 1; i >= 0; i--) {
                AppliedEdit e = run.get(i);
                replaced.replace(e.start() - from, e.end() - from, e.replacement());
            }
            String original = text.substring(from, to);
            suggestions.add(new Suggestion(change.path(), first, last, original, replaced.toString(), run,
                    Fingerprints.of(change.path(), run.stream().map(AppliedEdit::ruleId).distinct().sorted()
                            .collect(Collectors.joining(",")), original)));
        }
        return suggestions;
    }

    /** The review comment: why, a link to each rule, the suggestion block and the hidden fingerprint. */
    public String commentBody() {
        StringBuilder body = new StringBuilder();
        Map<String, String> reasons = new LinkedHashMap<>();
        edits.forEach(e -> reasons.putIfAbsent(e.ruleId(), e.message()));
        reasons.forEach((rule, message) -> body.append("**").append(rule).append("** ").append(message)
                .append(ruleLink(rule)).append('\n'));
        String fence = Markdown.fence(replacement);
        body.append('\n').append(fence).append("suggestion\n").append(replacement);
        // An empty block deletes the lines; a block holding one blank line would replace them with a blank line.
        if (!replacement.isEmpty() && !replacement.endsWith("\n")) {
            body.append('\n');
        }
        body.append(fence).append("\n\n").append(Fingerprints.marker(List.of(fingerprint)));
        return body.toString();
    }

    /** "lines 3–4: RULE why" for lists in review and pull request bodies. */
    public String linesAndReasons() {
        String lines = startLine == endLine ? "line " + startLine : "lines " + startLine + "–" + endLine;
        Map<String, String> reasons = new LinkedHashMap<>();
        edits.forEach(e -> reasons.putIfAbsent(e.ruleId(), e.message()));
        String why = reasons.entrySet().stream().map(r -> r.getKey() + " " + r.getValue()).collect(Collectors.joining("; "));
        return lines + ": " + why;
    }

    /** {@link #linesAndReasons()} after the path. */
    public String summaryLine() {
        return Markdown.code(path) + " " + linesAndReasons();
    }

    /** Edits sorted by start, inside the text and not overlapping, as the engine promises. */
    static boolean fits(List<AppliedEdit> sorted, String text) {
        int previousEnd = 0;
        for (AppliedEdit e : sorted) {
            if (e.start() < previousEnd || e.end() < e.start() || e.end() > text.length() || e.startLine() < 1
                    || e.endLine() < e.startLine()) {
                return false;
            }
            previousEnd = e.end();
        }
        return true;
    }

    static int lineStart(String text, int line) {
        int offset = 0;
        for (int l = 1; l < line; l++) {
            int newline = text.indexOf('\n', offset);
            if (newline < 0) {
                return text.length();
            }
            offset = newline + 1;
        }
        return offset;
    }

    static int lineEnd(String text, int line) {
        int start = lineStart(text, line);
        int newline = text.indexOf('\n', start);
        return newline < 0 ? text.length() : newline;
    }
}
