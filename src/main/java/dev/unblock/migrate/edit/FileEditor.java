package dev.unblock.migrate.edit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.SupportFiles;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.NameSpec;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;
import dev.unblock.migrate.plan.CallTarget;
import dev.unblock.migrate.plan.Decisions;
import dev.unblock.migrate.plan.Planner;

/**
 * The edits of one file, once the plan is decided: {@code async def} (or an entry point's sync wrapper, an
 * awaitable constructor, an async context manager), {@code await} at calls of project functions that became async,
 * {@code asyncio.run} at the main guard, and findings for calls the engine cannot type. Calls of catalog APIs are
 * {@link CatalogCallEditor}'s, uses of values ({@code with}, {@code for}, attributes, exception names)
 * {@link ValueUseEditor}'s; whether a client is migrated in this file is {@link ClientScope}'s.
 */
final class FileEditor {
    /** The code of the mixin that makes constructors awaitable, added once per folder. */
    static final String ASYNC_MIXIN_IMPORT = "from async_mixin import AsyncMixin";

    final Decisions d;
    final EditSink sink;
    final FileFacts file;
    final String path;
    final CallTarget[] ts;
    final ProjectIndex index;
    final Resolver resolver;
    final Catalog catalog;
    final MigrationConfig config;
    final Map<String, String> texts;
    final ClientScope clients;
    private final CatalogCallEditor catalogCalls;
    private final ValueUseEditor uses;
    /** Rules whose edits this file got so far. */
    final Set<String> rulesUsed = new HashSet<>();
    private final Set<String> flaggedAccesses = new HashSet<>();

    FileEditor(Decisions d, EditSink sink, Map<String, Boolean> migratesMemo, FileFacts file) {
        this.d = d;
        this.sink = sink;
        this.file = file;
        this.path = file.path();
        this.ts = d.targets(path);
        this.index = d.index();
        this.resolver = d.resolver();
        this.catalog = d.catalog();
        this.config = d.config();
        this.texts = d.texts();
        this.clients = new ClientScope(d, file, migratesMemo);
        this.catalogCalls = new CatalogCallEditor(this);
        this.uses = new ValueUseEditor(this, catalogCalls);
    }

    void build() {
        for (FunctionFact f : file.functions()) {
            FunctionRef ref = new FunctionRef(file, f);
            if (d.becomesAsync(ref)) {
                definition(ref);
            }
        }
        for (CallFact call : file.calls()) {
            CallTarget t = ts[call.index()];
            if (t == null) {
                unresolvedCall(call);
                continue;
            }
            boolean callerAsync = call.function() >= 0 && call.context() == Context.FUNCTION
                    && d.isAsyncNow(Planner.key(file, call.function()));
            if (t.function() != null) {
                projectCall(call, t, callerAsync);
            } else if (t.spec() != null) {
                catalogCalls.catalogCall(call, t, callerAsync);
            }
        }
        for (WithFact w : file.withItems()) {
            uses.withItem(w);
        }
        for (FileFacts.ForFact loop : file.loops()) {
            uses.forLoop(loop);
        }
        for (ReferenceFact r : file.references()) {
            uses.reference(r);
            if (r.function() >= 0 && r.context() == Context.FUNCTION && runsAsync(r.function())) {
                queryingAccess(r.chain(), r.chain().steps().size(), r.function(), r.line(), r.column());
            }
        }
        for (CallFact call : file.calls()) {
            if (call.function() >= 0 && call.context() == Context.FUNCTION && runsAsync(call.function())
                    && !call.callee().isOpaque()) {
                queryingAccess(call.callee(), call.callee().steps().size() - 1, call.function(), call.line(),
                        call.column());
            }
        }
    }

