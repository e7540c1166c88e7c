package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;

/**
 * A client object that several places reach (a module-level variable, imported elsewhere; an attribute of a
 * class) switches to its async form only when every use of it, in every file, migrates. It stays sync, in every
 * file that reaches it, when one use stays sync, when it is handed to code outside the project
 * ({@code Queue(connection=r)}), or when one of its I/O methods is used as a value ({@code sorted(keys, key=r.get)}).
 * A library client class that the project subclasses stays sync everywhere.
 */
final class SharedClients {
    private final Planner planner;
    private final Resolver resolver;
    /** Subclassed client classes are marked in the first round (later rounds would mark the same again). */
    private boolean subclassedMarked;

    SharedClients(Planner planner) {
        this.planner = planner;
        this.resolver = planner.resolver;
    }

    /** What a use of a shared client is: what each round checks of it. */
    private enum UseKind { METHOD_CALL, CONSTRUCTED, FACTORY_CALL, HANDED_LOCAL, HANDED_SHARED }

    /**
     * A call or reference that reaches a client: which object ({@code origin}, null for a local one) of which type.
     * What makes one does not change between rounds (call targets, resolved values, imports); whether it stays sync
     * does.
     */
    private record Use(UseKind kind, FileFacts file, CallFact call, CallTarget target, ReferenceFact reference,
                       String origin, String type, boolean callback) {
        String key() {
            return file.path() + "|" + type;
        }
    }

    /** The uses of clients in the project, in file order (calls, then references): found in the first round. */
    private List<Use> clientUses;

    /** One round: marks types sync in the files that reach a client that must stay sync. */
    void check(Set<String> asyncSet) {
        if (clientUses == null) {
            clientUses = clientUses();
        }
        Map<String, Set<String>> uses = new HashMap<>();
        Map<String, String> syncOrigins = new java.util.LinkedHashMap<>();
        for (Use u : clientUses) {
            FileFacts file = u.file();
            switch (u.kind()) {
                case METHOD_CALL, FACTORY_CALL -> {
                    uses.computeIfAbsent(u.origin(), k -> new LinkedHashSet<>()).add(u.key());
                    if (planner.syncTypes.contains(u.key())
                            || u.kind() == UseKind.METHOD_CALL && staysSync(file, u.call(), u.target(), asyncSet)) {
                        syncOrigins.putIfAbsent(u.origin(), "uses a shared client (" + shown(u.origin())
                                + ") that stays synchronous where it is used at " + file.path() + ":" + u.call().line());
                    }
                }
                case CONSTRUCTED -> {
                    uses.computeIfAbsent(u.origin(), k -> new LinkedHashSet<>()).add(u.key());
                    if (planner.syncTypes.contains(u.key())) {
                        syncOrigins.putIfAbsent(u.origin(), "uses a shared client (" + shown(u.origin())
                                + ") that its own file keeps synchronous");
                    }
                }
                case HANDED_LOCAL -> planner.markSync(file, u.type(), "uses a client that is " + (u.callback()
                        ? "used as a callback" : "handed to code outside the project") + " at " + file.path() + ":"
                        + u.reference().line() + ", which would not await it");
                case HANDED_SHARED -> {
                    // a root cause: it wins over uses that are sync only because the client is
                    syncOrigins.put(u.origin(), "uses a shared client (" + shown(u.origin()) + ") that is "
                            + (u.callback() ? "used as a callback" : "handed to code outside the project")
                            + " at " + file.path() + ":" + u.reference().line() + ", which would not await it");
                    uses.computeIfAbsent(u.origin(), k -> new LinkedHashSet<>()).add(u.key());
                }
            }
        }
        for (Map.Entry<String, String> sync : syncOrigins.entrySet()) {
            for (String use : uses.getOrDefault(sync.getKey(), Set.of())) {
                if (planner.syncTypes.contains(use)) {
                    continue; // already sync in that file, for a reason of its own
                }
                int bar = use.indexOf('|');
                planner.markSync(planner.index.file(use.substring(0, bar)), use.substring(bar + 1), sync.getValue());
            }
        }
        // A client class the project subclasses: its objects are the project's, with methods the engine cannot
        // see through; none of them migrates.
        if (!subclassedMarked) {
            subclassedMarked = true;
            subclassedClients().forEach((base, reason) -> {
                for (FileFacts other : planner.index.files()) {
                    planner.markSync(other, base, reason);
                }
            });
        }
    }

    /**
     * The library client classes the project subclasses, each once with its first subclass's reason (a project's
     * many models of one base would mark every file again and again).
     */
    private Map<String, String> subclassedClients() {
        Map<String, String> subclassed = new java.util.LinkedHashMap<>();
        for (FileFacts file : planner.index.files()) {
            for (FileFacts.ClassFact c : file.classes()) {
                for (String base : resolver.externalBases(c.qualifiedName())) {
                    if (!subclassed.containsKey(base) && planner.catalog.type(base) != null
                            && !planner.catalog.knowledge().isSubclassedByDesign(base)) {
                        subclassed.put(base, "uses a client class that the project subclasses (" + c.qualifiedName()
                                + "), whose methods the engine cannot follow");
                    }
                }
            }
        }
        return subclassed;
    }

