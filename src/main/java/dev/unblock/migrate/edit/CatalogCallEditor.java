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
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;
import dev.unblock.migrate.plan.CallTarget;
import dev.unblock.migrate.plan.Decisions;

/**
 * The edits of calls of catalog APIs in one file: a rule's own rewriter, or the spec's kind — a constructor
 * replaced by the async client's, an awaited method (renamed, arguments translated), a one-off call wrapped in
 * {@code async with} a client, {@code asyncio.to_thread}, a finding, or {@code list(x)} of an async iterable.
 */
final class CatalogCallEditor {
    private final FileEditor editor;
    private final Decisions d;
    private final FileFacts file;
    private final String path;
    private final CallTarget[] ts;
    private final Catalog catalog;
    private final MigrationConfig config;
    private final Map<String, String> texts;
    private final EditSink sink;
    /** Regions already wrapped in `async with <client>` ([start, end)) and their client variables. */
    private final List<int[]> wraps = new ArrayList<>();
    private final List<String> wrapVariables = new ArrayList<>();
    /** Per function: the callee that a file it opens is handed to ("" when none). */
    private final Map<Integer, Opened> openedMemo = new HashMap<>();

    CatalogCallEditor(FileEditor editor) {
        this.editor = editor;
        this.d = editor.d;
        this.file = editor.file;
        this.path = editor.path;
        this.ts = editor.ts;
        this.catalog = editor.catalog;
        this.config = editor.config;
        this.texts = editor.texts;
        this.sink = editor.sink;
    }


    void catalogCall(CallFact call, CallTarget t, boolean callerAsync) {
        CallSpec spec = t.spec();
        boolean syncType = t.callee() instanceof CatalogMethod m && d.staysSync(path, m.type());
        if (spec.rewriter() != null) {
            boolean applies = switch (spec.kind()) {
                case CONSTRUCTOR -> !d.staysSync(path, spec.resultType())
                        && editor.clients.constructorMigrates(spec.resultType(), call);
                case AWAIT -> callerAsync && !syncType && d.calls().translatable(file, call, t);
                case IN_ASYNC_ONLY, SYNC -> callerAsync && !syncType;
                default -> false;
            };
            if (applies) {
                spec.rewriter().rewrite(new RewriteSite(editor, this, call, t));
                sink.imports(path, spec.imports());
            }
            return;
        }
        switch (spec.kind()) {
            case CONSTRUCTOR -> {
                String type = spec.resultType();
                if (d.staysSync(path, type) || !editor.clients.constructorMigrates(type, call)) {
                    return;
                }
                replaceCallee(call, spec, t);
                addArguments(call, spec);
                renameKeywords(call, spec, t);
            }
            case AWAIT -> {
                // a call the plan reports as left sync (e.g. its client argument stays sync) is not rewritten
                if (!callerAsync || syncType || !d.calls().translatable(file, call, t)) {
                    return;
                }
                replaceCallee(call, spec, t);
                addArguments(call, spec);
                renameKeywords(call, spec, t);
                editor.await(call, spec.ruleId(), spec.explanation());
            }
            case ONE_OFF -> {
                if (callerAsync && d.calls().translatable(file, call, t)) {
                    oneOff(call, spec, t);
                }
            }
            case TO_THREAD -> {
                if (!callerAsync) {
                    return;
                }
                if (!config.toThread()) {
                    editor.finding(call, spec.ruleId(), call.callee() + " blocks the event loop and has no async API",
                            "await asyncio.to_thread(" + call.callee() + ", ...)");
                    return;
                }
                boolean hasArgs = !call.arguments().isEmpty();
                editor.edit(Edit.insert(call.primaryStart(), (call.trailing() ? "(" : "") + "await asyncio.to_thread(",
                        spec.ruleId(), spec.explanation(), -call.callEnd()));
                editor.edit(Edit.replace(call.openParen(), call.openParen() + 1, hasArgs ? ", " : "", spec.ruleId(), ""));
                if (call.trailing()) {
                    editor.edit(Edit.insert(call.callEnd(), ")", spec.ruleId(), "", 0));
                }
                sink.imports(path, List.of("import asyncio"));
            }
            case IN_ASYNC_ONLY -> {
                String mixed = d.calls().mixedOperand(file, call, t);
                boolean inAsyncCode = callerAsync || call.function() >= 0 && file.functions().get(call.function()).isAsync();
                if (mixed != null && inAsyncCode && config.asyncFiles()) {
                    // said on every run while the call stays as it is, in code that runs on the event loop
                    editor.finding(call, spec.ruleId(), "blocking call " + call.callee() + " left synchronous: it "
                            + mixed, "await asyncio.to_thread(...) around the blocking work");
                    return;
                }
                if (inAsyncCode && config.asyncFiles() && t.callee() instanceof Qualified && call.trailing()) {
                    // open(p).read(): the method would need its own await on the awaited open(), a form not written
                    editor.finding(call, spec.ruleId(), "blocking call " + call.callee() + " left synchronous: a "
                            + "method is called on the file it opens at once (`open(p).read()`)",
                            "with open(...) as f: data = f.read(), which becomes async with aiofiles");
                    return;
                }
                if (inAsyncCode && config.asyncFiles() && keepsSyncFiles(call.function())) {
                    if (t.callee() instanceof Qualified) {
                        // said on every run: the open() still blocks the event loop where it stands
                        editor.finding(call, spec.ruleId(), "blocking call " + call.callee() + " left synchronous: the "
                                + "file it opens is handed to " + fileHandOff(call.function()) + " in this function, "
                                + "which expects a real file", "await asyncio.to_thread(...) around the blocking work");
                    }
                    return;
                }
                if (!callerAsync || !config.asyncFiles()) {
                    return;
                }
                if (t.callee() instanceof CatalogMethod && !openedHere(call)) {
                    // self.file.close() where the file was opened elsewhere: an open() whose file leaves its
                    // function stays plain, so this one is a real file and its methods are not awaited
                    return;
                }
                replaceCallee(call, spec, t);
                if (t.callee() instanceof CatalogMethod || call.use() != Use.WITH_ITEM) {
                    editor.await(call, spec.ruleId(), spec.explanation());
                }
            }
            case FLAG -> {
                if (callerAsync) {
                    editor.finding(call, spec.ruleId(), spec.explanation(), null);
                }
            }
            case SYNC -> listOfAsyncIterable(call, spec, callerAsync);
            case KEEPS_SYNC, SYNC_ONLY -> {
                // reported when planning: the file keeps the object synchronous, or the caller stays sync
            }
        }
    }

