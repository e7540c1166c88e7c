package dev.unblock.rules.web;

import java.util.function.Predicate;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.For_stmtContext;
import dev.unblock.python.PythonParser.For_if_clauseContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Import_stmtContext;
import dev.unblock.python.PythonParser.LambdefContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.TargetContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * A use of a name inside a function that binds the same name in its own scope: Python reads every use there as the
 * function's local, never as the module's app or blueprint of that name ({@code books = Books.query.all()} in a view
 * of the blueprint {@code books}). Proved only in plain cases: the function assigns the name (or binds it as a
 * for/with target) outside nested functions and classes, declares it neither global nor nonlocal, and no lambda or
 * comprehension inside it rebinds it. A parameter of that name is not taken for a local (a caller may pass the app), nor
 * one imported in the function or given a value that names the app or a blueprint (the port follows those by name).
 * The caller makes sure that the app or blueprint is not itself declared in the function (an app factory).
 */
final class ShadowingLocal {
    private ShadowingLocal() {
    }

    /**
     * Whether the name at {@code atom} is a local of its function that never holds the app or a blueprint (see the
     * class comment); {@code declared} tells the module's app and blueprint names.
     */
    static boolean isLocal(AtomContext atom, String name, Predicate<String> declared) {
        Function_defContext f = Py.ancestor(atom, Function_defContext.class);
        if (f == null || !inBody(atom, f) || !ownScope(atom, f) || LocalValue.declaredOuter(f, name)) {
            return false; // a default or an annotation is read in the scope around the function
        }
        for (For_if_clauseContext clause : Py.descendants(f.block(), For_if_clauseContext.class)) {
            if (mentions(clause.targets(), name)) {
                return false; // a comprehension's own variable
            }
        }
        for (LambdefContext scope : Py.descendants(f.block(), LambdefContext.class)) {
            if (scope.lambda_parameters() != null && mentions(scope.lambda_parameters(), name)) {
                return false;
            }
        }
        for (Import_stmtContext i : Py.descendants(f.block(), Import_stmtContext.class)) {
            if (mentions(i, name)) {
                return false; // `from .views import books` inside the function binds the blueprint itself
            }
        }
        return assigns(f, name, true) && valuesNameNoneOf(f, name, declared);
    }

    /**
     * Whether every value the function binds to the name mentions no app or blueprint name (the port follows those by
     * name: `books = bp` would make the local the blueprint); a binding other than an assignment or a for loop's
     * target is not proved.
     */
    private static boolean valuesNameNoneOf(Function_defContext f, String name, Predicate<String> declared) {
        for (Expr_stmtContext s : Py.descendants(f.block(), Expr_stmtContext.class)) {
            for (int i = 0; i < s.assigned_value().size(); i++) {
                if (LocalValue.bindsTarget(i == 0 ? s.star_expressions() : s.assigned_value(i - 1), name)
                        && namesAny(s.assigned_value(s.assigned_value().size() - 1), declared)) {
                    return false;
                }
            }
        }
        for (TargetContext t : Py.descendants(f.block(), TargetContext.class)) {
            if (!name.equals(Py.name(t.primary().atom()))) {
                continue;
            }
            For_stmtContext loop = Py.ancestor(t, For_stmtContext.class);
            if (loop == null || Py.ancestor(t, dev.unblock.python.PythonParser.TargetsContext.class).getParent() != loop
                    || namesAny(loop.star_expressions(), declared)) {
                return false;
            }
        }
        return true;
    }

    private static boolean namesAny(ParseTree value, Predicate<String> declared) {
        for (AtomContext a : Py.descendants(value, AtomContext.class)) {
            if (a.name() != null && declared.test(a.name().getText())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The function around a use that assigns the name (or binds it as a for/with target) anywhere inside it, nested
     * scopes included, or null: a local that may shadow the app or blueprint where {@link #isLocal} cannot tell.
     */
    static Function_defContext assignedAround(AtomContext atom, String name) {
        Function_defContext f = Py.ancestor(atom, Function_defContext.class);
        return f != null && inBody(atom, f) && assigns(f, name, false) ? f : null;
    }

    private static boolean assigns(Function_defContext f, String name, boolean ownScopeOnly) {
        for (Expr_stmtContext s : Py.descendants(f.block(), Expr_stmtContext.class)) {
            if ((!ownScopeOnly || ownScope(s, f)) && s.augassign() == null) {
                for (int i = 0; i < s.assigned_value().size(); i++) {
                    if (LocalValue.bindsTarget(i == 0 ? s.star_expressions() : s.assigned_value(i - 1), name)) {
                        return true;
                    }
                }
            }
        }
        for (TargetContext t : Py.descendants(f.block(), TargetContext.class)) {
            if ((!ownScopeOnly || ownScope(t, f)) && t.primary().trailer().isEmpty()
                    && name.equals(Py.name(t.primary().atom()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBody(ParseTree node, Function_defContext f) {
        for (ParseTree n = node; n != null; n = n.getParent()) {
            if (n == f.block()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a node belongs to the function's own scope: no nested function, class or lambda in between. */
    private static boolean ownScope(ParseTree node, Function_defContext f) {
        for (ParseTree n = node.getParent(); n != null && n != f; n = n.getParent()) {
            if (n instanceof Function_defContext || n instanceof Class_defContext || n instanceof LambdefContext) {
                return false;
            }
        }
        return true;
    }

    private static boolean mentions(ParseTree node, String name) {
        for (NameContext n : Py.descendants(node, NameContext.class)) {
            if (n.getText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
