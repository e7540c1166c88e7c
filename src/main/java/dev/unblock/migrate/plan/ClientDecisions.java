package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * Which catalog client types stay sync in a file: those with a use that cannot become async there (a blocking
 * call in code that stays sync, an API with no safe async form), and a shared client whose own file keeps it sync.
 */
final class ClientDecisions {
    private final Planner planner;
    private final LazyValueUses uses;

    ClientDecisions(Planner planner) {
        this.planner = planner;
        this.uses = new LazyValueUses(planner);
    }

    /**
     * A cursor the async client would make but that code evaluates by other means than a converted loop or
     * {@code list()} ({@code sorted(coll.find())}, {@code next(cursor)}, {@code cursor[0]}): Motor's cursors, redis's
     * async scans are no iterators, so the client stays sync in the file, in sync and async code alike.
     */
    private void keepEvaluatedCursorsSync(FileFacts file) {
        String text = planner.texts.get(file.path());
        if (text == null) {
            return;
        }
        for (CursorUse u : cursorUses.computeIfAbsent(file.path(), k -> cursorUses(file, text))) {
            String how = u.call() != null ? uses.byCall(file, u.call(), u.type(), text)
                    : uses.byName(file, u.reference(), u.type(), text);
            if (how != null) {
                planner.markSync(file, u.type(), how + " at line " + (u.call() != null ? u.call().line()
                        : u.reference().line()) + ", which iterates it synchronously: the async client's cursors cannot be");
            }
        }
    }

    /** A call making, or a reference to, a value of a cursor type (what rounds check again: the file's sync types grow). */
    private record CursorUse(CallFact call, ReferenceFact reference, String type) {
    }

    /** Per file, its cursor uses in order (calls, then references): they do not change between rounds. */
    private final Map<String, List<CursorUse>> cursorUses = new HashMap<>();

    private List<CursorUse> cursorUses(FileFacts file, String text) {
        List<CursorUse> out = new ArrayList<>();
        CallTarget[] ts = planner.callTargets.get(file.path());
        for (CallFact call : file.calls()) {
            CallTarget t = ts[call.index()];
            String type = t == null || t.spec() == null || t.spec().kind() != Kind.SYNC ? null : t.spec().resultType();
            if (cursorType(type)) {
                out.add(new CursorUse(call, null, type));
            }
        }
        for (ReferenceFact r : file.references()) {
            if (r.chain().isOpaque() || r.trailing() && !LazyValueUses.lineAfter(text, r.end()).startsWith("[")) {
                continue;
            }
            String type = planner.resolver.reference(file, r) instanceof Instance i ? i.type() : null;
            if (cursorType(type)) {
                out.add(new CursorUse(null, r, type));
            }
        }
        return out.isEmpty() ? List.of() : out;
    }

    /**
     * The catalog type of a call's receiver when the method called is one the catalog does not describe for it
     * ({@code coll.insert(doc)}, PyMongo 3's, gone from Motor): once the client is async, such a call would fail or
     * hand back a coroutine nothing awaits, so the type stays sync in the file. Null otherwise, and for a type whose
     * rule decides per function what its objects may do (an opened file: aiofiles proxies fileno() and the like).
     */
    private String undescribedMethod(FileFacts file, CallFact call) {
        List<dev.unblock.analysis.Chain.Step> steps = call.callee().steps();
        if (call.callee().isOpaque() || steps.isEmpty()
                || !(steps.get(steps.size() - 1) instanceof dev.unblock.analysis.Chain.Attr a) || a.name().startsWith("__")) {
            return null;
        }
        Value receiver = planner.resolver.receiver(file, call);
        if (!(receiver instanceof Instance i) || !planner.catalog.knowsType(i.type()) || planner.index.cls(i.type()) != null
                || planner.catalog.knowledge().coexist(i.type()) || planner.catalog.knowledge().hasOwnHandOffs(i.type())
                || planner.catalog.knowledge().hasUndescribedMethodsKept(i.type())
                || planner.catalog.method(i.type(), a.name()) != null) {
            return null;
        }
        return i.type();
    }

    /** A library type iterated with {@code async for} once migrated, which sync code cannot use beside it. */
    private boolean cursorType(String type) {
        return type != null && planner.calls.isLibraryAsyncIterable(type) && !planner.catalog.knowledge().coexist(type);
    }