    /**
     * A function whose opened file is handed to other code (as an argument: a subprocess's stdout, a
     * parser; {@code open(...)} itself as a value: an argument, a dict entry, a return value) or one of whose
     * methods is (a callback {@code action=f.write}) keeps plain open(): that code expects a real file, not an
     * aiofiles wrapper, and would not await its methods.
     */
    boolean keepsSyncFiles(int function) {
        return !fileHandOff(function).isEmpty();
    }

    /**
     * Whether a file method is called on a variable of its own function that an open() there binds (`f = open(…)`,
     * `with open(…) as f`): the only files that become aiofiles objects.
     */
    private boolean openedHere(CallFact call) {
        Chain callee = call.callee();
        return call.function() >= 0 && callee.steps().size() == 1
                && opened(call.function()).variables().contains(callee.root());
    }

    /**
     * Whether a file a loop iterates or a `with` enters becomes an aiofiles object: an open() of this function that
     * is converted (the call itself, or a variable it binds), not one kept plain because its file is handed to other
     * code, nor one a project function returns (`with file_or_stderr(path) as log:`), which stays a real file.
     */
    boolean convertsFile(int function, Chain iterable) {
        if (keepsSyncFiles(function)) {
            return false;
        }
        if (iterable.steps().isEmpty()) {
            return opened(function).variables().contains(iterable.root());
        }
        // `open(p)` or `io.open(p)` itself, converted here
        if (!(iterable.steps().get(iterable.steps().size() - 1) instanceof Chain.Call last)
                || iterable.steps().stream().filter(s -> s instanceof Chain.Call).count() > 1) {
            return false;
        }
        CallTarget t = ts[last.call()];
        return t != null && t.spec() != null && t.spec().kind() == Kind.IN_ASYNC_ONLY && t.callee() instanceof Qualified;
    }

