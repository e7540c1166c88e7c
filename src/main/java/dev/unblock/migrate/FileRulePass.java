package dev.unblock.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import dev.unblock.python.SourceFile;

/**
 * Runs the enabled {@link FileRule}s after planning and merges their edits with the planner's: per file, the
 * planned edits a rule absorbed are replaced by the rule's own. A rule edit that still overlaps a planned one is
 * a conflict the rule should have avoided: then all of that rule's work is dropped, with a finding, and the
 * planner's edits stand alone.
 */
final class FileRulePass {
    /** The merged edits per file, whole-file texts (new or replaced), findings and dependency changes. */
    record Result(Map<String, List<Edit>> edits, Map<String, String> files, List<Finding> findings,
                  List<DependencyChange> dependencies) {
    }

    private FileRulePass() {
    }

    static Result run(List<Rule> rules, Map<String, String> texts, Map<String, List<Edit>> planned,
                      Set<String> pythonFiles, ProjectSnapshot project, MigrationConfig config, Targets targets) {
        Map<String, List<Edit>> edits = new LinkedHashMap<>();
        planned.forEach((path, list) -> edits.put(path, new ArrayList<>(list)));
        Map<String, String> files = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        List<DependencyChange> dependencies = new ArrayList<>();
        Set<String> enabled = new java.util.HashSet<>();
        rules.forEach(r -> enabled.add(r.info().id()));
        for (Rule rule : rules) {
            FileRule fileRule = rule.fileRule(config, targets);
            if (fileRule == null) {
                continue;
            }
            List<SourceFile> sources = new ArrayList<>();
            for (Map.Entry<String, String> t : texts.entrySet()) {
                if (config.paths().matches(t.getKey()) && fileRule.mayApply(t.getKey(), t.getValue())) {
                    try {
                        sources.add(PythonSource.parse(t.getKey(), t.getValue()));
                    } catch (PythonSyntaxError e) {
                        // the planner saw it parse; a file that does not is reported by the engine already
                    }
                }
            }
            if (sources.isEmpty()) {
                continue;
            }
            FileRuleSink sink = new FileRuleSink();
            fileRule.check(new FileRuleContext(sources, edits, pythonFiles, project, config, targets, enabled), sink);
            findings.addAll(sink.findings);
            Finding conflict = conflict(rule, sink, edits);
            if (conflict != null) {
                findings.add(conflict);
                continue;
            }
            for (Map.Entry<String, List<Edit>> e : sink.edits.entrySet()) {
                List<Edit> merged = edits.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
                merged.removeAll(sink.absorbed.getOrDefault(e.getKey(), Set.of()));
                merged.addAll(e.getValue());
            }
            files.putAll(sink.files);
            dependencies.addAll(sink.dependencies);
        }
        return new Result(edits, files, findings, dependencies);
    }

    /** The first rule edit overlapping an edit it did not absorb, as a finding; null when there is none. */
    private static Finding conflict(Rule rule, FileRuleSink sink, Map<String, List<Edit>> edits) {
        for (Map.Entry<String, List<Edit>> e : sink.edits.entrySet()) {
            Set<Edit> absorbed = sink.absorbed.getOrDefault(e.getKey(), Set.of());
            List<Edit> others = new ArrayList<>(edits.getOrDefault(e.getKey(), List.of()));
            others.removeAll(absorbed);
            List<Edit> own = e.getValue();
            for (int i = 0; i < own.size(); i++) {
                Edit a = own.get(i);
                for (Edit b : others) {
                    if (overlap(a, b)) {
                        return new Finding(e.getKey(), 1, 1, rule.info().id(), "not ported: its edit of characters "
                                + a.start() + "-" + a.end() + " overlaps an edit of " + b.ruleId()
                                + "; nothing of " + rule.info().id() + " was applied (please report this)", null);
                    }
                }
                for (int j = i + 1; j < own.size(); j++) {
                    if (overlap(a, own.get(j))) {
                        return new Finding(e.getKey(), 1, 1, rule.info().id(), "not ported: two of its edits overlap "
                                + "at characters " + a.start() + "-" + a.end() + " (please report this)", null);
                    }
                }
            }
        }
        return null;
    }

    /** Two edits touch the same characters; insertions at the edge of a replacement do not count. */
    static boolean overlap(Edit a, Edit b) {
        if (a.isInsertion() && b.isInsertion()) {
            return false;
        }
        if (a.isInsertion()) {
            return a.start() > b.start() && a.start() < b.end();
        }
        if (b.isInsertion()) {
            return b.start() > a.start() && b.start() < a.end();
        }
        return a.start() < b.end() && b.start() < a.end();
    }
}
