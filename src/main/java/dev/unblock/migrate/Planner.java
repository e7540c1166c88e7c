package dev.unblock.migrate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.analysis.ProjectIndex;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Function;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * Decides which functions become async and what every affected line turns into.
 * <ol>
 *   <li>Seeds: functions in the change set that make a blocking call the catalog can translate.</li>
 *   <li>Boundaries pin functions to sync: callbacks, lambdas, generator expressions, import-time calls,
 *       properties and unknown decorators, most dunder methods, generators consumed in ways that cannot be
 *       made async. A pinned function's project callees are pinned too, so nothing is ever left calling a
 *       coroutine without awaiting it.</li>
 *   <li>Async-ness spreads from the seeds to every caller (and to overriding/overridden methods) until it
 *       reaches a fixed point.</li>
 *   <li>Edits, file by file ({@link FileEditor}): {@code async def}, {@code await}, {@code async for}/
 *       {@code async with}, the catalog's call rewrites, awaitable constructors, {@code asyncio.run} at the entry
 *       point, imports.</li>
 * </ol>
 */
public final class Planner {
    /** The code of the mixin that makes constructors awaitable, added once per project. */
    static final String ASYNC_MIXIN_IMPORT = "from async_mixin import AsyncMixin";

    final ProjectIndex index;
    final Resolver resolver;
    final Catalog catalog;
    final MigrationConfig config;
    final java.util.function.Predicate<String> inChangeSet;
    final Map<String, String> texts;
    final Targets targets;
    final PathGlobs paths;
    final Plan plan = new Plan();
    final CallSupport calls = new CallSupport(this);
    final BaseClassCallers baseCallers = new BaseClassCallers(this);
    final RunnerCalls runnerCalls = new RunnerCalls(this);
    final TestDoubles testDoubles = new TestDoubles(this);

    /** What each call refers to, per file. */
    final Map<String, Target[]> callTargets = new HashMap<>();
    /** Call sites of each project function, by function key. */
    final Map<String, List<Site>> callers = new HashMap<>();
    /** Project callees of each function (for pinning downwards). */
    private final Map<String, Set<String>> callees = new HashMap<>();
    final Map<String, FunctionRef> functions = new LinkedHashMap<>();
    final Map<String, String> pinReasons = new LinkedHashMap<>();
    private final Set<String> seeds = new LinkedHashSet<>();
    Set<String> async = new LinkedHashSet<>();
    /** Catalog types that stay sync in a file because some of their blocking uses there cannot become async. */
    final Set<String> syncTypes = new HashSet<>();
    final Map<String, Boolean> migratesMemo = new HashMap<>();
    /**
     * Method names called or read on a receiver the resolver cannot type ({@code x.notify(...)}), with where: such
     * a call may reach any project method of that name, and cannot be proven to await it.
     */
    private final Map<String, String> untypedByName = new HashMap<>();
    /** Qualified names of the project's declared entry points (console scripts, plugins). */
    Set<String> declaredEntryPoints = Set.of();
    /** Entry points called only from outside or from the main guard: they keep a sync wrapper if they become async. */
    final Set<String> bridgeable = new HashSet<>();

    /** Names that string literals spell anywhere in the project (getattr, callbacks given by name). */
    final Set<String> nameStrings = new HashSet<>();

    record Site(FileFacts file, CallFact call) {
    }

    /** What a call refers to. */
    record Target(FunctionRef function, CallSpec spec, Value callee, boolean constructor) {
    }

    public Planner(ProjectIndex index, Resolver resolver, Catalog catalog, MigrationConfig config, Targets targets,
                   java.util.function.Predicate<String> inChangeSet, Map<String, String> texts) {
        this.targets = targets;
        this.paths = config.paths();
        this.index = index;
        this.resolver = resolver;
        this.catalog = catalog;
        this.config = config;
        this.inChangeSet = inChangeSet;
        this.texts = texts;
    }

    /** Declares the project's entry points ({@link EntryPoints}). */
    public Planner entryPoints(Set<String> qualifiedNames) {
        this.declaredEntryPoints = qualifiedNames;
        return this;
    }

