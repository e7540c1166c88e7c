package dev.unblock.migrate.plan;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Finding;
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
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Function;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Knowledge;

/** The findings for blocking calls that stay synchronous in the files where migration starts, each with why. */
final class BlockingCallReport {
    private final Planner planner;

    BlockingCallReport(Planner planner) {
        this.planner = planner;
    }

    void reportPinnedBlockingCalls(Set<String> pinned) {
        for (FileFacts file : planner.index.files()) {
            if (!planner.startsHere(file)) {
                continue;
            }
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null) {
                    reportMayBeBlocking(file, call);
                    continue;
                }
                if (t != null && t.spec() != null && t.spec().kind() == Kind.TO_THREAD && !planner.config.toThread()) {
                    planner.finding(new Finding(file.path(), call.line(), call.column(), t.spec().ruleId(),
                            call.callee() + " blocks the event loop and has no async API (to_thread is off)",
                            "await asyncio.to_thread(" + call.callee() + ", ...)"));
                    continue;
                }
                if (t != null && t.spec() != null && t.spec().kind() == Kind.KEEPS_SYNC) {
                    planner.finding(new Finding(file.path(), call.line(), call.column(), t.spec().ruleId(),
                            t.spec().explanation() + " (this file keeps the client synchronous)", null));
                    continue;
                }
                if (t != null && t.spec() != null && t.spec().kind() == Kind.CONSTRUCTOR && t.spec().resultType() != null
                        && planner.syncReasons.containsKey(file.path() + "|" + t.spec().resultType())) {
                    // a shared client kept sync because of a use elsewhere: say so where it is made
                    planner.finding(new Finding(file.path(), call.line(), call.column(), CoreRules.ASYNC_BOUNDARY,
                            "client " + call.callee() + " left synchronous: it "
                                    + planner.syncReasons.get(file.path() + "|" + t.spec().resultType()), null));
                    continue;
                }
                String refused = planner.calls.refusal(file, call, t);
                if (refused != null && (t.callee() instanceof CatalogMethod
                        || t.callee() instanceof Qualified && t.spec().resultType() != null)) {
                    planner.finding(new Finding(file.path(), call.line(), call.column(), t.spec().ruleId(),
                            refused + " (this file keeps the client synchronous)", null));
                    continue;
                }
                if (t == null || t.spec() == null || !(t.spec().blocksWhenLeftSync(planner.config.toThread())
                        || planner.calls.asyncIteration(call, t))) {
                    continue;
                }
                String where = call.function() >= 0 ? file.functions().get(call.function()).qualifiedName() : null;
                String reason;
                if (call.function() < 0 || call.context() == Context.IMPORT_TIME) {
                    reason = "runs at import time";
                } else if (call.context() != Context.FUNCTION) {
                    reason = "is inside a " + call.context().name().toLowerCase().replace('_', ' ');
                } else if (pinned.contains(Planner.key(file, call.function()))) {
                    reason = "is in " + where + ", which stays synchronous because "
                            + planner.pinReasons.get(Planner.key(file, call.function()));
                } else if (CallSupport.unsupportedKeyword(call, t.spec()) != null) {
                    String kw = CallSupport.unsupportedKeyword(call, t.spec());
                    reason = "passes " + kw + "=: " + t.spec().unsupportedKeywords().get(kw);
                } else if (planner.calls.argumentRefusal(file, call, t.spec()) != null) {
                    reason = planner.calls.argumentRefusal(file, call, t.spec());
                } else if (planner.calls.mixedOperand(file, call, t) != null) {
                    reason = planner.calls.mixedOperand(file, call, t);
                } else if (iteratedLazily(file, call)) {
                    reason = "is iterated inside a generator expression, which cannot iterate asynchronously";
                } else if (!t.spec().isBlocking(planner.config.toThread()) && !planner.calls.asyncIteration(call, t)
                        && !planner.async.contains(Planner.key(file, call.function()))
                        && !othersNeedAsync(file, call, ts)) {
                    reason = "is in " + where + ", which stays synchronous: nothing else in it needs async code, and "
                            + "this call's async form (`async with` or an awaited call) can only be written there";
                } else if (planner.calls.syncClientArgument(file, call, t) != null) {
                    reason = planner.calls.syncClientArgument(file, call, t);
                } else if (refused != null) {
                    reason = "has no safe async form here: " + refused;
                } else if (!planner.calls.translatable(file, call, t)) {
                    reason = t.spec().kind() == Kind.ONE_OFF
                            ? "is not a statement of its own, or its response leaves the function unread, so it "
                            + "cannot get a client with `async with`"
                            : t.callee() instanceof CatalogMethod m && planner.syncReasons.containsKey(file.path() + "|" + m.type())
                            ? planner.syncReasons.get(file.path() + "|" + m.type())
                            : "uses a client that is also used synchronously in this file";
                } else {
                    continue;
                }
                planner.finding(new Finding(file.path(), call.line(), call.column(), CoreRules.ASYNC_BOUNDARY,
                        "blocking call " + call.callee() + " left synchronous: it " + reason,
                        bridgeFor(call)));
            }
        }
    }

    /**
     * A call the plan cannot resolve whose receiver may be a client with a blocking method of that name (a
     * parameter its function replaces with a client when callers pass none): it stays as it is, and says so.
     */
    private void reportMayBeBlocking(FileFacts file, CallFact call) {
        CatalogMethod m = planner.mayBeBlocking(file, call);
        if (m != null) {
            planner.finding(new Finding(file.path(), call.line(), call.column(), CoreRules.ASYNC_BOUNDARY,
                    "blocking call " + call.callee() + " left synchronous: its receiver may be a " + m.type()
                            + " made here or an object a caller passes in, or another value assigned to it, so not "
                            + "every use of it can be proven to migrate", bridgeFor(call)));
        }
    }

    /** Whether another call in the call's function is one that needs async code (an awaited or iterated client call). */
    private boolean othersNeedAsync(FileFacts file, CallFact call, CallTarget[] ts) {
        for (CallFact other : file.calls()) {
            CallTarget o = ts[other.index()];
            if (other != call && other.function() == call.function() && o != null && o.spec() != null
                    && (o.spec().isBlocking(planner.config.toThread()) || planner.calls.asyncIteration(other, o))) {
                return true;
            }
        }
        return false;
    }

    /** The call is the iterable of a generator expression's loop (evaluated at once, iterated lazily). */
    private static boolean iteratedLazily(FileFacts file, CallFact call) {
        return call.use() == Use.FOR_ITERABLE && file.loops().stream()
                .anyMatch(l -> l.forStart() == call.useStart() && l.context() == Context.GENERATOR_EXPRESSION);
    }

    private static String bridgeFor(CallFact call) {
        return call.context() == Context.FUNCTION
                ? "await asyncio.to_thread(...) from async code, or asyncio.run(...) at a sync entry point"
                : "move the call into a function that is called from async code";
    }
}
