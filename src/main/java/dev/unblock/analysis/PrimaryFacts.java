package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.analysis.FactsExtractor.Scope;
import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.python.PythonParser.ArgumentContext;
import dev.unblock.python.PythonParser.ArgumentsContext;
import dev.unblock.python.PythonParser.Assigned_valueContext;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.BlockContext;
import dev.unblock.python.PythonParser.Except_clauseContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.For_if_clauseContext;
import dev.unblock.python.PythonParser.For_stmtContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.PrimaryExprContext;
import dev.unblock.python.PythonParser.Simple_stmtContext;
import dev.unblock.python.PythonParser.Simple_stmtsContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;
import dev.unblock.python.PythonParser.With_itemContext;
import dev.unblock.python.PythonParser.With_stmtContext;
import dev.unblock.python.PythonParser.Yield_exprContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/**
 * The facts of a primary ({@code atom trailer*}): a call site for each {@code (...)} with the offsets its edits
 * need and how its value is used, and a reference for each name or attribute that is not called right away.
 */
final class PrimaryFacts {
    private final FactsExtractor x;
    private final SourceFile src;
    private final ChainReader chains;
    /** {@link #lastStatementEnd} by block: the calls of a block ask for it one after the other. */
    private final java.util.Map<ParserRuleContext, Integer> blockEnds = new java.util.IdentityHashMap<>();

    PrimaryFacts(FactsExtractor x, SourceFile src, ChainReader chains) {
        this.x = x;
        this.src = src;
        this.chains = chains;
    }

    void primary(PrimaryContext p, Scope scope) {
        AtomContext atom = p.atom();
        String root = atom.name() != null ? TreeShapes.name(atom.name()) : Chain.OPAQUE;
        if (atom.name() == null) {
            x.visit(atom, scope);
        }
        List<TrailerContext> trailers = p.trailer();
        List<Chain.Step> steps = new ArrayList<>();
        int primaryStart = src.start(p);
        int lastNameStart = src.start(atom);
        int prevEnd = src.end(atom);
        for (int k = 0; k < trailers.size(); k++) {
            TrailerContext t = trailers.get(k);
            boolean last = k == trailers.size() - 1;
            if (t.DOT() != null) {
                steps.add(new Chain.Attr(TreeShapes.name(t.name())));
                lastNameStart = src.start(t.name());
                TrailerContext next = last ? null : trailers.get(k + 1);
                if (!root.equals(Chain.OPAQUE) && (next == null || next.LPAR() == null)) {
                    reference(new Chain(root, steps), p, scope, primaryStart, lastNameStart, src.end(t),
                            next != null && next.DOT() != null);
                }
            } else if (t.LPAR() != null) {
                int index = x.calls.size();
                x.calls.add(null);
                chains.numbered(src.start(t), index);
                Chain callee = new Chain(root, steps);
                Use use = last ? useOf(p) : Use.OTHER;
                x.calls.set(index, callFact(index, callee, p, t, scope, primaryStart, prevEnd, lastNameStart, !last, use));
                steps.add(new Chain.Call(index));
                if (t.arguments() != null) {
                    x.visit(t.arguments(), scope);
                }
            } else {
                if (k == 0 && atom.name() != null && !root.equals(Chain.OPAQUE)) {
                    // `qs[0]`: the subscripted name, as a value something follows (like `x` of `x.y`)
                    reference(new Chain(root, List.of()), p, scope, primaryStart, primaryStart, src.end(atom), true);
                }
                steps.add(new Chain.Index(TreeShapes.stringKey(t.slices())));
                x.visit(t.slices(), scope);
            }
            prevEnd = src.end(t);
        }
        if (trailers.isEmpty() && atom.name() != null) {
            reference(new Chain(root, List.of()), p, scope, primaryStart, primaryStart, src.end(atom), false);
        }
    }

    private void reference(Chain chain, PrimaryContext p, Scope scope, int start, int nameStart, int end,
                           boolean trailing) {
        int offset = nameStart;
        x.references.add(new ReferenceFact(x.references.size(), chain, scope.function(), scope.context(), start, nameStart, end,
                src.line(offset), src.column(offset), !trailing && isCallArgument(p), trailing, !trailing && caught(p)));
    }

    /** Whether the primary is (part of) the exception type of an {@code except} clause. */
    private static boolean caught(PrimaryContext p) {
        ParserRuleContext child = p;
        for (ParserRuleContext n = p.getParent(); n != null; child = n, n = n.getParent()) {
            if (n instanceof Except_clauseContext e) {
                return e.expression().contains(child);
            }
            if (n instanceof BlockContext || n instanceof StmtContext || n instanceof ArgumentContext) {
                return false;
            }
        }
        return false;
    }

    private boolean isCallArgument(PrimaryContext p) {
        ParserRuleContext top = TreeShapes.climb(p);
        return top.getParent() instanceof ArgumentContext;
    }