    /** The function is async after the migration: made async now, or already (a second run still warns). */
    private boolean runsAsync(int function) {
        return d.isAsyncNow(Planner.key(file, function)) || file.functions().get(function).isAsync();
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
                    sink.finding(new Finding(path, line, column, flagged.ruleId(),
                            "`" + chain.prefix(i) + "` " + flagged.replacement(), null));
                }
            }
        }
    }

    void edit(Edit e) {
        sink.edit(path, e);
        rulesUsed.add(e.ruleId());
    }


    private void definition(FunctionRef ref) {
        FunctionFact f = ref.fact();
        if (d.bridged(ref.key())) {
            new EntryPointBridge(file, texts.get(path), this::edit).bridge(f);
            sink.imports(path, List.of("import asyncio"));
            return;
        }
        switch (isMethod(ref) ? f.name() : "") {
            case "__init__" -> {
                edit(Edit.insert(f.defStart(), "async ", CoreRules.AWAITABLE_CONSTRUCTOR,
                        "the constructor does I/O: it moves to an awaitable __ainit__", 0));
                edit(Edit.replace(f.nameStart(), f.nameEnd(), "__ainit__", CoreRules.AWAITABLE_CONSTRUCTOR,
                        "objects are created with `await " + owner(ref) + "(...)`"));
                addMixin(ref);
            }
            case "__enter__", "__exit__" -> {
                String name = f.name().equals("__enter__") ? "__aenter__" : "__aexit__";
                edit(Edit.insert(f.defStart(), "async ", CoreRules.ASYNC_CONTEXT_MANAGER,
                        "the context manager does I/O: it becomes an async context manager", 0));
                edit(Edit.replace(f.nameStart(), f.nameEnd(), name, CoreRules.ASYNC_CONTEXT_MANAGER,
                        "used with `async with`"));
            }
            default -> edit(Edit.insert(f.defStart(), "async ", f.isGenerator() ? CoreRules.ASYNC_ITERATION : CoreRules.ASYNC_DEF,
                    f.isGenerator() ? "this generator does I/O: it becomes an async generator"
                            : "this function does I/O (directly or through what it calls)", 0));
        }
        String asyncName = d.asyncName(ref);
        if (asyncName != null) {
            edit(Edit.replace(f.nameStart(), f.nameEnd(), asyncName, CoreRules.ASYNC_DEF,
                    "its base class awaits it under this name"));
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
            if (baseInit != null && d.isAsyncNow(baseInit.key())) {
                return;
            }
        }
        FileFacts.ClassFact c = cls.fact();
        String message = "AsyncMixin makes `await " + c.name() + "(...)` run the async constructor";
        if (!c.hasBases()) {
            edit(Edit.insert(c.nameEnd(), "(AsyncMixin)", CoreRules.AWAITABLE_CONSTRUCTOR, message, 0));
        } else if (c.bases().isEmpty() && texts.get(path).substring(c.basesOpen() + 1, c.basesClose()).isBlank()) {
            edit(Edit.insert(c.basesOpen() + 1, "AsyncMixin", CoreRules.AWAITABLE_CONSTRUCTOR, message, 0));
        } else {
            edit(Edit.insert(c.basesOpen() + 1, "AsyncMixin, ", CoreRules.AWAITABLE_CONSTRUCTOR, message, 0));
        }
        sink.imports(path, List.of(ASYNC_MIXIN_IMPORT));
        sink.newFile(SupportModules.folder(path) + "async_mixin.py", SupportFiles.read(SupportFiles.ASYNC_MIXIN));
    }

    // ---- calls of project functions ----

    private void projectCall(CallFact call, CallTarget t, boolean callerAsync) {
        FunctionRef f = t.function();
        if (!d.becomesAsync(f)) {
            return;
        }
        if (call.context() == Context.MAIN_GUARD && d.bridged(f.key())) {
            return;
        }
        if (call.context() == Context.MAIN_GUARD) {
            // asyncio.run takes only a coroutine, and an AsyncMixin object is an awaitable but no coroutine:
            // wait_for (no time limit) is a coroutine that awaits it
            boolean constructor = t.constructor();
            edit(Edit.insert(call.primaryStart(), constructor ? "asyncio.run(asyncio.wait_for(" : "asyncio.run(",
                    CoreRules.ASYNC_ENTRY_POINT, "the entry point runs the now-async " + f.fact().name()
                            + " in an event loop", -100));
            edit(Edit.insert(call.callEnd(), constructor ? ", None))" : ")", CoreRules.ASYNC_ENTRY_POINT, "", 100));
            sink.imports(path, List.of("import asyncio"));
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
            edit(Edit.replace(call.lastNameStart(), call.calleeEnd(), "__ainit__", CoreRules.AWAITABLE_CONSTRUCTOR,
                    "the base constructor is async"));
        }
        String asyncName = d.asyncName(f);
        if (asyncName != null && call.callee().steps().size() > 0) {
            edit(Edit.replace(call.lastNameStart(), call.calleeEnd(), asyncName, CoreRules.AWAIT_CALL,
                    f.fact().name() + " is async now, as " + asyncName));
        }
        String rule = t.constructor() || superInit ? CoreRules.AWAITABLE_CONSTRUCTOR : CoreRules.AWAIT_CALL;
        await(call, rule, t.constructor() ? "the constructor is async: the object is awaited"
                : f.fact().name() + " is async now");
    }

    private void asyncGeneratorUse(CallFact call, FunctionRef f) {
        if (call.use() == Use.FOR_ITERABLE) {
            edit(Edit.insert(call.useStart(), "async ", CoreRules.ASYNC_ITERATION,
                    f.fact().name() + " is an async generator now", 0));
        } else if (call.use() == Use.LIST_ARGUMENT) {
            edit(Edit.replace(call.useStart(), call.primaryStart(), "[item async for item in ",
                    CoreRules.ASYNC_ITERATION, f.fact().name() + " is an async generator now"));
            edit(Edit.replace(call.callEnd(), call.useEnd(), "]", CoreRules.ASYNC_ITERATION, ""));
        }
    }

    /** `await` before the call, in parentheses when trailers follow (`(await f()).x`). */
    void await(CallFact call, String rule, String message) {
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

    private void unresolvedCall(CallFact call) {
        List<Chain.Step> steps = call.callee().steps();
        if (call.function() < 0 || steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)
                || !d.inChangeSet(path) && !d.isAsyncNow(Planner.key(file, call.function()))) {
            return;
        }
        Value receiverValue = resolver.receiver(file, call);
        boolean untyped = receiverValue instanceof Resolver.Unknown
                || receiverValue instanceof Qualified q && q.name().startsWith("builtins.");
        if (!untyped) {
            return;
        }
        FunctionRef candidate = d.onlyAsyncMethodNamed(a.name());
        if (candidate != null) {
            finding(call, CoreRules.ASYNC_BOUNDARY, "cannot tell what `" + call.callee() + "` is: if it is "
                    + candidate.fact().qualifiedName() + ", which became async, it must be awaited", null);
        }
        if (Planner.GENERIC_METHOD_NAMES.contains(a.name()) || !d.isAsyncNow(Planner.key(file, call.function()))) {
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
        for (CallTarget t : ts) {
            if (t != null && t.spec() != null && t.spec().ruleId().equals(ruleId)) {
                return true;
            }
        }
        return false;
    }

    void finding(CallFact call, String rule, String message, String bridge) {
        sink.finding(new Finding(path, call.line(), call.column(), rule, message, bridge));
    }
}
