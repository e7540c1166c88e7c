package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.python.PythonLexer;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.BlockContext;
import dev.unblock.python.PythonParser.ComparisonExprContext;
import dev.unblock.python.PythonParser.Elif_clauseContext;
import dev.unblock.python.PythonParser.ExprContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.If_stmtContext;
import dev.unblock.python.PythonParser.Named_expressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The branches of a view serving several methods that tests {@code request.method} at its top level: per method, the
 * statements that run for it (its branch, and what comes before and after), so that ViewPort can write one handler
 * per method. No plan when a test is not a plain comparison of request.method with literals.
 */
record MethodBranches(ModulePort port, Handler h, List<String> methods) {

    /** A statement's text range and how many columns it moves left. */
    record Segment(int start, int end, int dedent) {
    }

    /** Per method, the segments of its handler; null when the view does not branch on request.method cleanly. */
    List<List<Segment>> plan() {
        BlockContext body = h.function.block();
        if (body.simple_stmts() != null || !hasMethodTest(body)) {
            return null;
        }
        String referenced = h.function.name().getText();
        for (AtomContext a : port.module.nameAtoms()) {
            if (a.name().getText().equals(referenced)) {
                return null; // the view's name is used elsewhere: keep one function
            }
        }
        int bodyIndent = indentOf(body.stmt(0));
        List<List<Segment>> plan = new ArrayList<>();
        for (String m : methods) {
            List<Segment> segments = new ArrayList<>();
            if (select(body, m, bodyIndent, segments) == FAILED || segments.isEmpty()) {
                return null;
            }
            plan.add(segments);
        }
        return plan;
    }

    private boolean hasMethodTest(BlockContext block) {
        for (StmtContext s : block.stmt()) {
            If_stmtContext i = s.compound_stmt() == null ? null : s.compound_stmt().if_stmt();
            if (i != null && methodTest(i.named_expression()) != null) {
                return true;
            }
        }
        return false;
    }

    private static final int FAILED = -1;
    private static final int GOES_ON = 0;
    private static final int ENDS = 1;

    /**
     * Adds the segments of a block's statements that run for one method: FAILED when that cannot be decided, ENDS
     * when the chosen statements end in return or raise (what follows is dead for that method), else GOES_ON.
     */
    private int select(BlockContext block, String method, int bodyIndent, List<Segment> out) {
        int segStart = port.edits.src.end(block.NEWLINE().getSymbol());
        for (StmtContext s : block.stmt()) {
            int segEnd = port.lineEndWithNewline(port.lastVisibleEnd(s));
            If_stmtContext i = s.compound_stmt() == null ? null : s.compound_stmt().if_stmt();
            Set<String> first = i == null ? null : methodTest(i.named_expression());
            if (first == null) {
                int dedent = indentOf(s) - bodyIndent;
                if (dedent > 0 && hasMultilineString(segStart, segEnd)) {
                    return FAILED;
                }
                out.add(new Segment(segStart, segEnd, dedent));
                if (endsFlow(s)) {
                    return ENDS;
                }
            } else {
                BlockContext chosen = null;
                if (first.contains(method)) {
                    chosen = i.block();
                } else {
                    boolean decided = false;
                    for (Elif_clauseContext e : i.elif_clause()) {
                        Set<String> test = methodTest(e.named_expression());
                        if (test == null) {
                            return FAILED;
                        }
                        if (test.contains(method)) {
                            chosen = e.block();
                            decided = true;
                            break;
                        }
                    }
                    if (!decided && i.else_clause() != null) {
                        chosen = i.else_clause().block();
                    }
                }
                if (chosen != null) {
                    int r = chosen.simple_stmts() != null ? FAILED : select(chosen, method, bodyIndent, out);
                    if (r != GOES_ON) {
                        return r;
                    }
                }
            }
            segStart = segEnd;
        }
        return GOES_ON;
    }

    /** A return or raise statement: nothing after it runs. */
    private static boolean endsFlow(StmtContext s) {
        if (s.simple_stmts() == null) {
            return false;
        }
        var last = s.simple_stmts().simple_stmt(s.simple_stmts().simple_stmt().size() - 1);
        return last.return_stmt() != null || last.raise_stmt() != null;
    }

