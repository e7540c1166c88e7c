package dev.unblock.migrate.edit;

import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.FactsCache;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Rewriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.analysis.FactsExtractor;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import dev.unblock.python.SourceFile;

/**
 * Rewrites one file: the planner's edits, the imports they need (placed as isort would, see
 * {@link ImportPlacement}), and the removal of imports of replaced modules that nothing uses any more. The result
 * must parse, or the file is left as it was.
 */
public final class FileRewrite {
    private static final String IMPORTS_RULE = "UB002";

    private final FileChange change;
    private final String error;

    private FileRewrite(FileChange change, String error) {
        this.change = change;
        this.error = error;
    }

    public FileChange change() {
        return change;
    }

    public String error() {
        return error;
    }

    /**
     * @param importedElsewhere names other project files take from this module (by name or through a star import),
     *                          whose imports stay even when this module no longer uses them
     */
    public static FileRewrite of(FactsCache.Entry original, List<Edit> planned, Set<String> imports, Catalog catalog,
                          ImportSections sections, Set<String> importedElsewhere) {
        FileFacts facts = original.facts();
        String text = original.text();
        List<Edit> edits = new ArrayList<>(planned);
        edits.addAll(ImportPlacement.edits(text, facts, imports, java.util.Map.of(), sections, catalog::replacementOf));
        Rewriter.Result first = Rewriter.apply(text, edits);
        SourceFile rewritten;
        try {
            rewritten = PythonSource.parse(facts.path(), first.text());
        } catch (PythonSyntaxError e) {
            return new FileRewrite(null, "not migrated: the rewritten file would not parse (" + e.reason()
                    + " at line " + e.line() + "); please report this");
        }
        List<Removal> removals = unusedImports(text, facts, FactsExtractor.extract(rewritten, facts.path(),
                facts.module(), facts.isPackage()), catalog, importedElsewhere);
        Rewriter.Result result = first;
        if (!removals.isEmpty()) {
            // `import requests` no longer used and `import httpx` needed: the new import goes in its sorted place
            // (often the old one's line).
            java.util.Map<Integer, Edit> gone = new java.util.LinkedHashMap<>();
            List<Edit> all = new ArrayList<>(planned);
            for (Removal r : removals) {
                if (r.wholeLine()) {
                    gone.put(r.fact().stmtStart(), r.edit());
                } else {
                    all.add(r.edit());
                }
            }
            all.addAll(ImportPlacement.edits(text, facts, imports, gone, sections, catalog::replacementOf));
            Rewriter.Result second = Rewriter.apply(text, all);
            try {
                PythonSource.parse(facts.path(), second.text());
                result = second;
            } catch (PythonSyntaxError e) {
                // Keep the imports: an unused import is better than a broken file.
            }
        }
        return new FileRewrite(new FileChange(facts.path(), text, result.text(), applied(text, result.applied()),
                original.charset().name()), null);
    }

    private static List<AppliedEdit> applied(String text, List<Edit> edits) {
        int[] starts = SourceFile.lineStarts(text);
        List<AppliedEdit> out = new ArrayList<>();
        for (Edit e : edits) {
            int startLine = SourceFile.lineIndex(starts, e.start()) + 1;
            int endLine = e.end() > e.start() ? SourceFile.lineIndex(starts, e.end() - 1) + 1 : startLine;
            out.add(new AppliedEdit(e.start(), e.end(), startLine, endLine, e.text(), e.ruleId(), e.message()));
        }
        return out;
    }

    /**
     * Imports of modules the migration replaces (requests, time, …) that the original used and the result no
     * longer does. Only whole statements importing one name are removed.
     */
    /** An import to remove; {@code wholeLine} when the statement goes entirely. */
    private record Removal(ImportFact fact, Edit edit, boolean wholeLine) {
    }

    private static List<Removal> unusedImports(String text, FileFacts before, FileFacts after, Catalog catalog,
                                               Set<String> importedElsewhere) {
        Set<String> usedBefore = usedNames(before);
        Set<String> usedAfter = usedNames(after);
        // Group the removable names by statement: a statement losing all its names goes whole.
        java.util.Map<Integer, List<ImportFact>> byStatement = new java.util.LinkedHashMap<>();
        java.util.Map<Integer, Integer> namesInStatement = new java.util.HashMap<>();
        for (ImportFact i : before.imports()) {
            namesInStatement.merge(i.stmtStart(), 1, Integer::sum);
            String root = i.module().contains(".") ? i.module().substring(0, i.module().indexOf('.')) : i.module();
            if (!i.topLevel() || i.level() > 0 || "*".equals(i.name()) || !catalog.isReplacedModule(root)) {
                continue;
            }
            String bound = i.boundName();
            // another module takes it from here (`from common import *` and then `time.time()`)
            if (usedBefore.contains(bound) && !usedAfter.contains(bound) && !importedElsewhere.contains(bound)) {
                byStatement.computeIfAbsent(i.stmtStart(), k -> new ArrayList<>()).add(i);
            }
        }
        List<Removal> out = new ArrayList<>();
        for (List<ImportFact> unused : byStatement.values()) {
            ImportFact first = unused.get(0);
            boolean wholeLine = unused.size() == namesInStatement.get(first.stmtStart())
                    && first.lineStart() == first.stmtStart() && first.lineEnd() >= first.stmtEnd();
            if (wholeLine && first.onlyNameInStatement() || wholeLine && unused.size() > 1) {
                out.add(new Removal(first, new Edit(first.lineStart(), removalEnd(text, first), "", IMPORTS_RULE,
                        "the module is not used any more", 0), true));
                continue;
            }
            if (unused.size() == namesInStatement.get(first.stmtStart())) {
                continue;
            }
            for (ImportFact i : unused) {
                int from = i.nextItemStart() >= 0 ? i.itemStart() : i.prevItemEnd();
                int to = i.nextItemStart() >= 0 ? i.nextItemStart() : i.itemEnd();
                if (from >= 0 && to > from) {
                    out.add(new Removal(i, new Edit(from, to, "", IMPORTS_RULE, "the name is not used any more", 0),
                            false));
                }
            }
        }
        return out;
    }

    /** The end of an import line, with the blank line after it when a blank line also precedes it. */
    private static int removalEnd(String text, ImportFact i) {
        int end = i.lineEnd();
        boolean blankBefore = i.lineStart() >= 2 && text.charAt(i.lineStart() - 1) == '\n'
                && (text.charAt(i.lineStart() - 2) == '\n' || text.charAt(i.lineStart() - 2) == '\r');
        if (blankBefore && text.startsWith("\n", end)) {
            return end + 1;
        }
        if (blankBefore && text.startsWith("\r\n", end)) {
            return end + 2;
        }
        return end;
    }

    /** The root names a file's references and calls use. */
    public static Set<String> usedNames(FileFacts facts) {
        Set<String> used = new HashSet<>();
        facts.references().forEach(r -> used.add(r.chain().root()));
        facts.calls().forEach(c -> used.add(c.callee().root()));
        return used;
    }
}
