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
 * A block of lines in one file: the original lines, what they become, and the edits (with their rules) that made
 * the difference. A review shows a change unit's block as one suggestion; a migration pull request lists runs of
 * touching lines. {@code reasons} are "RULE why" lines; {@code because} says why the edits are together.
 */
public record Suggestion(String path, int startLine, int endLine, String original, String replacement,
                         List<AppliedEdit> edits, String fingerprint, List<String> reasons, List<String> because) {
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

    /** The pointers put after a rule's reason in a comment: its page (or command) and the library's migration guide. */
    static String ruleLink(String rule) {
        String guides = RuleGuides.of(rule).stream().map(g -> "[" + g.title() + "](" + g.url() + ")")
                .reduce("", (a, b) -> a + ", " + b);
        return RULE_DOCS == null ? " (`unblock explain " + rule + "`" + guides + ")"
                : " ([rule](" + RULE_DOCS + rule + ")" + guides + ")";
    }

    public Suggestion {
        edits = List.copyOf(edits);
        reasons = List.copyOf(reasons);
        because = List.copyOf(because);
    }

    /** A block of lines without a unit: the reasons are the rules' messages. */
    public Suggestion(String path, int startLine, int endLine, String original, String replacement,
                      List<AppliedEdit> edits, String fingerprint) {
        this(path, startLine, endLine, original, replacement, edits, fingerprint, ruleReasons(edits), List.of());
    }

    static List<String> ruleReasons(List<AppliedEdit> edits) {
        Map<String, String> reasons = new LinkedHashMap<>();
        edits.forEach(e -> reasons.putIfAbsent(e.ruleId(), e.message()));
        List<String> out = new ArrayList<>();
        reasons.forEach((rule, message) -> out.add(rule + " " + message));
        return out;
    }

    /**
     * A unit's share of one file as one block, from its first changed line to its last (lines between are kept
     * as they are). The fingerprint covers every line the block replaces and what they become, so a unit that
     * grows (a new use of an import it adds) is a new suggestion.
     */
    static Suggestion of(ChangeUnit unit, ChangeUnit.Part part) {
        List<AppliedEdit> edits = ChangeUnits.sorted(part.edits());
        String[] block = block(part.before(), edits);
        return new Suggestion(part.path(), part.firstLine(), part.lastLine(), block[0], block[1], edits,
                Fingerprints.of(part.path(), unit.rules(), block[0] + "\n\0\n" + block[1]), unit.reasons(), unit.because());
    }

    /** The whole lines that sorted, fitting edits touch in {@code text}, before and after the edits. */
    private static String[] block(String text, List<AppliedEdit> edits) {
        int first = edits.get(0).startLine();
        int last = edits.stream().mapToInt(AppliedEdit::endLine).max().orElse(first);
        int from = lineStart(text, first);
        int to = Math.max(lineEnd(text, last), edits.stream().mapToInt(AppliedEdit::end).max().orElse(from));
        StringBuilder replaced = new StringBuilder(text.substring(from, to));
        for (int i = edits.size() - 1; i >= 0; i--) {
            AppliedEdit e = edits.get(i);
            replaced.replace(e.start() - from, e.end() - from, e.replacement());
        }
        return new String[] {text.substring(from, to), replaced.toString()};
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
            String[] block = block(text, run);
            suggestions.add(new Suggestion(change.path(), run.get(0).startLine(),
                    run.stream().mapToInt(AppliedEdit::endLine).max().orElseThrow(), block[0], block[1], run,
                    Fingerprints.of(change.path(), run.stream().map(AppliedEdit::ruleId).distinct().sorted()
                            .collect(Collectors.joining(",")), block[0])));
        }
        return suggestions;
    }

    /** The review comment: why (each rule with a link to its page), what is grouped and why, the block, the marker. */
    public String commentBody() {
        StringBuilder body = new StringBuilder();
        for (String reason : reasons) {
            int space = reason.indexOf(' ');
            String rule = space < 0 ? reason : reason.substring(0, space);
            body.append("**").append(rule).append("** ").append(space < 0 ? "" : reason.substring(space + 1))
                    .append(ruleLink(rule)).append('\n');
        }
        if (!because.isEmpty()) {
            body.append("\nThese changes need each other, so they are one suggestion: ")
                    .append(String.join("; ", because.subList(0, Math.min(4, because.size()))))
                    .append(because.size() > 4 ? "; and " + (because.size() - 4) + " more" : "").append(".\n");
        }
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
        return lines + ": " + String.join("; ", reasons);
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
