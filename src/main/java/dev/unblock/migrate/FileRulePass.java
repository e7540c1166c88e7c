package dev.unblock.migrate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.python.PythonSource;
import dev.unblock.python.SourceFile;

/**
 * The enabled {@link FileRule}s: before planning, each reads the files passing its precondition and tells the
 * planner what it knows; after planning, it runs and its edits are merged with the planner's: per file, the
 * planned edits a rule absorbed are replaced by the rule's own. A rule edit that still overlaps a planned one is
 * a conflict the rule should have avoided: then all of that rule's work is dropped, with a finding, and the
 * planner's edits stand alone. A rule that told the planner something and then applied nothing has broken its
 * promise: the engine plans again without what it told.
 */
final class FileRulePass {
    /** The merged edits per file, whole-file texts (new or replaced), findings and dependency changes. */
    record Result(Map<String, List<Edit>> edits, Map<String, String> files, List<Finding> findings,
                  List<DependencyChange> dependencies, Set<String> applied) {
    }

    /**
     * A file rule with the paths of the files that passed its precondition. Their sources are made afresh for each
     * call and parse when the rule first reads a tree: a rule that looks only at texts parses nothing, and no tree
     * outlives the call that read it.
     */
    private record Prepared(Rule rule, FileRule fileRule, List<String> paths) {
        List<SourceFile> sources(Map<String, String> texts) {
            List<SourceFile> sources = new ArrayList<>(paths.size());
            paths.forEach(path -> sources.add(PythonSource.deferred(path, texts.get(path))));
            return sources;
        }
    }

    private final List<Prepared> prepared;
    private final Set<String> pythonFiles;
    private final Map<String, String> texts;
    private final ProjectSnapshot project;
    private final MigrationConfig config;
    private final Targets targets;
    private final TextChecks checks;
    private final Set<String> enabled = new java.util.HashSet<>();

    private FileRulePass(List<Prepared> prepared, Set<String> pythonFiles, Map<String, String> texts,
                         ProjectSnapshot project, MigrationConfig config, Targets targets, List<Rule> rules,
                         TextChecks checks) {
        this.checks = checks;
        this.prepared = prepared;
        this.pythonFiles = Set.copyOf(pythonFiles); // copied once: each rule's context would copy them again
        this.texts = Map.copyOf(texts);
        this.project = project;
        this.config = config;
        this.targets = targets;
        rules.forEach(r -> enabled.add(r.info().id()));
    }

    /** Finds, for each enabled file rule, the files that pass its precondition (they parsed: all texts did). */
    static FileRulePass prepare(List<Rule> rules, Map<String, String> texts, Set<String> pythonFiles,
                                ProjectSnapshot project, MigrationConfig config, Targets targets,
                                TextChecks checks) {
        List<Prepared> prepared = new ArrayList<>();
        for (Rule rule : rules) {
            FileRule fileRule = rule.fileRule(config, targets);
            if (fileRule == null) {
                continue;
            }
            List<String> paths = new ArrayList<>();
            for (Map.Entry<String, String> t : texts.entrySet()) {
                String path = t.getKey();
                if (config.paths().matches(path)
                        && checks.test(path, t.getValue(), rule.info().id(), text -> fileRule.mayApply(path, text))) {
                    paths.add(path);
                }
            }
            if (!paths.isEmpty()) {
                prepared.add(new Prepared(rule, fileRule, paths));
            }
        }
        return new FileRulePass(prepared, pythonFiles, texts, project, config, targets, rules, checks);
    }

    /**
     * Before planning: what the file rules tell the planner, except those {@code withheld} (rules that did not keep
     * an earlier promise). Returns the IDs of the rules that told something.
     */
    Set<String> contribute(Knowledge knowledge, Set<String> withheld) {
        Set<String> promised = new java.util.LinkedHashSet<>();
        for (Prepared p : prepared) {
            String id = p.rule().info().id();
            try {
                if (!withheld.contains(id) && p.fileRule().contribute(new FileRuleContext(p.sources(texts), Map.of(),
                        pythonFiles, texts, project, config, targets, enabled, checks), knowledge)) {
                    promised.add(id);
                }
            } catch (RuntimeException e) {
                // a rule's bug tells the planner nothing; check() below meets it again and reports it
            }
        }
        return promised;
    }

    /** After planning: the rules' edits merged with the planned ones. */
    Result run(Map<String, List<Edit>> planned) {
        Map<String, List<Edit>> edits = new LinkedHashMap<>();
        planned.forEach((path, list) -> edits.put(path, new ArrayList<>(list)));
        Map<String, String> files = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        List<DependencyChange> dependencies = new ArrayList<>();
        Set<String> applied = new java.util.LinkedHashSet<>();
        for (Prepared p : prepared) {
            FileRuleSink sink = new FileRuleSink();
            try {
                p.fileRule().check(new FileRuleContext(p.sources(texts), edits, pythonFiles, texts, project, config,
                        targets, enabled, checks), sink);
            } catch (RuntimeException e) {
                // a rule's bug costs that rule's changes, not the whole migration (calibre-web met a
                // NullPointerException in the Flask port)
                findings.add(new Finding(p.paths().get(0), 1, 1, p.rule().info().id(), "not applied: the rule stopped "
                        + "with an internal error (" + e + "); nothing of it was changed; please report this", null));
                continue;
            }
            findings.addAll(sink.findings);
            Finding conflict = conflict(p.rule(), sink, edits);
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
            if (!sink.edits.isEmpty() || !sink.files.isEmpty()) {
                applied.add(p.rule().info().id());
            }
        }
        return new Result(edits, files, findings, dependencies, applied);
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