    /** The callee a file opened in the function is handed to as an argument, or "" when none is. */
    private String fileHandOff(int function) {
        return opened(function).handOff();
    }

    /**
     * What open() does in a function: the variables it binds (`f = open(…)`, `with open(…) as f`), and the call a
     * file is handed to ("" when none).
     */
    private record Opened(Set<String> variables, String handOff) {
    }

    private Opened opened(int function) {
        return openedMemo.computeIfAbsent(function, fn -> {
            Set<String> fileVariables = new HashSet<>();
            Set<String> fileTypes = new HashSet<>();
            String asValue = null;
            for (CallFact c : file.calls()) {
                CallTarget t = ts[c.index()];
                if (c.function() != fn || t == null || t.spec() == null || t.spec().kind() != Kind.IN_ASYNC_ONLY
                        || !(t.callee() instanceof Qualified)) {
                    continue;
                }
                if (t.spec().resultType() != null) {
                    fileTypes.add(t.spec().resultType());
                }
                if (c.trailing()) {
                    continue; // `lines = open(p).readlines()` binds what the method returns, not the file
                }
                if (c.assignedTo() != null) {
                    fileVariables.add(c.assignedTo());
                } else if (c.use() == Use.OTHER && !c.trailing() && asValue == null) {
                    asValue = receivingCall(c.primaryStart(), c.callEnd());
                }
            }
            for (WithFact w : file.withItems()) {
                if (w.function() == fn && w.target() != null && w.call() >= 0 && ts[w.call()] != null
                        && ts[w.call()].spec() != null && ts[w.call()].spec().kind() == Kind.IN_ASYNC_ONLY) {
                    fileVariables.add(w.target());
                    if (ts[w.call()].spec().resultType() != null) {
                        fileTypes.add(ts[w.call()].spec().resultType());
                    }
                }
            }
            if (asValue != null) {
                return new Opened(fileVariables, asValue);
            }
            for (ReferenceFact r : file.references()) {
                if (r.function() == fn && fileVariables.contains(r.chain().root()) && r.chain().steps().isEmpty()
                        && !r.trailing() && !r.isCallArgument() && !bindsOrIterates(fn, r)) {
                    // `stream = f`, `return f`, `box.fp = f`: the file goes where the engine does not follow it
                    return new Opened(fileVariables, receivingCall(r.start(), r.end()));
                }
                if (r.function() == fn && fileVariables.contains(r.chain().root())
                        && (r.isCallArgument() && r.chain().steps().isEmpty() || r.chain().steps().size() == 1
                        && !r.trailing() && r.chain().steps().get(0) instanceof Chain.Attr a
                        && fileTypes.stream().anyMatch(type -> catalog.method(type, a.name()) != null))) {
                    return new Opened(fileVariables, receivingCall(r.start(), r.end()));
                }
            }
            return new Opened(fileVariables, "");
        });
    }

