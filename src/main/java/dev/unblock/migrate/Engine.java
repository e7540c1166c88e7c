package dev.unblock.migrate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.unblock.analysis.AnswersAhead;
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
import dev.unblock.migrate.plan.PublishedPackages;

/**
 * The migration engine: parse every Python file (cached by content), index the project, plan, apply the edits
 * file by file and check that each rewritten file still parses (a file whose rewrite would not parse is left
 * unchanged, with a finding). Thread-safe; keep one instance to benefit from the cache.
 */
public final class Engine implements MigrationEngine {
    /** Threads that work out the resolver's answers before the plan asks (one per processor, at most four). */
    private static final int RESOLVING_THREADS = Math.min(4, Math.max(1, Runtime.getRuntime().availableProcessors()));

    private final FactsCache cache;
    private final TextChecks textChecks;
    private final Function<MigrationConfig, List<Rule>> rules;

    public Engine() {
        this(new FactsCache(100_000));
    }

    public Engine(FactsCache cache) {
        this(cache, Rules::enabled);
    }

    /** An engine whose rules come from {@code rules} (the config's enabled rules in production). */
    Engine(FactsCache cache, Function<MigrationConfig, List<Rule>> rules) {
        this.cache = cache;
        this.textChecks = new TextChecks(100_000);
        this.rules = rules;
    }

    public FactsCache cache() {
        return cache;
    }

