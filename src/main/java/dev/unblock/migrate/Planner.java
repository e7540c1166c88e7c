package dev.unblock.migrate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.analysis.ProjectIndex;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.migrate.Resolver.CatalogMethod;
import dev.unblock.migrate.Resolver.Function;
import dev.unblock.migrate.Resolver.Instance;
import dev.unblock.migrate.Resolver.Qualified;
import dev.unblock.migrate.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;
import dev.unblock.rules.core.AsyncBoundary;

/**
 * Decides which functions become async and what every affected line turns into.
 * <ol>
 *   <li>Seeds: functions in the change set that make a blocking call the catalog can translate.</li>
 *   <li>Boundaries pin functions to sync: callbacks, lambdas, generator expressions, import-time calls,
 *       properties and unknown decorators, most dunder methods, generators consumed in ways that cannot be
 *       made async. A pinned function's project callees are pinned too, so nothing is ever left calling a
 *       coroutine without awaiting it.</li>
 *   <li>Async-ness spreads from the seeds to every caller (and to overriding/overridden methods) until it
 *       reaches a fixed point.</li>
 *   <li>Edits, file by file ({@link FileEditor}): {@code async def}, {@code await}, {@code async for}/
 *       {@code async with}, the catalog's call rewrites, awaitable constructors, {@code asyncio.run} at the entry
 *       point, imports.</li>
 * </ol>
 */
public final class Planner {
    /** The code of the mixin that makes constructors awaitable, added once per project. */
    static final String ASYNC_MIXIN_IMPORT = "from async_mixin import AsyncMixin";

    final ProjectIndex index;
    final Resolver resolver;
    final Catalog catalog;
    final MigrationConfig config;
    final java.util.function.Predicate<String> inChangeSet;
    final Map<String, String> texts;
    final Targets targets;
    final PathGlobs paths;
    final Plan plan = new Plan();

    /** What each call refers to, per file. */
    final Map<String, Target[]> callTargets = new HashMap<>();
    /** Call sites of each project function, by function key. */
    private final Map<String, List<Site>> callers = new HashMap<>();
    /** Project callees of each function (for pinning downwards). */
    private final Map<String, Set<String>> callees = new HashMap<>();
    final Map<String, FunctionRef> functions = new LinkedHashMap<>();
    private final Map<String, String> pinReasons = new LinkedHashMap<>();
    private final Set<String> seeds = new LinkedHashSet<>();
    Set<String> async = new LinkedHashSet<>();
    /** Catalog types that stay sync in a file because some of their blocking uses there cannot become async. */
    final Set<String> syncTypes = new HashSet<>();
    final Map<String, Boolean> migratesMemo = new HashMap<>();
    /**
     * Method names called or read on a receiver the resolver cannot type ({@code x.notify(...)}), with where: such
     * a call may reach any project method of that name, and cannot be proven to await it.
     */
    private final Map<String, String> untypedByName = new HashMap<>();
    /** Qualified names of the project's declared entry points (console scripts, plugins). */
    private Set<String> declaredEntryPoints = Set.of();
    /** Entry points called only from outside or from the main guard: they keep a sync wrapper if they become async. */
    private final Set<String> bridgeable = new HashSet<>();

    /** Names that string literals spell anywhere in the project (getattr, callbacks given by name). */
    private final Set<String> nameStrings = new HashSet<>();

    private record Site(FileFacts file, CallFact call) {
    }

    /** What a call refers to. */
    record Target(FunctionRef function, CallSpec spec, Value callee, boolean constructor) {
    }

    public Planner(ProjectIndex index, Resolver resolver, MigrationConfig config, Targets targets,
                   java.util.function.Predicate<String> inChangeSet, Map<String, String> texts) {
        this.targets = targets;
        this.paths = config.paths();
        this.index = index;
        this.resolver = resolver;
        this.catalog = resolver.catalog();
        this.config = config;
        this.inChangeSet = inChangeSet;
        this.texts = texts;
    }

    /** Declares the project's entry points ({@link EntryPoints}). */
    public Planner entryPoints(Set<String> qualifiedNames) {
        this.declaredEntryPoints = qualifiedNames;
        return this;
    }

