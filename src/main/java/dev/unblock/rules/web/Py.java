package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.python.PythonLexer;
import dev.unblock.python.PythonParser.ArgumentContext;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.BlockContext;
import dev.unblock.python.PythonParser.ConjunctionContext;
import dev.unblock.python.PythonParser.DisjunctionContext;
import dev.unblock.python.PythonParser.ExprContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.InversionContext;
import dev.unblock.python.PythonParser.Named_expressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.PrimaryExprContext;
import dev.unblock.python.PythonParser.Star_expressionContext;
import dev.unblock.python.PythonParser.Star_expressionsContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/** Small readings of the syntax tree the port needs: bare primaries, call arguments, literals, statements. */
final class Py {
    private Py() {
    }

    /** The expression as a bare primary ({@code a.b(c)[d]}), or null when it is anything else (operators, await). */
    static PrimaryContext primary(ParseTree node) {
        ParseTree n = node;
        while (n != null) {
            if (n instanceof PrimaryContext p) {
                return p;
            }
            if (n instanceof dev.unblock.python.PythonParser.Star_named_expressionContext s) {
                if (s.STAR() != null) {
                    return null;
                }
                n = s.named_expression();
            } else if (n instanceof dev.unblock.python.PythonParser.SlicesContext s) {
                if (s.slice().size() != 1 || !s.COMMA().isEmpty()) {
                    return null;
                }
                n = s.slice(0);
            } else if (n instanceof dev.unblock.python.PythonParser.SliceContext s) {
                if (s.expression().size() != 1 || s.slice_tail() != null || s.COLONEQUAL() != null) {
                    return null;
                }
                n = s.expression(0);
            } else if (n instanceof Star_expressionsContext s) {
                if (s.star_expression().size() != 1 || s.COMMA().size() > 0) {
                    return null;
                }
                n = s.star_expression(0);
            } else if (n instanceof Star_expressionContext s) {
                n = s.expression();
            } else if (n instanceof Named_expressionContext ne) {
                if (ne.COLONEQUAL() != null) {
                    return null;
                }
                n = ne.expression(0);
            } else if (n instanceof ExpressionContext e) {
                if (e.IF() != null || e.lambdef() != null) {
                    return null;
                }
                n = e.disjunction(0);
            } else if (n instanceof DisjunctionContext d) {
                if (d.conjunction().size() != 1) {
                    return null;
                }
                n = d.conjunction(0);
            } else if (n instanceof ConjunctionContext c) {
                if (c.inversion().size() != 1) {
                    return null;
                }
                n = c.inversion(0);
            } else if (n instanceof InversionContext i) {
                if (i.NOT() != null) {
                    return null;
                }
                n = i.expr();
            } else if (n instanceof PrimaryExprContext pe) {
                if (pe.AWAIT() != null) {
                    return null;
                }
                n = pe.primary();
            } else {
                return null;
            }
        }
        return null;
    }

    /** True when a name atom is the keyword of a call argument ({@code f(key=value)}), not a use of the name. */
    static boolean isKeyword(AtomContext atom) {
        ParseTree n = atom;
        while (n.getParent() != null && !(n.getParent() instanceof ArgumentContext)) {
            if (n.getParent().getChildCount() != 1) {
                return false;
            }
            n = n.getParent();
        }
        return n.getParent() instanceof ArgumentContext a && a.EQUAL() != null && a.getChild(0) == n;
    }

    /** The atom of an expression that is a bare atom (no trailers), or null. */
    static AtomContext atom(ParseTree node) {
        PrimaryContext p = primary(node);
        return p == null || !p.trailer().isEmpty() ? null : p.atom();
    }

    /** The name of an atom that is a plain name, or null. */
    static String name(AtomContext atom) {
        return atom != null && atom.name() != null ? atom.name().getText() : null;
    }

    /** The name an expression is, when it is a plain name. */
    static String nameOf(ParseTree node) {
        return name(atom(node));
    }

    /** The names of a primary's leading {@code a.b.c} before its first call or subscript (the atom must be a name). */
    static List<String> leadingNames(PrimaryContext p) {
        List<String> out = new ArrayList<>();
        if (p.atom().name() == null) {
            return out;
        }
        out.add(p.atom().name().getText());
        for (TrailerContext t : p.trailer()) {
            if (t.DOT() == null) {
                break;
            }
            out.add(t.name().getText());
        }
        return out;
    }

    static boolean isCall(TrailerContext t) {
        return t.LPAR() != null;
    }

    /** The arguments of a call trailer. */
    static Args args(TrailerContext call) {
        return new Args(call);
    }