    private List<Use> clientUses() {
        List<Use> out = new ArrayList<>();
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null) {
                    Use factory = factoryCall(file, call);
                    if (factory != null) {
                        out.add(factory);
                    }
                    continue;
                }
                if (t.spec() == null) {
                    continue;
                }
                if (t.callee() instanceof CatalogMethod m) {
                    String origin = origin(file, call.function(), call.callee(), call.callee().steps().size() - 1);
                    if (origin != null) {
                        out.add(new Use(UseKind.METHOD_CALL, file, call, t, null, origin, m.type(), false));
                    }
                } else if (t.spec().kind() == Kind.CONSTRUCTOR && t.spec().resultType() != null) {
                    String origin = constructed(file, call);
                    if (origin != null) {
                        out.add(new Use(UseKind.CONSTRUCTED, file, call, t, null, origin, t.spec().resultType(), false));
                    }
                }
            }
            for (ReferenceFact r : file.references()) {
                if (r.trailing() || r.chain().isOpaque()) {
                    continue;
                }
                Value v = resolver.reference(file, r);
                String type = null;
                int receiverSteps = -1;
                if (v instanceof CatalogMethod m) {
                    CallSpec spec = planner.catalog.method(m.type(), m.method());
                    if (spec != null && spec.isBlocking(true)) {
                        type = m.type();
                        receiverSteps = r.chain().steps().size() - 1;
                    }
                } else if (v instanceof Instance i && planner.catalog.type(i.type()) != null && r.isCallArgument()
                        && !planner.catalog.knowledge().hasOwnHandOffs(i.type()) && passedToLibrary(file, r, i.type())) {
                    type = i.type();
                    receiverSteps = r.chain().steps().size();
                }
                if (type == null) {
                    continue;
                }
                String origin = origin(file, r.function(), r.chain(), receiverSteps);
                if (origin == null && v instanceof Instance local && evaluatedWhereItIs(local.type())) {
                    continue; // a local value (a queryset): RefusedUsesInAsync keeps the function that hands it off sync
                }
                out.add(new Use(origin == null ? UseKind.HANDED_LOCAL : UseKind.HANDED_SHARED, file, null, null, r,
                        origin, type, v instanceof CatalogMethod));
            }
        }
        return out;
    }

    /**
     * A lazily evaluated value of a library that refuses sync calls on an event loop (a queryset): each one is its
     * own object, evaluated where it is handed off, so handing one off concerns the function doing it, not every
     * use of the type in the file.
     */
    private boolean evaluatedWhereItIs(String type) {
        var spec = planner.catalog.type(type);
        return spec != null && planner.catalog.knowledge().refusedOnEventLoop(spec.ruleId()) != null
                && planner.calls.isLibraryAsyncIterable(type);
    }

    /**
     * {@code Session()} calling a shared factory ({@code Session = sessionmaker(...)} in another module): the sessions
     * it makes are the factory's kind, so a file that keeps them sync keeps the factory sync everywhere.
     */
    private Use factoryCall(FileFacts file, CallFact call) {
        if (call.callee().isOpaque()
                || !(resolver.callee(file, call) instanceof Instance factory)
                || planner.catalog.method(factory.type(), "__call__") == null) {
            return null;
        }
        String origin = origin(file, call.function(), call.callee(), call.callee().steps().size());
        return origin == null ? null : new Use(UseKind.FACTORY_CALL, file, call, null, null, origin, factory.type(), false);
    }

    /** A use that needs async code (an awaited call, async iteration) sits where the code stays sync. */
    private boolean staysSync(FileFacts file, CallFact call, CallTarget t, Set<String> asyncSet) {
        CallSpec spec = t.spec();
        boolean needsAsync = spec.kind() == Kind.AWAIT || planner.calls.asyncIteration(call, t)
                || spec.kind() == Kind.SYNC && spec.rewriter() != null;
        if (spec.kind() == Kind.KEEPS_SYNC || planner.calls.refusal(file, call, t) != null) {
            return true;
        }
        if (t.callee() instanceof CatalogMethod m && planner.catalog.knowledge().coexist(m.type())) {
            return false;
        }
        return needsAsync && (call.function() < 0 || call.context() != FileFacts.Context.FUNCTION
                || !asyncSet.contains(Planner.key(file, call.function())));
    }

    /**
     * The shared object the first {@code steps} steps of a chain stand for: {@code module:<qualified name>} for a
     * module-level variable (of this file or imported), {@code attr:<class>.<name>} for {@code self.name} or
     * {@code cls.name}; null for a local value.
     */
    String origin(FileFacts file, int function, Chain chain, int steps) {
        if (steps < 0) {
            return null;
        }
        String root = chain.root();
        if (function >= 0 && isLocal(file, function, root)) {
            FunctionFact f = file.functions().get(function);
            boolean selfLike = f.owner() >= 0 && !f.params().isEmpty() && f.params().get(0).name().equals(root);
            if (selfLike && steps >= 1 && chain.steps().get(0) instanceof Chain.Attr a) {
                return "attr:" + declaringClass(file.classes().get(f.owner()).qualifiedName(), a.name()) + "." + a.name();
            }
            return null;
        }
        if (file.moduleAssignments().containsKey(root)) {
            return "module:" + qualify(file.module(), root);
        }
        String imported = planner.index.importedName(file, root);
        if (imported == null) {
            return null;
        }
        // `from db import client` or `import db` + `db.client`
        String name = imported;
        for (int i = 0; i <= steps; i++) {
            String canonical = planner.index.canonical(name);
            int dot = canonical.lastIndexOf('.');
            FileFacts owner = dot > 0 ? planner.index.module(canonical.substring(0, dot)) : null;
            if (owner != null && owner.moduleAssignments().containsKey(canonical.substring(dot + 1))) {
                return "module:" + canonical;
            }
            if (i == steps || !(chain.steps().get(i) instanceof Chain.Attr a)) {
                return null;
            }
            name = name + "." + a.name();
        }
        return null;
    }

    /** The object a constructor call makes, when it is stored where others reach it. */
    String constructed(FileFacts file, CallFact call) {
        if (call.function() < 0) {
            for (Map.Entry<String, List<Chain>> e : file.moduleAssignments().entrySet()) {
                if (endsWithCall(e.getValue(), call.index())) {
                    return "module:" + qualify(file.module(), e.getKey());
                }
            }
            for (FileFacts.ClassFact c : file.classes()) {
                for (Map.Entry<String, List<Chain>> e : c.classAttributes().entrySet()) {
                    if (endsWithCall(e.getValue(), call.index())) {
                        return "attr:" + declaringClass(c.qualifiedName(), e.getKey()) + "." + e.getKey();
                    }
                }
            }
            return null;
        }
        FunctionFact f = file.functions().get(call.function());
        if (f.owner() < 0) {
            return null;
        }
        for (Map.Entry<String, List<Chain>> e : f.selfAttributes().entrySet()) {
            if (endsWithCall(e.getValue(), call.index())) {
                String cls = file.classes().get(f.owner()).qualifiedName();
                return "attr:" + declaringClass(cls, e.getKey()) + "." + e.getKey();
            }
        }
        return null;
    }

    private static boolean endsWithCall(List<Chain> chains, int call) {
        for (Chain c : chains) {
            List<Chain.Step> steps = c.steps();
            if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Call k && k.call() == call) {
                return true;
            }
        }
        return false;
    }

    /** The top-most project class in the hierarchy that assigns the attribute (so base and subclass agree). */
    private String declaringClass(String cls, String attribute) {
        List<String> order = new ArrayList<>(resolver.linearization(cls));
        for (int i = order.size() - 1; i >= 0; i--) {
            ClassRef c = planner.index.cls(order.get(i));
            if (c == null) {
                continue;
            }
            if (c.fact().classAttributes().containsKey(attribute)) {
                return c.fact().qualifiedName();
            }
            for (FunctionFact m : c.file().functions()) {
                if (m.owner() == c.fact().index() && m.selfAttributes().containsKey(attribute)) {
                    return c.fact().qualifiedName();
                }
            }
        }
        return cls;
    }

    private static String shown(String origin) {
        return "`" + origin.substring(origin.indexOf(':') + 1) + "`";
    }

    private static boolean isLocal(FileFacts file, int function, String name) {
        for (int fn = function; fn >= 0; fn = file.functions().get(fn).parent()) {
            FunctionFact f = file.functions().get(fn);
            if (f.locals().containsKey(name) || f.params().stream().anyMatch(p -> p.name().equals(name))) {
                return true;
            }
        }
        return false;
    }

    private static String qualify(String module, String name) {
        return module.isEmpty() ? name : module + "." + name;
    }

    /**
     * The value is an argument of a call that leaves the project: not a project function (whose parameter then
     * has the client's type), not the same library (which takes its own clients), not a builtin that only looks.
     */
    private boolean passedToLibrary(FileFacts file, ReferenceFact r, String type) {
        CallTarget[] ts = planner.callTargets.get(file.path());
        CallFact around = null;
        for (CallFact c : file.calls()) {
            if (c.function() == r.function() && c.openParen() < r.start() && r.end() <= c.callEnd()
                    && (around == null || c.openParen() > around.openParen())) {
                around = c;
            }
        }
        if (around == null) {
            return false;
        }
        CallTarget t = ts[around.index()];
        if (t != null && t.function() != null) {
            return false;
        }
        if (t != null && t.spec() != null && planner.catalog.type(type) != null
                && t.spec().ruleId().equals(planner.catalog.type(type).ruleId())) {
            return false;
        }
        Value callee = resolver.callee(file, around);
        // list(cursor) is how an async iterable is consumed (the iteration rules handle it)
        return !(callee instanceof Qualified q && Set.of("builtins.list", "builtins.print", "builtins.isinstance", "builtins.id",
                "builtins.repr", "builtins.type", "builtins.hasattr", "builtins.getattr").contains(q.name()));
    }
}
