package dev.unblock.migrate.edit;

import dev.unblock.migrate.Edit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.ImportFact;

/**
 * Where the imports a migration needs go, as isort and ruff ({@code I001}) would put them: inside the file's
 * import block at the top, in their section (standard library, third party, first party) and sorted place; a
 * name from a module the file already imports from joins that statement ({@code from x import (a, b)}). A file
 * without such a block gets one, sections apart, after its docstring and {@code __future__} imports.
 */
final class ImportPlacement {
    private static final String RULE = "UB002";

    private final String text;
    private final FileFacts facts;
    private final ImportSections sections;
    private final String nl;
    /** The package that replaces a module (requests → httpx), or null: says why a line was taken over. */
    private UnaryOperator<String> replacementOf = m -> null;

    private ImportPlacement(String text, FileFacts facts, ImportSections sections) {
        this.text = text;
        this.facts = facts;
        this.sections = sections;
        this.nl = TextLines.newline(text);
    }

    /** A top-level statement of the import block. */
    private record Statement(int lineStart, int lineEnd, int stmtStart, int stmtEnd, String module, int level,
                             boolean from, List<ImportFact> names) {
    }

    /**
     * The edits that add {@code lines} (already-imported ones are skipped) while the whole-line statements in
     * {@code removals} (statement start → its removal edit) go away: a new {@code import x} that sorts where a
     * removed {@code import y} of its section stood takes that line ({@code import requests} → {@code import
     * httpx}); the other removals are returned as they are.
     */
    static List<Edit> edits(String text, FileFacts facts, Set<String> lines, Map<Integer, Edit> removals,
                            ImportSections sections, UnaryOperator<String> replacementOf) {
        ImportPlacement placement = new ImportPlacement(text, facts, sections);
        placement.replacementOf = replacementOf;
        return placement.place(lines, removals);
    }

    private List<Edit> place(Set<String> lines, Map<Integer, Edit> removals) {
        List<WantedImport> wanted = wanted(lines);
        List<Edit> edits = new ArrayList<>();
        List<Statement> block = wanted.isEmpty() ? List.of() : block();
        if (block.isEmpty()) {
            edits.addAll(removals.values());
            if (!wanted.isEmpty()) {
                edits.add(newBlock(wanted));
            }
            return edits;
        }
        List<Statement> kept = new ArrayList<>(block.stream().filter(s -> !removals.containsKey(s.stmtStart())).toList());
        Map<Integer, Edit> stillRemoved = new LinkedHashMap<>(removals);
        List<WantedImport> rest = new ArrayList<>();
        for (WantedImport w : wanted) {
            Statement into = w.from() ? mergeTarget(kept, w) : null;
            Statement replaced = w.from() ? null : replaceable(block, kept, stillRemoved, w);
            if (into != null) {
                edits.addAll(merge(into, w));
            } else if (replaced != null) {
                stillRemoved.remove(replaced.stmtStart());
                boolean replacement = w.module().equals(replacementOf.apply(replaced.module()));
                edits.add(new Edit(replaced.lineStart(), replaced.lineEnd(), w.line() + nl, RULE,
                        replacement ? "imports the async API in place of the sync one" : "imports the async API", 0));
                kept.add(new Statement(replaced.lineStart(), replaced.lineEnd(), replaced.stmtStart(), replaced.stmtEnd(),
                        w.module(), w.level(), false, List.of()));
                kept.sort(Comparator.comparingInt(Statement::lineStart));
            } else {
                rest.add(w);
            }
        }
        edits.addAll(stillRemoved.values());
        if (!kept.isEmpty()) {
            edits.addAll(insertInto(kept, rest));
        } else if (!rest.isEmpty()) {
            // Every import of the block goes: the new ones take the first one's place.
            edits.add(Edit.insert(block.get(0).lineStart(), lines(rest, false), RULE, "imports the async API", -2_000_000));
        }
        return edits;
    }

    /** A removed straight import of the same section standing where {@code w} sorts among the kept statements. */
    private Statement replaceable(List<Statement> block, List<Statement> kept, Map<Integer, Edit> removed,
                                  WantedImport w) {
        int index = 0;
        while (index < kept.size() && compare(w, kept.get(index)) > 0) {
            index++;
        }
        for (Statement r : block) {
            if (!removed.containsKey(r.stmtStart()) || r.from() || section(r) != section(w)) {
                continue;
            }
            long before = kept.stream().filter(k -> k.lineStart() < r.lineStart()).count();
            if (before == index) {
                return r;
            }
        }
        return null;
    }

