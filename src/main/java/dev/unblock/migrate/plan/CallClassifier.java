package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Function;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;

/**
 * The call graph the planner works on: what each call refers to (a project function, a constructor, a catalog call),
 * the callers and callees of every project function, method names read on receivers the engine cannot type, and the
 * names string literals spell.
 */
final class CallClassifier {
    private final Planner planner;

    CallClassifier(Planner planner) {
        this.planner = planner;
    }

    void classify(FileFacts file) {
        CallTarget[] out = new CallTarget[file.calls().size()];
        for (CallFact call : file.calls()) {
            out[call.index()] = target(file, call);
            CallTarget t = out[call.index()];
            if (t != null && t.function() != null) {
                planner.callers.computeIfAbsent(t.function().key(), k -> new ArrayList<>()).add(new Planner.Site(file, call));
                if (call.function() >= 0) {
                    planner.callees.computeIfAbsent(Planner.key(file, call.function()), k -> new LinkedHashSet<>())
                            .add(t.function().key());
                }
            }
        }
        planner.callTargets.put(file.path(), out);
        for (CallFact call : file.calls()) {
            CallTarget t = out[call.index()];
            if ((t == null || t.function() == null && t.spec() == null) && !call.callee().isOpaque()) {
                untypedMember(file, call.callee(), call.line(), () -> planner.resolver.receiver(file, call));
            }
        }
        for (ReferenceFact r : file.references()) {
            if (!r.trailing() && !r.chain().isOpaque()) {
                untypedMember(file, r.chain(), r.line(),
                        () -> planner.resolver.resolve(file, r.function(), r.chain(), r.chain().steps().size() - 1));
            }
        }
        planner.nameStrings.addAll(file.nameStrings());
        // `with X` where X's class defines __enter__: the function holding the with planner.calls __enter__/__exit__.
        for (WithFact w : file.withItems()) {
            Value v = planner.resolver.resolve(file, w.function(), w.manager());
            if (v instanceof Instance i && planner.index.cls(i.type()) != null) {
                for (String dunder : List.of("__enter__", "__exit__")) {
                    FunctionRef m = planner.resolver.method(i.type(), dunder);
                    if (m != null && w.function() >= 0) {
                        planner.callees.computeIfAbsent(Planner.key(file, w.function()), k -> new LinkedHashSet<>()).add(m.key());
                    }
                }
            }
        }
    }

    /**
     * Records {@code x.m} when x cannot be typed, is a project object without a method m (a subclass's), or is of a
     * library base the project subclasses.
     */
    private void untypedMember(FileFacts file, Chain chain, int line, java.util.function.Supplier<Value> receiverOf) {
        List<Chain.Step> steps = chain.steps();
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)) {
            return;
        }
        Value receiver = receiverOf.get();
        boolean untyped = receiver instanceof Resolver.Unknown
                || receiver instanceof Qualified q && q.name().startsWith("builtins.")
                || receiver instanceof Instance i && planner.index.cls(i.type()) != null
                && planner.resolver.method(i.type(), a.name()) == null
                || receiver instanceof Resolver.ClassValue c && planner.resolver.method(c.ref().fact().qualifiedName(), a.name()) == null
                // a library base the project subclasses (a Django model): the object may be of a project subclass
                || receiver instanceof Instance i && planner.catalog.knowledge().isSubclassedByDesign(i.type())
                && planner.catalog.method(i.type(), a.name()) == null;
        if (untyped) {
            // the first place only (most names are met many times: the text is made once)
            planner.untypedByName.computeIfAbsent(a.name(), k -> "`" + chain + "` at " + file.path() + ":" + line);
        }
    }

    private CallTarget target(FileFacts file, CallFact call) {
        Chain callee = call.callee();
        if (callee.isOpaque()) {
            return null;
        }
        Value v = planner.resolver.callee(file, call);
        if (v instanceof Function f) {
            return new CallTarget(f.ref(), null, v, false);
        }
        if (v instanceof Resolver.ClassValue c) {
            FunctionRef init = planner.resolver.method(c.ref().fact().qualifiedName(), "__init__");
            return init == null ? null : new CallTarget(init, null, v, true);
        }
        if (v instanceof Qualified q) {
            CallSpec spec = planner.catalog.function(q.name());
            return spec == null ? null : new CallTarget(null, spec, v, false);
        }
        if (v instanceof CatalogMethod m) {
            CallSpec spec = planner.catalog.method(m.type(), m.method());
            return spec == null ? null : new CallTarget(null, spec, v, false);
        }
        return constructionThroughInstance(file, call);
    }

    /**
     * {@code type(x)(...)} and {@code x.__class__(...)} build an object of x's class: a construction of that class
     * (awaited like {@code C(...)} if its constructor becomes awaitable). When x cannot be typed, the call may build
     * any class: no project constructor may then become awaitable.
     */
    private CallTarget constructionThroughInstance(FileFacts file, CallFact call) {
        Chain callee = call.callee();
        List<Chain.Step> steps = callee.steps();
        Value instance;
        if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Attr a && a.name().equals("__class__")) {
            instance = planner.resolver.resolve(file, call.function(), callee, steps.size() - 1);
        } else if (steps.size() == 1 && steps.get(0) instanceof Chain.Call inner
                && planner.resolver.resolve(file, call.function(), callee, 0) instanceof Qualified q
                && q.name().equals("builtins.type") && file.calls().get(inner.call()).arguments().size() == 1
                && file.calls().get(inner.call()).arguments().get(0).keyword() == null
                && file.calls().get(inner.call()).arguments().get(0).value() != null) {
            instance = planner.resolver.resolve(file, call.function(),
                    file.calls().get(inner.call()).arguments().get(0).value());
        } else {
            return null;
        }
        if (instance instanceof Instance i && planner.index.cls(i.type()) != null) {
            FunctionRef init = planner.resolver.method(i.type(), "__init__");
            return init == null ? null : new CallTarget(init, null, instance, true);
        }
        if (!(instance instanceof Instance)) {
            planner.untypedByName.putIfAbsent("__init__", "`" + callee + "(...)` at " + file.path() + ":"
                    + call.line() + " (an object of a class the engine cannot tell)");
        }
        return null;
    }
}
