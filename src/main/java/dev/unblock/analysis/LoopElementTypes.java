package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.analysis.FactBuilders.FunctionBuilder;
import dev.unblock.python.PythonParser.ArgumentContext;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.For_if_clauseContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.TargetsContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * A loop variable typed by what its iterable's annotation says the elements are: in
 * {@code def run_all(checks: list[Check])}, {@code for c in checks} (or a comprehension over {@code checks}) gives
 * {@code c} an instance of {@code Check}, as {@code c: Check} would. Only when the iterable is a parameter the
 * function never rebinds and nothing else in the function binds the loop variable (the resolver does not follow
 * the flow of a function: a second binding could hold anything), so calls on it can be followed to the methods
 * they reach, overrides included.
 */
final class LoopElementTypes {
    /** {@code C[T]} or {@code C[T, ...]}, names possibly dotted, T possibly quoted. */
    private static final Pattern CONTAINER = Pattern.compile(
            "([A-Za-z_][\\w.]*)\\s*\\[\\s*(['\"]?)([A-Za-z_][\\w.]*)\\2\\s*(,\\s*\\.\\.\\.\\s*)?\\]");
    /** Generic types whose iteration yields their one type argument. */
    private static final Set<String> ITERABLES = Set.of("list", "List", "set", "Set", "frozenset", "FrozenSet",
            "AbstractSet", "MutableSet", "Sequence", "MutableSequence", "Collection", "Iterable", "Iterator",
            "Reversible", "deque", "Deque");
    /** Tuples iterate over one type only when written {@code tuple[T, ...]}. */
    private static final Set<String> TUPLES = Set.of("tuple", "Tuple");

    /** {@code scope}: the comprehension a clause belongs to, whose variable is its own (null for a statement). */
    private record Candidate(String target, String iterable, ParseTree scope) {
    }

    private final SourceFile src;
    private final Map<Integer, List<Candidate>> pending = new HashMap<>();

    LoopElementTypes(SourceFile src) {
        this.src = src;
    }

    /**
     * A loop of a function over a chain: remembered when it binds one name and iterates over a bare name. A
     * comprehension clause ({@code clause} not null) binds its variable in the comprehension only.
     */
    void loop(int function, TargetsContext targets, Chain iterable, For_if_clauseContext clause) {
        if (function < 0 || targets == null || iterable == null || !iterable.steps().isEmpty()
                || targets.target().size() != 1 || targets.COMMA().size() > 0) {
            return;
        }
        var target = targets.target(0);
        PrimaryContext p = target.primary();
        AtomContext a = p.atom();
        if (target.STAR() != null || !p.trailer().isEmpty() || a.name() == null) {
            return;
        }
        pending.computeIfAbsent(function, k -> new ArrayList<>())
                .add(new Candidate(TreeShapes.name(a.name()), iterable.root(), clause == null ? null : comprehension(clause)));
    }

    /** Once a function's body has been read: types the loop variables its loops allow. */
    void finish(Function_defContext f, FunctionBuilder fn) {
        List<Candidate> candidates = pending.remove(fn.index);
        if (candidates == null || f.parameters() == null) {
            return;
        }
        Map<String, Integer> bindings = fn.bindings;
        for (Candidate c : candidates) {
            String element = elementOfParameter(f, c.iterable());
            if (element == null || c.target().equals(c.iterable())
                    || fn.params.stream().anyMatch(p -> p.name().equals(c.target()))) {
                continue;
            }
            if (bindings.getOrDefault(c.target(), 0) == 1 && !bindings.containsKey(c.iterable())
                    && (c.scope() == null || uses(f.block(), c.target()) == uses(c.scope(), c.target()))) {
                fn.locals.computeIfAbsent(c.target(), k -> new ArrayList<>()).add(instanceOf(element));
                fn.unrecorded.remove(c.target()); // its one binding, now recorded
            }
        }
    }

    /** The list, set or dict display or generator expression a comprehension clause belongs to. */
    private static ParseTree comprehension(For_if_clauseContext clause) {
        ParseTree node = clause;
        while (node != null && !(node instanceof AtomContext) && !(node instanceof ArgumentContext)) {
            node = node.getParent();
        }
        return node;
    }

    /**
     * How often a name occurs in a subtree. A comprehension's variable is typed only when the name occurs nowhere
     * else in the function: elsewhere it would be a different variable (a global, a builtin).
     */
    private static int uses(ParseTree node, String name) {
        if (node instanceof NameContext n) {
            return TreeShapes.name(n).equals(name) ? 1 : 0;
        }
        int count = 0;
        for (int i = 0; i < node.getChildCount(); i++) {
            count += uses(node.getChild(i), name);
        }
        return count;
    }

    /** The element type a parameter's annotation declares, dotted, or null. */
    private String elementOfParameter(Function_defContext f, String name) {
        for (ParameterContext p : f.parameters().parameter()) {
            if (p.name() != null && TreeShapes.name(p.name()).equals(name)) {
                return p.COLON() == null || p.STAR() != null || p.DOUBLESTAR() != null || p.expression().isEmpty()
                        ? null : elementType(src.text(p.expression(0)));
            }
        }
        return null;
    }

    /** {@code list[Check]}, {@code "Sequence[models.Check]"}, {@code tuple[T, ...]}: the element type, else null. */
    static String elementType(String annotation) {
        String text = annotation.strip();
        if (text.length() > 1 && (text.charAt(0) == '"' || text.charAt(0) == '\'')
                && text.charAt(text.length() - 1) == text.charAt(0)) {
            text = text.substring(1, text.length() - 1).strip();
        }
        Matcher m = CONTAINER.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String container = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
        boolean ellipsis = m.group(4) != null;
        boolean iterable = TUPLES.contains(container) ? ellipsis : ITERABLES.contains(container) && !ellipsis;
        return iterable ? m.group(3) : null;
    }

    /** {@code a.b.C} as the chain of an instance of it ({@code a.b.C()}, the call marked as not in the file). */
    private static Chain instanceOf(String dotted) {
        String[] parts = dotted.split("\\.");
        List<Chain.Step> steps = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            steps.add(new Chain.Attr(parts[i]));
        }
        steps.add(new Chain.Call(-1));
        return new Chain(parts[0], steps);
    }
}