    /** An entry point that became async: it keeps a sync wrapper that runs its async body with asyncio.run. */
    boolean bridged(String key) {
        return bridgeable.contains(key) && async.contains(key);
    }

    public Plan plan() {
        for (FileFacts file : index.files()) {
            for (FunctionFact f : file.functions()) {
                FunctionRef ref = new FunctionRef(file, f);
                functions.put(ref.key(), ref);
            }
        }
        for (FileFacts file : index.files()) {
            classify(file);
        }
        Boundaries boundaries = new Boundaries(this);
        boundaries.findEntryPoints();
        testDoubles.prepare();
        boundaries.pinBoundaries();
        testDoubles.pin();
        new TestEventLoops(this).keepImportTimeClientsSync();
        solve();
        baseCallers.convert();
        runnerCalls.mark();
        testDoubles.followMoves();
        for (FileFacts file : index.files()) {
            if (paths.matches(file.path())) {
                new FileEditor(this, file).build();
            }
        }
        return plan;
    }

    // ====================================================================================== classification

    private void classify(FileFacts file) {
        Target[] out = new Target[file.calls().size()];
        for (CallFact call : file.calls()) {
            out[call.index()] = target(file, call);
            Target t = out[call.index()];
            if (t != null && t.function() != null) {
                callers.computeIfAbsent(t.function().key(), k -> new ArrayList<>()).add(new Site(file, call));
                if (call.function() >= 0) {
                    callees.computeIfAbsent(key(file, call.function()), k -> new LinkedHashSet<>())
                            .add(t.function().key());
                }
            }
        }
        callTargets.put(file.path(), out);
        for (CallFact call : file.calls()) {
            Target t = out[call.index()];
            if ((t == null || t.function() == null && t.spec() == null) && !call.callee().isOpaque()) {
                untypedMember(file, call.function(), call.callee(), call.line());
            }
        }
        for (ReferenceFact r : file.references()) {
            if (!r.trailing() && !r.chain().isOpaque()) {
                untypedMember(file, r.function(), r.chain(), r.line());
            }
        }
        nameStrings.addAll(file.nameStrings());
        // `with X` where X's class defines __enter__: the function holding the with calls __enter__/__exit__.
        for (WithFact w : file.withItems()) {
            Value v = resolver.resolve(file, w.function(), w.manager());
            if (v instanceof Instance i && index.cls(i.type()) != null) {
                for (String dunder : List.of("__enter__", "__exit__")) {
                    FunctionRef m = resolver.method(i.type(), dunder);
                    if (m != null && w.function() >= 0) {
                        callees.computeIfAbsent(key(file, w.function()), k -> new LinkedHashSet<>()).add(m.key());
                    }
                }
            }
        }
    }

