package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.unblock.analysis.Resolver;
import dev.unblock.migrate.catalog.Catalog;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * Questions about one catalog call site that planning and editing both ask: can its rule rewrite it here, is its
 * result iterated asynchronously, what type an argument has, does its response leave the function.
 */
public final class CallSupport {
    private final Resolver resolver;
    private final Catalog catalog;
    private final Map<String, String> texts;
    /** "path|type" of catalog types that stay sync in a file (grows while planning; frozen in {@link Decisions}). */
    private final Set<String> syncTypes;
    /** Each file's {@code list(x)} calls by the span of x (built when first asked; planning and editing may share it). */
    private final Map<String, Map<Long, List<CallFact>>> listCalls = new ConcurrentHashMap<>();

    CallSupport(Resolver resolver, Catalog catalog, Map<String, String> texts, Set<String> syncTypes) {
        this.resolver = resolver;
        this.catalog = catalog;
        this.texts = texts;
        this.syncTypes = syncTypes;
    }

    /** The `list(x)` call whose only argument is this reference, or null. */
    public CallFact listCallAround(FileFacts file, ReferenceFact r) {
        if (!r.isCallArgument() || r.function() < 0) {
            return null;
        }
        List<CallFact> around = listCalls.computeIfAbsent(file.path(), path -> listCallsByArgument(file))
                .getOrDefault(span(r.start(), r.end()), List.of());
        for (CallFact c : around) {
            if (c.function() == r.function()
                    && resolver.callee(file, c) instanceof Qualified q
                    && q.name().equals("builtins.list")) {
                return c;
            }
        }
        return null;
    }

    /** The file's calls spelt {@code list(x)} (one positional argument), by the span of x, in file order. */
    private static Map<Long, List<CallFact>> listCallsByArgument(FileFacts file) {
        Map<Long, List<CallFact>> out = new HashMap<>();
        for (CallFact c : file.calls()) {
            if (c.callee().steps().isEmpty() && c.callee().root().equals("list") && c.arguments().size() == 1
                    && c.arguments().get(0).keyword() == null && !c.arguments().get(0).star()) {
                Argument a = c.arguments().get(0);
                out.computeIfAbsent(span(a.start(), a.end()), k -> new ArrayList<>()).add(c);
            }
        }
        return out;
    }

    private static long span(int start, int end) {
        return (long) start << 32 | (end & 0xffffffffL);
    }

    /** The library async-iterable type of x in `list(x)` (x a variable or attribute, not a call), or null. */
    public String listedAsyncIterable(FileFacts file, ReferenceFact r) {
        if (listCallAround(file, r) == null) {
            return null;
        }
        return resolver.reference(file, r) instanceof Instance i && isLibraryAsyncIterable(i.type())
                ? i.type() : null;
    }

    /**
     * A call that is not I/O itself but whose result is consumed by iteration that becomes async
     * ({@code for k in r.scan_iter()}, {@code list(coll.find())}): it makes its function async like a blocking call.
     */
    public boolean asyncIteration(CallFact call, CallTarget t) {
        return t.spec().kind() == Kind.SYNC && t.spec().resultType() != null
                && isLibraryAsyncIterable(t.spec().resultType())
                && (call.use() == Use.FOR_ITERABLE || call.use() == Use.LIST_ARGUMENT);
    }

    /** A library type iterated with {@code async for} after migration (files, which are optional, excepted). */
    public boolean isLibraryAsyncIterable(String type) {
        TypeSpec spec = catalog.type(type);
        return spec != null && (spec.asyncIterable() || spec.listTemplate() != null) && !spec.ruleId().equals("UB702");
    }

    /** Why the spec's own rewriter cannot handle this call, or null. */
    public String refusal(FileFacts file, CallFact call, CallTarget t) {
        if (t == null || t.spec() == null || t.spec().rewriter() == null) {
            return null;
        }
        String text = texts.get(file.path());
        return text == null ? "the file's text is not available"
                : t.spec().rewriter().refusal(call, text, i -> argumentType(file, call, i));
    }

    /** The catalog type of a call's i-th argument when it is a name or attribute chain the resolver knows. */
    public String argumentType(FileFacts file, CallFact call, int i) {
        if (i < 0 || i >= call.arguments().size()) {
            return null;
        }
        FileFacts.Argument a = call.arguments().get(i);
        for (ReferenceFact r : file.references()) {
            if (r.isCallArgument() && r.start() == a.start() && r.end() == a.end()) {
                return resolver.reference(file, r) instanceof Instance v ? v.type() : null;
            }
        }
        return null;
    }