    /** A call's arguments by position and keyword; {@code starred} when it has *args or **kwargs. */
    static final class Args {
        final List<ExpressionContext> positional = new ArrayList<>();
        final Map<String, ExpressionContext> keywords = new LinkedHashMap<>();
        final List<ArgumentContext> all = new ArrayList<>();
        boolean starred;

        private Args(TrailerContext call) {
            if (call.arguments() == null) {
                return;
            }
            for (ArgumentContext a : call.arguments().argument()) {
                all.add(a);
                if (a.STAR() != null || a.DOUBLESTAR() != null || a.comprehension() != null
                        || a.COLONEQUAL() != null) {
                    starred = true;
                } else if (a.EQUAL() != null) {
                    keywords.put(a.expression(0).getText(), a.expression(1));
                } else {
                    positional.add(a.expression(0));
                }
            }
        }

        /** The argument given by position {@code index} or by keyword {@code name}; null when absent. */
        ExpressionContext get(int index, String name) {
            if (keywords.containsKey(name)) {
                return keywords.get(name);
            }
            return index >= 0 && index < positional.size() ? positional.get(index) : null;
        }

        int size() {
            return all.size();
        }
    }

    /** The value of a plain string literal (no f-string, no bytes), or null. */
    static String string(ParseTree node) {
        AtomContext a = atom(node);
        if (a == null || a.strings() == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (ParseTree child : a.strings().children) {
            if (!(child instanceof org.antlr.v4.runtime.tree.TerminalNode t)
                    || t.getSymbol().getType() != PythonLexer.STRING) {
                return null;
            }
            String part = PyString.value(t.getText());
            if (part == null) {
                return null;
            }
            out.append(part);
        }
        return out.toString();
    }

    /** The values of a list or tuple display of plain string literals, or null when it is anything else. */
    static List<String> stringList(ParseTree node) {
        AtomContext list = atom(node);
        if (list == null || list.LSQB() == null && list.LPAR() == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (AtomContext a : descendants(list, AtomContext.class)) {
            if (a == list) {
                continue;
            }
            String s = string(a.getParent());
            if (s == null) {
                return null;
            }
            out.add(s);
        }
        return out;
    }

    /** The value of a small non-negative integer literal, or null. */
    static Integer integer(ParseTree node) {
        AtomContext a = atom(node);
        if (a == null || a.NUMBER() == null) {
            return null;
        }
        String text = a.NUMBER().getText().replace("_", "");
        if (!text.matches("[1-9][0-9]{0,8}|0")) {
            return null;
        }
        return Integer.valueOf(text);
    }

    /** True for a literal that is the same object every time it is evaluated (safe as a parameter default). */
    static boolean isConstant(ParseTree node) {
        AtomContext a = atom(node);
        if (a != null) {
            return a.NUMBER() != null || a.NONE() != null || a.TRUE() != null || a.FALSE() != null
                    || string(node) != null;
        }
        // -1
        ParserRuleContext n = unwrapToExpr(node);
        return n instanceof dev.unblock.python.PythonParser.UnaryExprContext u && u.MINUS() != null
                && u.expr() instanceof PrimaryExprContext pe && pe.primary().trailer().isEmpty()
                && pe.primary().atom().NUMBER() != null;
    }

    private static ParserRuleContext unwrapToExpr(ParseTree node) {
        ParseTree n = node;
        while (n != null && !(n instanceof ExprContext)) {
            if (n.getChildCount() != 1 && !(n instanceof Named_expressionContext)) {
                return null;
            }
            n = n.getChild(0);
        }
        return (ParserRuleContext) n;
    }

    /** The statements of a block. */
    static List<StmtContext> statements(BlockContext block) {
        if (block.simple_stmts() != null) {
            return List.of();
        }
        return block.stmt();
    }

    /** Every descendant of a node of one type, in source order. */
    static <T extends ParseTree> List<T> descendants(ParseTree node, Class<T> type) {
        List<T> out = new ArrayList<>();
        collect(node, type, out);
        return out;
    }

    private static <T extends ParseTree> void collect(ParseTree node, Class<T> type, List<T> out) {
        if (type.isInstance(node)) {
            out.add(type.cast(node));
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            collect(node.getChild(i), type, out);
        }
    }

    /** The nearest ancestor of a type, or null. */
    static <T extends ParseTree> T ancestor(ParseTree node, Class<T> type) {
        ParseTree n = node.getParent();
        while (n != null && !type.isInstance(n)) {
            n = n.getParent();
        }
        return type.cast(n);
    }

    /** The 1-based line of a node. */
    static int line(ParserRuleContext node) {
        return node.getStart().getLine();
    }

    static int line(Token token) {
        return token.getLine();
    }
}
