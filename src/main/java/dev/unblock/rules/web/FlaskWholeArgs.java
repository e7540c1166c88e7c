package dev.unblock.rules.web;

import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.ComparisonExprContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.For_if_clauseContext;
import dev.unblock.python.PythonParser.For_stmtContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.PrimaryExprContext;
import dev.unblock.python.PythonParser.TrailerContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * {@code request.args} or {@code request.form} used whole ({@code query = request.args}, then {@code query.get("id")};
 * {@code "id" in request.args}; {@code request.form.to_dict()}; {@code dict(request.form)}). The support module's
 * {@code FlaskArgs} answers the reads of Werkzeug's MultiDict alike, but nothing else of it (no copy, no dict of
 * lists, no mutation raising as Werkzeug's immutable one does, not a dict for code handed it): the port maps the
 * whole object only where every use is one of those reads.
 */
final class FlaskWholeArgs {
    /** The methods FlaskArgs answers as Werkzeug's MultiDict does, with the same parameters. */
    static final Set<String> READS = Set.of("get", "getlist", "to_dict", "keys", "values", "items");

    private FlaskWholeArgs() {
    }

    /**
     * Whether {@code q}, whose atom and first {@code objectTrailers} trailers are the args object, only reads it: a
     * key ({@code [k]}), a call of one of {@link #READS}, the right side of {@code in}/{@code not in}, the iterable
     * of a {@code for} (its keys), or the one argument of the builtin {@code dict} (each key's first value, as
     * {@code dict} of Werkzeug's MultiDict gives).
     */
    static boolean reads(PrimaryContext q, int objectTrailers) {
        if (q.trailer().size() > objectTrailers) {
            TrailerContext next = q.trailer(objectTrailers);
            if (next.LSQB() != null) {
                return true;
            }
            return next.DOT() != null && READS.contains(next.name().getText())
                    && q.trailer().size() > objectTrailers + 1 && Py.isCall(q.trailer(objectTrailers + 1));
        }
        if (q.getParent() instanceof PrimaryExprContext pe && pe.AWAIT() == null
                && pe.getParent() instanceof ComparisonExprContext c && c.expr(1) == pe && c.comp_op().IN() != null
                && !(c.getParent() instanceof ComparisonExprContext)) {
            return true;
        }
        For_stmtContext loop = Py.ancestor(q, For_stmtContext.class);
        if (loop != null && Py.primary(loop.star_expressions()) == q) {
            return true;
        }
        For_if_clauseContext clause = Py.ancestor(q, For_if_clauseContext.class);
        return clause != null && Py.primary(clause.disjunction(0)) == q || copiedByDict(q);
    }

    /** Whether {@code q} is the one argument of {@code dict(...)}, the builtin (the module binds no other dict). */
    private static boolean copiedByDict(PrimaryContext q) {
        TrailerContext call = Py.ancestor(q, TrailerContext.class);
        if (call == null || !Py.isCall(call) || !(call.getParent() instanceof PrimaryContext outer)
                || outer.atom().name() == null || !outer.atom().name().getText().equals("dict")
                || outer.trailer().size() != 1) {
            return false;
        }
        Py.Args args = Py.args(call);
        if (args.size() != 1 || args.positional.size() != 1 || args.starred || Py.primary(args.positional.get(0)) != q) {
            return false;
        }
        ParseTree module = q;
        while (module.getParent() != null) {
            module = module.getParent();
        }
        for (NameContext n : Py.descendants(module, NameContext.class)) {
            if (n.getText().equals("dict") && (!(n.getParent() instanceof AtomContext atom) || assigned(atom))) {
                return false; // def dict, import … as dict, a parameter, dict = …
            }
        }
        return true;
    }

    private static boolean assigned(AtomContext atom) {
        Expr_stmtContext st = Py.ancestor(atom, Expr_stmtContext.class);
        return st != null && !st.assigned_value().isEmpty() && Py.nameOf(st.star_expressions()) != null
                && Py.nameOf(st.star_expressions()).equals(atom.getText());
    }

    /**
     * Whether {@code p} ({@code request.args}) is the whole value of {@code name = request.args}, the only binding of
     * that name in the handler, and every use of the name only reads it (see {@link #reads}).
     */
    static boolean readsThroughLocal(Handler h, PrimaryContext p) {
        Expr_stmtContext stmt = Py.ancestor(p, Expr_stmtContext.class);
        if (stmt == null || stmt.assigned_value().size() != 1 || stmt.annotation() != null || stmt.augassign() != null
                || Py.primary(stmt.assigned_value(0).star_expressions()) != p) {
            return false;
        }
        String name = Py.nameOf(stmt.star_expressions());
        ParseTree value = name == null ? null : LocalValue.single(h.function, name);
        if (value == null || Py.primary(value) != p) {
            return false;
        }
        int binding = stmt.star_expressions().getStart().getStartIndex();
        for (NameContext n : Py.descendants(h.function, NameContext.class)) {
            if (!n.getText().equals(name) || n.getStart().getStartIndex() == binding) {
                continue;
            }
            if (!(n.getParent() instanceof AtomContext atom)) {
                return false; // a parameter, a nested def's name…
            }
            if (Py.isKeyword(atom)) {
                continue; // f(name=…) names a keyword
            }
            if (!(atom.getParent() instanceof PrimaryContext q) || !reads(q, 0)) {
                return false;
            }
        }
        return true;
    }
}