    /**
     * Why a library function cannot take its async form here: an argument is a client this file keeps synchronous
     * ({@code helpers.reindex(es, …)} with an Elasticsearch client the project subclasses), which the async
     * function would await. Null when no argument is.
     */
    public String syncClientArgument(FileFacts file, CallFact call, CallTarget t) {
        if (!(t.callee() instanceof Qualified)) {
            return null;
        }
        for (int i = 0; i < call.arguments().size(); i++) {
            String type = argumentType(file, call, i);
            if (type != null && catalog.type(type) != null && syncTypes.contains(file.path() + "|" + type)) {
                FileFacts.Argument a = call.arguments().get(i);
                String text = texts.get(file.path());
                return "is handed a client this file keeps synchronous ("
                        + (text == null ? "" : text.substring(a.start(), a.end()) + ": ") + type
                        + "), which its async form would await";
            }
        }
        return null;
    }

    /**
     * Why an object the async API opens ({@code open(...)} → aiofiles) cannot be opened asynchronously here: it is an
     * operand of {@code or}/{@code and} or of a conditional expression ({@code fp = file or open(p)}), so the name
     * holding it may hold a synchronous object as well, and its uses could not all be awaited. Null when it can.
     */
    public String mixedOperand(FileFacts file, CallFact call, CallTarget t) {
        if (t.spec().kind() != Kind.IN_ASYNC_ONLY || !(t.callee() instanceof Qualified) || call.trailing()) {
            return null;
        }
        String text = texts.get(file.path());
        if (text == null) {
            return null;
        }
        String before = wordBefore(text, call.primaryStart());
        String after = wordAfter(text, call.callEnd());
        return OPERAND_WORDS.contains(before) || OPERAND_WORDS.contains(after)
                ? "is an operand of `" + (OPERAND_WORDS.contains(before) ? before : after) + "`, so what it gives may be"
                + " mixed with a synchronous object whose uses could not all be awaited"
                : null;
    }

    private static final java.util.Set<String> OPERAND_WORDS = java.util.Set.of("or", "and", "if", "else", "not");

    private static String wordBefore(String text, int at) {
        int end = at;
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        return text.substring(start, end);
    }

    private static String wordAfter(String text, int at) {
        int start = at;
        while (start < text.length() && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
            start++;
        }
        int end = start;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(start, end);
    }

    /** False when the call cannot be rewritten here (then it never makes its function async). */
    public boolean translatable(FileFacts file, CallFact call, CallTarget t) {
        if (refusal(file, call, t) != null || mixedOperand(file, call, t) != null) {
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
        if (unsupportedKeyword(call, t.spec()) != null || argumentRefusal(file, call, t.spec()) != null
                || syncClientArgument(file, call, t) != null) {
            return false;
        }
        return !(t.callee() instanceof CatalogMethod m && syncTypes.contains(file.path() + "|" + m.type()));
    }

    public OneOffClient oneOffClientOf(CallTarget t) {
        if (!(t.callee() instanceof Qualified q) || !q.name().contains(".")) {
            return null;
        }
        return catalog.oneOffClient(q.name().substring(0, q.name().lastIndexOf('.')));
    }

    /** The call's result leaves the function unread: returned as it is, or assigned and returned as it is. */
    public boolean responseEscapes(FileFacts file, CallFact call) {
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

    /**
     * Why the rule's translation of the call's arguments refuses it (see ArgumentTranslator), as a phrase after
     * "it", or null. Like an unsupported keyword: the call stays sync, its result type is not kept sync.
     */
    public String argumentRefusal(FileFacts file, CallFact call, CallSpec spec) {
        if (spec.arguments() == null) {
            return null;
        }
        String text = texts.get(file.path());
        return text == null ? "has arguments that cannot be read (the file's text is not available)"
                : spec.arguments().refusal(call, text, i -> argumentType(file, call, i));
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

    public boolean multilineStringIn(FileFacts file, int start, int end) {
        String text = texts.get(file.path());
        if (text == null) {
            return true;
        }
        String stmt = text.substring(start, Math.min(end, text.length()));
        return stmt.contains("\"\"\"") || stmt.contains("'''") || (stmt.contains("\n") && stmt.contains("\\\n"));
    }
}
