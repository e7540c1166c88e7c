package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.Value;

/**
 * The resolver's one memo: what it learnt per file (names per scope, return values) and per class (bases, lookup
 * order, attributes, methods), keyed by the file's path and the class's qualified name, and the questions being
 * answered right now (a question met again while it is open is a cycle, answered {@link Resolver#CYCLE}).
 * <p>
 * An answer is kept for good only when it is the same in any order: working it out took no guess (a depth cut, a
 * provisional answer read) and met no cycle, or it is {@link Resolver#CYCLE} itself, which every answer reading it
 * passes on (so the same question meets a cycle whatever else is open). The resolver for edits passes it on
 * everywhere, so all its answers are kept for good and every question gets one answer whatever was asked before
 * (what resolving in parallel, or keeping answers across runs, needs); an answer cut at the depth limit is kept
 * {@linkplain #provisional provisionally}, until the question asked from outside is answered ({@link #settle}).
 * The may-be resolver (findings only, one thread, its answers never shared) takes the first value known and skips a
 * cycle: it keeps every answer as it comes, so its answers follow the order of its questions, as they always did.
 */
final class ResolverMemo {
    /**
     * What is known about one file. Shared by the resolvers of a project, which may run on several threads: the
     * answers kept here are the same whoever works them out (see the class comment), so two threads that work out
     * the same one write the same value, and a thread that does not see the other's yet works it out again.
     */
    static final class FileMemo {
        /** Names by scope: index 0 is the module level, index i + 1 function i. */
        private final AtomicReferenceArray<Map<String, Value>> scopes;
        /** Return values by function index; null: not yet known. */
        private final Value[] returns;
        /** What each call's callee resolved to, by the call's index in the file; null: not yet known. */
        private final Value[] callees;

        /**
         * Answers to questions asked from outside the resolver (nothing open), by the fact asked about: each call's
         * callee and receiver and each reference's value.
         */
        final Value[][] asked;

        /** Functions defined directly in each scope (same indexes as {@link #scopes}), first of each name. */
        private final List<Map<String, FunctionFact>> nested = new ArrayList<>();

        FileMemo(FileFacts file) {
            int functions = file.functions().size();
            scopes = new AtomicReferenceArray<>(functions + 1);
            returns = new Value[functions];
            callees = new Value[file.calls().size()];
            asked = new Value[][] {new Value[file.calls().size()], new Value[file.calls().size()],
                new Value[file.references().size()]};
            for (FunctionFact f : file.functions()) {
                if (f.owner() >= 0 || f.parent() < 0) {
                    continue;
                }
                while (nested.size() <= f.parent()) {
                    nested.add(null);
                }
                if (nested.get(f.parent()) == null) {
                    nested.set(f.parent(), new HashMap<>());
                }
                nested.get(f.parent()).putIfAbsent(f.name(), f);
            }
        }

        Value callee(int call) {
            return call < callees.length ? callees[call] : null;
        }

        void callee(int call, Value v) {
            if (call < callees.length) {
                callees[call] = v;
            }
        }

        /** The names known in a scope (-1: module level). */
        Map<String, Value> scope(int function) {
            int i = function + 1;
            if (i >= scopes.length()) {
                return new HashMap<>(); // not a scope of this file: nothing kept
            }
            Map<String, Value> s = scopes.get(i);
            if (s == null) {
                scopes.compareAndSet(i, null, new ConcurrentHashMap<>());
                s = scopes.get(i);
            }
            return s;
        }

        Value returnValue(int function) {
            return function < returns.length ? returns[function] : null;
        }

        void returnValue(int function, Value v) {
            if (function < returns.length) {
                returns[function] = v;
            }
        }

        /** The first function (not a method) named {@code name} defined directly in function {@code parent}. */
        FunctionFact nestedFunction(int parent, String name) {
            Map<String, FunctionFact> inParent = parent < nested.size() ? nested.get(parent) : null;
            return inParent == null ? null : inParent.get(name);
        }
    }

    /** What is known about one class (by qualified name); shared as {@link FileMemo} is. */
    static final class ClassMemo {
        /** Worked out when the first resolver of a project is made, before any other shares it. */
        List<String> bases;
        volatile List<String> linearization;
        volatile List<String> externalBases;
        /** {@code self.name} on an instance. */
        final Map<String, Value> attributes = new ConcurrentHashMap<>();
        /** Method lookup results; {@link #NO_METHOD} when there is none. */
        final Map<String, FunctionRef> methods = new ConcurrentHashMap<>();
    }