    /** The lines to add, one statement per module for {@code from} imports, in isort's order. */
    private List<WantedImport> wanted(Set<String> lines) {
        List<WantedImport> out = WantedImport.of(lines, facts);
        out.sort(this::compare);
        return out;
    }

    private int compare(WantedImport a, WantedImport b) {
        return sections.compare(sections.section(a.module(), a.level()), a.from(), a.module(),
                sections.section(b.module(), b.level()), b.from(), b.module());
    }

    private int compare(WantedImport a, Statement b) {
        return sections.compare(sections.section(a.module(), a.level()), a.from(), a.module(),
                sections.section(b.module(), b.level()), b.from(), b.module());
    }

    private int section(WantedImport w) {
        return sections.section(w.module(), w.level());
    }

    private int section(Statement s) {
        return sections.section(s.module(), s.level());
    }

    /**
     * The import block: the top-level statements from the first import on, with nothing but blank lines and
     * comments between them; empty when other code comes before the first import (new imports then go first).
     */
    private List<Statement> block() {
        Map<Integer, List<ImportFact>> byStatement = new TreeMap<>();
        for (ImportFact i : facts.imports()) {
            if (i.topLevel() && atLineStart(i.lineStart())) {
                byStatement.computeIfAbsent(i.stmtStart(), k -> new ArrayList<>()).add(i);
            }
        }
        List<Statement> all = new ArrayList<>();
        for (List<ImportFact> names : byStatement.values()) {
            ImportFact first = names.get(0);
            all.add(new Statement(first.lineStart(), first.lineEnd(), first.stmtStart(), first.stmtEnd(),
                    first.module(), first.level(), first.name() != null, List.copyOf(names)));
        }
        List<Statement> block = new ArrayList<>();
        int at = facts.importInsertOffset();
        for (Statement s : all) {
            if (block.isEmpty()) {
                boolean future = s.module().equals("__future__") && s.level() == 0;
                if (!future && (s.lineStart() < at || !blankOrComments(at, s.lineStart()))) {
                    return List.of();
                }
                block.add(s);
                continue;
            }
            Statement last = block.get(block.size() - 1);
            if (last.lineStart() == s.lineStart() || !blankOrComments(last.lineEnd(), s.lineStart())) {
                break;
            }
            block.add(s);
        }
        // Two statements on one line (`import a; import b`) are left alone.
        return block.stream().noneMatch(s -> s.stmtStart() != s.lineStart()) ? block : List.of();
    }

    private boolean atLineStart(int offset) {
        return offset == 0 || text.charAt(offset - 1) == '\n' || text.charAt(offset - 1) == '\r';
    }

