package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.Resolver.CatalogMethod;

/**
 * An async client must not outlive the event loop it first connected in (its pooled connections belong to that
 * loop: the next loop gets "Event loop is closed" or "attached to a different loop"). A client made at import time
 * (a module-level object, a class attribute, or the attribute of an object made at import time) lives as long as
 * the process, so it stays sync, with all of its uses, when code in more than one event loop of one process uses it:
 * <ul>
 *   <li>async tests, each run in an event loop of its own (IsolatedAsyncioTestCase, pytest-asyncio);</li>
 *   <li>a main guard that runs the project's functions which may become async more than once: each such call is
 *       an {@code asyncio.run} once migrated (an entry point's sync wrapper, or one written at the guard), so two
 *       of them, or one in a loop, are two event loops.</li>
 * </ul>
 */
final class EventLoopClients {
    private final Planner planner;
    private SharedClients shared;
    private Map<String, String> importTime;

    EventLoopClients(Planner planner) {
        this.planner = planner;
    }

    void keepImportTimeClientsSync() {
        Set<String> tests = new LinkedHashSet<>(planner.runnerCalls.awaitedKeys());
        tests.addAll(planner.baseCallers.awaitedKeys());
        Map<FileFacts, List<CallFact>> guards = guardCalls();
        // a guard with one call that does not repeat runs one event loop: most scripts' `main()`
        guards.entrySet().removeIf(g -> g.getValue().size() < 2 && !repeats(g.getKey(), g.getValue().get(0)));
        Map<String, String> runners = repeatedRunners();
        if (tests.isEmpty() && guards.isEmpty() && runners.isEmpty() || importTime().isEmpty()) {
            return;
        }
        runners.forEach((runner, why) -> keepSyncReached(List.of(runner), use -> "used by code that " + why
                + ": an async client must not outlive the event loop it first connected in"));
        if (!tests.isEmpty()) {
            keepSyncReached(tests, use -> "used by code the tests reach (" + use.file().path() + ":" + use.call().line()
                    + "): each async test runs in an event loop of its own, which an async client must not outlive");
        }
        for (Map.Entry<FileFacts, List<CallFact>> guard : guards.entrySet()) {
            keepSyncAcrossRuns(guard.getKey(), guard.getValue());
        }
    }

    /** Keeps sync every import-time client that code reached from {@code entries} uses. */
    private void keepSyncReached(java.util.Collection<String> entries, java.util.function.Function<Use, String> why) {
        Set<String> reach = graph().from(entries);
        for (Use use : uses()) {
            if (reach.contains(use.function())) {
                keepSync(use, why.apply(use));
            }
        }
    }

    /**
     * The clients one main guard's calls reach through more than one run: each call of a function that becomes
     * async starts an event loop of its own, and a call in a loop starts one per pass.
     */
    private void keepSyncAcrossRuns(FileFacts file, List<CallFact> calls) {
        CallTarget[] ts = planner.callTargets.get(file.path());
        List<Set<String>> reaches = new ArrayList<>();
        for (CallFact call : calls) {
            reaches.add(graph().from(List.of(ts[call.index()].function().key())));
        }
        Map<String, List<Use>> byOrigin = new LinkedHashMap<>();
        Map<String, Set<Integer>> runs = new HashMap<>();
        for (Use use : uses()) {
            Set<Integer> reaching = new HashSet<>();
            for (int i = 0; i < calls.size(); i++) {
                if (reaches.get(i).contains(use.function())) {
                    reaching.add(i);
                }
            }
            if (!reaching.isEmpty()) {
                byOrigin.computeIfAbsent(use.origin(), k -> new ArrayList<>()).add(use);
                runs.computeIfAbsent(use.origin(), k -> new HashSet<>()).addAll(reaching);
            }
        }
        String text = planner.texts.get(file.path());
        for (Map.Entry<String, List<Use>> e : byOrigin.entrySet()) {
            List<Integer> sites = runs.get(e.getKey()).stream().sorted().toList();
            boolean several = sites.size() > 1 && (text == null || !exclusive(text, calls, sites));
            Integer looping = several || text == null ? null
                    : sites.stream().filter(i -> GuardRepetition.repeats(text, calls.get(i))).findFirst().orElse(null);
            if (!several && looping == null) {
                continue;
            }
            String where = looping != null ? "in a loop at line " + calls.get(looping).line() + ", a new event loop on "
                    + "each pass" : "in more than one event loop (lines " + sites.stream().map(i -> String.valueOf(
                    calls.get(i).line())).collect(java.util.stream.Collectors.joining(", ")) + ")";
            for (Use use : e.getValue()) {
                keepSync(use, "used by code that the main guard of " + file.path() + " runs " + where
                        + ": an async client must not outlive the event loop it first connected in");
            }
        }
    }