    /** A method lookup that found nothing. */
    static final FunctionRef NO_METHOD = new FunctionRef(null, null);

    /** The kinds of questions that can be open: a name's assignments, a parameter's callers, a return value. */
    enum Question { ASSIGNED, PARAMETER, RETURN }

    private record Open(Question question, String path, int function, String name) {
    }

    /** The answers kept for good, shared with every resolver made {@linkplain #ResolverMemo(ResolverMemo) from} this. */
    private record Lasting(Map<String, FileMemo> files, Map<String, ClassMemo> classes) {
    }

    private final Lasting lasting;
    /** The questions this resolver is answering right now (each resolver is used by one thread at a time). */
    private final Set<Open> open = new HashSet<>();

    /** Whether every answer is kept as it comes (the may-be resolver's memo; see the class comment). */
    private final boolean keepsAll;

    ResolverMemo(boolean keepsAll) {
        this.lasting = new Lasting(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        this.keepsAll = keepsAll;
    }

    /** A memo for another resolver of the same project: it shares the answers kept for good, nothing else. */
    ResolverMemo(ResolverMemo sharing) {
        this.lasting = sharing.lasting;
        this.keepsAll = sharing.keepsAll;
    }

    /** What a provisional answer answers: a kind of memo entry, its file path or class name, an index, a name. */
    enum Kept { SCOPE_NAME, RETURN, CALLEE, ATTRIBUTE }

    private record Provisional(Kept kind, String owner, int index, String name) {
    }

    /** Answers that took a guess, for the question asked from outside being answered now. */
    private final Map<Provisional, Value> provisional = new HashMap<>();
    /** Cycles met so far (questions met again while open, answered {@link Resolver#CYCLE}). */
    private long cycles;
    /** Guesses taken so far: depth cuts and provisional answers read (see the class comment). */
    private long guesses;

    /** A mark to pass to {@link #lasts}: the cycles met and the guesses taken so far. */
    long mark() {
        return cycles << 32 | guesses;
    }

    /** Records a guess: an answer "unknown" given at a depth cut. */
    void guess() {
        guesses++;
    }

    /** The provisional answer to a question (reading one is a guess), or null. */
    Value provisional(Kept kind, String owner, int index, String name) {
        if (provisional.isEmpty()) {
            return null;
        }
        Value v = provisional.get(new Provisional(kind, owner, index, name));
        if (v != null) {
            guesses++;
        }
        return v;
    }

    /**
     * Whether an answer worked out since {@code mark} holds in any order, so the caller keeps it for good: it took
     * no guess, and it met no cycle or is {@link Resolver#CYCLE} itself (a cycle met below makes every answer above
     * it that one, so the same question reaches a cycle whatever else is open). Otherwise it is kept here until the
     * question asked from outside is answered.
     */
    boolean lasts(long mark, Kept kind, String owner, int index, String name, Value v) {
        long now = mark();
        boolean noGuess = (now & 0xFFFF_FFFFL) == (mark & 0xFFFF_FFFFL);
        if (keepsAll || noGuess && (now == mark || v == Resolver.CYCLE)) {
            return true;
        }
        provisional.put(new Provisional(kind, owner, index, name), v);
        return false;
    }

    /** A question asked from outside is answered: its provisional answers go (nothing may be open). */
    void settle() {
        if (open.isEmpty() && !provisional.isEmpty()) {
            provisional.clear();
        }
    }

    FileMemo file(FileFacts file) {
        FileMemo m = lasting.files().get(file.path());
        return m != null ? m : lasting.files().computeIfAbsent(file.path(), k -> new FileMemo(file));
    }

    ClassMemo cls(String qualifiedName) {
        ClassMemo m = lasting.classes().get(qualifiedName);
        return m != null ? m : lasting.classes().computeIfAbsent(qualifiedName, k -> new ClassMemo());
    }

    /** Opens a question; false when it is open already (a cycle). */
    boolean enter(Question q, FileFacts file, int function, String name) {
        if (open.add(new Open(q, file.path(), function, name))) {
            return true;
        }
        cycles++;
        return false;
    }

    /** Whether some question is being answered right now. */
    boolean anyOpen() {
        return !open.isEmpty();
    }

    void leave(Question q, FileFacts file, int function, String name) {
        open.remove(new Open(q, file.path(), function, name));
    }
}
