package dev.unblock.analysis;

import dev.unblock.analysis.FactBuilders.FunctionBuilder;
import dev.unblock.python.PythonParser;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Dotted_as_nameContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.Import_as_nameContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The names a function binds, read one syntax node at a time as the walk passes: assignment, loop and
 * {@code with … as} targets, {@code except … as}, {@code :=}, {@code del}, lambda parameters and match captures
 * (local variables, whatever their value), and names that are bound but not as locals of unknown value:
 * {@code global}/{@code nonlocal} names, imports, nested {@code def}/{@code class} names. Python makes a name bound
 * anywhere in a function local to all of it, so the resolver must not look such a name up outside the function.
 */
final class NameBindings {
    private NameBindings() {
    }

    /** What a binding gives its name, as far as the function's recorded assignments are concerned. */
    private enum Kind {
        /** A value {@link StatementFacts} records among the function's locals. */
        ASSIGNED,
        /** Local, but no value for the function's own name (a comprehension variable, {@code del}). */
        VALUELESS,
        /** A value the facts do not record (a loop or tuple target, {@code except … as}, {@code :=}). */
        UNRECORDED,
        /** An import, a nested {@code def} or {@code class}: not a local of unknown value, a value all the same. */
        DEFINED,
        /** {@code global} or {@code nonlocal}: the name is not the function's own. */
        DECLARED
    }

    /** Records what one node of a function's body binds (its children are visited on their own). */
    static void visit(ParserRuleContext rule, FunctionBuilder fn) {
        switch (rule.getRuleIndex()) {
            case PythonParser.RULE_expr_stmt -> {
                Expr_stmtContext e = (Expr_stmtContext) rule;
                int values = e.assigned_value().size();
                if (e.annotation() != null || e.augassign() != null || values > 0) {
                    assignmentTarget(e.star_expressions(), fn);
                }
                // `a = b = value`: every assigned value but the last is a target too.
                for (int i = 0; i + 1 < values && e.annotation() == null && e.augassign() == null; i++) {
                    assignmentTarget(e.assigned_value(i), fn);
                }
            }
            case PythonParser.RULE_for_stmt -> targets(((PythonParser.For_stmtContext) rule).targets(), fn, Kind.UNRECORDED);
            // A comprehension's variable and a lambda's parameter live in scopes of their own, and `del` binds no
            // value: local all the same, they never change what the function's assignments give the name.
            case PythonParser.RULE_for_if_clause ->
                    targets(((PythonParser.For_if_clauseContext) rule).targets(), fn, Kind.VALUELESS);
            case PythonParser.RULE_with_item -> assignmentTarget(((PythonParser.With_itemContext) rule).target(), fn);
            case PythonParser.RULE_del_stmt -> targets(((PythonParser.Del_stmtContext) rule).targets(), fn, Kind.VALUELESS);
            case PythonParser.RULE_named_expression, PythonParser.RULE_slice, PythonParser.RULE_dict_or_set -> {
                if (hasToken(rule, PythonParser.COLONEQUAL)) {
                    targets(rule.getChild(ParserRuleContext.class, 0), fn, Kind.UNRECORDED);
                }
            }
            case PythonParser.RULE_lambda_parameter -> {
                for (NameContext n : rule.getRuleContexts(NameContext.class)) {
                    add(n, fn, Kind.VALUELESS);
                }
            }
            case PythonParser.RULE_except_clause -> {
                for (NameContext n : rule.getRuleContexts(NameContext.class)) {
                    add(n, fn, Kind.UNRECORDED);
                }
            }
            case PythonParser.RULE_patterns -> everyName(rule, fn);
            case PythonParser.RULE_import_as_name -> {
                Import_as_nameContext i = (Import_as_nameContext) rule;
                add(i.name(i.name().size() - 1), fn, Kind.DEFINED);
            }
            case PythonParser.RULE_dotted_as_name -> {
                Dotted_as_nameContext d = (Dotted_as_nameContext) rule;
                add(d.name() != null ? d.name() : d.dotted_name().name(0), fn, Kind.DEFINED);
            }
            case PythonParser.RULE_function_def, PythonParser.RULE_class_def, PythonParser.RULE_type_alias -> {
                for (NameContext n : rule.getRuleContexts(NameContext.class)) {
                    add(n, fn, Kind.DEFINED);
                }
            }
            case PythonParser.RULE_global_stmt, PythonParser.RULE_nonlocal_stmt -> {
                for (NameContext n : rule.getRuleContexts(NameContext.class)) {
                    add(n, fn, Kind.DECLARED);
                }
            }
            default -> {
            }
        }
    }

    /**
     * The target of an assignment or {@code with … as}: a bare name gets the value {@link StatementFacts} records
     * (None and {@code +=} aside); the names inside a tuple or starred target get values it does not record.
     */
    private static void assignmentTarget(ParseTree node, FunctionBuilder fn) {
        PrimaryContext p = node == null ? null : TreeShapes.primaryOf(node);
        if (p != null && p.trailer().isEmpty() && p.atom().name() != null) {
            add(p.atom().name(), fn, Kind.ASSIGNED);
        } else {
            targets(node, fn, Kind.UNRECORDED);
        }
    }

    /** The names a target binds: bare names, also inside tuples, lists and starred targets; not `a.b` or `a[i]`. */
    private static void targets(ParseTree node, FunctionBuilder fn, Kind kind) {
        if (node == null || node instanceof TerminalNode) {
            return;
        }
        if (node instanceof PrimaryContext p) {
            if (p.trailer().isEmpty()) {
                AtomContext a = p.atom();
                if (a.name() != null) {
                    add(a.name(), fn, kind);
                } else {
                    targets(a, fn, kind);
                }
            }
            return;
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            targets(node.getChild(i), fn, kind);
        }
    }

    private static void everyName(ParseTree node, FunctionBuilder fn) {
        if (node instanceof NameContext n) {
            add(n, fn, Kind.UNRECORDED);
        } else {
            for (int i = 0; i < node.getChildCount(); i++) {
                everyName(node.getChild(i), fn);
            }
        }
    }

    private static void add(NameContext n, FunctionBuilder fn, Kind kind) {
        if (n != null) {
            String name = TreeShapes.name(n);
            fn.bindings.merge(name, 1, Integer::sum);
            if (kind == Kind.DEFINED || kind == Kind.DECLARED) {
                fn.notLocal.add(name);
            }
            if (kind == Kind.DEFINED || kind == Kind.UNRECORDED) {
                fn.unrecorded.add(name);
            }
        }
    }

    private static boolean hasToken(ParserRuleContext rule, int type) {
        for (int i = 0; i < rule.getChildCount(); i++) {
            if (rule.getChild(i) instanceof TerminalNode t && t.getSymbol().getType() == type) {
                return true;
            }
        }
        return false;
    }
}
