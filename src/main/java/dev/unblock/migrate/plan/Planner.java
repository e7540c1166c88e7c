package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.ProjectIndex;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.PathGlobs;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.Catalog;

/**
 * The plan stage: decides which functions become async, and which library clients stay sync where, and hands the
 * edit stage one immutable {@link Decisions}.
 * <ol>
 *   <li>The call graph ({@link CallClassifier}): what each call refers to, callers and callees.</li>
 *   <li>Boundaries ({@link Boundaries}) pin functions to sync: callers the engine cannot see (frameworks, libraries,
 *       tests, names looked up by string, entry points), callbacks, lambdas, import-time calls, properties and
 *       unknown decorators. A pinned function's project callees are pinned too, so nothing is ever left calling a
 *       coroutine without awaiting it.</li>
 *   <li>Propagation ({@link Propagation}) spreads async-ness from the seeds to every caller and method family until
 *       a fixed point, with client decisions ({@link ClientDecisions}, {@link SharedClients}) and the findings for
 *       blocking calls left sync ({@link BlockingCallReport}).</li>
 * </ol>
 * The fields are the stage's working state, shared by the classes above (same package); nothing outside reads them.
 */
public final class Planner {
    /** Method names too common to suspect an untyped receiver of being a library client (dict.get, set.add). */
    public static final Set<String> GENERIC_METHOD_NAMES = Set.of("get", "set", "add", "remove", "clear", "update",
            "count", "first", "last", "close", "create", "contains", "copy", "pop", "append", "extend", "items", "keys",
            "values", "explain", "latest", "earliest");

    final ProjectIndex index;
    final Resolver resolver;
    final Catalog catalog;
    final MigrationConfig config;
    final Predicate<String> inChangeSet;
    final Map<String, String> texts;
    final Targets targets;
    final PathGlobs paths;
    final List<Finding> findings = new ArrayList<>();
    /** The findings above, for a duplicate check that does not scan the list. */
    final java.util.Set<Finding> findingsSeen = new java.util.HashSet<>();
    /** Catalog types that stay sync in a file because some of their blocking uses there cannot become async. */
    final Set<String> syncTypes = new HashSet<>();
    /** Whether {@link LazyAttributeReads} has marked its types (once per plan). */
    boolean lazyAttributesChecked;
    final CallSupport calls;
    final BaseClassCallers baseCallers = new BaseClassCallers(this);
    final RunnerCalls runnerCalls = new RunnerCalls(this);
    final TestDoubles testDoubles = new TestDoubles(this);
    /** Edits decided across files (test case bases, runner markers, patches that follow their calls). */
    final PlannedEdits planned = new PlannedEdits();

    /** What each call refers to, per file. */
    final Map<String, CallTarget[]> callTargets = new HashMap<>();
    /** Call sites of each project function, by function key. */
    final Map<String, List<Site>> callers = new HashMap<>();
    /** Project callees of each function (for pinning downwards). */
    final Map<String, Set<String>> callees = new HashMap<>();
    final Map<String, FunctionRef> functions = new LinkedHashMap<>();
    final Map<String, String> pinReasons = new LinkedHashMap<>();
    Set<String> async = new LinkedHashSet<>();
    /**
     * Method names called or read on a receiver the resolver cannot type ({@code x.notify(...)}), with where: such
     * a call may reach any project method of that name, and cannot be proven to await it.
     */
    final Map<String, String> untypedByName = new HashMap<>();
    /** Qualified names of the project's declared entry points (console scripts, plugins). */
    Set<String> declaredEntryPoints = Set.of();
    /** Entry points called only from outside or from the main guard: they keep a sync wrapper if they become async. */
    final Set<String> bridgeable = new HashSet<>();
    /** Names that string literals spell anywhere in the project (getattr, callbacks given by name). */
    final Set<String> nameStrings = new HashSet<>();
    /** Why a type stays sync in a file, when the reason lies elsewhere (a shared client used sync in another file). */
    final Map<String, String> syncReasons = new HashMap<>();
    /** Built when a finding needs it: what unresolved receivers may be (see Resolver.mayBe). */
    private Resolver mayBe;

    Resolver mayBeResolver() {
        if (mayBe == null) {
            mayBe = Resolver.mayBe(index, catalog);
        }
        return mayBe;
    }

    /**
     * A call the plan cannot resolve whose receiver may be a client with a blocking method of that name (a
     * parameter its function replaces with a client when callers pass none, an attribute also assigned other
     * values): the method it may be, else null. Such a call stays as it is.
     */
    CatalogMethod mayBeBlocking(FileFacts file, CallFact call) {
        // asked every propagation round and by the report; the may-be resolver's answers never change
        return mayBeBlocking.computeIfAbsent(call, c -> Optional.ofNullable(computeMayBeBlocking(file, c))).orElse(null);
    }

    private final Map<CallFact, Optional<CatalogMethod>> mayBeBlocking = new java.util.IdentityHashMap<>();

