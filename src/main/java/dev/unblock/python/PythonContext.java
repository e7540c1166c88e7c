package dev.unblock.python;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The base of every parse tree node of {@link PythonParser} (the grammar's {@code contextSuperClass}): the same
 * answers as ANTLR's {@link ParserRuleContext}, with less garbage. The generated accessors ({@code ctx.name()},
 * {@code ctx.DOT()}) are called millions of times by the fact extraction; the runtime's versions make an iterator
 * per call, and the JVM's quick compiler (the CLI runs with no other) cannot remove it. Most nodes have one or two
 * children, so their child lists start small.
 */
public class PythonContext extends ParserRuleContext {
    public PythonContext() {
    }

    public PythonContext(ParserRuleContext parent, int invokingStateNumber) {
        super(parent, invokingStateNumber);
    }

    @Override
    public <T extends ParseTree> T addAnyChild(T t) {
        if (children == null) {
            children = new ArrayList<>(2);
        }
        children.add(t);
        return t;
    }

    @Override
    public <T extends ParseTree> T getChild(Class<? extends T> ctxType, int i) {
        List<ParseTree> all = children;
        if (all == null || i < 0 || i >= all.size()) {
            return null;
        }
        int seen = -1;
        for (int k = 0, n = all.size(); k < n; k++) {
            ParseTree o = all.get(k);
            if (ctxType.isInstance(o) && ++seen == i) {
                return ctxType.cast(o);
            }
        }
        return null;
    }

    @Override
    public TerminalNode getToken(int ttype, int i) {
        List<ParseTree> all = children;
        if (all == null || i < 0 || i >= all.size()) {
            return null;
        }
        int seen = -1;
        for (int k = 0, n = all.size(); k < n; k++) {
            if (all.get(k) instanceof TerminalNode t && t.getSymbol().getType() == ttype && ++seen == i) {
                return t;
            }
        }
        return null;
    }

    @Override
    public List<TerminalNode> getTokens(int ttype) {
        List<ParseTree> all = children;
        List<TerminalNode> out = null;
        for (int k = 0, n = all == null ? 0 : all.size(); k < n; k++) {
            if (all.get(k) instanceof TerminalNode t && t.getSymbol().getType() == ttype) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(t);
            }
        }
        return out == null ? Collections.emptyList() : out;
    }

    @Override
    public <T extends ParserRuleContext> List<T> getRuleContexts(Class<? extends T> ctxType) {
        List<ParseTree> all = children;
        List<T> out = null;
        for (int k = 0, n = all == null ? 0 : all.size(); k < n; k++) {
            ParseTree o = all.get(k);
            if (ctxType.isInstance(o)) {
                if (out == null) {
                    out = new ArrayList<>();
                }
                out.add(ctxType.cast(o));
            }
        }
        return out == null ? Collections.emptyList() : out;
    }

    /** A node with one child has that child's text: no builder to copy it through. */
    @Override
    public String getText() {
        List<ParseTree> all = children;
        if (all != null && all.size() == 1) {
            return all.get(0).getText();
        }
        return super.getText();
    }
}