    /** A client type with a blocking use that stays sync in a file is not migrated in that file at all. */
    void checkSyncTypes(Set<String> asyncSet) {
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            boolean changed = planner.inChangeSet.test(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null && changed) {
                    String undescribed = undescribedMethod(file, call);
                    if (undescribed != null) {
                        planner.markSync(file, undescribed, "calls `" + call.callee() + "` at line " + call.line()
                                + ", a method of " + undescribed + " the engine does not describe: the async client "
                                + "may lack it, or return a coroutine from it that nothing would await");
                        continue;
                    }
                    // `self.session.get(url)` where self.session may be a client or something else: it stays sync,
                    // so a client of that type made in this file must too (it may be the one that call reaches)
                    CatalogMethod may = planner.mayBeBlocking(file, call);
                    if (may != null && !planner.catalog.knowledge().coexist(may.type())) {
                        planner.markSync(file, may.type(), "uses a client type that `" + call.callee() + "` at line "
                                + call.line() + " may also reach, and that call cannot be proven to migrate");
                    }
                    continue;
                }
                if (t != null && t.spec() != null && t.callee() instanceof Qualified && t.spec().resultType() != null
                        && planner.calls.refusal(file, call, t) != null && changed) {
                    // a library function that cannot be migrated here (scoped_session(...)) keeps what it makes sync
                    planner.markSync(file, t.spec().resultType());
                    continue;
                }
                if (t == null || t.spec() == null || !(t.callee() instanceof CatalogMethod m)) {
                    continue;
                }
                if (t.spec().kind() == Kind.FLAG && changed) {
                    // a method with no async form, called on an object that would become the async client's
                    // (session.mount, response.iter_content): the call would fail there, so the object stays sync
                    planner.markSync(file, m.type(), "calls `" + call.callee() + "` at line " + call.line()
                            + ", which the async client has no form of (" + t.spec().explanation() + ")");
                    continue;
                }
                if ((t.spec().kind() == Kind.KEEPS_SYNC || planner.calls.refusal(file, call, t) != null)
                        && changed) {
                    planner.markSync(file, m.type());
                    continue;
                }
                boolean staysSync = call.function() < 0 || call.context() != Context.FUNCTION
                        || !asyncSet.contains(Planner.key(file, call.function())) || CallSupport.unsupportedKeyword(call, t.spec()) != null
                        || planner.calls.argumentRefusal(file, call, t.spec()) != null;
                // a non-I/O call whose async form is written differently (engine.connect()) used in sync code
                boolean differs = t.spec().kind() == Kind.SYNC && t.spec().rewriter() != null;
                if (t.spec().kind() != Kind.AWAIT && !planner.calls.asyncIteration(call, t) && !differs) {
                    continue;
                }
                if (staysSync && changed && !planner.catalog.knowledge().coexist(m.type())) {
                    planner.markSync(file, m.type());
                }
            }
            for (ReferenceFact r : file.references()) {
                String type = planner.calls.listedAsyncIterable(file, r);
                if (type != null && changed && !planner.catalog.knowledge().coexist(type)
                        && (r.context() != Context.FUNCTION || !asyncSet.contains(Planner.key(file, r.function())))) {
                    planner.markSync(file, type);
                }
            }
            for (FileFacts.ForFact loop : file.loops()) {
                boolean staysSync = loop.function() < 0 || loop.context() != Context.FUNCTION
                        || !asyncSet.contains(Planner.key(file, loop.function()));
                if (staysSync && !loop.isAsync() && changed
                        && planner.resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                        && planner.calls.isLibraryAsyncIterable(i.type()) && !planner.catalog.knowledge().coexist(i.type())) {
                    planner.markSync(file, i.type());
                }
            }
        }
        for (FileFacts file : planner.index.files()) {
            if (planner.inChangeSet.test(file.path())) {
                keepEvaluatedCursorsSync(file);
            }
        }
        // A shared client (module level, or stored in an attribute) that its own file keeps sync is sync everywhere:
        // other files reach the same object.
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t != null && t.spec() != null && t.spec().kind() == Kind.CONSTRUCTOR && t.spec().resultType() != null
                        && (call.function() < 0 || call.assignedTo() == null)
                        && planner.syncTypes.contains(file.path() + "|" + t.spec().resultType())) {
                    for (FileFacts other : planner.index.files()) {
                        planner.markSync(other, t.spec().resultType());
                    }
                }
            }
        }
    }
}
