package dev.unblock.migrate.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
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
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;

/**
 * Propagation to a fixed point: seeds (functions in the change set making a blocking call the catalog can translate),
 * spread to every caller and to overriding/overridden methods, minus what is pinned (and, transitively, what pinned
 * functions call); each round may pin more (dynamic dispatch, untyped library calls, generators consumed
 * synchronously, clients that stay sync), until nothing changes.
 */
final class Propagation {
    private final Planner planner;

    /** Functions in the change set that make a blocking call the catalog can translate (this round's). */
    private final Set<String> seeds = new LinkedHashSet<>();

    /**
     * Guards against work a library refuses on an event loop, and client decisions; they keep what does not change
     * between rounds (the sites they check), so a round reads only those.
     */
    private final RefusedUsesInAsync refusedUses;
    private final RefusedSyncCalls refusedCalls;
    private final SharedClients sharedClients;
    private final ClientDecisions clientDecisions;

    Propagation(Planner planner) {
        this.planner = planner;
        this.refusedUses = new RefusedUsesInAsync(planner);
        this.refusedCalls = new RefusedSyncCalls(planner, refusedUses);
        this.sharedClients = new SharedClients(planner);
        this.clientDecisions = new ClientDecisions(planner);
    }

    void solve() {
        for (int round = 0; round < 50; round++) {
            Set<String> pinned = pinnedClosure();
            // counted before spreading: spreading pins a function that a pinned one needs (an override of a method
            // that stays sync), and the round must then run again without it
            int pinsBefore = planner.pinReasons.size();
            computeSeeds(pinned);
            Set<String> next = spread(pinned);
            pinDynamicallyDispatched(next);
            pinUntypedLibraryCalls(next);
            if (planner.refusingLibraryUsed()) {
                Map<String, String> refusing = refusedCalls.refusingSyncFunctions(next);
                refusedCalls.pinAsyncCallers(next, refusing);
                refusedUses.pin(next, refusing);
            }
            int syncBefore = planner.syncTypes.size();
            checkConsumers(next);
            clientDecisions.checkSyncTypes(next);
            sharedClients.check(next);
            if (!planner.lazyAttributesChecked) {
                // the same in every round; last, so that a client kept sync for a reason of its own says that one
                planner.lazyAttributesChecked = true;
                new LazyAttributeReads(planner).check();
            }
            planner.testDoubles.checkMoves(next);
            planner.async = next;
            if (planner.pinReasons.size() == pinsBefore && planner.syncTypes.size() == syncBefore) {
                new BlockingCallReport(planner).reportPinnedBlockingCalls(pinned);
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
            FunctionFact f = planner.functions.get(k).fact();
            String where = f.owner() >= 0 ? planner.untypedByName.get(f.name()) : null;
            if (where != null && !f.isAsync()) {
                planner.pin(k, where + " may call it (the engine cannot tell what the receiver is), and would not await it");
            }
        }
    }

    /**
     * A function that would become async stays sync when it calls {@code x.save()} on a receiver the engine cannot
     * type, in a file that uses a library with a blocking method of that name: were it a library object, the call
     * would block (or raise, as Django's ORM does) inside async code, and nothing proves it is not.
     */
    private void pinUntypedLibraryCalls(Set<String> asyncSet) {
        if (untypedLibraryCalls == null) {
            untypedLibraryCalls = untypedLibraryCalls();
        }
        for (UntypedLibraryCall u : untypedLibraryCalls) {
            String key = Planner.key(u.file(), u.call().function());
            if (asyncSet.contains(key)) {
                planner.pin(key, "it calls `" + u.call().callee() + "` at " + u.file().path() + ":"
                        + u.call().line() + ", which may be a blocking method of " + u.libraryTypes()
                        + " (the engine cannot tell what the receiver is)");
            }
        }
    }

    /** A call in a function, on a receiver the engine cannot type, of a name a library of its file calls blocking. */
    private record UntypedLibraryCall(FileFacts file, CallFact call, String libraryTypes) {
    }

    /** Found once: which calls these are does not change between rounds (whether their function is async does). */
    private List<UntypedLibraryCall> untypedLibraryCalls;

    private List<UntypedLibraryCall> untypedLibraryCalls() {
        List<UntypedLibraryCall> out = new ArrayList<>();
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            Set<String> rulesHere = new HashSet<>();
            for (CallTarget t : ts) {
                if (t != null && t.spec() != null) {
                    rulesHere.add(t.spec().ruleId());
                }
            }
            for (CallFact call : file.calls()) {
                List<Chain.Step> steps = call.callee().steps();
                if (ts[call.index()] != null || call.function() < 0 || steps.isEmpty()
                        || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)
                        || Planner.GENERIC_METHOD_NAMES.contains(a.name())) {
                    continue;
                }
                Value receiver = planner.resolver.receiver(file, call);
                if (!(receiver instanceof Resolver.Unknown || receiver instanceof Qualified q && q.name().startsWith("builtins."))) {
                    continue;
                }
                Map<String, CallSpec> candidates = planner.catalog.renamedAwaitedMethods(a.name());
                candidates.values().removeIf(spec -> !rulesHere.contains(spec.ruleId()));
                if (!candidates.isEmpty()) {
                    out.add(new UntypedLibraryCall(file, call, String.join(" or ", shortestNamePerSpec(candidates))));
                }
            }
        }
        return out;
    }

    /**
     * One type per method description: the types sharing one (Django's own models share the base model's
     * {@code save}) are named by the shortest of them.
     */
    private static List<String> shortestNamePerSpec(Map<String, CallSpec> candidates) {
        Map<CallSpec, String> named = new java.util.IdentityHashMap<>();
        candidates.forEach((type, spec) -> named.merge(spec, type,
                (a, b) -> b.length() < a.length() ? b : a));
        return named.values().stream().sorted().toList();
    }

    /** Pinned functions and, transitively, their project callees. */
    private Set<String> pinnedClosure() {
        Set<String> closed = new LinkedHashSet<>(planner.pinReasons.keySet());
        Deque<String> work = new ArrayDeque<>(closed);
        while (!work.isEmpty()) {
            String k = work.pop();
            for (String callee : planner.callees.getOrDefault(k, Set.of())) {
                // a sync caller of a function that is async already handles its coroutine today
                if (!asyncAlready(callee) && closed.add(callee)) {
                    FunctionRef caller = planner.functions.get(k);
                    planner.pinReasons.putIfAbsent(callee, "it is called by " + caller.fact().qualifiedName()
                            + ", which stays synchronous" + because(k));
                    work.push(callee);
                }
            }
        }
        return closed;
    }

    private boolean asyncAlready(String key) {
        FunctionRef f = planner.functions.get(key);
        return f != null && f.fact().isAsync();
    }

    /** Why a pinned caller stays sync, when that is its own reason (not a caller of its own). */
    private String because(String caller) {
        String reason = planner.pinReasons.get(caller);
        return reason == null || reason.startsWith("it is called by ") ? "" : " because " + reason;
    }

    private void computeSeeds(Set<String> pinned) {
        seeds.clear();
        if (seedSites == null) {
            seedSites = seedSites();
        }
        for (SeedSite site : seedSites) {
            if (pinned.contains(site.function())) {
                continue;
            }
            boolean seed = site.call() != null
                    ? planner.calls.translatable(site.file(), site.call(), site.target())
                    : !planner.syncTypes.contains(site.file().path() + "|" + site.iterated());
            if (seed) {
                seeds.add(site.function());
            }
        }
    }

    /**
     * Where a function may start the migration: a blocking call (when it is translatable in this round), or
     * iteration of a library cursor that becomes async (when its type is not kept sync in the file).
     */
    private record SeedSite(FileFacts file, String function, CallFact call, CallTarget target, String iterated) {
    }

    /** Found once, in the order of the files, each file's calls, loops and references: they do not change. */
    private List<SeedSite> seedSites;

    private List<SeedSite> seedSites() {
        List<SeedSite> out = new ArrayList<>();
        for (FileFacts file : planner.index.files()) {
            if (!planner.startsHere(file)) {
                continue;
            }
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null || t.spec() == null || call.function() < 0 || call.context() != Context.FUNCTION) {
                    continue;
                }
                // open() in code that is async already blocks the event loop as much as in code that becomes so
                boolean inAsyncAlready = t.spec().kind() == CallSpec.Kind.IN_ASYNC_ONLY
                        && file.functions().get(call.function()).isAsync();
                if (t.spec().isBlocking(planner.config.toThread()) || planner.calls.asyncIteration(call, t)
                        || inAsyncAlready) {
                    out.add(new SeedSite(file, Planner.key(file, call.function()), call, t, null));
                }
            }
            // `for doc in cursor:` where the cursor (from a catalog call) becomes an async iterable.
            for (FileFacts.ForFact loop : file.loops()) {
                if (loop.function() >= 0 && !loop.isAsync() && loop.context() == Context.FUNCTION
                        && planner.resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                        && planner.calls.isLibraryAsyncIterable(i.type())) {
                    out.add(new SeedSite(file, Planner.key(file, loop.function()), null, null, i.type()));
                }
            }
            // `list(cursor)` of such a value
            for (ReferenceFact r : file.references()) {
                String type = planner.calls.listedAsyncIterable(file, r);
                if (type != null && r.context() == Context.FUNCTION) {
                    out.add(new SeedSite(file, Planner.key(file, r.function()), null, null, type));
                }
            }
        }
        return out;
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
            FunctionRef f = planner.functions.get(k);
            List<String> next = new ArrayList<>();
            // the callers of a function that is async already handle its coroutine today (await, asyncio.run,
            // create_task): a blocking call migrating inside it changes nothing for them
            for (Planner.Site site : f.fact().isAsync() ? List.<Planner.Site>of() : planner.callers.getOrDefault(k, List.of())) {
                if (site.call().function() >= 0 && site.call().context() == Context.FUNCTION) {
                    next.add(Planner.key(site.file(), site.call().function()));
                }
            }
            // Overriding and overridden methods must agree, or a call through the base breaks.
            for (FunctionRef o : planner.resolver.overriding(f)) {
                next.add(o.key());
            }
            for (FunctionRef o : planner.resolver.overridden(f)) {
                next.add(o.key());
            }
            // A class's __enter__ and __exit__ become __aenter__/__aexit__ together; with-sites follow.
            if ((f.fact().name().equals("__enter__") || f.fact().name().equals("__exit__")) && f.fact().owner() >= 0) {
                ClassRef owner = new ClassRef(f.file(), f.file().classes().get(f.fact().owner()));
                for (String dunder : List.of("__enter__", "__exit__")) {
                    FunctionRef m = planner.resolver.method(owner.fact().qualifiedName(), dunder);
                    if (m != null) {
                        next.add(m.key());
                    }
                }
                for (Map.Entry<String, Set<String>> e : planner.callees.entrySet()) {
                    if (e.getValue().contains(k)) {
                        next.add(e.getKey());
                    }
                }
            }
            for (String n : next) {
                if (pinned.contains(n)) {
                    planner.pin(k, "it is needed by " + planner.functions.get(n).fact().qualifiedName() + ", which stays synchronous");
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
            FunctionRef f = planner.functions.get(k);
            if (!f.fact().isGenerator() || f.fact().isAsync()) {
                continue;
            }
            for (Planner.Site site : planner.callers.getOrDefault(k, List.of())) {
                Use use = site.call().use();
                if (use != Use.FOR_ITERABLE && use != Use.LIST_ARGUMENT) {
                    planner.pin(k, "it is a generator and its result is used at " + site.file().path() + ":"
                            + site.call().line() + " in a way an async generator cannot be");
                }
            }
        }
    }
}
