package dev.unblock.migrate.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.ProjectIndex;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.PathGlobs;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/**
 * The plan stage's result, handed to the edit stage: which functions are async after the migration, which entry
 * points keep a sync wrapper, which library types stay sync in which file, what every call refers to, and the
 * findings planning produced. Nothing here changes once built (the memo of {@link #fullyMigrated} only caches a
 * question whose answer is fixed).
 */
public final class Decisions {
    private final ProjectIndex index;
    private final Resolver resolver;
    private final Catalog catalog;
    private final MigrationConfig config;
    private final Map<String, String> texts;
    private final Targets migrationTargets;
    private final Predicate<String> inChangeSet;
    private final PathGlobs paths;
    private final Map<String, CallTarget[]> callTargets;
    private final Set<String> async;
    private final Set<String> bridgeable;
    private final Set<String> syncTypes;
    private final List<Finding> findings;
    private final CallSupport calls;
    /** Methods that become async under another name their library base awaits ({@code setUp} → {@code asyncSetUp}). */
    private final Map<String, String> asyncNames = new java.util.HashMap<>();
    private final PlannedEdits planned;
    private final Map<String, Boolean> fullyMigrated = new java.util.concurrent.ConcurrentHashMap<>();

    Decisions(Planner p) {
        this.index = p.index;
        this.resolver = p.resolver;
        this.catalog = p.catalog;
        this.config = p.config;
        this.texts = Map.copyOf(p.texts);
        this.migrationTargets = p.targets;
        this.inChangeSet = p.inChangeSet;
        this.paths = p.paths;
        this.callTargets = Map.copyOf(p.callTargets);
        this.async = Set.copyOf(p.async);
        this.bridgeable = Set.copyOf(p.bridgeable);
        this.syncTypes = Set.copyOf(new HashSet<>(p.syncTypes));
        this.findings = List.copyOf(p.findings);
        this.calls = new CallSupport(resolver, catalog, texts, syncTypes);
        for (FunctionRef f : p.functions.values()) {
            String name = becomesAsync(f) ? p.baseCallers.asyncName(f) : null;
            if (name != null) {
                asyncNames.put(f.key(), name);
            }
        }
        this.planned = p.planned.copy();
    }

    /** The name a method that becomes async takes because its library base awaits it so, or null. */
    public String asyncName(FunctionRef f) {
        return f == null ? null : asyncNames.get(f.key());
    }

    /** Edits the plan stage decided across files (test case bases, runner markers, patches that follow calls). */
    public PlannedEdits plannedEdits() {
        return planned;
    }

    public ProjectIndex index() {
        return index;
    }

    public Resolver resolver() {
        return resolver;
    }

    public Catalog catalog() {
        return catalog;
    }

    public MigrationConfig config() {
        return config;
    }

    public Map<String, String> texts() {
        return texts;
    }

    /** The libraries the migration targets (httpx or aiohttp, …) and the project's pinned versions. */
    public Targets migrationTargets() {
        return migrationTargets;
    }

    /** What each call of the file refers to, by {@link CallFact#index()} (null: nothing the engine knows). */
    public CallTarget[] targets(String path) {
        return callTargets.get(path);
    }

    public CallSupport calls() {
        return calls;
    }

    /** Findings of the planning (blocking calls left sync, and why). */
    public List<Finding> findings() {
        return findings;
    }

    public boolean inChangeSet(String path) {
        return inChangeSet.test(path);
    }

    /** The catalog type stays sync in the file (some of its blocking uses there cannot become async). */
    public boolean staysSync(String path, String type) {
        return syncTypes.contains(path + "|" + type);
    }

    /** The function is async after the migration (it was, or it becomes so). */
    public boolean isAsyncNow(String key) {
        return async.contains(key);
    }

    public boolean becomesAsync(FunctionRef f) {
        return f != null && async.contains(f.key()) && !f.fact().isAsync();
    }

    /** An entry point that became async: it keeps a sync wrapper that runs its async body with asyncio.run. */
    public boolean bridged(String key) {
        return bridgeable.contains(key) && async.contains(key);
    }

    /**
     * The method that became async with this name, when no other project method has the name (a call on an
     * unknown receiver is then most likely that one; common names shared with sync methods are not reported).
     */
    public FunctionRef onlyAsyncMethodNamed(String name) {
        if (name.startsWith("__")) {
            return null;
        }
        FunctionRef found = null;
        for (FunctionRef f : index.methodsNamed(name)) {
            if (f.fact().owner() < 0 || !f.fact().name().equals(name)) {
                continue;
            }
            if (!becomesAsync(f) || found != null && !found.fact().name().equals(name)) {
                return null;
            }
            if (found == null) {
                found = f;
            }
        }
        return found;
    }

    /**
     * Whether every blocking call of a rule's library in the project is converted (none stays sync): only then
     * can an {@code except} clause catch the new library's exceptions alone.
     */
    public boolean fullyMigrated(String ruleId) {
        return fullyMigrated.computeIfAbsent(ruleId, rule -> {
            for (FileFacts file : index.files()) {
                CallTarget[] ts = callTargets.get(file.path());
                for (CallFact call : file.calls()) {
                    CallTarget t = ts[call.index()];
                    if (t == null || t.spec() == null || !t.spec().ruleId().equals(rule)
                            || !(t.spec().isBlocking(config.toThread()) || calls.asyncIteration(call, t))) {
                        continue;
                    }
                    boolean converted = call.function() >= 0 && call.context() == Context.FUNCTION
                            && isAsyncNow(Planner.key(file, call.function())) && calls.translatable(file, call, t)
                            && paths.matches(file.path()) && inChangeSet.test(file.path());
                    if (!converted) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    /** Files the migration may edit (the config's paths). */
    public boolean editable(String path) {
        return paths.matches(path);
    }
}
