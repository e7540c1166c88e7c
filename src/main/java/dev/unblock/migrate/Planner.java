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
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.NameSpec;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;
import dev.unblock.rules.core.AsyncBoundary;
import dev.unblock.rules.core.AsyncContextManager;
import dev.unblock.rules.core.AsyncDef;
import dev.unblock.rules.core.AsyncEntryPoint;
import dev.unblock.rules.core.AsyncIteration;
import dev.unblock.rules.core.AwaitCall;
import dev.unblock.rules.core.AwaitableConstructor;

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
 *   <li>Edits: {@code async def}, {@code await}, {@code async for}/{@code async with}, the catalog's call
 *       rewrites, awaitable constructors, {@code asyncio.run} at the entry point, imports.</li>
 * </ol>
 */
public final class Planner {
    /** The code of the mixin that makes constructors awaitable, added once per project. */
    static final String ASYNC_MIXIN_IMPORT = "from async_mixin import AsyncMixin";

    private final ProjectIndex index;
    private final Resolver resolver;
    private final Catalog catalog;
    private final MigrationConfig config;
    private final java.util.function.Predicate<String> inChangeSet;
    private final Map<String, String> texts;
    private final Targets targets;
    private final PathGlobs paths;
    private final Plan plan = new Plan();

    /** What each call refers to, per file. */
    private final Map<String, Target[]> callTargets = new HashMap<>();
    /** Call sites of each project function, by function key. */
    private final Map<String, List<Site>> callers = new HashMap<>();
    /** Project callees of each function (for pinning downwards). */
    private final Map<String, Set<String>> callees = new HashMap<>();
    private final Map<String, FunctionRef> functions = new LinkedHashMap<>();
    private final Map<String, String> pinReasons = new LinkedHashMap<>();
    private final Set<String> seeds = new LinkedHashSet<>();
    private Set<String> async = new LinkedHashSet<>();
    /** Catalog types that stay sync in a file because some of their blocking uses there cannot become async. */
    private final Set<String> syncTypes = new HashSet<>();
    private final Map<String, Boolean> migratesMemo = new HashMap<>();

    private record Site(FileFacts file, CallFact call) {
    }