    private CatalogMethod computeMayBeBlocking(FileFacts file, CallFact call) {
        List<Chain.Step> steps = call.callee().steps();
        if (call.callee().isOpaque() || steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)
                || !catalog.isBlockingMethodName(a.name(), config.toThread())) {
            return null;
        }
        if (!(mayBeResolver().resolve(file, call.function(), call.callee()) instanceof CatalogMethod m)) {
            return null;
        }
        CallSpec spec = catalog.method(m.type(), m.method());
        return spec != null && spec.isBlocking(config.toThread()) ? m : null;
    }

    record Site(FileFacts file, CallFact call) {
    }

    /** A call in a function whose target the catalog describes (a library function, a client method). */
    record CatalogCall(FileFacts file, CallFact call, CallTarget target) {
    }

    private List<CatalogCall> catalogCalls;

    /** The project's catalog calls in functions, in project order; asked after call classification. */
    List<CatalogCall> catalogCalls() {
        if (catalogCalls == null) {
            List<CatalogCall> out = new ArrayList<>();
            for (FileFacts file : index.files()) {
                CallTarget[] ts = callTargets.get(file.path());
                for (CallFact call : file.calls()) {
                    CallTarget t = ts[call.index()];
                    if (t != null && t.spec() != null && call.function() >= 0) {
                        out.add(new CatalogCall(file, call, t));
                    }
                }
            }
            catalogCalls = out;
        }
        return catalogCalls;
    }

    /**
     * What rule knowledge keyed by call says of a call: asked first for any method of its name ({@code
     * ".run_until_complete"}), then for the library function it resolves to ({@code "asyncio.run"}); null if nothing.
     */
    <T> T knownCall(FileFacts file, CallFact call, java.util.function.Function<String, T> knowledge) {
        String method = call.callee().lastName();
        T known = method == null ? null : knowledge.apply("." + method);
        if (known == null && resolver.callee(file, call) instanceof dev.unblock.analysis.Resolver.Qualified q) {
            known = knowledge.apply(q.name());
        }
        return known;
    }

    public Planner(ProjectIndex index, Resolver resolver, Catalog catalog, MigrationConfig config, Targets targets,
                   Predicate<String> inChangeSet, Map<String, String> texts) {
        this.targets = targets;
        this.paths = config.paths();
        this.index = index;
        this.resolver = resolver;
        this.catalog = catalog;
        this.config = config;
        this.inChangeSet = inChangeSet;
        this.texts = texts;
        this.calls = new CallSupport(resolver, catalog, texts, syncTypes);
    }

    /** The packages the project publishes: their API keeps its callers outside the project ({@link PublishedPackages}). */
    PublishedPackages published = PublishedPackages.none();

    public Planner published(PublishedPackages packages) {
        this.published = packages;
        return this;
    }

    /** Declares the project's entry points ({@link EntryPoints}). */
    public Planner entryPoints(Set<String> qualifiedNames) {
        this.declaredEntryPoints = qualifiedNames;
        return this;
    }

    public Decisions plan() {
        for (FileFacts file : index.files()) {
            for (FunctionFact f : file.functions()) {
                FunctionRef ref = new FunctionRef(file, f);
                functions.put(ref.key(), ref);
            }
        }
        CallClassifier classifier = new CallClassifier(this);
        for (FileFacts file : index.files()) {
            classifier.classify(file);
        }
        Boundaries boundaries = new Boundaries(this);
        boundaries.findEntryPoints();
        testDoubles.prepare();
        boundaries.pinBoundaries();
        testDoubles.pin();
        new EventLoopClients(this).keepImportTimeClientsSync();
        new Propagation(this).solve();
        baseCallers.convert();
        runnerCalls.mark();
        testDoubles.followMoves();
        return new Decisions(this);
    }

    public static String key(FileFacts file, int function) {
        return function >= 0 ? file.functions().get(function).key() : file.path() + "#" + function;
    }

    void finding(Finding f) {
        if (findingsSeen.add(f)) {
            findings.add(f);
        }
    }

    void pin(String key, String reason) {
        pinReasons.putIfAbsent(key, reason);
    }

    /** As {@link #pin(String, String)}, the reason written only if the function is not pinned yet. */
    void pin(String key, java.util.function.Supplier<String> reason) {
        pinReasons.computeIfAbsent(key, k -> reason.get());
    }

    /** A file where migration starts: in the change set and inside the config's paths. */
    boolean startsHere(FileFacts file) {
        return inChangeSet.test(file.path()) && paths.matches(file.path());
    }

    boolean isAsyncNow(String key) {
        return async.contains(key);
    }

    /** The function becomes async (it was sync); meaningful once propagation is done. */
    private Boolean refusingLibraryUsed;

    /**
     * Whether some call reaches a library that refuses sync calls on an event loop (Django's ORM, its model fields):
     * without one, the passes guarding against such calls have nothing to find.
     */
    boolean refusingLibraryUsed() {
        if (refusingLibraryUsed == null) {
            refusingLibraryUsed = callTargets.values().stream().flatMap(java.util.Arrays::stream)
                    .anyMatch(t -> t != null && t.spec() != null
                            && catalog.knowledge().refusedOnEventLoop(t.spec().ruleId()) != null);
        }
        return refusingLibraryUsed;
    }

    boolean becomesAsync(FunctionRef f) {
        return f != null && async.contains(f.key()) && !f.fact().isAsync();
    }

    /** The type and the types that go with it (its pipelines, cursors, namespaces) stay sync in the file. */
    void markSync(FileFacts file, String type, String reason) {
        for (String t : catalog.family(type)) {
            String key = file.path() + "|" + t;
            syncReasons.putIfAbsent(key, reason);
            syncTypes.add(key);
        }
    }

    void markSync(FileFacts file, String type) {
        for (String t : catalog.family(type)) {
            syncTypes.add(file.path() + "|" + t);
        }
    }
}
