package dev.unblock.migrate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.ModuleNames;
import dev.unblock.analysis.ProjectIndex;
import dev.unblock.analysis.Resolver;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.deps.DependencyNeeds;
import dev.unblock.migrate.edit.EditSink;
import dev.unblock.migrate.edit.Editors;
import dev.unblock.migrate.edit.FileRewrite;
import dev.unblock.migrate.edit.ImportSections;
import dev.unblock.migrate.edit.SupportModules;
import dev.unblock.migrate.plan.Decisions;
import dev.unblock.migrate.plan.EntryPoints;
import dev.unblock.migrate.plan.Planner;

/**
 * The migration engine: parse every Python file (cached by content), index the project, plan, apply the edits
 * file by file and check that each rewritten file still parses (a file whose rewrite would not parse is left
 * unchanged, with a finding). Thread-safe; keep one instance to benefit from the cache.
 */
public final class Engine implements MigrationEngine {
    private final FactsCache cache;

    public Engine() {
        this(new FactsCache(100_000));
    }

    public Engine(FactsCache cache) {
        this.cache = cache;
    }

    public FactsCache cache() {
        return cache;
    }

    @Override
    public Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config) throws IOException {
        List<Rule> rules = Rules.enabled(config);
        Targets targets = targets(project, config);
        Catalog catalog = new Catalog();
        for (Rule rule : rules) {
            rule.contribute(catalog, targets);
        }

        Set<String> paths = project.pythonFiles();
        List<Finding> findings = new ArrayList<>();
        Map<String, String> texts = new HashMap<>();
        Map<String, FactsCache.Entry> parsed = new LinkedHashMap<>();
        List<FileFacts> facts = new ArrayList<>();
        for (String path : paths) {
            FactsCache.Entry e = cache.get(path, moduleName(project, path, paths), ModuleNames.isPackage(path),
                    project.read(path));
            if (e.error() != null) {
                if (changes.contains(path)) {
                    findings.add(new Finding(path, e.error().line(), e.error().column(), CoreRules.UNPARSABLE_FILE,
                            "not migrated: " + e.error().reason(), null));
                }
                continue;
            }
            texts.put(path, e.text());
            parsed.put(path, e);
            facts.add(e.facts());
        }

        ProjectIndex index = new ProjectIndex(facts);
        Resolver resolver = new Resolver(index, catalog);
        Decisions decisions = new Planner(index, resolver, catalog, config, targets, changes::contains, texts)
                .entryPoints(EntryPoints.read(project)).plan();
        EditSink plan = Editors.edit(decisions);
        findings.addAll(plan.findings());

        List<FileChange> fileChanges = new ArrayList<>();
        ImportSections sections = ImportSections.of(paths, project.rootPackage(), plan.newFiles().keySet(),
                supportModules(catalog));
        for (Map.Entry<String, List<Edit>> e : plan.edits().entrySet()) {
            String path = e.getKey();
            FileRewrite rewrite = FileRewrite.of(parsed.get(path), e.getValue(), SupportModules.localized(
                    plan.imports().getOrDefault(path, Set.of()), path, paths, supportModules(catalog)), catalog,
                    sections);
            if (rewrite.error() != null) {
                findings.add(new Finding(path, 1, 1, CoreRules.UNPARSABLE_FILE, rewrite.error(), null));
                continue;
            }
            fileChanges.add(rewrite.change());
        }
        Map<String, String> newFiles = new LinkedHashMap<>(plan.newFiles());
        newFiles.putAll(supportFiles(catalog, fileChanges, paths));
        for (Map.Entry<String, String> added : newFiles.entrySet()) {
            if (!project.exists(added.getKey()) && !fileChanges.isEmpty()) {
                fileChanges.add(new FileChange(added.getKey(), null, added.getValue(), List.of()));
            }
        }
        return new Migration(fileChanges, findings,
                DependencyNeeds.adjust(dependencies(catalog, fileChanges), facts, fileChanges));
    }

    private static String moduleName(ProjectSnapshot project, String path, Set<String> paths) {
        String name = ModuleNames.moduleName(path, paths);
        String root = project.rootPackage();
        if (root == null) {
            return name;
        }
        return name.isEmpty() ? root : root + "." + name;
    }

    /** Names of the modules Unblock may add. */
    private static Set<String> supportModules(Catalog catalog) {
        Set<String> out = new LinkedHashSet<>(catalog.supportModuleNames());
        out.add("async_mixin");
        return out;
    }

    /** The modules that rules which rewrote something need, next to each file they changed. */
    private static Map<String, String> supportFiles(Catalog catalog, List<FileChange> changes, Set<String> paths) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FileChange c : changes) {
            for (AppliedEdit e : c.edits()) {
                for (Map.Entry<String, String> f : catalog.supportFiles(e.ruleId()).entrySet()) {
                    String path = SupportModules.folder(c.path()) + f.getKey();
                    if (!out.containsKey(path)) {
                        out.put(path, SupportFiles.read(f.getValue()));
                    }
                }
            }
        }
        return out;
    }

    private static Targets targets(ProjectSnapshot project, MigrationConfig config) throws IOException {
        Targets.validate(config.targets());
        return new Targets(config.targets(), PinnedDependencies.read(project), config.userClients(),
                ProjectFiles.of(project), config.pinTests());
    }

    private static List<DependencyChange> dependencies(Catalog catalog, List<FileChange> changes) {
        Set<String> rules = new LinkedHashSet<>();
        for (FileChange c : changes) {
            c.edits().forEach(e -> rules.add(e.ruleId()));
        }
        Set<DependencyChange> out = new LinkedHashSet<>();
        for (String rule : rules) {
            out.addAll(catalog.dependencies(rule));
        }
        return new ArrayList<>(out);
    }
}