    /** What a call refers to. */
    private record Target(FunctionRef function, CallSpec spec, Value callee, boolean constructor) {
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
        pinBoundaries();
        solve();
        for (FileFacts file : index.files()) {
            if (paths.matches(file.path())) {
                new FileEdits(file).build();
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

    private static String key(FileFacts file, int function) {
        return file.path() + "#" + function;
    }

    // ====================================================================================== boundaries

    /**
     * Library base classes that call some methods of their subclasses synchronously, by method name (a trailing
     * {@code *} matches a prefix): such overrides must stay sync.
     */
    private static final Map<String, List<String>> SYNC_CALLBACK_BASES = Map.ofEntries(
            Map.entry("threading.Thread", List.of("run")),
            Map.entry("multiprocessing.Process", List.of("run")),
            Map.entry("socketserver.BaseRequestHandler", List.of("handle", "setup", "finish")),
            Map.entry("socketserver.StreamRequestHandler", List.of("handle", "setup", "finish")),
            Map.entry("socketserver.DatagramRequestHandler", List.of("handle", "setup", "finish")),
            Map.entry("http.server.BaseHTTPRequestHandler", List.of("do_*", "handle*", "log_*", "send_*")),
            Map.entry("http.server.SimpleHTTPRequestHandler", List.of("do_*", "handle*", "log_*", "send_*")),
            Map.entry("unittest.TestCase", List.of("test*", "setUp*", "tearDown*")),
            Map.entry("logging.Handler", List.of("emit", "handle", "flush", "close")),
            Map.entry("logging.StreamHandler", List.of("emit", "handle", "flush", "close")),
            Map.entry("json.JSONEncoder", List.of("default", "encode")),
            Map.entry("argparse.Action", List.of("*")),
            Map.entry("cmd.Cmd", List.of("do_*", "default", "precmd", "postcmd", "preloop", "postloop", "emptyline")),
            Map.entry("io.IOBase", List.of("*")),
            Map.entry("io.RawIOBase", List.of("*")),
            Map.entry("io.BufferedIOBase", List.of("*")),
            Map.entry("io.TextIOBase", List.of("*")),
            Map.entry("io.TextIOWrapper", List.of("*")),
            Map.entry("io.StringIO", List.of("*")),
            Map.entry("io.BytesIO", List.of("*")));

    private void pinBoundaries() {
        for (FileFacts file : index.files()) {
            for (FileFacts.ClassFact c : file.classes()) {
                for (String base : resolver.externalBases(c.qualifiedName())) {
                    List<String> patterns = SYNC_CALLBACK_BASES.get(base);
                    if (patterns == null) {
                        continue;
                    }
                    for (FunctionFact f : file.functions()) {
                        if (f.owner() == c.index() && patterns.stream().anyMatch(p -> p.endsWith("*")
                                ? f.name().startsWith(p.substring(0, p.length() - 1)) : f.name().equals(p))) {
                            pin(key(file, f.index()), base + " calls " + f.name() + "() synchronously");
                        }
                    }
                }
            }
            if (!paths.matches(file.path())) {
                for (FunctionFact f : file.functions()) {
                    pin(key(file, f.index()), "its file is excluded by the config's paths");
                }
            }
            for (FunctionFact f : file.functions()) {
                String reason = definitionBoundary(f);
                if (reason != null) {
                    pin(key(file, f.index()), reason);
                } else if (f.owner() >= 0 && isSyncTestCase(file.classes().get(f.owner()).qualifiedName())) {
                    pin(key(file, f.index()), "unittest.TestCase calls its methods synchronously "
                            + "(unittest.IsolatedAsyncioTestCase runs async ones)");
                }
            }
            for (ReferenceFact r : file.references()) {
                Value v = r.trailing() ? null : resolver.resolve(file, r.function(), r.chain());
                if (v instanceof Function f) {
                    pin(f.ref().key(), "it is used as a value (not called) at " + file.path() + ":" + r.line()
                            + ", e.g. passed as a callback, which cannot await it");
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
                    case MAIN_GUARD -> call.use() == Use.STATEMENT || call.assignedTo() != null ? null
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

    /** A project class inheriting unittest's sync TestCase: a coroutine test method would never run. */
    private boolean isSyncTestCase(String classQualifiedName) {
        List<String> external = resolver.externalBases(classQualifiedName);
        return external.contains("unittest.TestCase") || external.contains("unittest.case.TestCase");
    }

    /** Why a definition cannot become async by its nature, or null. */
    private static String definitionBoundary(FunctionFact f) {
        String name = f.name();
        if (name.startsWith("__") && name.endsWith("__") && !name.equals("__init__") && !name.equals("__enter__")
                && !name.equals("__exit__")) {
            return "Python calls " + name + " synchronously";
        }
        for (String d : f.decoratorTexts()) {
            String plain = d.contains("(") ? d.substring(0, d.indexOf('(')) : d;
            if (plain.equals("property") || plain.endsWith(".setter") || plain.endsWith(".getter")
                    || plain.endsWith(".deleter") || plain.endsWith("cached_property")) {
                return "a property cannot be awaited (@" + plain + ")";
            }
            if (!isAsyncSafeDecorator(plain)) {
                return "its decorator @" + plain + " may not accept a coroutine function";
            }
        }
        return null;
    }

    /** Method names too common to suspect an untyped receiver of being a library client (dict.get, set.add). */
    private static final Set<String> GENERIC_METHOD_NAMES = Set.of("get", "set", "add", "remove", "clear", "update",
            "count", "first", "last", "close", "create", "contains", "copy", "pop", "append", "extend", "items", "keys",
            "values", "explain", "latest", "earliest");

    private static boolean isAsyncSafeDecorator(String d) {
        String last = d.contains(".") ? d.substring(d.lastIndexOf('.') + 1) : d;
        return Set.of("staticmethod", "classmethod", "abstractmethod", "overload", "override", "wraps", "route",
                "get", "post", "put", "patch", "delete", "head", "options", "websocket", "api_view").contains(last)
                || d.startsWith("functools.wraps") || d.startsWith("wraps");
    }

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
            int syncBefore = syncTypes.size();
            checkConsumers(next);
            checkSyncTypes(next);
            async = next;
            if (pinReasons.size() == pinsBefore && syncTypes.size() == syncBefore) {
                reportPinnedBlockingCalls(pinned);
                return;
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

    private void computeSeeds(Set<String> pinned) {
        seeds.clear();
        for (FileFacts file : index.files()) {
            if (!inChangeSet.test(file.path()) || !paths.matches(file.path())) {
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
    private CallFact listCallAround(FileFacts file, ReferenceFact r) {
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
    private String listedAsyncIterable(FileFacts file, ReferenceFact r) {
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
    private boolean asyncIteration(CallFact call, Target t) {
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
    private String refusal(FileFacts file, CallFact call, Target t) {
        if (t == null || t.spec() == null || t.spec().rewriter() == null) {
            return null;
        }
        String text = texts.get(file.path());
        return text == null ? "the file's text is not available"
                : t.spec().rewriter().refusal(call, text, i -> argumentType(file, call, i));
    }

    /** The catalog type of a call's i-th argument when it is a name or attribute chain the resolver knows. */
    private String argumentType(FileFacts file, CallFact call, int i) {
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
    private boolean translatable(FileFacts file, CallFact call, Target t) {
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

    private OneOffClient oneOffClientOf(Target t) {
        if (!(t.callee() instanceof Qualified q) || !q.name().contains(".")) {
            return null;
        }
        return catalog.oneOffClient(q.name().substring(0, q.name().lastIndexOf('.')));
    }

    /** The call's result leaves the function unread: returned as it is, or assigned and returned as it is. */
    private boolean responseEscapes(FileFacts file, CallFact call) {
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
    private static String unsupportedKeyword(CallFact call, CallSpec spec) {
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
    private void markSync(FileFacts file, String type) {
        for (String t : catalog.family(type)) {
            syncTypes.add(file.path() + "|" + t);
        }
    }

    private void reportPinnedBlockingCalls(Set<String> pinned) {
        for (FileFacts file : index.files()) {
            if (!inChangeSet.test(file.path()) || !paths.matches(file.path())) {
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

    private boolean multilineStringIn(FileFacts file, int start, int end) {
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
    private FunctionRef onlyAsyncMethodNamed(String name) {
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

    private boolean isAsyncNow(String key) {
        return async.contains(key);
    }

    private boolean becomesAsync(FunctionRef f) {
        return f != null && async.contains(f.key()) && !f.fact().isAsync();
    }



    /** The edits of one file. */
    private final class FileEdits {
        private final FileFacts file;
        private final String path;
        private final Target[] ts;
        private final Set<Integer> asyncWithStarts = new HashSet<>();
        /** Regions already wrapped in `async with <client>` ([start, end)) and their client variables. */
        private final List<int[]> wraps = new ArrayList<>();
        private final List<String> wrapVariables = new ArrayList<>();
        private final Map<Integer, Boolean> keepsSyncFilesMemo = new HashMap<>();
        private final Set<String> rulesUsed = new HashSet<>();
        private final Set<String> flaggedAccesses = new HashSet<>();

        FileEdits(FileFacts file) {
            this.file = file;
            this.path = file.path();
            this.ts = callTargets.get(path);
        }

        void build() {
            for (FunctionFact f : file.functions()) {
                FunctionRef ref = new FunctionRef(file, f);
                if (becomesAsync(ref)) {
                    definition(ref);
                }
            }
            for (CallFact call : file.calls()) {
                Target t = ts[call.index()];
                if (t == null) {
                    unresolvedCall(call);
                    continue;
                }
                boolean callerAsync = call.function() >= 0 && call.context() == Context.FUNCTION
                        && isAsyncNow(key(file, call.function()));
                if (t.function() != null) {
                    projectCall(call, t, callerAsync);
                } else if (t.spec() != null) {
                    catalogCall(call, t, callerAsync);
                }
            }
            for (WithFact w : file.withItems()) {
                withItem(w);
            }
            for (FileFacts.ForFact loop : file.loops()) {
                forLoop(loop);
            }
            for (ReferenceFact r : file.references()) {
                reference(r);
                if (r.function() >= 0 && r.context() == Context.FUNCTION && isAsyncNow(key(file, r.function()))) {
                    queryingAccess(r.chain(), r.chain().steps().size(), r.function(), r.line(), r.column());
                }
            }
            for (CallFact call : file.calls()) {
                if (call.function() >= 0 && call.context() == Context.FUNCTION && isAsyncNow(key(file, call.function()))
                        && !call.callee().isOpaque()) {
                    queryingAccess(call.callee(), call.callee().steps().size() - 1, call.function(), call.line(),
                            call.column());
                }
            }
        }

        /** `book.author` (a foreign key) read in async code runs a query: a finding. */
        private void queryingAccess(Chain chain, int steps, int function, int line, int column) {
            for (int i = 1; i <= steps; i++) {
                if (!(chain.steps().get(i - 1) instanceof Chain.Attr a)) {
                    return;
                }
                if (resolver.resolve(file, function, chain, i) instanceof Instance v) {
                    NameSpec flagged = catalog.queriesOnAccess(v.type());
                    if (flagged != null && flaggedAccesses.add(line + ":" + chain.prefix(i))) {
                        plan.finding(new Finding(path, line, column, flagged.ruleId(),
                                "`" + chain.prefix(i) + "` " + flagged.replacement(), null));
                    }
                }
            }
        }

        private void edit(Edit e) {
            plan.edit(path, e);
            rulesUsed.add(e.ruleId());
        }

        // ---- definitions ----

        private void definition(FunctionRef ref) {
            FunctionFact f = ref.fact();
            switch (isMethod(ref) ? f.name() : "") {
                case "__init__" -> {
                    edit(Edit.insert(f.defStart(), "async ", AwaitableConstructor.ID,
                            "the constructor does I/O: it moves to an awaitable __ainit__", 0));
                    edit(Edit.replace(f.nameStart(), f.nameEnd(), "__ainit__", AwaitableConstructor.ID,
                            "objects are created with `await " + owner(ref) + "(...)`"));
                    addMixin(ref);
                }
                case "__enter__", "__exit__" -> {
                    String name = f.name().equals("__enter__") ? "__aenter__" : "__aexit__";
                    edit(Edit.insert(f.defStart(), "async ", AsyncContextManager.ID,
                            "the context manager does I/O: it becomes an async context manager", 0));
                    edit(Edit.replace(f.nameStart(), f.nameEnd(), name, AsyncContextManager.ID,
                            "used with `async with`"));
                }
                default -> edit(Edit.insert(f.defStart(), "async ", f.isGenerator() ? AsyncIteration.ID : AsyncDef.ID,
                        f.isGenerator() ? "this generator does I/O: it becomes an async generator"
                                : "this function does I/O (directly or through what it calls)", 0));
            }
        }

        private static boolean isMethod(FunctionRef ref) {
        return ref.fact().owner() >= 0;
    }

    private String owner(FunctionRef ref) {
            return ref.file().classes().get(ref.fact().owner()).name();
        }

        /** The top-most class whose __init__ becomes async gets AsyncMixin as its first base. */
        private void addMixin(FunctionRef init) {
            ClassRef cls = new ClassRef(file, file.classes().get(init.fact().owner()));
            for (String base : resolver.bases(cls)) {
                FunctionRef baseInit = resolver.method(base, "__init__");
                if (baseInit != null && isAsyncNow(baseInit.key())) {
                    return;
                }
            }
            FileFacts.ClassFact c = cls.fact();
            String message = "AsyncMixin makes `await " + c.name() + "(...)` run the async constructor";
            if (!c.hasBases()) {
                edit(Edit.insert(c.nameEnd(), "(AsyncMixin)", AwaitableConstructor.ID, message, 0));
            } else if (c.bases().isEmpty() && texts.get(path).substring(c.basesOpen() + 1, c.basesClose()).isBlank()) {
                edit(Edit.insert(c.basesOpen() + 1, "AsyncMixin", AwaitableConstructor.ID, message, 0));
            } else {
                edit(Edit.insert(c.basesOpen() + 1, "AsyncMixin, ", AwaitableConstructor.ID, message, 0));
            }
            plan.imports(path, List.of(ASYNC_MIXIN_IMPORT));
            String root = dev.unblock.analysis.ModuleNames.sourceRoot(path, texts.keySet());
            plan.newFiles.put(root + "async_mixin.py", SupportFiles.read(SupportFiles.ASYNC_MIXIN));
        }

        // ---- calls of project functions ----

        private void projectCall(CallFact call, Target t, boolean callerAsync) {
            FunctionRef f = t.function();
            if (!becomesAsync(f)) {
                return;
            }
            if (call.context() == Context.MAIN_GUARD) {
                edit(Edit.insert(call.primaryStart(), "asyncio.run(", AsyncEntryPoint.ID,
                        "the entry point runs the now-async " + f.fact().name() + " in an event loop", -100));
                edit(Edit.insert(call.callEnd(), ")", AsyncEntryPoint.ID, "", 100));
                plan.imports(path, List.of("import asyncio"));
                return;
            }
            if (!callerAsync) {
                return;
            }
            if (f.fact().name().equals("__enter__") || f.fact().name().equals("__exit__")) {
                return;
            }
            if (f.fact().isGenerator()) {
                asyncGeneratorUse(call, f);
                return;
            }
            boolean superInit = call.callee().root().equals("super") && f.fact().name().equals("__init__");
            if (superInit) {
                edit(Edit.replace(call.lastNameStart(), call.calleeEnd(), "__ainit__", AwaitableConstructor.ID,
                        "the base constructor is async"));
            }
            String rule = t.constructor() || superInit ? AwaitableConstructor.ID : AwaitCall.ID;
            await(call, rule, t.constructor() ? "the constructor is async: the object is awaited"
                    : f.fact().name() + " is async now");
        }

        private void asyncGeneratorUse(CallFact call, FunctionRef f) {
            if (call.use() == Use.FOR_ITERABLE) {
                edit(Edit.insert(call.useStart(), "async ", AsyncIteration.ID,
                        f.fact().name() + " is an async generator now", 0));
            } else if (call.use() == Use.LIST_ARGUMENT) {
                edit(Edit.replace(call.useStart(), call.primaryStart(), "[item async for item in ",
                        AsyncIteration.ID, f.fact().name() + " is an async generator now"));
                edit(Edit.replace(call.callEnd(), call.useEnd(), "]", AsyncIteration.ID, ""));
            }
        }

        /** `await` before the call, in parentheses when trailers follow (`(await f()).x`). */
        private void await(CallFact call, String rule, String message) {
            if (call.use() == Use.AWAITED) {
                return;
            }
            if (call.trailing()) {
                edit(Edit.insert(call.primaryStart(), "(await ", rule, message, -call.callEnd()));
                edit(Edit.insert(call.callEnd(), ")", rule, "", 0));
            } else {
                edit(Edit.insert(call.primaryStart(), "await ", rule, message, -call.callEnd()));
            }
        }

        // ---- calls of catalog APIs ----

        private void catalogCall(CallFact call, Target t, boolean callerAsync) {
            CallSpec spec = t.spec();
            boolean syncType = t.callee() instanceof CatalogMethod m && syncTypes.contains(path + "|" + m.type());
            if (spec.rewriter() != null) {
                boolean applies = switch (spec.kind()) {
                    case CONSTRUCTOR -> !syncTypes.contains(path + "|" + spec.resultType())
                            && constructorMigrates(spec.resultType(), call);
                    case AWAIT, IN_ASYNC_ONLY, SYNC -> callerAsync && !syncType;
                    default -> false;
                };
                if (applies) {
                    spec.rewriter().rewrite(new RewriteSite(call, t));
                    plan.imports(path, spec.imports());
                }
                return;
            }
            switch (spec.kind()) {
                case CONSTRUCTOR -> {
                    String type = spec.resultType();
                    if (syncTypes.contains(path + "|" + type) || !constructorMigrates(type, call)) {
                        return;
                    }
                    replaceCallee(call, spec, t);
                    addArguments(call, spec);
                    renameKeywords(call, spec);
                }
                case AWAIT -> {
                    if (!callerAsync || syncType) {
                        return;
                    }
                    replaceCallee(call, spec, t);
                    addArguments(call, spec);
                    renameKeywords(call, spec);
                    await(call, spec.ruleId(), spec.explanation());
                }
                case ONE_OFF -> {
                    if (callerAsync && translatable(file, call, t)) {
                        oneOff(call, spec, t);
                    }
                }
                case TO_THREAD -> {
                    if (!callerAsync) {
                        return;
                    }
                    if (!config.toThread()) {
                        finding(call, spec.ruleId(), call.callee() + " blocks the event loop and has no async API",
                                "await asyncio.to_thread(" + call.callee() + ", ...)");
                        return;
                    }
                    boolean hasArgs = !call.arguments().isEmpty();
                    edit(Edit.insert(call.primaryStart(), (call.trailing() ? "(" : "") + "await asyncio.to_thread(",
                            spec.ruleId(), spec.explanation(), -call.callEnd()));
                    edit(Edit.replace(call.openParen(), call.openParen() + 1, hasArgs ? ", " : "", spec.ruleId(), ""));
                    if (call.trailing()) {
                        edit(Edit.insert(call.callEnd(), ")", spec.ruleId(), "", 0));
                    }
                    plan.imports(path, List.of("import asyncio"));
                }
                case IN_ASYNC_ONLY -> {
                    if (!callerAsync || !config.asyncFiles() || keepsSyncFiles(call.function())) {
                        return;
                    }
                    replaceCallee(call, spec, t);
                    if (t.callee() instanceof CatalogMethod || call.use() != Use.WITH_ITEM) {
                        await(call, spec.ruleId(), spec.explanation());
                    }
                }
                case FLAG -> {
                    if (callerAsync) {
                        finding(call, spec.ruleId(), spec.explanation(), null);
                    }
                }
                case SYNC -> listOfAsyncIterable(call, spec, callerAsync);
                case KEEPS_SYNC -> {
                    // reported when planning: the file keeps the object synchronous
                }
            }
        }

        /**
         * A function whose opened file is handed to other code (as an argument: a subprocess's stdout, a
         * parser) keeps plain open(): that code expects a real file, not an aiofiles wrapper.
         */
        private boolean keepsSyncFiles(int function) {
            return keepsSyncFilesMemo.computeIfAbsent(function, fn -> {
                Set<String> fileVariables = new HashSet<>();
                for (CallFact c : file.calls()) {
                    Target t = ts[c.index()];
                    if (c.function() == fn && t != null && t.spec() != null && t.spec().kind() == Kind.IN_ASYNC_ONLY
                            && t.callee() instanceof Qualified && c.assignedTo() != null) {
                        fileVariables.add(c.assignedTo());
                    }
                }
                for (WithFact w : file.withItems()) {
                    if (w.function() == fn && w.target() != null && w.call() >= 0 && ts[w.call()] != null
                            && ts[w.call()].spec() != null && ts[w.call()].spec().kind() == Kind.IN_ASYNC_ONLY) {
                        fileVariables.add(w.target());
                    }
                }
                return file.references().stream().anyMatch(r -> r.function() == fn && r.isCallArgument()
                        && r.chain().steps().isEmpty() && fileVariables.contains(r.chain().root()));
            });
        }

        /** {@code list(x)} where x becomes an async iterable: the type's template, or a comprehension. */
        private void listOfAsyncIterable(CallFact call, CallSpec spec, boolean callerAsync) {
            if (!callerAsync || call.use() != Use.LIST_ARGUMENT || spec.resultType() == null) {
                return;
            }
            TypeSpec type = catalog.type(spec.resultType());
            if (type == null || syncTypes.contains(path + "|" + spec.resultType())) {
                return;
            }
            String template = type.listTemplate() != null ? type.listTemplate()
                    : type.asyncIterable() ? "[item async for item in {}]" : null;
            if (template == null) {
                return;
            }
            int hole = template.indexOf("{}");
            edit(Edit.replace(call.useStart(), call.primaryStart(), template.substring(0, hole), type.ruleId(),
                    "the result is consumed asynchronously"));
            edit(Edit.replace(call.callEnd(), call.useEnd(), template.substring(hole + 2), type.ruleId(), ""));
        }

        /** A rule's view of one call (see {@link dev.unblock.migrate.catalog.CallRewriter.CallSite}). */
        private final class RewriteSite implements dev.unblock.migrate.catalog.CallRewriter.CallSite {
            private final CallFact call;
            private final Target target;

            RewriteSite(CallFact call, Target target) {
                this.call = call;
                this.target = target;
            }

            @Override
            public String text() {
                return texts.get(path);
            }

            @Override
            public CallFact fact() {
                return call;
            }

            @Override
            public String argument(int i) {
                FileFacts.Argument a = call.arguments().get(i);
                return text().substring(a.keyword() != null ? a.keywordStart() : a.start(), a.end());
            }

            @Override
            public String argumentType(int i) {
                return Planner.this.argumentType(file, call, i);
            }

            @Override
            public Targets targets() {
                return Planner.this.targets;
            }

            @Override
            public void replace(int start, int end, String text, String message) {
                edit(Edit.replace(start, end, text, target.spec().ruleId(), message));
            }

            @Override
            public void insert(int at, String text, String message) {
                edit(Edit.insert(at, text, target.spec().ruleId(), message, 0));
            }

            @Override
            public void replaceCallee(String text, String message) {
                CallSpec spec = target.spec();
                CallSpec renamed = new CallSpec(spec.ruleId(), spec.kind(), text, null, java.util.Map.of(),
                        java.util.Map.of(), null, List.of(), message);
                FileEdits.this.replaceCallee(call, renamed, target);
            }

            @Override
            public void await(String message) {
                FileEdits.this.await(call, target.spec().ruleId(), message);
            }

            @Override
            public void imports(String... lines) {
                plan.imports(path, List.of(lines));
            }

            @Override
            public void finding(String message, String bridge) {
                FileEdits.this.finding(call, target.spec().ruleId(), message, bridge);
            }

            @Override
            public String statementIndent() {
                String text = text();
                int start = call.stmtStart() < 0 ? call.primaryStart() : call.stmtStart();
                int lineStart = start;
                while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
                    lineStart--;
                }
                return text.substring(lineStart, start);
            }

            @Override
            public String indentUnit() {
                return file.indentUnit();
            }

            @Override
            public String newline() {
                return Planner.newline(text());
            }
        }

        private boolean fileMigratesType(String type) {
            return fileMigratesType(type, false, true);
        }

        /**
         * Whether the client a constructor call makes is migrated. One kept in a local variable of its function
         * ({@code engine = create_engine(url)} in a function) migrates only with the uses in this file.
         */
        private boolean constructorMigrates(String type, CallFact ctor) {
            boolean shared = ctor.function() < 0;
            return fileMigratesType(type, shared, shared || ctor.assignedTo() == null);
        }

        /** Memoized: the same question comes for every constructor and with statement of a type in a file. */
        private boolean fileMigratesType(String type, boolean shared, boolean mayEscape) {
            String memoKey = path + "|" + type + "|" + shared + "|" + mayEscape;
            Boolean known = migratesMemo.get(memoKey);
            if (known == null) {
                known = computeFileMigratesType(type, shared, mayEscape);
                migratesMemo.put(memoKey, known);
            }
            return known;
        }

        /**
         * Whether a client type is migrated here: some blocking use of it, or of a type that goes with it (a
         * session of an engine), in this file becomes async. A client made at module level ({@code shared}) is
         * also migrated when another file uses its type asynchronously.
         */
        private boolean computeFileMigratesType(String type, boolean shared, boolean mayEscape) {
            Set<String> family = catalog.family(type);
            TypeSpec typeSpec = catalog.type(type);
            for (CallFact c : file.calls()) {
                Target t = ts[c.index()];
                // a module function of the same library that takes the client (helpers.bulk(es, ...))
                if (t != null && t.spec() != null && t.callee() instanceof Qualified && typeSpec != null
                        && t.spec().ruleId().equals(typeSpec.ruleId())
                        && (t.spec().kind() == Kind.AWAIT || asyncIteration(c, t)) && c.function() >= 0
                        && isAsyncNow(key(file, c.function()))) {
                    return true;
                }
                if (t != null && t.callee() instanceof CatalogMethod m && family.contains(m.type())
                        && (t.spec().kind() == Kind.AWAIT || asyncIteration(c, t)) && c.function() >= 0
                        && isAsyncNow(key(file, c.function()))) {
                    return true;
                }
            }
            for (WithFact w : file.withItems()) {
                if (w.function() >= 0 && isAsyncNow(key(file, w.function()))
                        && resolver.resolve(file, w.function(), w.manager()) instanceof Instance i
                        && family.contains(i.type())) {
                    return true;
                }
            }
            // `for doc in cursor` / `list(cursor)` over a value of the family in code that becomes async
            for (FileFacts.ForFact loop : file.loops()) {
                if (loop.function() >= 0 && loop.context() == Context.FUNCTION && isAsyncNow(key(file, loop.function()))
                        && resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                        && family.contains(i.type())) {
                    return true;
                }
            }
            for (ReferenceFact r : file.references()) {
                String listed = r.function() >= 0 && isAsyncNow(key(file, r.function())) ? listedAsyncIterable(file, r)
                        : null;
                if (listed != null && family.contains(listed)) {
                    return true;
                }
            }
            return anyAsyncUseElsewhere(family, shared, mayEscape);
        }

        /** A client created here may be used by async code in other files (held in an attribute, or shared). */
        private boolean anyAsyncUseElsewhere(Set<String> family, boolean shared, boolean mayEscape) {
            if (!mayEscape) {
                return false;
            }
            for (FileFacts other : index.files()) {
                if (other == file) {
                    continue;
                }
                Target[] ots = callTargets.get(other.path());
                for (CallFact c : other.calls()) {
                    Target t = ots[c.index()];
                    if (t != null && t.callee() instanceof CatalogMethod m && family.contains(m.type())
                            && c.function() >= 0 && isAsyncNow(key(other, c.function()))
                            && (shared || c.callee().steps().size() >= 2)) {
                        return true;
                    }
                }
            }
            return false;
        }


        private void replaceCallee(CallFact call, CallSpec spec, Target t) {
            if (spec.replacement() == null) {
                return;
            }
            if (t.callee() instanceof CatalogMethod) {
                edit(Edit.replace(call.lastNameStart(), call.calleeEnd(), spec.replacement(), spec.ruleId(),
                        spec.explanation()));
            } else {
                edit(Edit.replace(call.primaryStart(), call.calleeEnd(), spec.replacement(), spec.ruleId(),
                        spec.explanation()));
            }
            plan.imports(path, spec.imports());
        }

        private void addArguments(CallFact call, CallSpec spec) {
            if (spec.addedArguments() == null) {
                return;
            }
            for (FileFacts.Argument a : call.arguments()) {
                if (a.keyword() != null && spec.addedArguments().startsWith(a.keyword() + "=")) {
                    return;
                }
            }
            String text = call.arguments().isEmpty() ? spec.addedArguments() : spec.addedArguments() + ", ";
            edit(Edit.insert(call.openParen() + 1, text, spec.ruleId(), spec.explanation(), 0));
        }

        private void renameKeywords(CallFact call, CallSpec spec) {
            for (FileFacts.Argument a : call.arguments()) {
                if (a.keyword() == null) {
                    continue;
                }
                String renamed = spec.renamedKeywords().get(a.keyword());
                if (renamed != null) {
                    edit(Edit.replace(a.keywordStart(), a.keywordEnd(), renamed, spec.ruleId(),
                            a.keyword() + "= is called " + renamed + "= in the async API"));
                }
                String template = spec.keywordTemplates().get(a.keyword());
                if (template != null) {
                    String value = texts.get(path).substring(a.start(), a.end());
                    edit(Edit.replace(a.start(), a.end(), template.replace("{}", value), spec.ruleId(),
                            a.keyword() + "= takes another type in the async API"));
                }
            }
        }

        /** {@code requests.get(u)} → {@code async with httpx.AsyncClient() as client:} + {@code await client.get(u)}. */
        private void oneOff(CallFact call, CallSpec spec, Target t) {
            OneOffClient client = oneOffClientOf(t);
            if (client == null) {
                return;
            }
            String variable = enclosingWrap(call);
            List<String> moved = moveClientKeywords(call, client, spec);
            if (variable == null) {
                variable = freeName(call.function(), client.variable());
                int end = client.wrapsRestOfBlock() ? call.blockEnd() : call.stmtEnd();
                wrapStatement(call, end, client.constructorWith(moved), variable, spec);
                wraps.add(new int[] {call.stmtStart(), end});
                wrapVariables.add(variable);
            }
            edit(Edit.replace(call.primaryStart(), call.calleeEnd(), variable + "." + spec.replacement(),
                    spec.ruleId(), spec.explanation()));
            renameKeywords(call, spec);
            await(call, spec.ruleId(), spec.explanation());
            plan.imports(path, client.imports());
        }

        private String freeName(int function, String preferred) {
            FunctionFact f = file.functions().get(function);
            Set<String> taken = new HashSet<>(f.locals().keySet());
            f.params().forEach(p -> taken.add(p.name()));
            String name = preferred;
            for (int i = 2; taken.contains(name); i++) {
                name = preferred + i;
            }
            return name;
        }

        /** Deletes client-level keyword arguments from the call and returns them for the constructor. */
        private List<String> moveClientKeywords(CallFact call, OneOffClient client, CallSpec spec) {
            List<String> moved = new ArrayList<>();
            List<FileFacts.Argument> args = call.arguments();
            String text = texts.get(path);
            for (int i = 0; i < args.size(); i++) {
                FileFacts.Argument a = args.get(i);
                if (a.keyword() == null || !client.clientKeywords().contains(a.keyword())) {
                    continue;
                }
                moved.add(text.substring(a.keywordStart(), a.end()));
                int from = i > 0 ? args.get(i - 1).end() : a.keywordStart();
                int to = i > 0 ? a.end() : (i + 1 < args.size() ? argStart(args.get(i + 1)) : a.end());
                edit(Edit.replace(from, to, "", spec.ruleId(), a.keyword() + "= belongs to the client in httpx"));
            }
            return moved;
        }

        private static int argStart(FileFacts.Argument a) {
            return a.keyword() != null ? a.keywordStart() : a.start();
        }

        /** The client variable of an `async with` this file already wraps the call's statement in, or null. */
        private String enclosingWrap(CallFact call) {
            for (int i = 0; i < wraps.size(); i++) {
                if (wraps.get(i)[0] <= call.stmtStart() && call.stmtStart() < wraps.get(i)[1]) {
                    return wrapVariables.get(i);
                }
            }
            return null;
        }

        private void wrapStatement(CallFact call, int end, String constructor, String variable, CallSpec spec) {
            String text = texts.get(path);
            int lineStart = call.stmtStart();
            while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
                lineStart--;
            }
            String indent = text.substring(lineStart, call.stmtStart());
            String unit = file.indentUnit();
            edit(Edit.insert(call.stmtStart(), "async with " + constructor + " as " + variable + ":"
                    + newline(text) + indent + unit, spec.ruleId(),
                    "a client used with `async with` is closed when the statement is done", -1_000_000));
            for (int i = call.stmtStart(); i < end - 1; i++) {
                char c = text.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                    if (!blankLineAt(text, i + 1)) {
                        edit(Edit.insert(i + 1, unit, spec.ruleId(), "", 0));
                    }
                }
            }
        }

        private void unresolvedCall(CallFact call) {
            List<Chain.Step> steps = call.callee().steps();
            if (call.function() < 0 || steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)
                    || !inChangeSet.test(path) && !isAsyncNow(key(file, call.function()))) {
                return;
            }
            Value receiverValue = resolver.resolve(file, call.function(), call.callee(), steps.size() - 1);
            boolean untyped = receiverValue instanceof Resolver.Unknown
                    || receiverValue instanceof Qualified q && q.name().startsWith("builtins.");
            if (!untyped) {
                return;
            }
            FunctionRef candidate = onlyAsyncMethodNamed(a.name());
            if (candidate != null) {
                finding(call, AsyncBoundary.ID, "cannot tell what `" + call.callee() + "` is: if it is "
                        + candidate.fact().qualifiedName() + ", which became async, it must be awaited", null);
            }
            if (GENERIC_METHOD_NAMES.contains(a.name()) || !isAsyncNow(key(file, call.function()))) {
                return;
            }
            // obj.save() on an object the resolver cannot type, in a file that uses the library
            Map<String, CallSpec> candidates = catalog.renamedAwaitedMethods(a.name());
            candidates.values().removeIf(spec -> !fileHasTargetsOf(spec.ruleId()));
            if (!candidates.isEmpty()) {
                CallSpec spec = candidates.values().iterator().next();
                String receiver = call.callee().toString();
                receiver = receiver.substring(0, receiver.lastIndexOf('.'));
                finding(call, spec.ruleId(), "cannot tell what `" + call.callee() + "` is: if it is a method of "
                        + String.join(" or ", candidates.keySet()) + ", it must become `await " + receiver + "."
                        + spec.replacement() + "(...)`", null);
            }
        }

        private boolean fileHasTargetsOf(String ruleId) {
            for (Target t : ts) {
                if (t != null && t.spec() != null && t.spec().ruleId().equals(ruleId)) {
                    return true;
                }
            }
            return false;
        }

        // ---- with, for, references ----

        private void withItem(WithFact w) {
            if (w.isAsync() || w.function() < 0 || !isAsyncNow(key(file, w.function()))) {
                return;
            }
            Value v = resolver.resolve(file, w.function(), w.manager());
            if (!(v instanceof Instance i)) {
                return;
            }
            String rule = null;
            TypeSpec spec = catalog.type(i.type());
            if (spec != null && spec.asyncContextManager() && !syncTypes.contains(path + "|" + i.type())
                    && (spec.ruleId().equals("UB702") ? config.asyncFiles() && !keepsSyncFiles(w.function())
                    : fileMigratesType(i.type()))) {
                rule = spec.ruleId();
            } else if (index.cls(i.type()) != null) {
                FunctionRef enter = resolver.method(i.type(), "__enter__");
                if (enter != null && becomesAsync(enter)) {
                    rule = AsyncContextManager.ID;
                }
            }
            if (rule != null && asyncWithStarts.add(w.withStart())) {
                edit(Edit.insert(w.withStart(), "async ", rule, "the context manager is async now", 0));
            }
        }

        private void forLoop(FileFacts.ForFact loop) {
            if (loop.isAsync() || loop.function() < 0 || loop.context() != Context.FUNCTION
                    || !isAsyncNow(key(file, loop.function()))) {
                return;
            }
            Value v = resolver.resolve(file, loop.function(), loop.iterable());
            if (v instanceof Instance i) {
                TypeSpec spec = catalog.type(i.type());
                if (spec != null && spec.asyncIterable() && (!spec.ruleId().equals("UB702") || config.asyncFiles())
                        && !syncTypes.contains(path + "|" + i.type())) {
                    edit(Edit.insert(loop.forStart(), "async ", spec.ruleId(), "iteration is async now", 0));
                }
            }
        }

        private void reference(ReferenceFact r) {
            boolean inAsync = r.function() >= 0 && isAsyncNow(key(file, r.function()));
            String listed = inAsync && r.context() == Context.FUNCTION ? listedAsyncIterable(file, r) : null;
            if (listed != null && !syncTypes.contains(path + "|" + listed)) {
                TypeSpec type = catalog.type(listed);
                CallFact list = listCallAround(file, r);
                String template = type.listTemplate() != null ? type.listTemplate() : "[item async for item in {}]";
                int hole = template.indexOf("{}");
                edit(Edit.replace(list.primaryStart(), r.start(), template.substring(0, hole), type.ruleId(),
                        "the value is consumed asynchronously"));
                edit(Edit.replace(r.end(), list.callEnd(), template.substring(hole + 2), type.ruleId(), ""));
                return;
            }
            List<Chain.Step> steps = r.chain().steps();
            if (inAsync && !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Attr a) {
                Value receiver = resolver.resolve(file, r.function(), r.chain(), steps.size() - 1);
                if (receiver instanceof Instance i && catalog.type(i.type()) != null
                        && !syncTypes.contains(path + "|" + i.type())) {
                    String awaited = catalog.type(i.type()).awaitedAttributes().get(a.name());
                    if (awaited != null) {
                        String rule = catalog.type(i.type()).ruleId();
                        String message = "." + a.name() + " is an awaited method call in the async API";
                        edit(Edit.insert(r.start(), r.trailing() ? "(await " : "await ", rule, message, -r.end()));
                        edit(Edit.replace(r.nameStart(), r.end(), awaited, rule, message));
                        if (r.trailing()) {
                            edit(Edit.insert(r.end(), ")", rule, "", 0));
                        }
                        return;
                    }
                    String renamed = catalog.type(i.type()).renamedAttributes().get(a.name());
                    if (renamed != null) {
                        edit(Edit.replace(r.nameStart(), r.end(), renamed, catalog.type(i.type()).ruleId(),
                                "." + a.name() + " is called ." + renamed + " in the async API"));
                        return;
                    }
                }
            }
            Value v = resolver.resolve(file, r.function(), r.chain());
            if (v instanceof Qualified q) {
                NameSpec name = catalog.name(q.name());
                if (name != null && (inAsync || rulesUsed.contains(name.ruleId()) || fileUsesRule(name.ruleId()))) {
                    edit(Edit.replace(r.start(), r.end(), name.replacement(), name.ruleId(),
                            q.name() + " is raised as " + name.replacement() + " by the async API"));
                    plan.imports(path, name.imports());
                }
            }
        }

        private boolean fileUsesRule(String ruleId) {
            List<Edit> edits = plan.edits().get(path);
            return edits != null && edits.stream().anyMatch(e -> e.ruleId().equals(ruleId));
        }

        private void finding(CallFact call, String rule, String message, String bridge) {
            plan.finding(new Finding(path, call.line(), call.column(), rule, message, bridge));
        }
    }

    private static boolean blankLineAt(String text, int at) {
        int i = at;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r';
    }

    private static String newline(String text) {
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