    /**
     * Entry points: declared ones (installed scripts call them) and functions called under the main guard. One
     * that project code also calls from a function cannot be bridged: a declared one is pinned, a main-guard one
     * is run with asyncio.run where the guard calls it.
     */
    private void findEntryPoints() {
        for (FunctionRef f : functions.values()) {
            boolean topLevel = f.fact().owner() < 0 && f.fact().parent() < 0;
            String q = f.fact().qualifiedName();
            boolean declared = declaredEntryPoints.contains(q) || declaredEntryPoints.stream().anyMatch(
                    e -> q.endsWith("." + e) || e.endsWith("." + q));
            boolean fromGuard = false;
            boolean fromCode = false;
            for (Site site : callers.getOrDefault(f.key(), List.of())) {
                if (site.call().context() == Context.MAIN_GUARD) {
                    fromGuard = true;
                } else {
                    fromCode = true;
                }
            }
            if (declared && (fromCode || !topLevel)) {
                pin(f.key(), "it is a declared entry point (an installed script calls it synchronously)"
                        + (topLevel ? " and project code calls it too" : ""));
            } else if ((declared || fromGuard) && topLevel && !fromCode) {
                bridgeable.add(f.key());
            }
        }
    }

    /** An entry point that became async: it keeps a sync wrapper that runs its async body with asyncio.run. */
    boolean bridged(String key) {
        return bridgeable.contains(key) && async.contains(key);
    }

    public Plan plan() {
        for (FileFacts file : index.files()) {
            for (FunctionFact f : file.functions()) {
                FunctionRef ref = new FunctionRef(file, f);
                functions.put(ref.key(), ref);
            }
        }
        for (FileFacts file : index.files()) {
            classify(file);
        }
        findEntryPoints();
        pinBoundaries();
        solve();
        for (FileFacts file : index.files()) {
            if (paths.matches(file.path())) {
                new FileEditor(this, file).build();
            }
        }
        return plan;
    }

    // ====================================================================================== classification

    private void classify(FileFacts file) {
        Target[] out = new Target[file.calls().size()];
        for (CallFact call : file.calls()) {
            out[call.index()] = target(file, call);
            Target t = out[call.index()];
            if (t != null && t.function() != null) {
                callers.computeIfAbsent(t.function().key(), k -> new ArrayList<>()).add(new Site(file, call));
                if (call.function() >= 0) {
                    callees.computeIfAbsent(key(file, call.function()), k -> new LinkedHashSet<>())
                            .add(t.function().key());
                }
            }
        }
        callTargets.put(file.path(), out);
        for (CallFact call : file.calls()) {
            Target t = out[call.index()];
            if ((t == null || t.function() == null && t.spec() == null) && !call.callee().isOpaque()) {
                untypedMember(file, call.function(), call.callee(), call.line());
            }
        }
        for (ReferenceFact r : file.references()) {
            if (!r.trailing() && !r.chain().isOpaque()) {
                untypedMember(file, r.function(), r.chain(), r.line());
            }
        }
        nameStrings.addAll(file.nameStrings());
        // `with X` where X's class defines __enter__: the function holding the with calls __enter__/__exit__.
        for (WithFact w : file.withItems()) {
            Value v = resolver.resolve(file, w.function(), w.manager());
            if (v instanceof Instance i && index.cls(i.type()) != null) {
                for (String dunder : List.of("__enter__", "__exit__")) {
                    FunctionRef m = resolver.method(i.type(), dunder);
                    if (m != null && w.function() >= 0) {
                        callees.computeIfAbsent(key(file, w.function()), k -> new LinkedHashSet<>()).add(m.key());
                    }
                }
            }
        }
    }

