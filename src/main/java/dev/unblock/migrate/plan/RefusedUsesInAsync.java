package dev.unblock.migrate.plan;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ForFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * What a library refuses on an event loop (Django's ORM raises SynchronousOnlyOperation) must not be left inside a
 * function that becomes async: such a function stays sync instead (a pin; the propagation runs again) when it
 * <ul>
 * <li>makes a refused call that stays synchronous (no async form, not translatable here, or its type stays sync in
 *     the file), or calls a method of a refusing library's object that the catalog does not describe
 *     ({@code obj.full_clean()});</li>
 * <li>iterates a refused library value synchronously, or evaluates one (a name, or the call that returns it) by other
 *     means than its converted calls: as
 *     an argument to other code ({@code sorted(qs)}, {@code render(..., {"qs": qs})}), a truth test, {@code in}, a
 *     subscript ({@code qs[0]});</li>
 * <li>reads an attribute that loads a related object ({@code book.author}): typed, or by name on a receiver the
 *     engine cannot type when a project model declares a relation of that name; or a property of a project class
 *     that stays sync and runs queries.</li>
 * </ul>
 */
final class RefusedUsesInAsync {
    private final Planner planner;
    private final Resolver resolver;
    private final LazyValueUses uses;
    /** Relation names of the project's models (see {@link #relationNames()}): the same in every round. */
    private Map<String, String> relations;

    RefusedUsesInAsync(Planner planner) {
        this.planner = planner;
        this.resolver = planner.resolver;
        this.uses = new LazyValueUses(planner);
    }

    /**
     * One round: pins the functions of {@code asyncSet} that would keep refused work; {@code refusing} is the sync
     * functions making refused calls ({@link RefusedSyncCalls#refusingSyncFunctions}).
     */
    void pin(Set<String> asyncSet, Map<String, String> refusing) {
        if (relations == null) {
            relations = relationNames();
        }
        Map<String, String> relationNames = new HashMap<>(relations);
        refusingProperties(refusing).forEach(relationNames::putIfAbsent);
        for (FileFacts file : planner.index.files()) {
            if (!anyAsyncCaller(file, asyncSet)) {
                continue; // every pin below is of a function of the file that would become async now
            }
            CallTarget[] ts = planner.callTargets.get(file.path());
            String text = planner.texts.get(file.path());
            for (CallFact call : file.calls()) {
                String k = asyncCaller(file, call.function(), asyncSet);
                if (k == null) {
                    continue;
                }
                String left = leftSync(file, call, ts[call.index()]);
                if (left == null) {
                    left = undescribedMethod(file, call, ts[call.index()]);
                }
                if (left != null) {
                    planner.pin(k, "it calls `" + call.callee() + "` at " + file.path() + ":" + call.line() + ", which "
                            + left);
                    continue;
                }
                String type = lazyResult(ts[call.index()]);
                String how = type != null && text != null ? uses.byCall(file, call, type, text) : null;
                if (how != null) {
                    planner.pin(k, "it " + how + " at " + file.path() + ":" + call.line() + ", which evaluates it "
                            + "synchronously: it " + refusal(type));
                    continue;
                }
                relatedRead(file, k, call.function(), call.callee(), call.callee().steps().size() - 1, call.line(),
                        relationNames);
            }
            for (ForFact loop : file.loops()) {
                String k = asyncCaller(file, loop.function(), asyncSet);
                String type = k == null || loop.isAsync() ? null : refusedType(file, loop.function(), loop.iterable());
                if (type != null && (planner.syncTypes.contains(file.path() + "|" + type)
                        || loop.context() != FileFacts.Context.FUNCTION)) {
                    planner.pin(k, "it iterates `" + loop.iterable() + "` at " + file.path() + ":" + loop.line()
                            + " synchronously, which " + refusal(type));
                }
            }
            for (ReferenceFact r : file.references()) {
                String k = asyncCaller(file, r.function(), asyncSet);
                if (k == null || r.chain().isOpaque()) {
                    continue;
                }
                relatedRead(file, k, r.function(), r.chain(), r.chain().steps().size(), r.line(), relationNames);
                String type = r.trailing() && !(text != null && LazyValueUses.lineAfter(text, r.end()).startsWith("["))
                        ? null : refusedType(file, r.function(), r.chain());
                String how = type != null && planner.calls.isLibraryAsyncIterable(type) && text != null
                        ? uses.byName(file, r, type, text) : null;
                if (how != null) {
                    planner.pin(k, "it " + how + " at " + file.path() + ":" + r.line() + ", which evaluates it "
                            + "synchronously: it " + refusal(type));
                }
            }
        }
    }

    /** Whether a function of the file would become async now ({@link #asyncCaller} of one is not null). */
    static boolean anyAsyncCaller(FileFacts file, Set<String> asyncSet) {
        for (int i = 0, n = file.functions().size(); i < n; i++) {
            if (asyncCaller(file, i, asyncSet) != null) {
                return true;
            }
        }
        return false;
    }

    /** The key of the function when it would become async now (not already async), else null. */
    static String asyncCaller(FileFacts file, int function, Set<String> asyncSet) {
        if (function < 0) {
            return null;
        }
        String k = Planner.key(file, function);
        return asyncSet.contains(k) && !file.functions().get(function).isAsync() ? k : null;
    }

    /** Why a refused call stays synchronous in async code, or null when it is converted (or not refused). */
    private String leftSync(FileFacts file, CallFact call, CallTarget t) {
        if (t == null || t.spec() == null || refused(t.spec().ruleId()) == null) {
            return null;
        }
        CallSpec spec = t.spec();
        String why = refused(spec.ruleId());
        String type = t.callee() instanceof CatalogMethod m ? m.type() : null;
        boolean typeSync = type != null && planner.syncTypes.contains(file.path() + "|" + type);
        return switch (spec.kind()) {
            case KEEPS_SYNC, FLAG, SYNC_ONLY -> "stays synchronous and " + why + " (" + spec.explanation() + ")";
            case AWAIT -> typeSync || !planner.calls.translatable(file, call, t)
                    ? "stays synchronous here and " + why + (typeSync ? " (" + syncReason(file, type) + ")" : "")
                    : null;
            case SYNC -> planner.calls.asyncIteration(call, t)
                    && planner.syncTypes.contains(file.path() + "|" + spec.resultType())
                    ? "is iterated synchronously here and " + why : null;
            default -> null;
        };
    }

    /**
     * {@code obj.full_clean()} on an object of a refusing library's type, a method the catalog does not describe (and
     * no project subclass defines): it may run queries (full_clean checks uniqueness), so it counts as refused.
     */
    private String undescribedMethod(FileFacts file, CallFact call, CallTarget t) {
        List<Chain.Step> steps = call.callee().steps();
        if (t != null && (t.spec() != null || t.function() != null) || call.callee().isOpaque() || steps.isEmpty()
                || !(steps.get(steps.size() - 1) instanceof Chain.Attr a) || a.name().startsWith("__")
                || a.name().matches("get_.+_display")) {
            return null;
        }
        Value receiver = resolver.receiver(file, call);
        if (!(receiver instanceof Instance i) || refusedTypeSpec(i.type()) == null) {
            return null;
        }
        return "is a method of " + i.type() + " the engine does not describe: it may run queries, which the library "
                + "refuses on an event loop";
    }

    private String syncReason(FileFacts file, String type) {
        String reason = planner.syncReasons.get(file.path() + "|" + type);
        return reason == null ? "its type stays synchronous in this file" : "it " + reason;
    }

    /** `x.author` where reading author loads a related object. */
    private void relatedRead(FileFacts file, String key, int function, Chain chain, int steps, int line,
                             Map<String, String> relationNames) {
        for (int i = 1; i <= steps; i++) {
            if (!(chain.steps().get(i - 1) instanceof Chain.Attr a)) {
                return;
            }
            Value v = resolver.resolve(file, function, chain, i);
            if (v instanceof Instance inst && planner.catalog.queriesOnAccess(inst.type()) != null) {
                planner.pin(key, "it reads `" + chain.prefix(i) + "` at " + file.path() + ":" + line + ", which "
                        + planner.catalog.queriesOnAccess(inst.type()).replacement());
                return;
            }
            String mayDo = relationNames.get(a.name());
            Value receiver = mayDo == null ? null : resolver.resolve(file, function, chain, i - 1);
            if (mayDo != null && (untypedOrModel(receiver)
                    || receiver instanceof Instance inst && planner.index.cls(inst.type()) != null)) {
                planner.pin(key, "it reads `" + chain.prefix(i) + "` at " + file.path() + ":" + line + ", which may "
                        + mayDo + ", which the library refuses on an event loop");
                return;
            }
        }
    }

    /** A receiver that may be a model object: untyped, or of a type the refusing library describes (or a subclass). */
    boolean untypedOrModel(Value v) {
        if (v instanceof Resolver.Unknown || v instanceof Resolver.Qualified q && q.name().startsWith("builtins.")) {
            return true; // names the resolver does not know (a loop's target) come out as builtins
        }
        if (v instanceof Instance i) {
            if (refusedTypeSpec(i.type()) != null) {
                return true;
            }
            for (String base : resolver.externalBases(i.type())) {
                if (refusedTypeSpec(base) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Attribute names that load a related object when read, from the project's classes: a field whose value the
     * catalog says queries on access ({@code author = models.ForeignKey(...)}), and the reverse side of a one-to-one
     * field ({@code related_name}, else the declaring class's name in lower case). Each with what reading it may do.
     */
    private Map<String, String> relationNames() {
        Map<String, String> names = new HashMap<>();
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (FileFacts.ClassFact c : file.classes()) {
                for (Map.Entry<String, List<Chain>> e : c.classAttributes().entrySet()) {
                    for (Chain value : e.getValue()) {
                        CallFact field = fieldCall(file, value);
                        CallTarget t = field == null ? null : ts[field.index()];
                        if (t == null || t.spec() == null || t.spec().resultType() == null
                                || planner.catalog.queriesOnAccess(t.spec().resultType()) == null) {
                            continue;
                        }
                        names.putIfAbsent(e.getKey(), loadsRelated(c.qualifiedName() + "." + e.getKey()));
                        if (field.callee().toString().contains("OneToOne")) {
                            String reverse = relatedName(file, field);
                            names.putIfAbsent(reverse != null ? reverse : c.name().toLowerCase(java.util.Locale.ROOT),
                                    loadsRelated("the reverse side of " + c.qualifiedName() + "." + e.getKey()));
                        }
                    }
                }
            }
        }
        return names;
    }

    private static String loadsRelated(String declared) {
        return "load a related object (" + declared + "; the engine cannot tell what the receiver is): a query";
    }

    /**
     * Properties of project classes among the {@code refusing} sync functions ({@code @property def total(self):
     * return self.items.count()}): reading one runs their queries. Each with what reading it may do.
     */
    private Map<String, String> refusingProperties(Map<String, String> refusing) {
        Map<String, String> names = new HashMap<>();
        refusing.forEach((k, what) -> {
            FileFacts.FunctionFact f = planner.functions.get(k).fact();
            if (f.owner() >= 0 && f.decoratorTexts().stream().anyMatch(d -> d.matches("(.*\\.)?(cached_)?property"))) {
                names.putIfAbsent(f.name(), "be the property " + f.qualifiedName() + ", which " + what
                        + " (the engine cannot tell what the receiver is)");
            }
        });
        return names;
    }

    private static CallFact fieldCall(FileFacts file, Chain value) {
        List<Chain.Step> steps = value.steps();
        return !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Call c && c.call() >= 0
                && c.call() < file.calls().size() ? file.calls().get(c.call()) : null;
    }

    private String relatedName(FileFacts file, CallFact field) {
        String text = planner.texts.get(file.path());
        for (FileFacts.Argument a : field.arguments()) {
            if ("related_name".equals(a.keyword()) && text != null) {
                String v = text.substring(a.start(), a.end()).strip();
                if (v.length() > 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
                    return v.substring(1, v.length() - 1);
                }
            }
        }
        return null;
    }

    /** The refused library type the chain evaluates to, or null. */
    private String refusedType(FileFacts file, int function, Chain chain) {
        return chain.isOpaque() ? null : resolver.resolve(file, function, chain) instanceof Instance i
                && refusedTypeSpec(i.type()) != null ? i.type() : null;
    }

    private TypeSpec refusedTypeSpec(String type) {
        TypeSpec spec = planner.catalog.type(type);
        return spec != null && refused(spec.ruleId()) != null ? spec : null;
    }

    private String refused(String ruleId) {
        return planner.catalog.knowledge().refusedOnEventLoop(ruleId);
    }

    private String refusal(String type) {
        return refused(planner.catalog.type(type).ruleId()) + ", which the library refuses on an event loop";
    }

    /** The refused lazy type a call returns without running it ({@code Book.objects.filter(...)}), or null. */
    private String lazyResult(CallTarget t) {
        if (t == null || t.spec() == null || t.spec().kind() != Kind.SYNC || t.spec().resultType() == null) {
            return null;
        }
        String type = t.spec().resultType();
        return refusedTypeSpec(type) != null && planner.calls.isLibraryAsyncIterable(type) ? type : null;
    }
}