    @Override
    public Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config) throws IOException {
        return migrate(project, changes, config, new StageTimes());
    }

    /** As {@link #migrate(ProjectSnapshot, ChangeSet, MigrationConfig)}, adding the time of each stage to {@code times}. */
    public Migration migrate(ProjectSnapshot project, ChangeSet changes, MigrationConfig config, StageTimes times)
            throws IOException {
        List<Rule> rules = this.rules.apply(config);
        Targets targets = targets(project, config);

        Set<String> paths = project.pythonFiles();
        List<Finding> findings = new ArrayList<>();
        Map<String, String> texts = new HashMap<>();
        Map<String, FactsCache.Entry> parsed = new LinkedHashMap<>();
        List<FileFacts> facts = new ArrayList<>();
        List<FactsCache.Source> sources = new ArrayList<>(paths.size());
        for (String path : paths) {
            sources.add(new FactsCache.Source(path, moduleName(project, path, paths), ModuleNames.isPackage(path),
                    project.read(path)));
        }
        List<FactsCache.Entry> entries = cache.getAll(sources, times);
        for (int i = 0; i < sources.size(); i++) {
            String path = sources.get(i).path();
            FactsCache.Entry e = entries.get(i);
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

        FileRulePass fileRules = FileRulePass.prepare(rules, texts, paths, project, config, targets, textChecks);
        ProjectIndex index = new ProjectIndex(facts);
        Set<String> entryPoints = EntryPoints.read(project);
        PublishedPackages published = config.migratePublicApi() ? PublishedPackages.none()
                : PublishedPackages.read(project, paths, texts);
        Set<String> withheld = new LinkedHashSet<>();
        Catalog catalog;
        EditSink plan;
        FileRulePass.Result ported;
        while (true) {
            times.begin();
            catalog = new Catalog();
            for (Rule rule : rules) {
                rule.contribute(catalog, targets);
            }
            Set<String> promised = fileRules.contribute(catalog.knowledge(), withheld);
            Resolver resolver = new Resolver(index, catalog);
            times.resolveClock(resolver::nanos);
            AnswersAhead.answer(resolver, RESOLVING_THREADS);
            Decisions decisions = new Planner(index, resolver, catalog, config, targets, changes::contains, texts)
                    .entryPoints(entryPoints).published(published).plan();
            times.end(StageTimes.Stage.PLAN);
            times.begin();
            plan = Editors.edit(decisions);
            ported = fileRules.run(plan.edits());
            times.end(StageTimes.Stage.EDIT);
            promised.removeAll(ported.applied());
            if (promised.isEmpty()) {
                break;
            }
            // a file rule told the planner about a rewrite it then did not make: plan again without what it told
            withheld.addAll(promised);
        }
        times.releaseResolveClock();
        findings.addAll(plan.findings());
        findings.addAll(ported.findings());

        List<FileChange> fileChanges = new ArrayList<>();
        Set<String> newPaths = new LinkedHashSet<>(plan.newFiles().keySet());
        newPaths.addAll(ported.files().keySet());
        ImportSections sections = ImportSections.of(paths, project.rootPackage(), newPaths, supportModules(catalog));
        long rewriteStart = System.nanoTime();
        Map<String, Set<String>> importedNames = ported.edits().isEmpty() ? Map.of() : importedNames(index);
        for (Map.Entry<String, List<Edit>> e : ported.edits().entrySet()) {
            String path = e.getKey();
            FileRewrite rewrite = FileRewrite.of(parsed.get(path), e.getValue(), SupportModules.localized(
                    plan.imports().getOrDefault(path, Set.of()), path, paths, supportModules(catalog),
                    parsed.get(path).facts()), catalog,
                    sections, importedNames.getOrDefault(parsed.get(path).facts().module(), Set.of()));
            if (rewrite.error() != null) {
                findings.add(new Finding(path, 1, 1, CoreRules.UNPARSABLE_FILE, rewrite.error(), null));
                continue;
            }
            fileChanges.add(rewrite.change());
        }
        Map<String, String> newFiles = new LinkedHashMap<>(plan.newFiles());
        newFiles.putAll(supportFiles(catalog, fileChanges, paths));
        newFiles.putAll(ported.files());
        for (Map.Entry<String, String> added : newFiles.entrySet()) {
            // support modules come only with the changes that import them; a port's own files always come
            boolean portFile = ported.files().containsKey(added.getKey());
            if (!project.exists(added.getKey()) && (!fileChanges.isEmpty() || portFile)) {
                fileChanges.add(new FileChange(added.getKey(), null, added.getValue(), List.of()));
            } else if (portFile && project.exists(added.getKey())) {
                String before = new String(project.read(added.getKey()), java.nio.charset.StandardCharsets.UTF_8);
                fileChanges.add(new FileChange(added.getKey(), before, added.getValue(), List.of()));
            }
        }
        List<DependencyChange> dependencies = new ArrayList<>(dependencies(catalog, fileChanges));
        ported.dependencies().stream().filter(d -> !dependencies.contains(d)).forEach(dependencies::add);
        times.add(StageTimes.Stage.REWRITE, System.nanoTime() - rewriteStart);
        return new Migration(fileChanges, findings, DependencyNeeds.adjust(dependencies, facts, fileChanges,
                catalog.knowledge()::isTestFile));
    }

    private static String moduleName(ProjectSnapshot project, String path, Set<String> paths) {
        String name = ModuleNames.moduleName(path, paths);
        String root = project.rootPackage();
        if (root == null) {
            return name;
        }
        return name.isEmpty() ? root : root + "." + name;
    }

    /**
     * By project module, the names other project files take from it: imported by name ({@code from common import
     * time}), or used in a file that star-imports it, directly or through other star imports ({@code from .common
     * import *} and then {@code time.time()}). An import the migration no longer needs in that module may still be
     * theirs.
     */
    private static Map<String, Set<String>> importedNames(ProjectIndex index) {
        Map<String, Set<String>> out = new HashMap<>();
        Map<String, Set<FileFacts>> starImporters = new HashMap<>();
        for (FileFacts file : index.files()) {
            for (FileFacts.ImportFact i : file.imports()) {
                String module = i.name() == null ? null : index.importedModule(file, i);
                if (module == null || index.module(module) == null) {
                    continue;
                }
                if ("*".equals(i.name())) {
                    starImporters.computeIfAbsent(module, k -> new LinkedHashSet<>()).add(file);
                } else {
                    out.computeIfAbsent(module, k -> new java.util.HashSet<>()).add(i.name());
                }
            }
        }
        for (String module : starImporters.keySet()) {
            Set<String> taken = new java.util.HashSet<>(out.getOrDefault(module, Set.of()));
            java.util.Deque<FileFacts> work = new java.util.ArrayDeque<>(starImporters.get(module));
            Set<String> seen = new java.util.HashSet<>();
            while (!work.isEmpty()) {
                FileFacts importer = work.pop();
                if (!seen.add(importer.module())) {
                    continue;
                }
                taken.addAll(FileRewrite.usedNames(importer));
                taken.addAll(out.getOrDefault(importer.module(), Set.of()));
                work.addAll(starImporters.getOrDefault(importer.module(), Set.of()));
            }
            out.put(module, taken);
        }
        return out;
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
