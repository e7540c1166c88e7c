package dev.unblock.migrate.plan;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;

/**
 * Some libraries refuse synchronous calls on an event loop instead of merely blocking it (Django's ORM raises
 * SynchronousOnlyOperation). A function that stays sync and makes such a call — itself or through the sync functions
 * it calls — would raise when an async function calls it, so a function that would become async and calls one stays
 * sync instead (a pin; the propagation runs again).
 */
final class RefusedSyncCalls {
    private final Planner planner;
    /** Tells which receivers may be model objects. */
    private final RefusedUsesInAsync receivers;

    RefusedSyncCalls(Planner planner, RefusedUsesInAsync receivers) {
        this.planner = planner;
        this.receivers = receivers;
    }

    /**
     * Pins the functions of {@code asyncSet} that call a sync function making refused calls; {@code refusing} is
     * {@link #refusingSyncFunctions} of this round.
     */
    void pinAsyncCallers(Set<String> asyncSet, Map<String, String> refusing) {
        if (refusing.isEmpty()) {
            return;
        }
        Map<String, String> byName = new HashMap<>();
        refusing.forEach((k, what) -> {
            var f = planner.functions.get(k).fact();
            if (f.owner() >= 0) {
                byName.putIfAbsent(f.name(), f.qualifiedName() + ", which " + what);
            }
        });
        for (FileFacts file : planner.index.files()) {
            if (!RefusedUsesInAsync.anyAsyncCaller(file, asyncSet)) {
                continue;
            }
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                String caller = RefusedUsesInAsync.asyncCaller(file, call.function(), asyncSet);
                if (caller == null) {
                    continue;
                }
                if (t == null) {
                    untypedCall(file, call, caller, byName);
                    continue;
                }
                String what = t.function() == null ? null : refusing.get(t.function().key());
                if (what != null) {
                    planner.pin(caller, "it calls " + t.function().fact().qualifiedName() + " at " + file.path() + ":"
                            + call.line() + ", which stays synchronous and " + what + ", which the library refuses "
                            + "to run on an event loop");
                }
            }
        }
    }

    /**
     * {@code x.m()} on a receiver the engine cannot type (or a model object of no known class), where a project method
     * m stays sync and makes refused calls: it may be that method.
     */
    private void untypedCall(FileFacts file, CallFact call, String caller, Map<String, String> byName) {
        var steps = call.callee().steps();
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof dev.unblock.analysis.Chain.Attr a)
                || call.callee().isOpaque()) {
            return;
        }
        String what = byName.get(a.name());
        if (what != null && receivers.untypedOrModel(
                planner.resolver.receiver(file, call))) {
            planner.pin(caller, "it calls `" + call.callee() + "` at " + file.path() + ":" + call.line() + ", which may "
                    + "be " + what + " (the engine cannot tell what the receiver is), which the library refuses to "
                    + "run on an event loop");
        }
    }

    /**
     * The functions that stay sync (not in {@code asyncSet}, not already async) and make a refused call, directly or
     * through sync project callees, each with what they do ("runs Django queries (Item.objects.filter at a.py:6)").
     */
    Map<String, String> refusingSyncFunctions(Set<String> asyncSet) {
        Map<String, String> out = new HashMap<>();
        Deque<String> work = new ArrayDeque<>();
        if (refusedCalls == null) {
            refusedCalls = refusedCalls();
        }
        for (RefusedCall r : refusedCalls) {
            if (staysSync(r.function(), asyncSet) && !out.containsKey(r.function())) {
                out.put(r.function(), r.what());
                work.push(r.function());
            }
        }
        while (!work.isEmpty()) {
            String k = work.pop();
            for (Planner.Site site : planner.callers.getOrDefault(k, java.util.List.of())) {
                if (site.call().function() < 0) {
                    continue;
                }
                String caller = Planner.key(site.file(), site.call().function());
                if (staysSync(caller, asyncSet) && !out.containsKey(caller)) {
                    out.put(caller, "calls " + planner.functions.get(k).fact().qualifiedName() + ", which "
                            + out.get(k));
                    work.push(caller);
                }
            }
        }
        return out;
    }

    /** A call the library refuses on an event loop, the function making it and what it does; in project order. */
    private record RefusedCall(String function, String what) {
    }

    /** Found once: the calls do not change between rounds (whether their functions stay sync does). */
    private java.util.List<RefusedCall> refusedCalls;

    private java.util.List<RefusedCall> refusedCalls() {
        java.util.List<RefusedCall> out = new java.util.ArrayList<>();
        for (Planner.CatalogCall c : planner.catalogCalls()) {
            String what = planner.catalog.knowledge().refusedOnEventLoop(c.target().spec().ruleId());
            if (what != null) {
                out.add(new RefusedCall(Planner.key(c.file(), c.call().function()),
                        what + " (" + c.call().callee() + " at " + c.file().path() + ":" + c.call().line() + ")"));
            }
        }
        return out;
    }

    private boolean staysSync(String key, Set<String> asyncSet) {
        var f = planner.functions.get(key);
        return f != null && !f.fact().isAsync() && !asyncSet.contains(key);
    }
}
