package dev.unblock.analysis;

import java.util.List;
import java.util.Map;

/**
 * What the planner needs to know about one file, extracted once from its syntax tree so the tree can be
 * dropped: imports, definitions, call sites and references with the offsets their edits will touch. Cached by
 * path, module and text (see FactsCache). Offsets are char offsets into the file's text. {@code nameStrings} are
 * the names that string literals spell ({@code "fetch"}, {@code "pkg.mod:main"} gives pkg, mod and main): code
 * may look a function up by them ({@code getattr(obj, "fetch")}). {@code moduleBindings}: every name the module's own
 * top-level code binds (defs, classes, assignments, imports, loop targets…), what {@code from it import *} may take;
 * {@code dunderAll}: the names of {@code __all__} when it is one literal list of strings, else null (none, or one the
 * engine cannot read: built, extended).
 */
public record FileFacts(
        String path,
        String module,
        boolean isPackage,
        String indentUnit,
        List<ImportFact> imports,
        List<FunctionFact> functions,
        List<ClassFact> classes,
        List<CallFact> calls,
        List<ReferenceFact> references,
        List<WithFact> withItems,
        List<ForFact> loops,
        Map<String, List<Chain>> moduleAssignments,
        int importInsertOffset,
        boolean importInsertNeedsNewlineBefore,
        java.util.Set<String> nameStrings,
        java.util.Set<String> moduleBindings,
        List<String> dunderAll) {

    /**
     * The path's hash: a record's own hash reads every fact of the file, and files are map keys in the planner
     * (equal facts have equal paths, so equality keeps its meaning).
     */
    @Override
    public int hashCode() {
        return path.hashCode();
    }

    /**
     * {@code import a.b as c} (name null) or {@code from a import b as c}. stmt/line offsets span the statement and
     * its line; item offsets span {@code b as c}, with the end of the item before and the start of the one after
     * (-1 when none), so one name can be removed from a list.
     */
    public record ImportFact(String module, String name, String alias, int level, int stmtStart, int stmtEnd,
                             int lineStart, int lineEnd, boolean topLevel, boolean onlyNameInStatement,
                             int itemStart, int itemEnd, int prevItemEnd, int nextItemStart) {
        /** The local name the import binds. */
        public String boundName() {
            if (alias != null) {
                return alias;
            }
            if (name != null) {
                return name;
            }
            int dot = module.indexOf('.');
            return dot < 0 ? module : module.substring(0, dot);
        }
    }

    /**
     * A {@code def}. {@code owner} is the index of the enclosing class in {@link #classes()} when it is a method,
     * else -1; {@code parent} is the enclosing function's index, else -1. {@code locals}: what assignments give a
     * name; {@code otherLocals}: names the body binds otherwise (loop and tuple targets, {@code except … as},
     * {@code :=}), local all the same, of unknown value. {@code key}: {@code path#index}, the function's name in
     * the planner's sets and maps, made once (the same string each time is hashed once).
     */
    public record FunctionFact(
            int index,
            String name,
            String qualifiedName,
            int owner,
            int parent,
            boolean isAsync,
            boolean isGenerator,
            List<Chain> decorators,
            List<String> decoratorTexts,
            List<Param> params,
            Chain returnAnnotation,
            List<Chain> returns,
            Map<String, List<Chain>> locals,
            Map<String, List<Chain>> selfAttributes,
            java.util.Set<String> otherLocals,
            int defStart,
            int nameStart,
            int nameEnd,
            int line,
            int stmtStart,
            String key) {
    }

    public record Param(String name, Chain annotation, boolean star) {
    }

    public record ClassFact(int index, String name, String qualifiedName, List<Chain> bases, int parentFunction,
                            int nameEnd, int basesOpen, int basesClose, boolean hasBases, int line,
                            Map<String, List<Chain>> classAttributes, List<String> decoratorTexts) {
    }

    /** Where a call sits: what can and cannot be done to it. */
    public enum Context {
        /** In a function body (the normal case). */
        FUNCTION,
        /** At module level or in a class body: runs at import time. */
        IMPORT_TIME,
        /** In the body of {@code if __name__ == "__main__":}. */
        MAIN_GUARD,
        /** Inside a lambda. */
        LAMBDA,
        /** Inside a generator expression. */
        GENERATOR_EXPRESSION,
        /** In a decorator expression or a default value: evaluated at definition time. */
        DEFINITION_TIME
    }

    /** How the call's value is used, when that matters for the rewrite. */
    public enum Use {
        OTHER,
        /** The whole expression of an expression statement. */
        STATEMENT,
        /** The iterable of a {@code for} statement or comprehension clause. */
        FOR_ITERABLE,
        /** The context manager of a {@code with} item. */
        WITH_ITEM,
        /** The only argument of {@code list(...)}. */
        LIST_ARGUMENT,
        /** The operand of {@code yield from}. */
        YIELD_FROM,
        /** Already awaited. */
        AWAITED
    }

    /** One argument of a call; {@code value} is its chain when it is one (for parameter types), else null. */
    public record Argument(String keyword, int keywordStart, int keywordEnd, int start, int end, boolean star,
                           Chain value) {
    }

    /**
     * One call. {@code callee} is the chain being called; {@code function} the enclosing function's index (-1
     * when none). The primary holding the call spans [primaryStart, …); the callee text is
     * [primaryStart, calleeEnd); the call ends at callEnd; {@code trailing} tells whether more trailers follow
     * (then an await needs parentheses). blockEnd is where the block holding the call's statement ends.
     */
    public record CallFact(
            int index,
            Chain callee,
            int function,
            Context context,
            Use use,
            int primaryStart,
            int calleeEnd,
            int lastNameStart,
            int openParen,
            int callEnd,
            boolean trailing,
            List<Argument> arguments,
            int line,
            int column,
            int stmtStart,
            int stmtEnd,
            int blockEnd,
            boolean stmtIsSimple,
            int useStart,
            int useEnd,
            String assignedTo) {
    }

    /**
     * A name or attribute chain that is not called right away: a possible callback, an attribute to rename, an
     * exception class to replace. [start, end) spans the chain's text; the last name is at [nameStart, end).
     * {@code trailing}: an attribute access follows ({@code r.text.upper()} records {@code r.text}). {@code caught}: it
     * names an exception class an {@code except} clause catches. {@code index}: its place in
     * {@link FileFacts#references()}.
     */
    public record ReferenceFact(int index, Chain chain, int function, Context context, int start, int nameStart, int end,
                                int line, int column, boolean isCallArgument, boolean trailing, boolean caught) {
        /** Whether this is the name a call's value is assigned to: {@code lock} in {@code lock = Lock()} itself. */
        public boolean bindsValueOf(CallFact call) {
            return function == call.function() && chain.steps().isEmpty() && chain.root().equals(call.assignedTo())
                    && line == call.line() && end <= call.primaryStart();
        }
    }

    /**
     * A {@code for} statement or comprehension clause over a chain; {@code forStart} is the offset of {@code for};
     * {@code context} tells whether it is inside a generator expression or lambda (which cannot become async).
     */
    public record ForFact(int function, Chain iterable, int forStart, boolean isAsync, int line, Context context) {
    }

    /** A {@code with} item whose context manager is a chain; {@code withStart} is the offset of {@code with}. */
    public record WithFact(int function, Chain manager, String target, int withStart, boolean isAsync, int line,
                           int call) {
    }
}
