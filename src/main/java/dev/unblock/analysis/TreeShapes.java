package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.python.PythonParser.Assigned_valueContext;
import dev.unblock.python.PythonParser.Async_stmtContext;
import dev.unblock.python.PythonParser.ConjunctionContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DisjunctionContext;
import dev.unblock.python.PythonParser.ExprContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.If_stmtContext;
import dev.unblock.python.PythonParser.InversionContext;
import dev.unblock.python.PythonParser.LambdefContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.Named_expressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.PrimaryExprContext;
import dev.unblock.python.PythonParser.SlicesContext;
import dev.unblock.python.PythonParser.Star_expressionContext;
import dev.unblock.python.PythonParser.Star_expressionsContext;
import dev.unblock.python.PythonParser.Star_named_expressionContext;
import dev.unblock.python.PythonParser.Testlist_compContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Questions about the shape of the syntax tree around a node that the facts extraction asks again and again. */
final class TreeShapes {
    private TreeShapes() {
    }

    /** The primary an expression is, through the single-child levels above it; null when it is something else. */
    static PrimaryContext primaryOf(ParseTree node) {
        ParseTree n = node;
        while (true) {
            if (n instanceof PrimaryContext p) {
                return p;
            }
            if (n instanceof PrimaryExprContext pe) {
                return pe.primary();
            }
            if (n instanceof TerminalNode || n.getChildCount() != 1) {
                if (n instanceof Assigned_valueContext || n instanceof ExprContext) {
                    return n.getChildCount() == 1 ? primaryOf(n.getChild(0)) : null;
                }
                return null;
            }
            n = n.getChild(0);
        }
    }

    /** Whether an expression is the literal {@code None}. */
    static boolean isNone(ParseTree expr) {
        PrimaryContext p = primaryOf(expr);
        return p != null && p.trailer().isEmpty() && p.atom().NONE() != null;
    }

    /** Climbs from a primary through the single-child expression levels to the node that uses its value. */
    static ParserRuleContext climb(PrimaryContext p) {
        ParserRuleContext node = p;
        if (node.getParent() instanceof PrimaryExprContext pe) {
            if (pe.AWAIT() != null) {
                return pe;
            }
            node = pe;
        }
        while (node.getParent() != null && isWrapper(node.getParent())) {
            node = node.getParent();
        }
        return node;
    }

    private static boolean isWrapper(ParserRuleContext n) {
        if (n.getChildCount() != 1) {
            return false;
        }
        return n instanceof InversionContext || n instanceof ConjunctionContext || n instanceof DisjunctionContext
                || n instanceof ExpressionContext || n instanceof Named_expressionContext
                || n instanceof Star_expressionContext || n instanceof Star_expressionsContext
                || n instanceof Star_named_expressionContext;
    }

    /** The nearest enclosing node of a type, not looking past a lambda or a def. */
    static <T extends ParserRuleContext> T enclosing(ParserRuleContext node, Class<T> type) {
        for (ParserRuleContext n = node.getParent(); n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return type.cast(n);
            }
            if (n instanceof LambdefContext || n instanceof Function_defContext) {
                return null;
            }
        }
        return null;
    }

    /**
     * The text of a name (one token), the same String object as every other occurrence of that name: facts hold
     * millions of names, most of them repeated ({@code self}, {@code get}).
     */
    static String name(NameContext name) {
        return name.getStart().getText().intern();
    }

    /** The key of a subscript when it is one plain string literal ({@code d["key"]}), else null. */
    static String stringKey(SlicesContext s) {
        String text = s.getText();
        if (s.slice().size() == 1 && text.length() >= 2 && (text.startsWith("\"") || text.startsWith("'"))
                && text.charAt(text.length() - 1) == text.charAt(0) && text.indexOf(text.charAt(0), 1) == text.length() - 1) {
            return text.substring(1, text.length() - 1);
        }
        return null;
    }

    /**
     * The strings of a literal list or tuple of plain string literals ({@code ["get", 'post']}); null when it is
     * anything else (a name, a sum, an f-string, an escape the engine does not decode).
     */
    static List<String> stringList(ParseTree value) {
        PrimaryContext p = primaryOf(value);
        if (p == null || !p.trailer().isEmpty() || p.atom().LSQB() == null && p.atom().LPAR() == null) {
            return null;
        }
        Testlist_compContext items = p.atom().testlist_comp();
        List<String> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        if (items.comprehension() != null || p.atom().LPAR() != null && items.COMMA().isEmpty()) {
            return null;
        }
        for (Star_named_expressionContext item : items.star_named_expression()) {
            PrimaryContext s = primaryOf(item);
            String text = s == null || !s.trailer().isEmpty() || s.atom().strings() == null
                    || s.atom().strings().getChildCount() != 1 ? null : s.atom().strings().getText();
            String plain = text == null ? null : plainString(text);
            if (plain == null) {
                return null;
            }
            out.add(plain);
        }
        return out;
    }

    /** The value of one string token without escapes or a bytes/f prefix ({@code 'get'}, {@code r"x"}); else null. */
    private static String plainString(String token) {
        int q = 0;
        while (q < token.length() && Character.isLetter(token.charAt(q))) {
            q++;
        }
        String prefix = token.substring(0, q).toLowerCase();
        String body = token.substring(q);
        int quote = body.startsWith("\"\"\"") || body.startsWith("'''") ? 3 : 1;
        if (!(prefix.isEmpty() || prefix.equals("r") || prefix.equals("u")) || body.length() < 2 * quote) {
            return null;
        }
        body = body.substring(quote, body.length() - quote);
        return body.indexOf('\\') >= 0 ? null : body;
    }

    /** {@code if __name__ == "__main__":} (either way round, either quotes). */
    static boolean isMainGuard(If_stmtContext i) {
        String condition = i.named_expression().getText().replace('\'', '"');
        return condition.equals("__name__==\"__main__\"") || condition.equals("\"__main__\"==__name__");
    }

    /** The whole statement of a def or class: with its {@code async} and its decorators. */
    static ParserRuleContext definitionStatement(ParserRuleContext def) {
        ParserRuleContext node = def;
        if (node.getParent() instanceof Async_stmtContext a) {
            node = a;
        }
        if (node.getParent() instanceof DecoratedContext d) {
            node = d;
        }
        return node;
    }
}
