package dev.unblock.migrate;

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
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.NameSpec;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * The edits of one file, once the planner has decided which functions become async: {@code async def},
 * {@code await}, {@code async for}/{@code async with}, the catalog's call rewrites, awaitable constructors,
 * {@code asyncio.run} at the entry point, and the imports they need.
 */
final class FileEditor {
    private final Planner planner;
    private final ProjectIndex index;
    private final Resolver resolver;
    private final Catalog catalog;
    private final MigrationConfig config;
    private final Map<String, String> texts;
    private final Plan plan;
    private final Set<String> syncTypes;
    private final Map<String, Boolean> migratesMemo;
    private final Map<String, Planner.Target[]> callTargets;

    private final FileFacts file;
    private final String path;
    private final Planner.Target[] ts;
    private final Set<Integer> asyncWithStarts = new HashSet<>();
    /** Regions already wrapped in `async with <client>` ([start, end)) and their client variables. */
    private final List<int[]> wraps = new ArrayList<>();
    private final List<String> wrapVariables = new ArrayList<>();
    private final Map<Integer, Boolean> keepsSyncFilesMemo = new HashMap<>();
    private final Set<String> rulesUsed = new HashSet<>();
    private final Set<String> flaggedAccesses = new HashSet<>();

    FileEditor(Planner planner, FileFacts file) {
        this.planner = planner;
        this.index = planner.index;
        this.resolver = planner.resolver;
        this.catalog = planner.catalog;
        this.config = planner.config;
        this.texts = planner.texts;
        this.plan = planner.plan;
        this.syncTypes = planner.syncTypes;
        this.migratesMemo = planner.migratesMemo;
        this.callTargets = planner.callTargets;
        this.file = file;
        this.path = file.path();
        this.ts = callTargets.get(path);
    }

