package dev.unblock.migrate.plan;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.Resolver.CatalogMethod;

/**
 * Each async test runs in an event loop of its own (IsolatedAsyncioTestCase, pytest-asyncio), and an async client
 * must not outlive the loop it first connected in: a client made at import time (a module-level object, a class
 * attribute, or the attribute of an object made at import time) that code reached from tests uses stays sync, with
 * all of its uses.
 */
final class TestEventLoops {
    private final Planner planner;

    TestEventLoops(Planner planner) {
        this.planner = planner;
    }

    void keepImportTimeClientsSync() {
        Set<String> entries = new LinkedHashSet<>(planner.runnerCalls.awaitedKeys());
        entries.addAll(planner.baseCallers.awaitedKeys());
        if (entries.isEmpty()) {
            return;
        }
        SharedClients shared = new SharedClients(planner);
        Map<String, String> importTime = importTimeClients(shared);
        if (importTime.isEmpty()) {
            return;
        }
        Set<String> reach = new ReachedFunctions(planner).from(entries);
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null || !(t.callee() instanceof CatalogMethod m) || call.function() < 0
                        || !reach.contains(Planner.key(file, call.function()))) {
                    continue;
                }
                String origin = shared.origin(file, call.function(), call.callee(), call.callee().steps().size() - 1);
                String made = origin == null ? null : importTime.get(origin);
                if (made != null) {
                    String reason = "is made at import time (" + made + ") and used by code the tests reach ("
                            + file.path() + ":" + call.line() + "): each async test runs in an event loop of its own, "
                            + "which an async client must not outlive";
                    int bar = made.lastIndexOf(':');
                    planner.markSync(planner.index.file(made.substring(0, bar)), m.type(), reason);
                    planner.markSync(file, m.type(), reason);
                }
            }
        }
    }

    /** Origin (as SharedClients names it) → where it is made, for clients made at import time. */
    private Map<String, String> importTimeClients(SharedClients shared) {
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
        Map<String, String> out = new HashMap<>();
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null || t.spec() == null || t.spec().resultType() == null
                        || t.spec().kind() != dev.unblock.migrate.catalog.CallSpec.Kind.CONSTRUCTOR) {
                    continue;
                }
                String origin = shared.constructed(file, call);
                if (origin == null) {
                    continue;
                }
                boolean atImport = call.function() < 0 || origin.startsWith("attr:") && madeAtImport.stream().anyMatch(
                        c -> planner.resolver.linearization(c).contains(origin.substring(5, origin.lastIndexOf('.'))));
                if (atImport) {
                    out.putIfAbsent(origin, file.path() + ":" + call.line());
                }
            }
        }
        return out;
    }
}