    private boolean blankOrComments(int from, int to) {
        if (from > to) {
            return false;
        }
        for (String line : text.substring(from, to).split("\r\n|\r|\n", -1)) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                return false;
            }
        }
        return true;
    }

    /** A statement importing names from the same module, without star, aliases-only or line continuations. */
    private Statement mergeTarget(List<Statement> kept, WantedImport w) {
        for (Statement s : kept) {
            if (s.from() && s.module().equals(w.module()) && s.level() == w.level()
                    && s.names().stream().allMatch(n -> n.itemStart() >= 0 && !"*".equals(n.name()))
                    && !text.substring(s.stmtStart(), s.stmtEnd()).contains("\\")) {
                return s;
            }
        }
        return null;
    }

    /** Adds each new name before the first existing one that sorts after it, or after the last. */
    private List<Edit> merge(Statement s, WantedImport w) {
        List<ImportFact> items = new ArrayList<>(s.names());
        items.sort(Comparator.comparingInt(ImportFact::itemStart));
        boolean multiLine = text.substring(s.stmtStart(), s.stmtEnd()).contains("\n");
        String indent = multiLine ? indentOf(items.get(0).itemStart()) : "";
        List<Edit> out = new ArrayList<>();
        int order = 0;
        for (String name : w.names()) {
            if (s.names().stream().anyMatch(n -> name.equals(n.name()) && n.alias() == null)) {
                continue;
            }
            ImportFact next = items.stream().filter(n -> ImportSections.compareNames(n.name(), name) > 0).findFirst()
                    .orElse(null);
            if (next != null) {
                String t = multiLine ? name + "," + nl + indent : name + ", ";
                out.add(Edit.insert(next.itemStart(), t, RULE, "imports the async API", order++));
            } else {
                ImportFact last = items.get(items.size() - 1);
                String t = multiLine ? "," + nl + indent + name : ", " + name;
                out.add(Edit.insert(last.itemEnd(), t, RULE, "imports the async API", 1_000 + order++));
            }
        }
        return out;
    }

    private String indentOf(int offset) {
        int start = offset;
        while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
            start--;
        }
        String before = text.substring(start, offset);
        return before.isBlank() ? before : "    ";
    }

    /**
     * Each new statement goes next to its neighbours in isort's order: after the previous statement when that one
     * is in its section, else before the next one, else as a new section (blank lines around it).
     */
    private List<Edit> insertInto(List<Statement> kept, List<WantedImport> rest) {
        // anchor offset → lines, with whether a blank line goes before / after the group
        Map<Integer, List<WantedImport>> after = new TreeMap<>();
        Map<Integer, List<WantedImport>> before = new TreeMap<>();
        Map<Integer, Statement> prevAt = new TreeMap<>();
        Map<Integer, Statement> nextAt = new TreeMap<>();
        for (WantedImport w : rest) {
            int i = 0;
            while (i < kept.size() && compare(w, kept.get(i)) > 0) {
                i++;
            }
            Statement prev = i > 0 ? kept.get(i - 1) : null;
            Statement next = i < kept.size() ? kept.get(i) : null;
            if (prev != null && (section(prev) == section(w) || next == null)) {
                after.computeIfAbsent(prev.lineEnd(), k -> new ArrayList<>()).add(w);
                prevAt.put(prev.lineEnd(), prev);
            } else {
                before.computeIfAbsent(next.lineStart(), k -> new ArrayList<>()).add(w);
                nextAt.put(next.lineStart(), next);
            }
        }
        List<Edit> out = new ArrayList<>();
        int order = -2_000_000;
        for (Map.Entry<Integer, List<WantedImport>> e : after.entrySet()) {
            Statement prev = prevAt.get(e.getKey());
            List<WantedImport> group = e.getValue();
            String lines = lines(group, false);
            boolean newSection = section(group.get(0)) != section(prev);
            String t = (prevEndsLine(prev) ? "" : nl) + (newSection ? nl : "") + lines;
            out.add(Edit.insert(e.getKey(), t, RULE, "imports the async API", order++));
        }
        for (Map.Entry<Integer, List<WantedImport>> e : before.entrySet()) {
            Statement next = nextAt.get(e.getKey());
            int index = kept.indexOf(next);
            Statement prev = index > 0 ? kept.get(index - 1) : null;
            List<WantedImport> group = e.getValue();
            boolean newSection = section(group.get(group.size() - 1)) != section(next);
            // Sections that were not apart yet (no blank line between them) get one before the new lines too.
            boolean apart = prev != null && section(prev) != section(group.get(0))
                    && blankOrComments(prev.lineEnd(), next.lineStart()) && !hasBlankLine(prev.lineEnd(), next.lineStart());
            out.add(Edit.insert(e.getKey(), (apart ? nl : "") + lines(group, false) + (newSection ? nl : ""), RULE,
                    "imports the async API", order++));
        }
        return out;
    }

    private boolean hasBlankLine(int from, int to) {
        for (String line : text.substring(from, to).split("\r\n|\r|\n", -1)) {
            if (line.isBlank()) {
                return from < to;
            }
        }
        return false;
    }

    private boolean prevEndsLine(Statement prev) {
        return prev.lineEnd() > 0 && (text.charAt(prev.lineEnd() - 1) == '\n' || text.charAt(prev.lineEnd() - 1) == '\r');
    }

    /** The statements, one a line, a blank line between sections (and after the last when asked). */
    private String lines(List<WantedImport> group, boolean blankAfter) {
        StringBuilder out = new StringBuilder();
        Integer last = null;
        for (WantedImport w : group) {
            if (last != null && last != section(w)) {
                out.append(nl);
            }
            out.append(w.line().replace("\n", nl)).append(nl);
            last = section(w);
        }
        if (blankAfter) {
            out.append(nl);
        }
        return out.toString();
    }

    /** A file with no import block: the imports go after the docstring and {@code __future__} imports. */
    private Edit newBlock(List<WantedImport> wanted) {
        int at = facts.importInsertOffset();
        StringBuilder block = new StringBuilder();
        if (at > 0 && text.charAt(at - 1) != '\n' && text.charAt(at - 1) != '\r') {
            block.append(nl);
        }
        block.append(lines(wanted, false));
        boolean beforeImport = facts.imports().stream().anyMatch(i -> i.topLevel() && i.lineStart() == at);
        if (at < text.length() && !beforeImport) {
            String rest = text.substring(at);
            block.append(nl);
            if (rest.startsWith("def ") || rest.startsWith("class ") || rest.startsWith("@")
                    || rest.startsWith("async def ")) {
                block.append(nl);
            }
        }
        return Edit.insert(at, block.toString(), RULE, "imports the async API", -2_000_000);
    }
}
