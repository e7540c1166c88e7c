package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import dev.unblock.analysis.FileFacts.ClassFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.Param;

/**
 * Definitions while the walk is still filling them in (a def's body adds locals, returns and {@code self}
 * attributes after its header was read); built into facts once the walk is over and calls are numbered.
 */
final class FactBuilders {
    private FactBuilders() {
    }

    static final class FunctionBuilder {
        int index;
        String name;
        String qualifiedName;
        int owner;
        int parent;
        boolean isAsync;
        boolean generator;
        final List<Chain> decorators = new ArrayList<>();
        final List<String> decoratorTexts = new ArrayList<>();
        final List<Param> params = new ArrayList<>();
        Chain returnAnnotation;
        final List<Chain> returns = new ArrayList<>();
        final Map<String, List<Chain>> locals = new LinkedHashMap<>();
        final Map<String, List<Chain>> selfAttributes = new LinkedHashMap<>();
        /** How many places in the body bind each name ({@link NameBindings}); nested functions' bodies aside. */
        final Map<String, Integer> bindings = new HashMap<>();
        /** Bound names that are not locals of unknown value: global/nonlocal, imports, nested def/class names. */
        final Set<String> notLocal = new HashSet<>();
        /**
         * Names the body binds to values the facts do not record (loop and tuple targets, {@code except … as},
         * {@code :=}, imports, nested definitions): such a name's recorded assignments are not all it may hold.
         */
        final Set<String> unrecorded = new HashSet<>();
        int defStart;
        int nameStart;
        int nameEnd;
        int line;
        int stmtStart;

        /** @param path the file's path, for the function's {@link FunctionFact#key() key} */
        FunctionFact build(UnaryOperator<Chain> fix, String path) {
            markUnrecorded();
            return new FunctionFact(index, name, qualifiedName, owner, parent, isAsync, generator,
                    decorators.stream().map(fix).toList(), decoratorTexts,
                    params.stream().map(p -> new Param(p.name(), fix.apply(p.annotation()), p.star())).toList(),
                    fix.apply(returnAnnotation), returns.stream().map(fix).toList(), fixAll(locals, fix),
                    fixAll(selfAttributes, fix), otherLocals(), defStart, nameStart, nameEnd, line, stmtStart,
                    path + "#" + index);
        }

        /**
         * A name assigned in the body and also bound otherwise holds a value its assignments do not say: an opaque
         * one among them, so they never agree on a type ({@link ScopeNames#agreed}).
         */
        private void markUnrecorded() {
            for (String name : unrecorded) {
                List<Chain> assigned = locals.get(name);
                if (assigned != null) {
                    assigned.add(new Chain(Chain.OPAQUE, List.of()));
                }
            }
        }

        /** Locals whose values the facts do not record (loop and tuple targets, {@code except … as}, …). */
        private Set<String> otherLocals() {
            Set<String> out = null;
            for (String name : bindings.keySet()) {
                if (!notLocal.contains(name) && !locals.containsKey(name)) {
                    if (out == null) {
                        out = new HashSet<>();
                    }
                    out.add(name);
                }
            }
            return out == null ? Set.of() : Set.copyOf(out);
        }
    }

    static final class ClassBuilder {
        int index;
        String name;
        String qualifiedName;
        final List<Chain> bases = new ArrayList<>();
        final List<String> decoratorTexts = new ArrayList<>();
        int parentFunction;
        int nameEnd;
        int basesOpen = -1;
        int basesClose = -1;
        boolean hasBases;
        int line;
        final Map<String, List<Chain>> classAttributes = new LinkedHashMap<>();

        ClassFact build(UnaryOperator<Chain> fix) {
            return new ClassFact(index, name, qualifiedName, bases.stream().map(fix).toList(), parentFunction, nameEnd,
                    basesOpen, basesClose, hasBases, line, fixAll(classAttributes, fix), decoratorTexts);
        }
    }

    /** The same assignments with every chain passed through {@code fix}. */
    static Map<String, List<Chain>> fixAll(Map<String, List<Chain>> map, UnaryOperator<Chain> fix) {
        Map<String, List<Chain>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v.stream().map(fix).toList()));
        return out;
    }
}
