package dev.unblock.migrate;

import dev.unblock.analysis.FileFacts;
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
final class CallSupport {
    private final Planner planner;

    CallSupport(Planner planner) {
        this.planner = planner;
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
                    && planner.resolver.resolve(file, c.function(), c.callee()) instanceof Qualified q
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
        return planner.resolver.resolve(file, r.function(), r.chain()) instanceof Instance i && isLibraryAsyncIterable(i.type())
                ? i.type() : null;
    }

    /**
     * A call that is not I/O itself but whose result is consumed by iteration that becomes async
     * ({@code for k in r.scan_iter()}, {@code list(coll.find())}): it makes its function async like a blocking call.
     */
    boolean asyncIteration(CallFact call, Planner.Target t) {
        return t.spec().kind() == Kind.SYNC && t.spec().resultType() != null
                && isLibraryAsyncIterable(t.spec().resultType())
                && (call.use() == Use.FOR_ITERABLE || call.use() == Use.LIST_ARGUMENT);
    }

    /** A library type iterated with {@code async for} after migration (files, which are optional, excepted). */
    boolean isLibraryAsyncIterable(String type) {
        TypeSpec spec = planner.catalog.type(type);
        return spec != null && (spec.asyncIterable() || spec.listTemplate() != null) && !spec.ruleId().equals("UB702");
    }

    /** Why the spec's own rewriter cannot handle this call, or null. */
    String refusal(FileFacts file, CallFact call, Planner.Target t) {
        if (t == null || t.spec() == null || t.spec().rewriter() == null) {
            return null;
        }
        String text = planner.texts.get(file.path());
        return text == null ? "the file's text is not available"
                : t.spec().rewriter().refusal(call, text, i -> argumentType(file, call, i));
    }

    /** The planner.catalog type of a call's i-th argument when it is a name or attribute chain the planner.resolver knows. */
    String argumentType(FileFacts file, CallFact call, int i) {
        if (i < 0 || i >= call.arguments().size()) {
            return null;
        }
        FileFacts.Argument a = call.arguments().get(i);
        for (ReferenceFact r : file.references()) {
            if (r.isCallArgument() && r.start() == a.start() && r.end() == a.end()) {
                return planner.resolver.resolve(file, r.function(), r.chain()) instanceof Instance v ? v.type() : null;
            }
        }
        return null;
    }

    /** False when the call cannot be rewritten here (then it never makes its function async). */
    boolean translatable(FileFacts file, CallFact call, Planner.Target t) {
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
        if (unsupportedKeyword(call, t.spec()) != null || argumentRefusal(file, call, t.spec()) != null) {
            return false;
        }
        return !(t.callee() instanceof CatalogMethod m && planner.syncTypes.contains(file.path() + "|" + m.type()));
    }

    OneOffClient oneOffClientOf(Planner.Target t) {
        if (!(t.callee() instanceof Qualified q) || !q.name().contains(".")) {
            return null;
        }
        return planner.catalog.oneOffClient(q.name().substring(0, q.name().lastIndexOf('.')));
    }

    /** The call's result leaves the function unread: returned as it is, or assigned and returned as it is. */
    boolean responseEscapes(FileFacts file, CallFact call) {
        String text = planner.texts.get(file.path());
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
    String argumentRefusal(FileFacts file, CallFact call, CallSpec spec) {
        if (spec.arguments() == null) {
            return null;
        }
        String text = planner.texts.get(file.path());
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

    boolean multilineStringIn(FileFacts file, int start, int end) {
        String text = planner.texts.get(file.path());
        if (text == null) {
            return true;
        }
        String stmt = text.substring(start, Math.min(end, text.length()));
        return stmt.contains("\"\"\"") || stmt.contains("'''") || (stmt.contains("\n") && stmt.contains("\\\n"));
    }
}
