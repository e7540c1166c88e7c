package dev.unblock.analysis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ClassFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;

/**
 * Says what a chain means: a project function or class, an instance of a known type (a sync client, a
 * project class), a method of a known type, or an external qualified name. Receivers are tracked through
 * parameters (annotations), local and module assignments, {@code self} attributes, {@code with … as},
 * return values and the catalog's result types. The work is shared out: {@link ScopeNames} (a chain's first name),
 * {@link Members} (its steps), {@link CallerArguments} (parameters typed by their callers), {@link ClassHierarchy}
 * (bases, methods), all remembering what they found in one {@link ResolverMemo}. One resolver is used by one thread
 * at a time; more threads resolve the same project each with a resolver {@linkplain #sharing sharing} the first one's
 * answers, which are the same whoever works them out.
 */
public final class Resolver {
    public sealed interface Value permits Qualified, Function, ClassValue, Instance, CatalogMethod, Super, Unknown {
    }

    /** A name outside the project (or a module), by qualified name. */
    public record Qualified(String name) implements Value {
    }

    /** A project function; {@code bound} when reached through an instance. */
    public record Function(FunctionRef ref, boolean bound) implements Value {
    }

    public record ClassValue(ClassRef ref) implements Value {
    }

    /** An instance of a project class or of a catalog type. */
    public record Instance(String type) implements Value {
    }

    /** A method of a catalog type, not yet called. */
    public record CatalogMethod(String type, String method) implements Value {
    }

    /** {@code super()} inside a method of {@code of}. */
    public record Super(ClassRef of) implements Value {
    }

    /** Not known; {@code cycle}: working it out met a question being worked out (see {@link #CYCLE}). */
    public record Unknown(boolean cycle) implements Value {
    }

    public static final Value UNKNOWN = new Unknown(false);
    /**
     * Unknown because working it out met a question that was being worked out (a name assigned from itself through
     * other names, a recursive function's parameter or return value). It is strict: every answer that reads it is
     * it, so an answer does not depend on which question of a cycle was asked first ({@link ResolverMemo}).
     */
    public static final Value CYCLE = new Unknown(true);
    private static final int MAX_DEPTH = 40;

    private final ProjectIndex index;
    private final LibraryTypes catalog;
    private final ClassHierarchy classes;
    private final ScopeNames names;
    private final Members members;
    private final ResolverMemo memo;
    private int depth;
    private long nanos;

    public Resolver(ProjectIndex index, LibraryTypes catalog) {
        this(index, catalog, false);
    }

    /**
     * A resolver that answers what a value <em>may</em> be, for findings only, never for edits: a parameter that
     * callers do not type but that its function assigns itself ({@code if not session: session =
     * requests.Session()}) takes the assigned value, although a caller may pass something else.
     */
    public static Resolver mayBe(ProjectIndex index, LibraryTypes catalog) {
        return new Resolver(index, catalog, true);
    }

    /**
     * Another resolver of the same project for another thread: it keeps its answers in {@code first}'s memo and
     * reads the answers kept there (the may-be resolver's answers depend on the order of questions: not shared).
     */
    public static Resolver sharing(Resolver first) {
        if (first.names.mayBe()) {
            throw new IllegalArgumentException("the may-be resolver shares no answers");
        }
        return new Resolver(first);
    }

    private Resolver(Resolver first) {
        this.index = first.index;
        this.catalog = first.catalog;
        this.memo = new ResolverMemo(first.memo);
        this.classes = new ClassHierarchy(this, index, memo);
        this.names = new ScopeNames(this, index, catalog, memo, false);
        this.members = new Members(this, index, catalog, memo, classes, names);
    }

    private Resolver(ProjectIndex index, LibraryTypes catalog, boolean mayBe) {
        this.index = index;
        this.catalog = catalog;
        this.memo = new ResolverMemo(mayBe);
        this.classes = new ClassHierarchy(this, index, memo);
        this.names = new ScopeNames(this, index, catalog, memo, mayBe);
        this.members = new Members(this, index, catalog, memo, classes, names);
        if (mayBe) {
            return; // its bases are worked out when asked; the project's subclasses are the edits resolver's
        }
        // every class's bases now, in the project's order: the index's subclasses, and no base is ever worked out
        // while another resolver shares these answers
        Map<String, List<String>> all = new HashMap<>();
        for (FileFacts f : index.files()) {
            for (ClassFact c : f.classes()) {
                all.put(c.qualifiedName(), bases(new ClassRef(f, c)));
            }
        }
        index.recordBases(all);
    }

    public ProjectIndex index() {
        return index;
    }

    /** The value of a whole chain, evaluated in a function of a file (-1: module level). */
    public Value resolve(FileFacts file, int function, Chain chain) {
        return resolve(file, function, chain, chain.steps().size());
    }

