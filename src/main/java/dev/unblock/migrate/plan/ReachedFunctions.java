package dev.unblock.migrate.plan;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;

/** The project functions some functions call, transitively, through calls the resolver resolved. */
final class ReachedFunctions {
    private final Map<String, Set<String>> callees = new HashMap<>();

    ReachedFunctions(Planner planner) {
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t != null && t.function() != null && call.function() >= 0) {
                    callees.computeIfAbsent(Planner.key(file, call.function()), k -> new HashSet<>())
                            .add(t.function().key());
                }
            }
        }
    }

    /** The functions (keys) that {@code from} reach, {@code from} included. */
    Set<String> from(Collection<String> from) {
        Set<String> out = new HashSet<>();
        ArrayDeque<String> work = new ArrayDeque<>(from);
        while (!work.isEmpty()) {
            String k = work.pop();
            if (out.add(k)) {
                work.addAll(callees.getOrDefault(k, Set.of()));
            }
        }
        return out;
    }
}
