package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.TrailerContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * Reads chains ({@code self.session.get(url)}) out of expressions. Calls are numbered as the walk meets them,
 * which is after assignments and with items are recorded; so a chain read early refers to its calls by the offset
 * of their '(' (encoded as {@code -2 - offset}), and {@link #fix} swaps those for call indexes once the walk is over.
 */
final class ChainReader {
    private final SourceFile src;
    /** Call index by the offset of its '('. */
    private final Map<Integer, Integer> callAtParen = new HashMap<>();

    ChainReader(SourceFile src) {
        this.src = src;
    }

    /** The walk met the call whose '(' is at {@code openParenOffset} and gave it this index. */
    void numbered(int openParenOffset, int index) {
        callAtParen.put(openParenOffset, index);
    }

    /** The chain an expression is, when it is a single (possibly awaited) primary made of names and trailers. */
    Chain chainOf(ParserRuleContext expr) {
        PrimaryContext p = TreeShapes.primaryOf(expr);
        if (p == null || p.atom().name() == null) {
            return null;
        }
        return chainFromCalls(p);
    }

    /** The chain of a primary, its calls referred to by offset. */
    private Chain chainFromCalls(PrimaryContext p) {
        List<Chain.Step> steps = new ArrayList<>();
        for (TrailerContext t : p.trailer()) {
            if (t.DOT() != null) {
                steps.add(new Chain.Attr(TreeShapes.name(t.name())));
            } else if (t.LPAR() != null) {
                steps.add(new Chain.Call(-2 - src.start(t)));
            } else {
                steps.add(new Chain.Index(TreeShapes.stringKey(t.slices())));
            }
        }
        return new Chain(TreeShapes.name(p.atom().name()), steps);
    }

    /** The index of a call referred to by offset (-1 when the walk never met it). */
    int fix(int call) {
        return callAtParen.getOrDefault(-2 - call, -1);
    }

    /** The chain with its calls referred to by index (the same chain when it has none by offset). */
    Chain fix(Chain chain) {
        if (chain == null) {
            return null;
        }
        boolean byOffset = false;
        for (Chain.Step step : chain.steps()) {
            byOffset |= step instanceof Chain.Call c && c.call() < -1;
        }
        if (!byOffset) {
            return chain;
        }
        List<Chain.Step> steps = new ArrayList<>(chain.steps().size());
        for (Chain.Step step : chain.steps()) {
            steps.add(step instanceof Chain.Call c && c.call() < -1 ? new Chain.Call(fix(c.call())) : step);
        }
        return new Chain(chain.root(), steps);
    }

    /** The call with the chains of its arguments fixed (the same call when none needs it). */
    CallFact fixArguments(CallFact c) {
        boolean changed = false;
        List<Argument> args = new ArrayList<>(c.arguments().size());
        for (Argument a : c.arguments()) {
            Chain value = fix(a.value());
            changed |= value != a.value();
            args.add(value == a.value() ? a : new Argument(a.keyword(), a.keywordStart(), a.keywordEnd(), a.start(),
                    a.end(), a.star(), value));
        }
        if (!changed) {
            return c;
        }
        return new CallFact(c.index(), c.callee(), c.function(), c.context(), c.use(), c.primaryStart(),
                c.calleeEnd(), c.lastNameStart(), c.openParen(), c.callEnd(), c.trailing(), List.copyOf(args),
                c.line(), c.column(), c.stmtStart(), c.stmtEnd(), c.blockEnd(), c.stmtIsSimple(), c.useStart(),
                c.useEnd(), c.assignedTo());
    }

    /** A subscripted base ({@code Generic[T]}, {@code models.Manager["Project"]}) is its class at run time. */
    static Chain withoutTypeArguments(Chain base) {
        if (base == null || base.steps().isEmpty() || !(base.steps().get(base.steps().size() - 1) instanceof Chain.Index)) {
            return base;
        }
        return new Chain(base.root(), base.steps().subList(0, base.steps().size() - 1));
    }
}