    void build() {
        for (FunctionFact f : file.functions()) {
            FunctionRef ref = new FunctionRef(file, f);
            if (planner.becomesAsync(ref)) {
                definition(ref);
            }
        }
        for (CallFact call : file.calls()) {
            Planner.Target t = ts[call.index()];
            if (t == null) {
                unresolvedCall(call);
                continue;
            }
            boolean callerAsync = call.function() >= 0 && call.context() == Context.FUNCTION
                    && planner.isAsyncNow(Planner.key(file, call.function()));
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
        return planner.isAsyncNow(Planner.key(file, function)) || file.functions().get(function).isAsync();
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
        if (planner.bridged(ref.key())) {
            new EntryPointBridge(file, texts.get(path), this::edit).bridge(f);
            plan.imports(path, List.of("import asyncio"));
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
        String asyncName = planner.baseCallers.asyncName(ref);
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
            if (baseInit != null && planner.isAsyncNow(baseInit.key())) {
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
        plan.imports(path, List.of(Planner.ASYNC_MIXIN_IMPORT));
        plan.newFiles.put(SupportModules.folder(path) + "async_mixin.py", SupportFiles.read(SupportFiles.ASYNC_MIXIN));
    }

    // ---- calls of project functions ----

    private void projectCall(CallFact call, Planner.Target t, boolean callerAsync) {
        FunctionRef f = t.function();
        if (!planner.becomesAsync(f)) {
            return;
        }
        if (call.context() == Context.MAIN_GUARD && planner.bridged(f.key())) {
            return;
        }
        if (call.context() == Context.MAIN_GUARD) {
            edit(Edit.insert(call.primaryStart(), "asyncio.run(", CoreRules.ASYNC_ENTRY_POINT,
                    "the entry point runs the now-async " + f.fact().name() + " in an event loop", -100));
            edit(Edit.insert(call.callEnd(), ")", CoreRules.ASYNC_ENTRY_POINT, "", 100));
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
            edit(Edit.replace(call.lastNameStart(), call.calleeEnd(), "__ainit__", CoreRules.AWAITABLE_CONSTRUCTOR,
                    "the base constructor is async"));
        }
        String asyncName = planner.baseCallers.asyncName(f);
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

    private void catalogCall(CallFact call, Planner.Target t, boolean callerAsync) {
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
                renameKeywords(call, spec, t);
            }
            case AWAIT -> {
                if (!callerAsync || syncType) {
                    return;
                }
                replaceCallee(call, spec, t);
                addArguments(call, spec);
                renameKeywords(call, spec, t);
                await(call, spec.ruleId(), spec.explanation());
            }
            case ONE_OFF -> {
                if (callerAsync && planner.calls.translatable(file, call, t)) {
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
                Planner.Target t = ts[c.index()];
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
        private final Planner.Target target;

        RewriteSite(CallFact call, Planner.Target target) {
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
            return planner.calls.argumentType(file, call, i);
        }

        @Override
        public Targets targets() {
            return planner.targets;
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
            FileEditor.this.replaceCallee(call, renamed, target);
        }

        @Override
        public void await(String message) {
            FileEditor.this.await(call, target.spec().ruleId(), message);
        }

        @Override
        public void imports(String... lines) {
            plan.imports(path, List.of(lines));
        }

        @Override
        public void finding(String message, String bridge) {
            FileEditor.this.finding(call, target.spec().ruleId(), message, bridge);
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
            Planner.Target t = ts[c.index()];
            // a module function of the same library that takes the client (helpers.bulk(es, ...))
            if (t != null && t.spec() != null && t.callee() instanceof Qualified && typeSpec != null
                    && t.spec().ruleId().equals(typeSpec.ruleId())
                    && (t.spec().kind() == Kind.AWAIT || planner.calls.asyncIteration(c, t)) && c.function() >= 0
                    && planner.isAsyncNow(Planner.key(file, c.function()))) {
                return true;
            }
            if (t != null && t.callee() instanceof CatalogMethod m && family.contains(m.type())
                    && (t.spec().kind() == Kind.AWAIT || planner.calls.asyncIteration(c, t)) && c.function() >= 0
                    && planner.isAsyncNow(Planner.key(file, c.function()))) {
                return true;
            }
        }
        for (WithFact w : file.withItems()) {
            if (w.function() >= 0 && planner.isAsyncNow(Planner.key(file, w.function()))
                    && resolver.resolve(file, w.function(), w.manager()) instanceof Instance i
                    && family.contains(i.type())) {
                return true;
            }
        }
        // `for doc in cursor` / `list(cursor)` over a value of the family in code that becomes async
        for (FileFacts.ForFact loop : file.loops()) {
            if (loop.function() >= 0 && loop.context() == Context.FUNCTION && planner.isAsyncNow(Planner.key(file, loop.function()))
                    && resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                    && family.contains(i.type())) {
                return true;
            }
        }
        for (ReferenceFact r : file.references()) {
            String listed = r.function() >= 0 && planner.isAsyncNow(Planner.key(file, r.function())) ? planner.calls.listedAsyncIterable(file, r)
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
            Planner.Target[] ots = callTargets.get(other.path());
            for (CallFact c : other.calls()) {
                Planner.Target t = ots[c.index()];
                if (t != null && t.callee() instanceof CatalogMethod m && family.contains(m.type())
                        && c.function() >= 0 && planner.isAsyncNow(Planner.key(other, c.function()))
                        && (shared || c.callee().steps().size() >= 2)) {
                    return true;
                }
            }
        }
        return false;
    }


    private void replaceCallee(CallFact call, CallSpec spec, Planner.Target t) {
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

    private void renameKeywords(CallFact call, CallSpec spec, Planner.Target t) {
        if (spec.arguments() != null) {
            // the rule translates the arguments itself, renames and templates included
            spec.arguments().translate(new RewriteSite(call, t));
            return;
        }
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
    private void oneOff(CallFact call, CallSpec spec, Planner.Target t) {
        OneOffClient client = planner.calls.oneOffClientOf(t);
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
        renameKeywords(call, spec, t);
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
                + Planner.newline(text) + indent + unit, spec.ruleId(),
                "a client used with `async with` is closed when the statement is done", -1_000_000));
        for (int i = call.stmtStart(); i < end - 1; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (!Planner.blankLineAt(text, i + 1)) {
                    edit(Edit.insert(i + 1, unit, spec.ruleId(), "", 0));
                }
            }
        }
    }

    private void unresolvedCall(CallFact call) {
        List<Chain.Step> steps = call.callee().steps();
        if (call.function() < 0 || steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr a)
                || !planner.inChangeSet.test(path) && !planner.isAsyncNow(Planner.key(file, call.function()))) {
            return;
        }
        Value receiverValue = resolver.resolve(file, call.function(), call.callee(), steps.size() - 1);
        boolean untyped = receiverValue instanceof Resolver.Unknown
                || receiverValue instanceof Qualified q && q.name().startsWith("builtins.");
        if (!untyped) {
            return;
        }
        FunctionRef candidate = planner.onlyAsyncMethodNamed(a.name());
        if (candidate != null) {
            finding(call, CoreRules.ASYNC_BOUNDARY, "cannot tell what `" + call.callee() + "` is: if it is "
                    + candidate.fact().qualifiedName() + ", which became async, it must be awaited", null);
        }
        if (Planner.GENERIC_METHOD_NAMES.contains(a.name()) || !planner.isAsyncNow(Planner.key(file, call.function()))) {
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
        for (Planner.Target t : ts) {
            if (t != null && t.spec() != null && t.spec().ruleId().equals(ruleId)) {
                return true;
            }
        }
        return false;
    }

    // ---- with, for, references ----

    private void withItem(WithFact w) {
        if (w.isAsync() || w.function() < 0 || !planner.isAsyncNow(Planner.key(file, w.function()))) {
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
            if (enter != null && planner.becomesAsync(enter)) {
                rule = CoreRules.ASYNC_CONTEXT_MANAGER;
            }
        }
        if (rule != null && asyncWithStarts.add(w.withStart())) {
            edit(Edit.insert(w.withStart(), "async ", rule, "the context manager is async now", 0));
        }
    }

    private void forLoop(FileFacts.ForFact loop) {
        if (loop.isAsync() || loop.function() < 0 || loop.context() != Context.FUNCTION
                || !planner.isAsyncNow(Planner.key(file, loop.function()))) {
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
        boolean inAsync = r.function() >= 0 && planner.isAsyncNow(Planner.key(file, r.function()));
        String listed = inAsync && r.context() == Context.FUNCTION ? planner.calls.listedAsyncIterable(file, r) : null;
        if (listed != null && !syncTypes.contains(path + "|" + listed)) {
            TypeSpec type = catalog.type(listed);
            CallFact list = planner.calls.listCallAround(file, r);
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
            // an except clause a first run widened sits in a function that is already async def on the second
            boolean inAsyncDef = inAsync || r.function() >= 0 && file.functions().get(r.function()).isAsync();
            if (name != null && (inAsyncDef && r.caught() || inAsync || rulesUsed.contains(name.ruleId())
                    || fileUsesRule(name.ruleId()))) {
                String following = texts.get(path).substring(r.end(), Math.min(texts.get(path).length(),
                        r.end() + name.replacement().length() + 8));
                String old = texts.get(path).substring(r.start(), r.end());
                String kept = "`" + old + "` is still caught next to " + name.replacement() + " (in "
                        + (r.function() >= 0 ? file.functions().get(r.function()).qualifiedName() : path)
                        + "): code this `try` guards may still use the synchronous library (some of its calls stay "
                        + "synchronous in the project)";
                if (r.caught() && following.replaceAll("\\s", "").startsWith("," + name.replacement())) {
                    plan.finding(new Finding(path, r.line(), r.column(), name.ruleId(), kept, null));
                    return; // already caught together with its replacement
                }
                if (!inAsync && !rulesUsed.contains(name.ruleId()) && !fileUsesRule(name.ruleId())) {
                    return; // code that was async already: not this migration's to change
                }
                if (r.caught() && !planner.fullyMigrated(name.ruleId())) {
                    // Code the try guards may still use the old library (a callback, a sync helper): catch both.
                    plan.finding(new Finding(path, r.line(), r.column(), name.ruleId(), kept, null));
                    edit(Edit.replace(r.start(), r.end(), "(" + old + ", " + name.replacement() + ")", name.ruleId(),
                            q.name() + " is raised as " + name.replacement() + " by the async API; calls left "
                                    + "synchronous may still raise " + old));
                } else {
                    edit(Edit.replace(r.start(), r.end(), name.replacement(), name.ruleId(),
                            q.name() + " is raised as " + name.replacement() + " by the async API"));
                }
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
