package dev.unblock.bot;

import dev.unblock.migrate.AppliedEdit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Edits of the engine that must be committed together: each needs the others (an {@code await} its
 * {@code async def}, a call of a function that became async that {@code async def}, a use of a new import that
 * import, ...), so that any set of units applied to the original leaves working code. A unit may span files.
 *
 * @param parts   the edits per file, files in the migration's order; a new file is a part without edits
 * @param because why its edits are together ("line 12 awaits `fetch` (line 10)"), in the order found
 */
record ChangeUnit(List<Part> parts, List<String> because) {
    ChangeUnit {
        parts = List.copyOf(parts);
        because = List.copyOf(because);
    }

    /**
     * One file's share of a unit: its edits sorted by position ({@code before} null for a new file), and for
     * edits that make a function async (by index) the chain of calls that made it so.
     */
    record Part(String path, String before, List<AppliedEdit> edits, Map<Integer, String> why) {
        Part {
            edits = List.copyOf(edits);
            why = Map.copyOf(why);
        }

        boolean isNewFile() {
            return before == null;
        }

        int firstLine() {
            return edits.stream().mapToInt(AppliedEdit::startLine).min().orElse(1);
        }

        int lastLine() {
            return edits.stream().mapToInt(AppliedEdit::endLine).max().orElse(1);
        }

        /** "line 3" or "lines 3, 9, 12" (at most eight, then how many more): the lines its edits start on. */
        String editLines() {
            List<Integer> lines = edits.stream().map(AppliedEdit::startLine).distinct().sorted().toList();
            List<String> shown = lines.stream().limit(8).map(String::valueOf).toList();
            return (lines.size() == 1 ? "line " : "lines ") + String.join(", ", shown)
                    + (lines.size() > shown.size() ? " and " + (lines.size() - shown.size()) + " more" : "");
        }

        /** "line 3" or "lines 3–8" for the block of lines the part replaces. */
        String lines() {
            return firstLine() == lastLine() ? "line " + firstLine() : "lines " + firstLine() + "–" + lastLine();
        }
    }

    List<AppliedEdit> edits() {
        List<AppliedEdit> all = new ArrayList<>();
        parts.forEach(p -> all.addAll(p.edits()));
        return all;
    }

    boolean singleFile() {
        return parts.size() == 1 && !parts.get(0).isNewFile();
    }

    /** "RULE why; RULE why" with one entry per rule (per function for the ones that explain a chain). */
    List<String> reasons() {
        Set<String> out = new LinkedHashSet<>();
        Set<String> rulesSeen = new LinkedHashSet<>();
        for (Part part : parts) {
            for (int i = 0; i < part.edits().size(); i++) {
                AppliedEdit e = part.edits().get(i);
                String chain = part.why().get(i);
                if (chain != null) {
                    out.add(e.ruleId() + " " + chain);
                } else if (rulesSeen.add(e.ruleId())) {
                    out.add(e.ruleId() + " " + e.message());
                }
            }
        }
        return new ArrayList<>(out);
    }

    String rules() {
        return edits().stream().map(AppliedEdit::ruleId).distinct().sorted().collect(Collectors.joining(","));
    }
}