    /** Records {@code x.m} when x cannot be typed, or is a project object without a method m (a subclass's). */
    private void untypedMember(FileFacts file, int function, Chain chain, int line) {
        List<Chain.Step> steps = chain.steps();
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)) {
            return;
        }
        Value receiver = resolver.resolve(file, function, chain, steps.size() - 1);
        boolean untyped = receiver instanceof Resolver.Unknown
                || receiver instanceof Qualified q && q.name().startsWith("builtins.")
                || receiver instanceof Instance i && index.cls(i.type()) != null
                && resolver.method(i.type(), a.name()) == null
                || receiver instanceof Resolver.ClassValue c && resolver.method(c.ref().fact().qualifiedName(), a.name()) == null;
        if (untyped) {
            untypedByName.putIfAbsent(a.name(), "`" + chain + "` at " + file.path() + ":" + line);
        }
    }

    private Target target(FileFacts file, CallFact call) {
        Chain callee = call.callee();
        if (callee.isOpaque()) {
            return null;
        }
        Value v = resolver.resolve(file, call.function(), callee);
        if (v instanceof Function f) {
            return new Target(f.ref(), null, v, false);
        }
        if (v instanceof Resolver.ClassValue c) {
            FunctionRef init = resolver.method(c.ref().fact().qualifiedName(), "__init__");
            return init == null ? null : new Target(init, null, v, true);
        }
        if (v instanceof Qualified q) {
            CallSpec spec = catalog.function(q.name());
            return spec == null ? null : new Target(null, spec, v, false);
        }
        if (v instanceof CatalogMethod m) {
            CallSpec spec = catalog.method(m.type(), m.method());
            return spec == null ? null : new Target(null, spec, v, false);
        }
        return null;
    }

    static String key(FileFacts file, int function) {
        return file.path() + "#" + function;
    }

    // ====================================================================================== boundaries

    private void pinBoundaries() {
        Knowledge knowledge = catalog.knowledge();
        for (FileFacts file : index.files()) {
            boolean included = paths.matches(file.path());
            for (FunctionFact f : file.functions()) {
                String k = key(file, f.index());
                if (!included) {
                    pin(k, "its file is excluded by the config's paths");
                    continue;
                }
                String reason = knowledge.externalCaller(file.path(), f.name());
                if (reason == null) {
                    reason = definitionBoundary(file, f);
                }
                if (reason == null && namedInString(f.name())) {
                    reason = "its name is spelled in a string, so it may be looked up by name (getattr, a callback "
                            + "given by name) and called without `await`";
                }
                if (reason == null && f.owner() >= 0) {
                    reason = baseBoundary(file, f);
                }
                if (reason != null) {
                    pin(k, reason);
                }
            }
            for (ReferenceFact r : file.references()) {
                Value v = r.trailing() ? null : resolver.resolve(file, r.function(), r.chain());
                if (v instanceof Function f) {
                    pin(f.ref().key(), "it is used as a value (not called) at " + file.path() + ":" + r.line()
                            + ", e.g. passed as a callback, which cannot await it");
                } else if (v instanceof Resolver.ClassValue c && constructs(file, r)) {
                    FunctionRef init = resolver.method(c.ref().fact().qualifiedName(), "__init__");
                    if (init != null) {
                        pin(init.key(), "its class " + c.ref().fact().name() + " is used as a value at " + file.path()
                                + ":" + r.line() + ", where objects may be made from it without `await`");
                    }
                }
            }
            Target[] ts = callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                Target t = ts[call.index()];
                if (t == null || t.function() == null) {
                    continue;
                }
                String reason = switch (call.context()) {
                    case FUNCTION -> null;
                    case MAIN_GUARD -> call.use() == Use.STATEMENT || call.assignedTo() != null
                            || bridgeable.contains(t.function().key()) ? null
                            : "it is called inside an expression under `if __name__ == \"__main__\"`";
                    case LAMBDA -> "it is called inside a lambda at " + file.path() + ":" + call.line();
                    case GENERATOR_EXPRESSION -> "it is called inside a generator expression at " + file.path() + ":"
                            + call.line();
                    case IMPORT_TIME -> "it is called at import time at " + file.path() + ":" + call.line();
                    case DEFINITION_TIME -> "it is called in a decorator or default value at " + file.path() + ":"
                            + call.line();
                };
                if (reason != null) {
                    pin(t.function().key(), reason);
                }
            }
        }
    }

    /**
     * Whether a class named as a value may be called to make objects: not when it is a base or annotation
     * (definition time) or the class argument of isinstance/issubclass.
     */
    private boolean constructs(FileFacts file, ReferenceFact r) {
        if (r.context() == Context.DEFINITION_TIME) {
            return false;
        }
        if (r.isCallArgument()) {
            for (CallFact c : file.calls()) {
                if (c.function() == r.function() && c.openParen() < r.start() && r.end() <= c.callEnd()
                        && c.callee().steps().isEmpty()
                        && Set.of("isinstance", "issubclass").contains(c.callee().root())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Why a method must stay sync because of a library base class of its class: the base calls it synchronously,
     * or the base is not described by any rule (then it may call any method), or a base cannot be resolved.
     */
    private String baseBoundary(FileFacts file, FunctionFact f) {
        Knowledge knowledge = catalog.knowledge();
        String cls = file.classes().get(f.owner()).qualifiedName();
        String unresolved = unresolvedBase(cls);
        if (unresolved != null) {
            return "its class has a base the engine cannot resolve (" + unresolved + "), which may call it synchronously";
        }
        for (String base : resolver.externalBases(cls)) {
            if (!knowledge.knowsBase(base)) {
                return "its class extends " + base + ", a library class that may call its methods synchronously";
            }
            if (knowledge.callsSync(base, f.name())) {
                String bridge = knowledge.bridge(base);
                return base + " calls " + f.name() + "() synchronously" + (bridge == null ? "" : " (" + bridge + ")");
            }
        }
        return null;
    }

    /** The text of the first base of the class or of a project ancestor that resolves to nothing known, or null. */
    private String unresolvedBase(String classQualifiedName) {
        for (String c : resolver.linearization(classQualifiedName)) {
            ClassRef ref = index.cls(c);
            for (Chain base : ref.fact().bases()) {
                Value v = resolver.resolve(ref.file(), ref.fact().parentFunction(), base);
                if (!(v instanceof Resolver.ClassValue) && !(v instanceof Qualified)) {
                    return base.isOpaque() ? "an expression" : base.toString();
                }
            }
        }
        return null;
    }

    private boolean namedInString(String name) {
        if (nameStrings.contains(name)) {
            return true;
        }
        for (String s : nameStrings) {
            if (s.endsWith("_") && name.startsWith(s) && name.length() > s.length()) {
                return true;
            }
        }
        return false;
    }

    /** Why a definition cannot become async by its nature or its decorators, or null. */
    private String definitionBoundary(FileFacts file, FunctionFact f) {
        String name = f.name();
        if (name.startsWith("__") && name.endsWith("__") && !name.equals("__init__") && !name.equals("__enter__")
                && !name.equals("__exit__")) {
            return "Python calls " + name + " synchronously";
        }
        for (int i = 0; i < f.decoratorTexts().size(); i++) {
            String d = f.decoratorTexts().get(i);
            String plain = d.contains("(") ? d.substring(0, d.indexOf('(')) : d;
            if (plain.equals("property") || plain.endsWith(".setter") || plain.endsWith(".getter")
                    || plain.endsWith(".deleter") || plain.endsWith("cached_property")) {
                return "a property cannot be awaited (@" + plain + ")";
            }
            if (!catalog.knowledge().isAsyncSafeDecorator(decoratorName(file, f, f.decorators().get(i)))) {
                return "its decorator @" + plain + " may call it synchronously or hand it to code that does";
            }
        }
        return null;
    }

    /** What a decorator is, as a qualified name ({@code fastapi.FastAPI.get}, {@code builtins.staticmethod}), or null. */
    private String decoratorName(FileFacts file, FunctionFact f, Chain decorator) {
        List<Chain.Step> steps = decorator.steps();
        Chain named = !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Call
                ? decorator.prefix(steps.size() - 1) : decorator;
        if (named.isOpaque() || named.dotted() == null) {
            return null;
        }
        if (named.steps().isEmpty()) {
            return resolver.resolve(file, f.parent(), named) instanceof Qualified q ? q.name() : null;
        }
        String last = ((Chain.Attr) named.steps().get(named.steps().size() - 1)).name();
        Value receiver = resolver.resolve(file, f.parent(), named, named.steps().size() - 1);
        if (receiver instanceof Instance i && index.cls(i.type()) == null) {
            return i.type() + "." + last;
        }
        if (receiver instanceof Qualified q) {
            return q.name() + "." + last;
        }
        return null;
    }

    /** Method names too common to suspect an untyped receiver of being a library client (dict.get, set.add). */
    static final Set<String> GENERIC_METHOD_NAMES = Set.of("get", "set", "add", "remove", "clear", "update",
            "count", "first", "last", "close", "create", "contains", "copy", "pop", "append", "extend", "items", "keys",
            "values", "explain", "latest", "earliest");

    private void pin(String key, String reason) {
        pinReasons.putIfAbsent(key, reason);
    }

    // ====================================================================================== propagation

    private void solve() {
        for (int round = 0; round < 50; round++) {
            Set<String> pinned = pinnedClosure();
            computeSeeds(pinned);
            Set<String> next = spread(pinned);
            int pinsBefore = pinReasons.size();
            pinDynamicallyDispatched(next);
            int syncBefore = syncTypes.size();
            checkConsumers(next);
            checkSyncTypes(next);
            new SharedClients(this).check(next);
            async = next;
            if (pinReasons.size() == pinsBefore && syncTypes.size() == syncBefore) {
                reportPinnedBlockingCalls(pinned);
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
            FunctionFact f = functions.get(k).fact();
            String where = f.owner() >= 0 ? untypedByName.get(f.name()) : null;
            if (where != null && !f.isAsync()) {
                pin(k, where + " may call it (the engine cannot tell what the receiver is), and would not await it");
            }
        }
    }

    /** Pinned functions and, transitively, their project callees. */
    private Set<String> pinnedClosure() {
        Set<String> closed = new LinkedHashSet<>(pinReasons.keySet());
        Deque<String> work = new ArrayDeque<>(closed);
        while (!work.isEmpty()) {
            String k = work.pop();
            for (String callee : callees.getOrDefault(k, Set.of())) {
                if (closed.add(callee)) {
                    FunctionRef caller = functions.get(k);
                    pinReasons.putIfAbsent(callee, "it is called by " + caller.fact().qualifiedName()
                            + ", which stays synchronous");
                    work.push(callee);
                }
            }
        }
        return closed;
    }

    /** A file where migration starts: in the change set and inside the config's paths. */
    private boolean startsHere(FileFacts file) {
        return inChangeSet.test(file.path()) && paths.matches(file.path());
    }

    private void computeSeeds(Set<String> pinned) {
        seeds.clear();
        for (FileFacts file : index.files()) {
            if (!startsHere(file)) {
                continue;
            }
            Target[] ts = callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                Target t = ts[call.index()];
                if (t == null || t.spec() == null || call.function() < 0 || call.context() != Context.FUNCTION) {
                    continue;
                }
                if ((t.spec().isBlocking(config.toThread()) || asyncIteration(call, t)) && translatable(file, call, t)
                        && !pinned.contains(key(file, call.function()))) {
                    seeds.add(key(file, call.function()));
                }
            }
            // `for doc in cursor:` where the cursor (from a catalog call) becomes an async iterable.
            for (FileFacts.ForFact loop : file.loops()) {
                if (loop.function() >= 0 && !loop.isAsync() && loop.context() == Context.FUNCTION
                        && !pinned.contains(key(file, loop.function()))
                        && resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                        && isLibraryAsyncIterable(i.type()) && !syncTypes.contains(file.path() + "|" + i.type())) {
                    seeds.add(key(file, loop.function()));
                }
            }
            // `list(cursor)` of such a value
            for (ReferenceFact r : file.references()) {
                String type = listedAsyncIterable(file, r);
                if (type != null && r.context() == Context.FUNCTION && !pinned.contains(key(file, r.function()))
                        && !syncTypes.contains(file.path() + "|" + type)) {
                    seeds.add(key(file, r.function()));
                }
            }
        }
    }

    /** The `list(x)` call whose only argument is this reference, or null. */
    CallFact listCallAround(FileFacts file, ReferenceFact r) {
        if (!r.isCallArgument() || r.function() < 0) {
            return null;
        }
        for (CallFact c : file.calls()) {
            if (c.function() == r.function() && c.callee().steps().isEmpty() && c.callee().root().equals("list")
                    && c.arguments().size() == 1 && c.arguments().get(0).keyword() == null
                    && !c.arguments().get(0).star() && c.arguments().get(0).start() == r.start()
                    && c.arguments().get(0).end() == r.end()
                    && resolver.resolve(file, c.function(), c.callee()) instanceof Qualified q
                    && q.name().equals("builtins.list")) {
                return c;
            }
        }
        return null;
    }

    /** The library async-iterable type of x in `list(x)` (x a variable or attribute, not a call), or null. */
    String listedAsyncIterable(FileFacts file, ReferenceFact r) {
        if (listCallAround(file, r) == null) {
            return null;
        }
        return resolver.resolve(file, r.function(), r.chain()) instanceof Instance i && isLibraryAsyncIterable(i.type())
                ? i.type() : null;
    }

    /**
     * A call that is not I/O itself but whose result is consumed by iteration that becomes async
     * ({@code for k in r.scan_iter()}, {@code list(coll.find())}): it makes its function async like a blocking call.
     */
    boolean asyncIteration(CallFact call, Target t) {
        return t.spec().kind() == Kind.SYNC && t.spec().resultType() != null
                && isLibraryAsyncIterable(t.spec().resultType())
                && (call.use() == Use.FOR_ITERABLE || call.use() == Use.LIST_ARGUMENT);
    }

    /** A library type iterated with {@code async for} after migration (files, which are optional, excepted). */
    private boolean isLibraryAsyncIterable(String type) {
        TypeSpec spec = catalog.type(type);
        return spec != null && (spec.asyncIterable() || spec.listTemplate() != null) && !spec.ruleId().equals("UB702");
    }

    /** Why the spec's own rewriter cannot handle this call, or null. */
    String refusal(FileFacts file, CallFact call, Target t) {
        if (t == null || t.spec() == null || t.spec().rewriter() == null) {
            return null;
        }
        String text = texts.get(file.path());
        return text == null ? "the file's text is not available"
                : t.spec().rewriter().refusal(call, text, i -> argumentType(file, call, i));
    }

    /** The catalog type of a call's i-th argument when it is a name or attribute chain the resolver knows. */
    String argumentType(FileFacts file, CallFact call, int i) {
        if (i < 0 || i >= call.arguments().size()) {
            return null;
        }
        FileFacts.Argument a = call.arguments().get(i);
        for (ReferenceFact r : file.references()) {
            if (r.isCallArgument() && r.start() == a.start() && r.end() == a.end()) {
                return resolver.resolve(file, r.function(), r.chain()) instanceof Instance v ? v.type() : null;
            }
        }
        return null;
    }

    /** False when the call cannot be rewritten here (then it never makes its function async). */
    boolean translatable(FileFacts file, CallFact call, Target t) {
        if (refusal(file, call, t) != null) {
            return false;
        }
        if (t.spec().kind() == Kind.ONE_OFF) {
            OneOffClient client = oneOffClientOf(t);
            boolean rest = client != null && client.wrapsRestOfBlock();
            int end = rest ? call.blockEnd() : call.stmtEnd();
            if (client == null || !call.stmtIsSimple() || call.stmtStart() < 0 || end < 0
                    || multilineStringIn(file, call.stmtStart(), end) || rest && responseEscapes(file, call)) {
                return false;
            }
        }
        if (unsupportedKeyword(call, t.spec()) != null) {
            return false;
        }
        return !(t.callee() instanceof CatalogMethod m && syncTypes.contains(file.path() + "|" + m.type()));
    }

    OneOffClient oneOffClientOf(Target t) {
        if (!(t.callee() instanceof Qualified q) || !q.name().contains(".")) {
            return null;
        }
        return catalog.oneOffClient(q.name().substring(0, q.name().lastIndexOf('.')));
    }

    /** The call's result leaves the function unread: returned as it is, or assigned and returned as it is. */
    boolean responseEscapes(FileFacts file, CallFact call) {
        String text = texts.get(file.path());
        if (text != null && text.startsWith("return", call.stmtStart()) && call.callEnd() == call.stmtEnd()) {
            return true;
        }
        if (call.assignedTo() == null || call.function() < 0) {
            return false;
        }
        return file.functions().get(call.function()).returns().stream()
                .anyMatch(c -> c.root().equals(call.assignedTo()) && c.steps().isEmpty());
    }

    /** The first keyword argument the async API has no per-call equivalent for, or null. */
    static String unsupportedKeyword(CallFact call, CallSpec spec) {
        for (FileFacts.Argument a : call.arguments()) {
            if (a.keyword() != null && spec.unsupportedKeywords().containsKey(a.keyword())) {
                return a.keyword();
            }
        }
        return null;
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
            FunctionRef f = functions.get(k);
            List<String> next = new ArrayList<>();
            for (Site site : callers.getOrDefault(k, List.of())) {
                if (site.call().function() >= 0 && site.call().context() == Context.FUNCTION) {
                    next.add(key(site.file(), site.call().function()));
                }
            }
            // Overriding and overridden methods must agree, or a call through the base breaks.
            for (FunctionRef o : resolver.overriding(f)) {
                next.add(o.key());
            }
            for (FunctionRef o : resolver.overridden(f)) {
                next.add(o.key());
            }
            // A class's __enter__ and __exit__ become __aenter__/__aexit__ together; with-sites follow.
            if ((f.fact().name().equals("__enter__") || f.fact().name().equals("__exit__")) && f.fact().owner() >= 0) {
                ClassRef owner = new ClassRef(f.file(), f.file().classes().get(f.fact().owner()));
                for (String dunder : List.of("__enter__", "__exit__")) {
                    FunctionRef m = resolver.method(owner.fact().qualifiedName(), dunder);
                    if (m != null) {
                        next.add(m.key());
                    }
                }
                for (Map.Entry<String, Set<String>> e : callees.entrySet()) {
                    if (e.getValue().contains(k)) {
                        next.add(e.getKey());
                    }
                }
            }
            for (String n : next) {
                if (pinned.contains(n)) {
                    pin(k, "it is needed by " + functions.get(n).fact().qualifiedName() + ", which stays synchronous");
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
            FunctionRef f = functions.get(k);
            if (!f.fact().isGenerator() || f.fact().isAsync()) {
                continue;
            }
            for (Site site : callers.getOrDefault(k, List.of())) {
                Use use = site.call().use();
                if (use != Use.FOR_ITERABLE && use != Use.LIST_ARGUMENT) {
                    pin(k, "it is a generator and its result is used at " + site.file().path() + ":"
                            + site.call().line() + " in a way an async generator cannot be");
                }
            }
        }
    }

    /** A client type with a blocking use that stays sync in a file is not migrated in that file at all. */
    private void checkSyncTypes(Set<String> asyncSet) {
        for (FileFacts file : index.files()) {
            Target[] ts = callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                Target t = ts[call.index()];
                if (t != null && t.spec() != null && t.callee() instanceof Qualified && t.spec().resultType() != null
                        && refusal(file, call, t) != null && inChangeSet.test(file.path())) {
                    // a library function that cannot be migrated here (scoped_session(...)) keeps what it makes sync
                    markSync(file, t.spec().resultType());
                    continue;
                }
                if (t == null || t.spec() == null || !(t.callee() instanceof CatalogMethod m)) {
                    continue;
                }
                if ((t.spec().kind() == Kind.KEEPS_SYNC || refusal(file, call, t) != null)
                        && inChangeSet.test(file.path())) {
                    markSync(file, m.type());
                    continue;
                }
                boolean staysSync = call.function() < 0 || call.context() != Context.FUNCTION
                        || !asyncSet.contains(key(file, call.function())) || unsupportedKeyword(call, t.spec()) != null;
                // a non-I/O call whose async form is written differently (engine.connect()) used in sync code
                boolean differs = t.spec().kind() == Kind.SYNC && t.spec().rewriter() != null;
                if (t.spec().kind() != Kind.AWAIT && !asyncIteration(call, t) && !differs) {
                    continue;
                }
                if (staysSync && inChangeSet.test(file.path())) {
                    markSync(file, m.type());
                }
            }
            for (ReferenceFact r : file.references()) {
                String type = listedAsyncIterable(file, r);
                if (type != null && inChangeSet.test(file.path())
                        && (r.context() != Context.FUNCTION || !asyncSet.contains(key(file, r.function())))) {
                    markSync(file, type);
                }
            }
            for (FileFacts.ForFact loop : file.loops()) {
                boolean staysSync = loop.function() < 0 || loop.context() != Context.FUNCTION
                        || !asyncSet.contains(key(file, loop.function()));
                if (staysSync && !loop.isAsync() && inChangeSet.test(file.path())
                        && resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                        && isLibraryAsyncIterable(i.type())) {
                    markSync(file, i.type());
                }
            }
        }
        // A shared client (module level, or stored in an attribute) that its own file keeps sync is sync everywhere:
        // other files reach the same object.
        for (FileFacts file : index.files()) {
            Target[] ts = callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                Target t = ts[call.index()];
                if (t != null && t.spec() != null && t.spec().kind() == Kind.CONSTRUCTOR && t.spec().resultType() != null
                        && (call.function() < 0 || call.assignedTo() == null)
                        && syncTypes.contains(file.path() + "|" + t.spec().resultType())) {
                    for (FileFacts other : index.files()) {
                        markSync(other, t.spec().resultType());
                    }
                }
            }
        }
    }

    /** The type and the types that go with it (its pipelines, cursors, namespaces) stay sync in the file. */
    /** Why a type stays sync in a file, when the reason lies elsewhere (a shared client used sync in another file). */
    final Map<String, String> syncReasons = new HashMap<>();

    void markSync(FileFacts file, String type, String reason) {
        for (String t : catalog.family(type)) {
            syncReasons.putIfAbsent(file.path() + "|" + t, reason);
        }
        markSync(file, type);
    }

    void markSync(FileFacts file, String type) {
        for (String t : catalog.family(type)) {
            syncTypes.add(file.path() + "|" + t);
        }
    }

    private void reportPinnedBlockingCalls(Set<String> pinned) {
        for (FileFacts file : index.files()) {
            if (!startsHere(file)) {
                continue;
            }
            Target[] ts = callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                Target t = ts[call.index()];
                if (t != null && t.spec() != null && t.spec().kind() == Kind.TO_THREAD && !config.toThread()) {
                    plan.finding(new Finding(file.path(), call.line(), call.column(), t.spec().ruleId(),
                            call.callee() + " blocks the event loop and has no async API (to_thread is off)",
                            "await asyncio.to_thread(" + call.callee() + ", ...)"));
                    continue;
                }
                if (t != null && t.spec() != null && t.spec().kind() == Kind.KEEPS_SYNC) {
                    plan.finding(new Finding(file.path(), call.line(), call.column(), t.spec().ruleId(),
                            t.spec().explanation() + " (this file keeps the client synchronous)", null));
                    continue;
                }
                String refused = refusal(file, call, t);
                if (refused != null && (t.callee() instanceof CatalogMethod
                        || t.callee() instanceof Qualified && t.spec().resultType() != null)) {
                    plan.finding(new Finding(file.path(), call.line(), call.column(), t.spec().ruleId(),
                            refused + " (this file keeps the client synchronous)", null));
                    continue;
                }
                if (t == null || t.spec() == null || !(t.spec().isBlocking(config.toThread()) || asyncIteration(call, t))) {
                    continue;
                }
                String where = call.function() >= 0 ? file.functions().get(call.function()).qualifiedName() : null;
                String reason;
                if (call.function() < 0 || call.context() == Context.IMPORT_TIME) {
                    reason = "runs at import time";
                } else if (call.context() != Context.FUNCTION) {
                    reason = "is inside a " + call.context().name().toLowerCase().replace('_', ' ');
                } else if (pinned.contains(key(file, call.function()))) {
                    reason = "is in " + where + ", which stays synchronous because "
                            + pinReasons.get(key(file, call.function()));
                } else if (unsupportedKeyword(call, t.spec()) != null) {
                    String kw = unsupportedKeyword(call, t.spec());
                    reason = "passes " + kw + "=: " + t.spec().unsupportedKeywords().get(kw);
                } else if (iteratedLazily(file, call)) {
                    reason = "is iterated inside a generator expression, which cannot iterate asynchronously";
                } else if (!translatable(file, call, t)) {
                    reason = t.spec().kind() == Kind.ONE_OFF
                            ? "is not a statement of its own, or its response leaves the function unread, so it "
                            + "cannot get a client with `async with`"
                            : t.callee() instanceof CatalogMethod m && syncReasons.containsKey(file.path() + "|" + m.type())
                            ? syncReasons.get(file.path() + "|" + m.type())
                            : "uses a client that is also used synchronously in this file";
                } else {
                    continue;
                }
                plan.finding(new Finding(file.path(), call.line(), call.column(), AsyncBoundary.ID,
                        "blocking call " + call.callee() + " left synchronous: it " + reason,
                        bridgeFor(call)));
            }
        }
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

    boolean multilineStringIn(FileFacts file, int start, int end) {
        String text = texts.get(file.path());
        if (text == null) {
            return true;
        }
        String stmt = text.substring(start, Math.min(end, text.length()));
        return stmt.contains("\"\"\"") || stmt.contains("'''") || (stmt.contains("\n") && stmt.contains("\\\n"));
    }

    // ====================================================================================== edits

    /**
     * The method that became async with this name, when no other project method has the name (a call on an
     * unknown receiver is then most likely that one; common names shared with sync methods are not reported).
     */
    FunctionRef onlyAsyncMethodNamed(String name) {
        if (name.startsWith("__")) {
            return null;
        }
        FunctionRef found = null;
        for (FunctionRef f : functions.values()) {
            if (f.fact().owner() < 0 || !f.fact().name().equals(name)) {
                continue;
            }
            if (!becomesAsync(f) || found != null && !found.fact().name().equals(name)) {
                return null;
            }
            if (found == null) {
                found = f;
            }
        }
        return found;
    }

    boolean isAsyncNow(String key) {
        return async.contains(key);
    }

    boolean becomesAsync(FunctionRef f) {
        return f != null && async.contains(f.key()) && !f.fact().isAsync();
    }




    static boolean blankLineAt(String text, int at) {
        int i = at;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r';
    }

    /** The line end a file uses (its first one), for the lines an edit adds. */
    static String newline(String text) {
        int n = text.indexOf('\n');
        if (n > 0 && text.charAt(n - 1) == '\r') {
            return "\r\n";
        }
        if (n < 0 && text.indexOf('\r') >= 0) {
            return "\r";
        }
        return "\n";
    }
}