    /** Records {@code x.m} when x cannot be typed, or is a project object without a method m (a subclass's). */
    private void untypedMember(FileFacts file, int function, Chain chain, int line) {
        List<Chain.Step> steps = chain.steps();
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)) {
            return;
        }
        Value receiver = resolver.resolve(file, function, chain, steps.size() - 1);
        boolean untyped = receiver instanceof Resolver.Unknown
                || receiver instanceof Qualified q && q.name().startsWith("builtins.")
                || receiver instanceof Instance i && index.cls(i.type()) != null
                && resolver.method(i.type(), a.name()) == null
                || receiver instanceof Resolver.ClassValue c && resolver.method(c.ref().fact().qualifiedName(), a.name()) == null;
        if (untyped) {
            untypedByName.putIfAbsent(a.name(), "`" + chain + "` at " + file.path() + ":" + line);
        }
    }

    private Target target(FileFacts file, CallFact call) {
        Chain callee = call.callee();
        if (callee.isOpaque()) {
            return null;
        }
        Value v = resolver.resolve(file, call.function(), callee);
        if (v instanceof Function f) {
            return new Target(f.ref(), null, v, false);
        }
        if (v instanceof Resolver.ClassValue c) {
            FunctionRef init = resolver.method(c.ref().fact().qualifiedName(), "__init__");
            return init == null ? null : new Target(init, null, v, true);
        }
        if (v instanceof Qualified q) {
            CallSpec spec = catalog.function(q.name());
            return spec == null ? null : new Target(null, spec, v, false);
        }
        if (v instanceof CatalogMethod m) {
            CallSpec spec = catalog.method(m.type(), m.method());
            return spec == null ? null : new Target(null, spec, v, false);
        }
        return null;
    }

    static String key(FileFacts file, int function) {
        return file.path() + "#" + function;
    }

    // ====================================================================================== boundaries

    /** Method names too common to suspect an untyped receiver of being a library client (dict.get, set.add). */
    static final Set<String> GENERIC_METHOD_NAMES = Set.of("get", "set", "add", "remove", "clear", "update",
            "count", "first", "last", "close", "create", "contains", "copy", "pop", "append", "extend", "items", "keys",
            "values", "explain", "latest", "earliest");

    void pin(String key, String reason) {
        pinReasons.putIfAbsent(key, reason);
    }

    // ====================================================================================== propagation

    private void solve() {
        for (int round = 0; round < 50; round++) {
            Set<String> pinned = pinnedClosure();
            computeSeeds(pinned);
            Set<String> next = spread(pinned);
            int pinsBefore = pinReasons.size();
            pinDynamicallyDispatched(next);
            pinUntypedLibraryCalls(next);
            int syncBefore = syncTypes.size();
            checkConsumers(next);
            new ClientDecisions(this).checkSyncTypes(next);
            new SharedClients(this).check(next);
            testDoubles.checkMoves(next);
            async = next;
            if (pinReasons.size() == pinsBefore && syncTypes.size() == syncBefore) {
                new BlockingCallReport(this).reportPinnedBlockingCalls(pinned);
                return;
            }
        }
    }

    /**
     * A method that would become async stays sync when some call or read {@code x.m} names it on a receiver the
     * engine cannot type: that caller may reach it, and nothing proves it awaits.
     */
    private void pinDynamicallyDispatched(Set<String> asyncSet) {
        for (String k : asyncSet) {
            FunctionFact f = functions.get(k).fact();
            String where = f.owner() >= 0 ? untypedByName.get(f.name()) : null;
            if (where != null && !f.isAsync()) {
                pin(k, where + " may call it (the engine cannot tell what the receiver is), and would not await it");
            }
        }
    }

    /**
     * A function that would become async stays sync when it calls {@code x.save()} on a receiver the engine cannot
     * type, in a file that uses a library with a blocking method of that name: were it a library object, the call
     * would block (or raise, as Django's ORM does) inside async code, and nothing proves it is not.
     */
    private void pinUntypedLibraryCalls(Set<String> asyncSet) {
        for (FileFacts file : index.files()) {
            Target[] ts = callTargets.get(file.path());
            Set<String> rulesHere = new HashSet<>();
            for (Target t : ts) {
                if (t != null && t.spec() != null) {
                    rulesHere.add(t.spec().ruleId());
                }
            }
            for (CallFact call : file.calls()) {
                List<Chain.Step> steps = call.callee().steps();
                if (ts[call.index()] != null || call.function() < 0 || steps.isEmpty()
                        || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)
                        || GENERIC_METHOD_NAMES.contains(a.name()) || !asyncSet.contains(key(file, call.function()))) {
                    continue;
                }
                Value receiver = resolver.resolve(file, call.function(), call.callee(), steps.size() - 1);
                if (!(receiver instanceof Resolver.Unknown || receiver instanceof Qualified q && q.name().startsWith("builtins."))) {
                    continue;
                }
                Map<String, CallSpec> candidates = catalog.renamedAwaitedMethods(a.name());
                candidates.values().removeIf(spec -> !rulesHere.contains(spec.ruleId()));
                if (!candidates.isEmpty()) {
                    pin(key(file, call.function()), "it calls `" + call.callee() + "` at " + file.path() + ":"
                            + call.line() + ", which may be a blocking method of " + String.join(" or ",
                            candidates.keySet()) + " (the engine cannot tell what the receiver is)");
                }
            }
        }
    }

    /** Pinned functions and, transitively, their project callees. */
    private Set<String> pinnedClosure() {
        Set<String> closed = new LinkedHashSet<>(pinReasons.keySet());
        Deque<String> work = new ArrayDeque<>(closed);
        while (!work.isEmpty()) {
            String k = work.pop();
            for (String callee : callees.getOrDefault(k, Set.of())) {
                if (closed.add(callee)) {
                    FunctionRef caller = functions.get(k);
                    pinReasons.putIfAbsent(callee, "it is called by " + caller.fact().qualifiedName()
                            + ", which stays synchronous" + because(k));
                    work.push(callee);
                }
            }
        }
        return closed;
    }

    /** Why a pinned caller stays sync, when that is its own reason (not a caller of its own). */
    private String because(String caller) {
        String reason = pinReasons.get(caller);
        return reason == null || reason.startsWith("it is called by ") ? "" : " because " + reason;
    }

    /** A file where migration starts: in the change set and inside the config's paths. */
    boolean startsHere(FileFacts file) {
        return inChangeSet.test(file.path()) && paths.matches(file.path());
    }

    private void computeSeeds(Set<String> pinned) {
        seeds.clear();
        for (FileFacts file : index.files()) {
            if (!startsHere(file)) {
                continue;
            }
            Target[] ts = callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                Target t = ts[call.index()];
                if (t == null || t.spec() == null || call.function() < 0 || call.context() != Context.FUNCTION) {
                    continue;
                }
                if ((t.spec().isBlocking(config.toThread()) || calls.asyncIteration(call, t)) && calls.translatable(file, call, t)
                        && !pinned.contains(key(file, call.function()))) {
                    seeds.add(key(file, call.function()));
                }
            }
            // `for doc in cursor:` where the cursor (from a catalog call) becomes an async iterable.
            for (FileFacts.ForFact loop : file.loops()) {
                if (loop.function() >= 0 && !loop.isAsync() && loop.context() == Context.FUNCTION
                        && !pinned.contains(key(file, loop.function()))
                        && resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                        && calls.isLibraryAsyncIterable(i.type()) && !syncTypes.contains(file.path() + "|" + i.type())) {
                    seeds.add(key(file, loop.function()));
                }
            }
            // `list(cursor)` of such a value
            for (ReferenceFact r : file.references()) {
                String type = calls.listedAsyncIterable(file, r);
                if (type != null && r.context() == Context.FUNCTION && !pinned.contains(key(file, r.function()))
                        && !syncTypes.contains(file.path() + "|" + type)) {
                    seeds.add(key(file, r.function()));
                }
            }
        }
    }

    private Set<String> spread(Set<String> pinned) {
        Set<String> result = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (String s : seeds) {
            if (!pinned.contains(s) && result.add(s)) {
                work.push(s);
            }
        }
        while (!work.isEmpty()) {
            String k = work.pop();
            FunctionRef f = functions.get(k);
            List<String> next = new ArrayList<>();
            for (Site site : callers.getOrDefault(k, List.of())) {
                if (site.call().function() >= 0 && site.call().context() == Context.FUNCTION) {
                    next.add(key(site.file(), site.call().function()));
                }
            }
            // Overriding and overridden methods must agree, or a call through the base breaks.
            for (FunctionRef o : resolver.overriding(f)) {
                next.add(o.key());
            }
            for (FunctionRef o : resolver.overridden(f)) {
                next.add(o.key());
            }
            // A class's __enter__ and __exit__ become __aenter__/__aexit__ together; with-sites follow.
            if ((f.fact().name().equals("__enter__") || f.fact().name().equals("__exit__")) && f.fact().owner() >= 0) {
                ClassRef owner = new ClassRef(f.file(), f.file().classes().get(f.fact().owner()));
                for (String dunder : List.of("__enter__", "__exit__")) {
                    FunctionRef m = resolver.method(owner.fact().qualifiedName(), dunder);
                    if (m != null) {
                        next.add(m.key());
                    }
                }
                for (Map.Entry<String, Set<String>> e : callees.entrySet()) {
                    if (e.getValue().contains(k)) {
                        next.add(e.getKey());
                    }
                }
            }
            for (String n : next) {
                if (pinned.contains(n)) {
                    pin(k, "it is needed by " + functions.get(n).fact().qualifiedName() + ", which stays synchronous");
                } else if (result.add(n)) {
                    work.push(n);
                }
            }
        }
        return result;
    }

    /** Generators that become async must be consumed by `for` or `list()`; otherwise they stay sync. */
    private void checkConsumers(Set<String> asyncSet) {
        for (String k : asyncSet) {
            FunctionRef f = functions.get(k);
            if (!f.fact().isGenerator() || f.fact().isAsync()) {
                continue;
            }
            for (Site site : callers.getOrDefault(k, List.of())) {
                Use use = site.call().use();
                if (use != Use.FOR_ITERABLE && use != Use.LIST_ARGUMENT) {
                    pin(k, "it is a generator and its result is used at " + site.file().path() + ":"
                            + site.call().line() + " in a way an async generator cannot be");
                }
            }
        }
    }

    /** The type and the types that go with it (its pipelines, cursors, namespaces) stay sync in the file. */
    /** Why a type stays sync in a file, when the reason lies elsewhere (a shared client used sync in another file). */
    final Map<String, String> syncReasons = new HashMap<>();

    void markSync(FileFacts file, String type, String reason) {
        for (String t : catalog.family(type)) {
            syncReasons.putIfAbsent(file.path() + "|" + t, reason);
        }
        markSync(file, type);
    }

    void markSync(FileFacts file, String type) {
        for (String t : catalog.family(type)) {
            syncTypes.add(file.path() + "|" + t);
        }
    }

    // ====================================================================================== edits

    /**
     * The method that became async with this name, when no other project method has the name (a call on an
     * unknown receiver is then most likely that one; common names shared with sync methods are not reported).
     */
    FunctionRef onlyAsyncMethodNamed(String name) {
        if (name.startsWith("__")) {
            return null;
        }
        FunctionRef found = null;
        for (FunctionRef f : functions.values()) {
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

    private final Map<String, Boolean> fullyMigrated = new HashMap<>();

    /**
     * Whether every blocking call of a rule's library in the project is converted (none stays sync): only then
     * can an {@code except} clause catch the new library's exceptions alone.
     */
    boolean fullyMigrated(String ruleId) {
        return fullyMigrated.computeIfAbsent(ruleId, rule -> {
            for (FileFacts file : index.files()) {
                Target[] ts = callTargets.get(file.path());
                for (CallFact call : file.calls()) {
                    Target t = ts[call.index()];
                    if (t == null || t.spec() == null || !t.spec().ruleId().equals(rule)
                            || !(t.spec().isBlocking(config.toThread()) || calls.asyncIteration(call, t))) {
                        continue;
                    }
                    boolean converted = call.function() >= 0 && call.context() == Context.FUNCTION
                            && isAsyncNow(key(file, call.function())) && calls.translatable(file, call, t)
                            && paths.matches(file.path()) && inChangeSet.test(file.path());
                    if (!converted) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    boolean isAsyncNow(String key) {
        return async.contains(key);
    }

    boolean becomesAsync(FunctionRef f) {
        return f != null && async.contains(f.key()) && !f.fact().isAsync();
    }




    static boolean blankLineAt(String text, int at) {
        int i = at;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r';
    }

    /** The line end a file uses (its first one), for the lines an edit adds. */
    static String newline(String text) {
        int n = text.indexOf('\n');
        if (n > 0 && text.charAt(n - 1) == '\r') {
            return "\r\n";
        }
        if (n < 0 && text.indexOf('\r') >= 0) {
            return "\r";
        }
        return "\n";
    }
}