    /**
     * A bare file variable that is no hand-off: where an open() binds it ({@code f = open(p)}, {@code with open(p) as
     * f}), or what a loop of the function iterates ({@code for line in f}).
     */
    private boolean bindsOrIterates(int function, ReferenceFact r) {
        String name = r.chain().root();
        for (CallFact c : file.calls()) {
            if (r.bindsValueOf(c)) {
                return true;
            }
        }
        for (WithFact w : file.withItems()) {
            if (w.function() == function && name.equals(w.target()) && w.line() == r.line()) {
                return true;
            }
        }
        for (FileFacts.ForFact loop : file.loops()) {
            if (loop.function() == function && loop.line() == r.line() && loop.iterable().steps().isEmpty()
                    && loop.iterable().root().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The innermost call whose argument list holds the text [start, end), by its callee text. */
    private String receivingCall(int start, int end) {
        CallFact best = null;
        for (CallFact c : file.calls()) {
            if (c.openParen() < start && end <= c.callEnd()
                    && (best == null || c.openParen() > best.openParen())) {
                best = c;
            }
        }
        return best == null ? "other code" : String.valueOf(best.callee());
    }

    /** {@code list(x)} where x becomes an async iterable: the type's template, or a comprehension. */
    private void listOfAsyncIterable(CallFact call, CallSpec spec, boolean callerAsync) {
        if (!callerAsync || call.use() != Use.LIST_ARGUMENT || spec.resultType() == null) {
            return;
        }
        TypeSpec type = catalog.type(spec.resultType());
        if (type == null || d.staysSync(path, spec.resultType())) {
            return;
        }
        String template = type.listTemplate() != null ? type.listTemplate()
                : type.asyncIterable() ? "[item async for item in {}]" : null;
        if (template == null) {
            return;
        }
        int hole = template.indexOf("{}");
        editor.edit(Edit.replace(call.useStart(), call.primaryStart(), template.substring(0, hole), type.ruleId(),
                "the result is consumed asynchronously"));
        editor.edit(Edit.replace(call.callEnd(), call.useEnd(), template.substring(hole + 2), type.ruleId(), ""));
    }

    void replaceCallee(CallFact call, CallSpec spec, CallTarget t) {
        if (spec.replacement() == null) {
            return;
        }
        if (t.callee() instanceof CatalogMethod) {
            editor.edit(Edit.replace(call.lastNameStart(), call.calleeEnd(), spec.replacement(), spec.ruleId(),
                    spec.explanation()));
        } else {
            editor.edit(Edit.replace(call.primaryStart(), call.calleeEnd(), spec.replacement(), spec.ruleId(),
                    spec.explanation()));
        }
        sink.imports(path, spec.imports());
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
        editor.edit(Edit.insert(call.openParen() + 1, text, spec.ruleId(), spec.explanation(), 0));
    }

    private void renameKeywords(CallFact call, CallSpec spec, CallTarget t) {
        if (spec.arguments() != null) {
            // the rule translates the arguments itself, renames and templates included
            spec.arguments().translate(new RewriteSite(editor, this, call, t));
            return;
        }
        for (FileFacts.Argument a : call.arguments()) {
            if (a.keyword() == null) {
                continue;
            }
            String renamed = spec.renamedKeywords().get(a.keyword());
            if (renamed != null) {
                editor.edit(Edit.replace(a.keywordStart(), a.keywordEnd(), renamed, spec.ruleId(),
                        a.keyword() + "= is called " + renamed + "= in the async API"));
            }
            String template = spec.keywordTemplates().get(a.keyword());
            if (template != null) {
                String value = texts.get(path).substring(a.start(), a.end());
                editor.edit(Edit.replace(a.start(), a.end(), template.replace("{}", value), spec.ruleId(),
                        a.keyword() + "= takes another type in the async API"));
            }
        }
    }

    /** {@code requests.get(u)} → {@code async with httpx.AsyncClient() as client:} + {@code await client.get(u)}. */
    private void oneOff(CallFact call, CallSpec spec, CallTarget t) {
        OneOffClient client = d.calls().oneOffClientOf(t);
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
        editor.edit(Edit.replace(call.primaryStart(), call.calleeEnd(), variable + "." + spec.replacement(),
                spec.ruleId(), spec.explanation()));
        renameKeywords(call, spec, t);
        editor.await(call, spec.ruleId(), spec.explanation());
        sink.imports(path, client.imports());
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
            editor.edit(Edit.replace(from, to, "", spec.ruleId(), a.keyword() + "= belongs to the client in httpx"));
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
        editor.edit(Edit.insert(call.stmtStart(), "async with " + constructor + " as " + variable + ":"
                + TextLines.newline(text) + indent + unit, spec.ruleId(),
                "a client used with `async with` is closed when the statement is done", -1_000_000));
        for (int i = call.stmtStart(); i < end - 1; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                if (!TextLines.blankLineAt(text, i + 1)) {
                    editor.edit(Edit.insert(i + 1, unit, spec.ruleId(), "", 0));
                }
            }
        }
    }
}
