package dev.unblock.bot;

import dev.unblock.git.ChangedFile;
import dev.unblock.github.GitHubTextLimits;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one review says. The engine's edits are grouped into change units (edits that need each other); a unit is
 * suggested inline only when it lies in one file, inside one hunk of the diff, so that every suggestion can be
 * committed alone, and any set of them together. Other units are listed in the body with the lines they cover and
 * why they are not inline; they come with {@code /unblock migrate}. Anything an earlier review already said (same
 * fingerprint) is left out.
 *
 * @param inline       suggestions to post (at most {@code maxComments})
 * @param elsewhere    units not suggested inline, each with why
 * @param findingFingerprints the fingerprint of each finding, in the same order
 * @param stillValid   fingerprints of every unit that could be suggested inline today, said before or not: an
 *                     earlier suggestion with another fingerprint is stale
 * @param blockingCalls the blocking call sites the migration converts ({@link CallSites})
 * @param suggestedBlockingCalls those of them suggested inline, by this review or an earlier one
 */
public record ReviewPlan(List<Suggestion> inline, List<Elsewhere> elsewhere, List<Finding> findings,
                         List<String> findingFingerprints, Set<String> bodyFingerprints, Set<String> stillValid, int edits, int blockingCalls,
                         int suggestedBlockingCalls, int maxComments) {

    /** A unit not suggested inline: the lines it covers (per file), its reasons and why it is not inline. */
    public record Elsewhere(ChangeUnit unit, String fingerprint, String notInline) {
        /** A list item (without its "- "): the places, why not inline, then one sub-item per reason and one saying why together. */
        String item() {
            List<String> where = new ArrayList<>();
            for (ChangeUnit.Part p : unit.parts()) {
                where.add(Markdown.code(p.path()) + " " + (p.isNewFile() ? "(new file)" : p.editLines()));
            }
            StringBuilder b = new StringBuilder(String.join(", ", where)).append(" — not inline: ")
                    .append(notInline).append('\n');
            List<String> reasons = unit.reasons();
            if (reasons.isEmpty()) {
                reasons = List.of(unit.parts().stream().anyMatch(ChangeUnit.Part::isNewFile)
                        ? "a support module that the migrated code imports" : "changes of the migration");
            }
            int shown = Math.min(8, reasons.size());
            reasons.subList(0, shown).forEach(r -> b.append("  - ").append(r).append('\n'));
            if (reasons.size() > shown) {
                b.append("  - and ").append(reasons.size() - shown).append(" more\n");
            }
            List<String> because = unit.because();
            if (!because.isEmpty()) {
                int n = Math.min(5, because.size());
                b.append("  - together because ").append(String.join("; ", because.subList(0, n)))
                        .append(because.size() > n ? "; and " + (because.size() - n) + " more" : "").append('\n');
            }
            return b.toString();
        }
    }

    /**
     * @param suggested fingerprints of earlier inline suggestions
     * @param listed    fingerprints of what earlier review bodies listed
     * @param source    the text of a file at the head commit (null when unknown), to tell findings apart
     */
    public static ReviewPlan build(Migration migration, Map<String, ChangedFile> diff, Set<String> suggested,
                                   Set<String> listed, int maxComments, Function<String, String> source) {
        Set<String> alreadySaid = new HashSet<>(suggested);
        alreadySaid.addAll(listed);
        List<Suggestion> inline = new ArrayList<>();
        List<Elsewhere> elsewhere = new ArrayList<>();
        Set<String> stillValid = new LinkedHashSet<>();
        int edits = 0;
        for (var change : migration.changes()) {
            edits += change.edits().size();
        }
        CallSites sites = CallSites.of(migration);
        int earlierSuggested = 0;
        Map<Suggestion, ChangeUnit> unitOf = new HashMap<>();
        for (ChangeUnit unit : ChangeUnits.of(migration)) {
            ChangeUnit.Part only = unit.singleFile() ? unit.parts().get(0) : null;
            Suggestion s = only != null && Suggestion.fits(ChangeUnits.sorted(only.edits()), only.before())
                    ? Suggestion.of(unit, only) : null;
            if (s != null && s.replacement().equals(s.original())) {
                continue;
            }
            String notInline = notInline(unit, s, diff);
            if (notInline == null && !fitsAComment(s)) {
                notInline = "it does not fit in a review comment (GitHub's size limit, or control characters a"
                        + " suggestion cannot carry)";
            }
            String fingerprint = s != null ? s.fingerprint() : fingerprint(unit);
            if (notInline == null) {
                stillValid.add(fingerprint);
            }
            if (alreadySaid.contains(fingerprint)) {
                if (suggested.contains(fingerprint)) {
                    earlierSuggested += unit.parts().stream().mapToInt(p -> sites.count(p.path(), p.edits())).sum();
                }
                continue;
            }
            if (notInline == null) {
                inline.add(s);
                unitOf.put(s, unit);
            } else {
                elsewhere.add(new Elsewhere(unit, fingerprint, notInline));
            }
        }
        Comparator<Suggestion> order = Comparator.comparing(Suggestion::path).thenComparingInt(Suggestion::startLine);
        inline.sort(order);
        if (inline.size() > maxComments) {
            for (Suggestion over : inline.subList(maxComments, inline.size())) {
                elsewhere.add(new Elsewhere(unitOf.get(over), over.fingerprint(), "over the limit of " + maxComments
                        + " comments per review"));
            }
            inline = new ArrayList<>(inline.subList(0, maxComments));
        }
        List<Finding> findings = new ArrayList<>();
        List<String> findingFingerprints = new ArrayList<>();
        Set<String> bodyFingerprints = new LinkedHashSet<>();
        elsewhere.forEach(e -> bodyFingerprints.add(e.fingerprint()));
        Map<String, Integer> occurrences = new HashMap<>();
        for (Finding f : migration.findings()) {
            String base = findingFingerprint(f, lineText(source, f));
            int n = occurrences.merge(base, 1, Integer::sum);
            String fp = n == 1 ? base : Fingerprints.of(f.path(), f.ruleId(), base + "#" + n);
            if (!alreadySaid.contains(fp) && bodyFingerprints.add(fp)) {
                findings.add(f);
                findingFingerprints.add(fp);
            }
        }
        int suggestedCalls = earlierSuggested + inline.stream().mapToInt(s -> sites.count(s.path(), s.edits())).sum();
        return new ReviewPlan(List.copyOf(inline), List.copyOf(elsewhere), List.copyOf(findings),
                List.copyOf(findingFingerprints), bodyFingerprints,
                stillValid, edits, sites.total(), suggestedCalls, maxComments);
    }

    /**
     * A suggestion can be a review comment only as it is: within GitHub's size for a comment, and without control
     * characters (they cannot be sent as they are, and a suggestion must commit exactly the new code). Otherwise
     * it is listed in the body like a change outside the diff.
     */
    static boolean fitsAComment(Suggestion s) {
        String body = s.commentBody();
        return GitHubTextLimits.fits(body, GitHubTextLimits.BODY) && !GitHubTextLimits.hasControlCharacters(body);
    }

    /** Why a unit cannot be one suggestion on this diff, or null when it can. */
    static String notInline(ChangeUnit unit, Suggestion s, Map<String, ChangedFile> diff) {
        // a framework port (UB8xx) rewrites whole apps: it comes as a migration pull request, not line by line
        if (unit.edits().stream().anyMatch(e -> e.ruleId() != null && e.ruleId().startsWith("UB8"))) {
            return "it is part of the port to FastAPI, which comes whole as a migration pull request";
        }
        List<String> why = new ArrayList<>();
        for (ChangeUnit.Part p : unit.parts()) {
            if (p.isNewFile()) {
                why.add("it adds the new file " + Markdown.code(p.path()));
            } else if (!diff.containsKey(p.path())) {
                why.add("it changes " + Markdown.code(p.path()) + ", which this pull request does not touch");
            } else if (!Suggestion.fits(ChangeUnits.sorted(p.edits()), p.before())) {
                why.add("the edits of " + Markdown.code(p.path()) + " could not be placed on its lines");
            } else {
                ChangedFile file = diff.get(p.path());
                List<String> outside = new ArrayList<>();
                for (AppliedEdit e : p.edits()) {
                    if (!file.inOneHunk(e.startLine(), e.endLine())) {
                        outside.add(String.valueOf(e.startLine()));
                    }
                }
                List<String> lines = outside.stream().distinct().toList();
                if (!lines.isEmpty()) {
                    why.add((unit.parts().size() > 1 ? Markdown.code(p.path()) + " " : "")
                            + (lines.size() == 1 ? "line " : "lines ") + String.join(", ", lines.subList(0, Math.min(8, lines.size())))
                            + (lines.size() > 8 ? " and " + (lines.size() - 8) + " more" : "")
                            + (lines.size() == 1 ? " lies" : " lie") + " outside this pull request's diff");
                } else if (!file.inOneHunk(p.firstLine(), p.lastLine())) {
                    why.add((unit.parts().size() > 1 ? Markdown.code(p.path()) + " " : "") + p.lines()
                            + " span more than one part of the diff (a suggestion must stay inside one)");
                }
            }
        }
        if (why.isEmpty() && unit.parts().size() > 1) {
            why.add("it spans " + unit.parts().size() + " files and a suggestion covers one");
        }
        if (why.isEmpty() && s == null) {
            why.add("it cannot be shown as one block of lines");
        }
        if (why.isEmpty()) {
            return null;
        }
        int shown = Math.min(4, why.size());
        return String.join("; ", why.subList(0, shown)) + (why.size() > shown ? "; and " + (why.size() - shown) + " more" : "");
    }

    /** A unit spanning files: every part's lines and what they become. */
    static String fingerprint(ChangeUnit unit) {
        StringBuilder paths = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (ChangeUnit.Part p : unit.parts()) {
            paths.append(p.path()).append('\n');
            if (p.isNewFile()) {
                continue;
            }
            if (Suggestion.fits(ChangeUnits.sorted(p.edits()), p.before())) {
                Suggestion s = Suggestion.of(unit, p);
                text.append(s.original()).append("\n\0\n").append(s.replacement()).append("\n\0\n");
            } else {
                p.edits().forEach(e -> text.append(e.replacement()).append('\0'));
            }
        }
        return Fingerprints.of(paths.toString(), unit.rules(), text.toString());
    }

    private static String lineText(Function<String, String> source, Finding f) {
        String text = source == null ? null : source.apply(f.path());
        if (text == null || f.line() < 1) {
            return "";
        }
        int from = Suggestion.lineStart(text, f.line());
        return from >= text.length() ? "" : text.substring(from, Suggestion.lineEnd(text, f.line()));
    }

    /** A finding is told apart by its file, rule, message and the code on its line (not the line number). */
    static String findingFingerprint(Finding f, String lineText) {
        return Fingerprints.of(f.path(), f.ruleId(), f.message() + "\n" + lineText);
    }

    /** Nothing new to say: no review is posted. */
    public boolean isEmpty() {
        return inline.isEmpty() && elsewhere.isEmpty() && findings.isEmpty();
    }

    /** Blocking calls whose fix is in an inline suggestion, of this review or of an earlier one. */
    public String body() {
        StringBuilder b = new StringBuilder("**Unblock** found blocking I/O that can move to asyncio");
        if (inline.isEmpty()) {
            b.append(".\n");
        } else {
            b.append(inline.size() == 1 ? ": 1 suggestion below. It stands alone: it can be committed on its own"
                    + " (changes that need each other are in one suggestion, which says why).\n"
                    : ": " + inline.size() + " suggestions below. Each one stands alone: commit any of them on its own,"
                    + " in any order (changes that need each other are in one suggestion, which says why). To commit"
                    + " several at once, add them to one batch (*Add suggestion to batch*, then *Commit suggestions*).\n");
        }
        // GitHub takes 65,536 bytes: findings may fill half of it, changes the rest. What a list leaves out is not in
        // the marker, so a later review may still list it.
        Set<String> said = new LinkedHashSet<>();
        BoundedList.Budget room = new BoundedList.Budget(GitHubTextLimits.BODY - FIXED_TEXT);
        BoundedList findingItems = new BoundedList(room.part(2));
        for (int i = 0; i < findings.size(); i++) {
            if (findingItems.add(BoundedList.cut(findingLine(findings.get(i))), FINGERPRINT_BYTES)) {
                said.add(findingFingerprints.get(i));
            }
        }
        BoundedList changeItems = new BoundedList(room);
        elsewhere.forEach(e -> {
            // An item's reasons are few and bounded, but a unit over many files names them all: cut what is very long.
            if (changeItems.add(GitHubTextLimits.cut(e.item(), 4 * BoundedList.MAX_ITEM), FINGERPRINT_BYTES)) {
                said.add(e.fingerprint());
            }
        });
        if (!elsewhere.isEmpty()) {
            b.append("\n**Needed beyond this pull request's suggestions** (").append(elsewhere.size())
                    .append(elsewhere.size() == 1 ? " change" : " changes")
                    .append(" whose parts must be committed together and cannot all be suggested here; `/unblock migrate`"
                            + " makes them):\n");
            b.append(changeItems.text(n -> "and " + BoundedList.count(n) + " more: comment `/unblock migrate` to get a pull"
                    + " request with all of them"));
        }
        if (!findings.isEmpty()) {
            b.append("\n**Findings** (left as they are):\n");
            b.append(findingItems.text(n -> "and " + BoundedList.count(n) + " more, each an annotation of the check run `"
                    + dev.unblock.github.Publisher.CHECK_NAME + "`"));
        }
        b.append("\nComment `/unblock migrate` to get a pull request with every change.\n");
        if (!said.isEmpty()) {
            b.append('\n').append(Fingerprints.marker(said));
        }
        return b.toString();
    }

    /** Room kept in a review body for its own sentences and the marker's frame. */
    static final int FIXED_TEXT = 2_000;
    /** What one more fingerprint adds to the marker: 16 hex digits and a comma. */
    static final int FINGERPRINT_BYTES = 17;

    static String findingLine(Finding f) {
        return Markdown.code(f.path() + ":" + f.line()) + " " + f.ruleId() + " " + f.message()
                + (f.bridge() == null ? "" : " (bridge: `" + f.bridge() + "`)");
    }
}