    /** The value of the first {@code steps} steps of a chain. */
    public Value resolve(FileFacts file, int function, Chain chain, int steps) {
        if (chain == null || chain.isOpaque()) {
            return UNKNOWN;
        }
        if (depth > MAX_DEPTH) {
            memo.guess();
            return UNKNOWN;
        }
        long started = depth == 0 ? System.nanoTime() : 0;
        depth++;
        try {
            return steps(file, function, names.root(file, function, chain.root()), chain, steps);
        } finally {
            depth--;
            if (depth == 0) {
                memo.settle();
                nanos += System.nanoTime() - started;
            }
        }
    }

    /**
     * The value of a whole chain whose first name holds {@code root}: {@code q = q.filter(...)} read with what the
     * other assignments give {@code q} (see {@link ScopeNames#agreed}).
     */
    Value resolveFrom(Value root, FileFacts file, int function, Chain chain) {
        if (depth > MAX_DEPTH) {
            memo.guess();
            return UNKNOWN;
        }
        depth++;
        try {
            return steps(file, function, root, chain, chain.steps().size());
        } finally {
            depth--;
        }
    }

    private Value steps(FileFacts file, int function, Value root, Chain chain, int steps) {
        Value v = root;
        List<Chain.Step> all = chain.steps();
        for (int i = 0; i < steps && !(v instanceof Unknown); i++) {
            v = step(file, function, v, all.get(i));
        }
        return v;
    }

    /**
     * The value of a call's callee. The planner and the editors ask about every call and reference of the
     * project, some of them many times over (once per patch helper, once per propagation round): answered once each.
     */
    public Value callee(FileFacts file, CallFact call) {
        return asked(file, ASKED_CALLEE, call.index(), call.function(), call.callee(),
                call.callee().steps().size());
    }

    /** The value of a call's receiver: its callee without the last step ({@code session} in {@code session.get()}). */
    public Value receiver(FileFacts file, CallFact call) {
        int steps = call.callee().steps().size() - 1;
        return steps < 0 ? UNKNOWN : asked(file, ASKED_RECEIVER, call.index(), call.function(),
                call.callee(), steps);
    }

    /** The value of a reference (a chain used, not called); see {@link #callee}. */
    public Value reference(FileFacts file, ReferenceFact r) {
        return asked(file, ASKED_REFERENCE, r.index(), r.function(), r.chain(),
                r.chain().steps().size());
    }

    private static final int ASKED_CALLEE = 0;
    private static final int ASKED_RECEIVER = 1;
    private static final int ASKED_REFERENCE = 2;

    private Value asked(FileFacts file, int kind, int i, int function, Chain chain, int steps) {
        if (depth > 0 || memo.anyOpen()) {
            return resolve(file, function, chain, steps);
        }
        Value[][] asked = memo.file(file).asked;
        Value v = asked[kind][i];
        if (v == null) {
            v = resolve(file, function, chain, steps);
            asked[kind][i] = v;
        }
        return v;
    }

    /** Time spent resolving so far, in nanoseconds (for the engine's stage timings). */
    public long nanos() {
        return nanos;
    }

    /** Counts resolving done for this resolver on other threads (see {@link AnswersAhead}). */
    void addNanos(long more) {
        nanos += more;
    }

    private Value step(FileFacts file, int function, Value v, Chain.Step step) {
        if (step instanceof Chain.Attr a) {
            return members.attribute(v, a.name());
        }
        if (step instanceof Chain.Call c) {
            return members.call(file, function, v, c.call());
        }
        if (v instanceof Instance i) {
            String item = catalog.itemType(i.type());
            if (item != null) {
                return new Instance(item);
            }
        }
        return UNKNOWN;
    }

    /** A qualified name as a project definition when it is one. */
    public Value lookup(String qualifiedName) {
        Value v = names.lookup(qualifiedName);
        if (depth == 0) {
            memo.settle();
        }
        return v;
    }

    static Value instanceOf(Value v) {
        if (v == CYCLE) {
            return v;
        }
        if (v instanceof ClassValue c) {
            return new Instance(c.ref().fact().qualifiedName());
        }
        if (v instanceof Qualified q) {
            return new Instance(q.name());
        }
        return UNKNOWN;
    }

    /** The qualified names of a class's bases (project classes or external names), left to right. */
    public List<String> bases(ClassRef c) {
        return classes.bases(c);
    }

    /** The bases outside the project of a class and of its project ancestors. */
    public List<String> externalBases(String classQualifiedName) {
        return classes.externalBases(classQualifiedName);
    }

    /** Method lookup through the class and its project bases, depth first, left to right. */
    public FunctionRef method(String classQualifiedName, String name) {
        return classes.method(classQualifiedName, name);
    }

    /** The class and its project ancestors in lookup order. */
    public List<String> linearization(String classQualifiedName) {
        return classes.linearization(classQualifiedName);
    }

    /** The methods that {@code method} overrides in the bases of its class. */
    public List<FunctionRef> overridden(FunctionRef method) {
        return classes.overridden(method);
    }

    /** Methods of subclasses that override {@code method}. */
    public List<FunctionRef> overriding(FunctionRef method) {
        return classes.overriding(method);
    }
}