    private CallFact callFact(int index, Chain callee, PrimaryContext p, TrailerContext call, Scope scope,
                              int primaryStart, int calleeEnd, int lastNameStart, boolean trailing, Use use) {
        List<Argument> args = new ArrayList<>();
        if (call.arguments() != null) {
            for (ArgumentContext a : call.arguments().argument()) {
                boolean star = a.STAR() != null || a.DOUBLESTAR() != null;
                if (a.EQUAL() != null) {
                    ExpressionContext kw = a.expression(0);
                    args.add(new Argument(kw.getText().intern(), src.start(kw), src.end(kw), src.start(a.expression(1)),
                            src.end(a.expression(1)), false, chains.chainOf(a.expression(1))));
                } else {
                    args.add(new Argument(null, -1, -1, src.start(a), src.end(a), star,
                            star || a.comprehension() != null || a.COLONEQUAL() != null ? null : chains.chainOf(a.expression(0))));
                }
            }
        }
        Simple_stmtContext stmt = TreeShapes.enclosing(p, Simple_stmtContext.class);
        int stmtStart = -1;
        int stmtEnd = -1;
        int blockEnd = -1;
        boolean simple = false;
        if (stmt != null) {
            stmtStart = src.start(stmt);
            stmtEnd = src.end(stmt);
            Simple_stmtsContext line = (Simple_stmtsContext) stmt.getParent();
            simple = line.simple_stmt().size() == 1 && !(line.getParent() instanceof BlockContext b && b.INDENT() == null);
            ParserRuleContext holder = line.getParent() == null ? null : line.getParent().getParent();
            if (holder instanceof BlockContext || holder instanceof File_inputContext) {
                blockEnd = lastStatementEnd(holder);
            }
        }
        int[] useRange = useRange(p, use);
        int offset = src.start(call);
        Context context = scope.context();
        return new CallFact(index, callee, scope.function(), context, use, primaryStart, calleeEnd, lastNameStart,
                src.start(call), src.end(call), trailing, List.copyOf(args), src.line(offset), src.column(primaryStart), stmtStart,
                stmtEnd, blockEnd, simple, useRange[0], useRange[1], assignedName(p));
    }

    /** The end of the last statement of a block (or file), before its closing DEDENT. */
    private int lastStatementEnd(ParserRuleContext holder) {
        return blockEnds.computeIfAbsent(holder, this::computeLastStatementEnd);
    }

    private int computeLastStatementEnd(ParserRuleContext holder) {
        StmtContext last = null;
        for (int i = 0; i < holder.getChildCount(); i++) {
            if (holder.getChild(i) instanceof StmtContext s) {
                last = s;
            }
        }
        return last == null ? -1 : src.end(last);
    }

    /** How the value of a whole primary is used (see {@link Use}). */
    private Use useOf(PrimaryContext p) {
        if (p.getParent() instanceof PrimaryExprContext pe && pe.AWAIT() != null) {
            return Use.AWAITED;
        }
        ParserRuleContext top = TreeShapes.climb(p);
        ParserRuleContext parent = top.getParent();
        if (parent instanceof Expr_stmtContext e && e.getChildCount() == 1) {
            return Use.STATEMENT;
        }
        if (parent instanceof For_stmtContext f && f.star_expressions() == top) {
            return Use.FOR_ITERABLE;
        }
        if (parent instanceof For_if_clauseContext f && f.disjunction(0) == top) {
            return Use.FOR_ITERABLE;
        }
        if (parent instanceof With_itemContext) {
            return Use.WITH_ITEM;
        }
        if (parent instanceof Yield_exprContext y && y.FROM() != null) {
            return Use.YIELD_FROM;
        }
        if (parent instanceof ArgumentContext a && a.getChildCount() == 1
                && a.getParent() instanceof ArgumentsContext args && args.argument().size() == 1
                && args.getParent() instanceof TrailerContext t) {
            PrimaryContext outer = (PrimaryContext) t.getParent();
            if (outer.trailer().size() == 1 && outer.atom().name() != null && outer.atom().getText().equals("list")) {
                return Use.LIST_ARGUMENT;
            }
        }
        return Use.OTHER;
    }

    /** The offsets a use-specific edit needs: the `for`/`with` keyword, or the `list(...)` call around the call. */
    private int[] useRange(PrimaryContext p, Use use) {
        ParserRuleContext top = TreeShapes.climb(p);
        ParserRuleContext parent = top.getParent();
        return switch (use) {
            case FOR_ITERABLE -> {
                Token f = parent instanceof For_stmtContext fs ? fs.FOR().getSymbol()
                        : ((For_if_clauseContext) parent).FOR().getSymbol();
                yield new int[] {src.start(f), src.start(f)};
            }
            case WITH_ITEM -> {
                With_stmtContext w = (With_stmtContext) parent.getParent();
                yield new int[] {src.start(w.WITH().getSymbol()), src.start(w.WITH().getSymbol())};
            }
            case LIST_ARGUMENT -> {
                PrimaryContext outer = (PrimaryContext) parent.getParent().getParent().getParent();
                yield new int[] {src.start(outer), src.end(outer)};
            }
            case YIELD_FROM -> new int[] {src.start(parent), src.end(parent)};
            default -> new int[] {-1, -1};
        };
    }

    /** The name assigned when the primary is the whole right-hand side of {@code name = …}. */
    private String assignedName(PrimaryContext p) {
        ParserRuleContext top = TreeShapes.climb(p);
        if (top.getParent() instanceof Assigned_valueContext v && v.getParent() instanceof Expr_stmtContext e
                && e.assigned_value().size() == 1) {
            PrimaryContext target = TreeShapes.primaryOf(e.star_expressions());
            if (target != null && target.trailer().isEmpty() && target.atom().name() != null) {
                return TreeShapes.name(target.atom().name());
            }
        }
        return null;
    }
}