    /**
     * Project functions that start an event loop themselves ({@code asyncio.run(fetch())} in their body) and may run
     * more than once in a process: called from other code, from more than one place, in a loop, or by code outside
     * the project (not a declared entry point): function key → why, for the finding. One call from a main guard is
     * one loop; the guard's own count covers it.
     */
    private Map<String, String> repeatedRunners() {
        Map<String, String> out = new LinkedHashMap<>();
        dev.unblock.migrate.catalog.Knowledge knowledge = planner.catalog.knowledge();
        for (FileFacts file : planner.index.files()) {
            for (CallFact call : file.calls()) {
                if (call.function() < 0 || call.context() != Context.FUNCTION) {
                    continue;
                }
                boolean runs = planner.knownCall(file, call, name -> knowledge.runsEventLoop(name) ? true : null) != null;
                String key = Planner.key(file, call.function());
                if (!runs || out.containsKey(key)) {
                    continue;
                }
                String name = file.functions().get(call.function()).qualifiedName();
                List<Planner.Site> sites = planner.callers.getOrDefault(key, List.of());
                String start = name + " starts with `" + call.callee() + "` at " + file.path() + ":" + call.line();
                if (sites.isEmpty()) {
                    if (!planner.declaredEntryPoints.contains(name)) {
                        out.put(key, start + ", and code outside the project may call it more than once, each call "
                                + "a new event loop");
                    }
                } else if (sites.size() > 1) {
                    out.put(key, start + ", and it is called at " + sites.size() + " places, each call a new event loop");
                } else if (sites.get(0).call().context() != Context.MAIN_GUARD) {
                    Planner.Site site = sites.get(0);
                    out.put(key, start + ", and " + site.file().path() + ":" + site.call().line()
                            + " calls it from code that may run more than once, each call a new event loop");
                }
            }
        }
        return out;
    }

    private boolean repeats(FileFacts file, CallFact call) {
        String text = planner.texts.get(file.path());
        return text != null && GuardRepetition.repeats(text, call);
    }

    private ReachedFunctions graph;

    /** The project's call graph, made once for the tests and every guard. */
    private ReachedFunctions graph() {
        if (graph == null) {
            graph = new ReachedFunctions(planner);
        }
        return graph;
    }

    /** Whether no two of these guard calls can both run (branches of one if/elif/else chain each). */
    private static boolean exclusive(String text, List<CallFact> calls, List<Integer> sorted) {
        for (int i = 0; i < sorted.size(); i++) {
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!GuardRepetition.exclusive(text, calls.get(sorted.get(i)), calls.get(sorted.get(j)))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Per file, the main-guard calls of project functions (in source order): each may run in an event loop of its own. */
    private Map<FileFacts, List<CallFact>> guardCalls() {
        Map<FileFacts, List<CallFact>> out = new LinkedHashMap<>();
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                // an async one counts too: its coroutine is run by an `asyncio.run` of its own there
                if (call.context() == Context.MAIN_GUARD && t != null && t.function() != null) {
                    out.computeIfAbsent(file, k -> new ArrayList<>()).add(call);
                }
            }
        }
        return out;
    }

    private void keepSync(Use use, String why) {
        String reason = "is made at import time (" + use.made() + ") and " + why;
        int bar = use.made().lastIndexOf(':');
        planner.markSync(planner.index.file(use.made().substring(0, bar)), use.type(), reason);
        planner.markSync(use.file(), use.type(), reason);
    }

    /** A call of a client made at import time, in a function. */
    private record Use(FileFacts file, CallFact call, String function, String type, String origin, String made) {
    }

    private List<Use> uses;

    private List<Use> uses() {
        if (uses == null) {
            uses = new ArrayList<>();
            for (FileFacts file : planner.index.files()) {
                CallTarget[] ts = planner.callTargets.get(file.path());
                for (CallFact call : file.calls()) {
                    CallTarget t = ts[call.index()];
                    if (t == null || !(t.callee() instanceof CatalogMethod m) || call.function() < 0) {
                        continue;
                    }
                    String origin = shared().origin(file, call.function(), call.callee(),
                            call.callee().steps().size() - 1);
                    String made = origin == null ? null : importTime().get(origin);
                    if (made != null) {
                        uses.add(new Use(file, call, Planner.key(file, call.function()), m.type(), origin, made));
                    }
                }
            }
        }
        return uses;
    }

    private SharedClients shared() {
        if (shared == null) {
            shared = new SharedClients(planner);
        }
        return shared;
    }

    /** Origin (as SharedClients names it) → where it is made, for clients made at import time. */
    private Map<String, String> importTime() {
        if (importTime != null) {
            return importTime;
        }
        Set<String> madeAtImport = new HashSet<>();
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t != null && t.constructor() && call.context() == Context.IMPORT_TIME) {
                    madeAtImport.add(t.function().file().classes().get(t.function().fact().owner()).qualifiedName());
                }
            }
        }
        importTime = new HashMap<>();
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null || t.spec() == null || t.spec().resultType() == null
                        || t.spec().kind() != dev.unblock.migrate.catalog.CallSpec.Kind.CONSTRUCTOR) {
                    continue;
                }
                String origin = shared().constructed(file, call);
                if (origin == null) {
                    continue;
                }
                boolean atImport = call.function() < 0 || origin.startsWith("attr:") && madeAtImport.stream().anyMatch(
                        c -> planner.resolver.linearization(c).contains(origin.substring(5, origin.lastIndexOf('.'))));
                if (atImport) {
                    importTime.putIfAbsent(origin, file.path() + ":" + call.line());
                }
            }
        }
        return importTime;
    }
}
