package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * (what resolving in parallel, or keeping answers across runs, needs). The may-be resolver takes the first value
 * known and skips a cycle: an answer of its that met one holds only for the question asked from outside during
 * which it was worked out, and is kept {@linkplain #provisional provisionally} until that one is answered
 * ({@link #settle}).
 */
final class ResolverMemo {
    /** What is known about one file. */
    static final class FileMemo {
        /** Names by scope: index 0 is the module level, index i + 1 function i. */
        private Map<String, Value>[] scopes;
        /** Return values by function index; null: not yet known. */
        private Value[] returns;
        /** What each call's callee resolved to, by the call's index in the file; null: not yet known. */
        private Value[] callees;

        Value callee(int call) {
            return callees == null || call >= callees.length ? null : callees[call];
        }

        void callee(int call, int calls, Value v) {
            if (callees == null) {
                callees = new Value[Math.max(calls, call + 1)];
            } else if (call >= callees.length) {
                callees = Arrays.copyOf(callees, call + 1);
            }
            callees[call] = v;
        }

        /**
         * Answers to questions asked from outside the resolver (nothing open), by the fact asked about: each call's
         * callee and receiver and each reference's value.
         */
        final Value[][] asked = new Value[3][];

        /** Functions defined directly in each scope (same indexes as {@link #scopes}), first of each name. */
        private List<Map<String, FunctionFact>> nested;

        @SuppressWarnings("unchecked")
        FileMemo(int functions) {
            scopes = new Map[functions + 1];
            returns = new Value[functions];
        }

        /** The names known in a scope (-1: module level). */
        Map<String, Value> scope(int function) {
            int i = function + 1;
            if (i >= scopes.length) {
                scopes = Arrays.copyOf(scopes, i + 1);
            }
            Map<String, Value> s = scopes[i];
            if (s == null) {
                s = new HashMap<>();
                scopes[i] = s;
            }
            return s;
        }

        Value returnValue(int function) {
            return function < returns.length ? returns[function] : null;
        }

        void returnValue(int function, Value v) {
            if (function >= returns.length) {
                returns = Arrays.copyOf(returns, function + 1);
            }
            returns[function] = v;
        }

        /** The first function (not a method) named {@code name} defined directly in function {@code parent}. */
        FunctionFact nestedFunction(FileFacts file, int parent, String name) {
            if (nested == null) {
                nested = new ArrayList<>();
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
            Map<String, FunctionFact> inParent = parent < nested.size() ? nested.get(parent) : null;
            return inParent == null ? null : inParent.get(name);
        }
    }

    /** What is known about one class (by qualified name). */
    static final class ClassMemo {
        List<String> bases;
        List<String> linearization;
        List<String> externalBases;
        /** {@code self.name} on an instance. */
        final Map<String, Value> attributes = new HashMap<>();
        /** Method lookup results; {@link #NO_METHOD} when there is none. */
        final Map<String, FunctionRef> methods = new HashMap<>();
    }

    /** A method lookup that found nothing. */
    static final FunctionRef NO_METHOD = new FunctionRef(null, null);

    /** The kinds of questions that can be open: a name's assignments, a parameter's callers, a return value. */
    enum Question { ASSIGNED, PARAMETER, RETURN }

    private record Open(Question question, String path, int function, String name) {
    }

    private final Map<String, FileMemo> files = new HashMap<>();
    private final Map<String, ClassMemo> classes = new HashMap<>();
    private final Set<Open> open = new HashSet<>();

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
        if (noGuess && (now == mark || v == Resolver.CYCLE)) {
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
        FileMemo m = files.get(file.path());
        if (m == null) {
            m = new FileMemo(file.functions().size());
            files.put(file.path(), m);
        }
        return m;
    }

    ClassMemo cls(String qualifiedName) {
        return classes.computeIfAbsent(qualifiedName, k -> new ClassMemo());
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
