package dev.unblock.rules.web;

import java.util.List;
import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.BlockContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.Import_nameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;

/**
 * {@code app.url_map.strict_slashes = False} right after the app is made: every rule then answers with and without
 * its trailing slash (as {@code strict_slashes=False} on each route). Werkzeug reads the map's setting when a rule is
 * added, so the statement counts only when nothing between the app's creation and it can add a rule: no import, no
 * use of the app, and no call other than to a builtin or a function imported from outside the project.
 */
final class FlaskAppSlashes {
    private static final Set<String> BUILTINS = Set.of("int", "str", "float", "bool", "len", "dict", "list", "tuple",
            "set", "print");

    private FlaskAppSlashes() {
    }

    /** The statement setting the app's strict_slashes to False where it applies to every rule, or null. */
    static StmtContext statement(FlaskModule.AppDecl app, Set<String> projectModules) {
        StmtContext made = Py.ancestor(app.stmt(), StmtContext.class);
        List<StmtContext> siblings = made == null ? List.of() : made.getParent() instanceof BlockContext b ? b.stmt()
                : made.getParent() instanceof File_inputContext f ? f.stmt() : List.of();
        for (int i = siblings.indexOf(made) + 1; i > 0 && i < siblings.size(); i++) {
            StmtContext s = siblings.get(i);
            if (setsFalse(s, app.var())) {
                return s;
            }
            if (!addsNoRule(s, app, projectModules)) {
                return null;
            }
        }
        return null;
    }

    private static boolean setsFalse(StmtContext s, String app) {
        if (s.simple_stmts() == null || s.simple_stmts().simple_stmt().size() != 1) {
            return false;
        }
        List<Expr_stmtContext> e = Py.descendants(s, Expr_stmtContext.class);
        if (e.size() != 1 || e.get(0).assigned_value().size() != 1) {
            return false;
        }
        AtomContext value = Py.atom(e.get(0).assigned_value(0).star_expressions());
        return e.get(0).star_expressions().getText().equals(app + ".url_map.strict_slashes")
                && value != null && value.FALSE() != null;
    }

    private static boolean addsNoRule(StmtContext s, FlaskModule.AppDecl app, Set<String> projectModules) {
        if (s.simple_stmts() == null || !Py.descendants(s, Import_nameContext.class).isEmpty()
                || !Py.descendants(s, Import_fromContext.class).isEmpty()) {
            return false;
        }
        for (AtomContext a : Py.descendants(s, AtomContext.class)) {
            if (a.name() != null && a.name().getText().equals(app.var())) {
                return false;
            }
        }
        for (PrimaryContext p : Py.descendants(s, PrimaryContext.class)) {
            if (p.trailer().isEmpty() || !Py.isCall(p.trailer(p.trailer().size() - 1)) || p.atom().name() == null) {
                if (p.trailer().stream().anyMatch(Py::isCall)) {
                    return false; // a call on something computed
                }
                continue;
            }
            String callee = p.atom().name().getText();
            String[] imported = app.module().imports.get(callee);
            String from = imported != null ? imported[0] : app.module().moduleAliases.get(callee);
            boolean outside = from != null && !from.isEmpty() && projectModules.stream()
                    .noneMatch(m -> m.equals(from) || m.startsWith(from + ".") || m.endsWith("." + from));
            boolean builtin = from == null && BUILTINS.contains(callee) && p.trailer().size() == 1;
            if (!outside && !builtin) {
                return false;
            }
        }
        return true;
    }
}
