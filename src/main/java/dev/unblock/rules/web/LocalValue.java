package dev.unblock.rules.web;

import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Global_stmtContext;
import dev.unblock.python.PythonParser.Named_expressionContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.Nonlocal_stmtContext;
import dev.unblock.python.PythonParser.TargetContext;
import org.antlr.v4.runtime.tree.ParseTree;

/** What a local name holds when a function binds it exactly once, with {@code name = value}. */
final class LocalValue {
    private LocalValue() {
    }

    /** The value of the one plain assignment to {@code name} in the function, or null when it is bound otherwise. */
    static ParseTree single(Function_defContext function, String name) {
        ParseTree value = null;
        for (Expr_stmtContext s : Py.descendants(function.block(), Expr_stmtContext.class)) {
            if (s.augassign() != null && mentions(s.star_expressions(), name)) {
                return null;
            }
            int targets = s.assigned_value().size();
            for (int i = 0; i < targets; i++) {
                ParseTree lhs = i == 0 ? s.star_expressions() : s.assigned_value(i - 1);
                if (!bindsTarget(lhs, name)) {
                    continue; // response.headers[...] = … reads the name
                }
                if (value != null || targets != 1 || !name.equals(Py.nameOf(lhs))) {
                    return null;
                }
                value = s.assigned_value(0).star_expressions();
            }
        }
        for (TargetContext t : Py.descendants(function.block(), TargetContext.class)) {
            if (mentions(t, name)) {
                return null;
            }
        }
        for (Named_expressionContext n : Py.descendants(function.block(), Named_expressionContext.class)) {
            if (n.COLONEQUAL() != null && name.equals(Py.nameOf(n.expression(0)))) {
                return null;
            }
        }
        for (var e : Py.descendants(function.block(), dev.unblock.python.PythonParser.Except_clauseContext.class)) {
            if (e.AS() != null && e.name().getText().equals(name)) {
                return null;
            }
        }
        for (var i : Py.descendants(function.block(), dev.unblock.python.PythonParser.Import_stmtContext.class)) {
            if (mentions(i, name)) {
                return null;
            }
        }
        for (var c : Py.descendants(function.block(), dev.unblock.python.PythonParser.Class_defContext.class)) {
            if (mentions(c, name)) {
                return null;
            }
        }
        if (declaredOuter(function, name)) {
            return null;
        }
        for (Function_defContext inner : Py.descendants(function.block(), Function_defContext.class)) {
            if (mentions(inner, name)) {
                return null; // a nested function might rebind it (nonlocal) or read it later
            }
        }
        return value;
    }

    /** True when a {@code global} or {@code nonlocal} statement in the function names it. */
    static boolean declaredOuter(Function_defContext function, String name) {
        for (ParseTree g : Py.descendants(function.block(), Global_stmtContext.class)) {
            if (mentions(g, name)) {
                return true;
            }
        }
        for (ParseTree g : Py.descendants(function.block(), Nonlocal_stmtContext.class)) {
            if (mentions(g, name)) {
                return true;
            }
        }
        return false;
    }

    /** True when the function binds the name anywhere (so the name is a local there, not the module's global). */
    static boolean binds(Function_defContext function, String name) {
        for (Expr_stmtContext s : Py.descendants(function.block(), Expr_stmtContext.class)) {
            for (int i = 0; i < s.assigned_value().size(); i++) {
                if (bindsTarget(i == 0 ? s.star_expressions() : s.assigned_value(i - 1), name)) {
                    return true;
                }
            }
            if (s.augassign() != null && bindsTarget(s.star_expressions(), name)) {
                return true;
            }
        }
        return otherBinding(function, name);
    }

    /** A binding other than plain assignment: for/with/del targets, walrus, except as, import, def, class. */
    private static boolean otherBinding(Function_defContext function, String name) {
        for (TargetContext t : Py.descendants(function.block(), TargetContext.class)) {
            if (mentions(t, name)) {
                return true;
            }
        }
        for (Named_expressionContext n : Py.descendants(function.block(), Named_expressionContext.class)) {
            if (n.COLONEQUAL() != null && name.equals(Py.nameOf(n.expression(0)))) {
                return true;
            }
        }
        for (var e : Py.descendants(function.block(), dev.unblock.python.PythonParser.Except_clauseContext.class)) {
            if (e.AS() != null && e.name().getText().equals(name)) {
                return true;
            }
        }
        for (var i : Py.descendants(function.block(), dev.unblock.python.PythonParser.Import_stmtContext.class)) {
            if (mentions(i, name)) {
                return true;
            }
        }
        for (Function_defContext f : Py.descendants(function.block(), Function_defContext.class)) {
            if (f.name().getText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** True when an assignment target binds the name itself (not an attribute or item of it). */
    static boolean bindsTarget(ParseTree lhs, String name) {
        for (var a : Py.descendants(lhs, dev.unblock.python.PythonParser.AtomContext.class)) {
            if (a.name() != null && a.name().getText().equals(name)
                    && a.getParent() instanceof dev.unblock.python.PythonParser.PrimaryContext p && p.trailer().isEmpty()
                    && Py.ancestor(p, dev.unblock.python.PythonParser.TrailerContext.class) == null) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(ParseTree node, String name) {
        if (node == null) {
            return false;
        }
        for (NameContext n : Py.descendants(node, NameContext.class)) {
            if (n.getText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