    /** The methods for which a condition on request.method holds, or null when it is not such a test. */
    private Set<String> methodTest(Named_expressionContext cond) {
        if (cond.COLONEQUAL() != null) {
            return null;
        }
        ExpressionContext e = cond.expression(0);
        if (e.IF() != null || e.disjunction(0).conjunction().size() != 1
                || e.disjunction(0).conjunction(0).inversion().size() != 1
                || e.disjunction(0).conjunction(0).inversion(0).NOT() != null) {
            return null;
        }
        ExprContext x = e.disjunction(0).conjunction(0).inversion(0).expr();
        if (!(x instanceof ComparisonExprContext c)) {
            return null;
        }
        boolean leftIsMethod = isRequestMethod(c.expr(0));
        ExprContext other = leftIsMethod ? c.expr(1) : c.expr(0);
        if (!leftIsMethod && !isRequestMethod(c.expr(1))) {
            return null;
        }
        var op = c.comp_op();
        Set<String> values = new LinkedHashSet<>();
        boolean negate;
        if (op.EQEQUAL() != null || op.NOTEQUAL() != null) {
            String v = Py.string(other);
            if (v == null) {
                return null;
            }
            values.add(v);
            negate = op.NOTEQUAL() != null;
        } else if (op.IN() != null && leftIsMethod) {
            AtomContext atom = Py.atom(other);
            if (atom == null || atom.testlist_comp() == null || atom.testlist_comp().comprehension() != null) {
                if (atom == null || atom.LBRACE() == null || atom.dict_or_set() == null
                        || atom.dict_or_set().COLON() != null) {
                    return null;
                }
                for (ParseTree t : Py.descendants(atom.dict_or_set(), ExpressionContext.class)) {
                    if (t.getParent() == atom.dict_or_set() || t.getParent().getParent() == atom.dict_or_set()) {
                        String v = Py.string(t);
                        if (v == null) {
                            return null;
                        }
                        values.add(v);
                    }
                }
            } else {
                for (var el : atom.testlist_comp().star_named_expression()) {
                    String v = Py.string(el);
                    if (v == null) {
                        return null;
                    }
                    values.add(v);
                }
            }
            negate = op.NOT() != null;
        } else {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String m : methods) {
            if (values.contains(m) != negate) {
                out.add(m);
            }
        }
        return out;
    }

    private boolean isRequestMethod(ExprContext x) {
        PrimaryContext p = Py.primary(x);
        return p != null && p.atom().name() != null && p.atom().name().getText().equals(h.requestName)
                && "request".equals(port.module.flaskName(h.requestName)) && p.trailer().size() == 1
                && p.trailer(0).DOT() != null && p.trailer(0).name().getText().equals("method");
    }

    private boolean hasMultilineString(int from, int to) {
        for (Token t : port.edits.src.tokens()) {
            int s = port.edits.src.start(t);
            if (s >= from && s < to && (t.getType() == PythonLexer.STRING || t.getType() == PythonLexer.FSTRING_MIDDLE)
                    && (t.getText().indexOf('\n') >= 0 || t.getText().indexOf('\r') >= 0)) {
                return true;
            }
        }
        return false;
    }

    private int indentOf(ParserRuleContext stmt) {
        return indentOf(port, stmt);
    }

    static int indentOf(ModulePort port, ParserRuleContext stmt) {
        int s = port.start(stmt);
        return s - port.lineStart(s);
    }

    /** Moves the lines of a statement left by {@code columns}, past the body's own indentation. */
    static String dedent(String text, int columns, int bodyIndent) {
        if (columns <= 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int lineEnd = i;
            while (lineEnd < text.length() && text.charAt(lineEnd) != '\n') {
                lineEnd++;
            }
            String line = text.substring(i, Math.min(lineEnd + 1, text.length()));
            int spaces = 0;
            while (spaces < line.length() && (line.charAt(spaces) == ' ' || line.charAt(spaces) == '\t')) {
                spaces++;
            }
            if (spaces >= bodyIndent + columns && !line.isBlank()) {
                line = line.substring(0, bodyIndent) + line.substring(bodyIndent + columns);
            }
            out.append(line);
            i = lineEnd + 1;
        }
        return out.toString();
    }
}
