package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.Import_nameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import dev.unblock.python.PythonParser.StmtContext;
import org.antlr.v4.runtime.ParserRuleContext;

/** The port of one test module of a ported app (rule UB805): see {@link FlaskTestClient}. */
final class TestPort {
    final FlaskModule module;
    final FileEdits edits;
    final NewImports imports;
    final List<NotPortable> problems = new ArrayList<>();
    boolean changed;

    TestPort(FlaskModule module, FileEdits edits, String compatModule) {
        this.module = module;
        this.edits = edits;
        this.imports = new NewImports(compatModule);
    }

    void port(List<FlaskModule.AppDecl> apps, FlaskTestClient.Fixtures fixtures, boolean startup) {
        changed = FlaskTestClient.port(module, edits, appNames(apps), fixtures, imports, problems, startup);
        if (changed && !imports.isEmpty() && problems.isEmpty()) {
            try {
                addImports();
            } catch (NotPortable e) {
                problems.add(e);
            }
        }
    }

    /**
     * The names that hold the app here: the app imported from its module, the result of its factory, and fixtures
     * (and the parameters named after them) giving either.
     */
    private Set<String> appNames(List<FlaskModule.AppDecl> apps) {
        Set<String> names = new HashSet<>();
        Set<String> factories = new HashSet<>();
        for (var entry : module.imports.entrySet()) {
            String from = entry.getValue()[0];
            String name = entry.getValue()[1];
            for (FlaskModule.AppDecl a : apps) {
                boolean sameModule = a.module().module.equals(from) || a.module().module.endsWith("." + from);
                if (sameModule && a.factory() == null && a.var().equals(name)) {
                    names.add(entry.getKey());
                }
                if (sameModule && a.factory() != null && a.factory().name().getText().equals(name)) {
                    factories.add(entry.getKey());
                }
            }
        }
        for (Expr_stmtContext s : Py.descendants(module.src.tree(), Expr_stmtContext.class)) {
            String target = s.assigned_value().size() != 1 ? null : Py.nameOf(s.star_expressions()) != null
                    ? Py.nameOf(s.star_expressions()) : FlaskTestClient.selfAttribute(s);
            if (target != null && isAppValue(s.assigned_value(0).star_expressions(), names, factories)) {
                names.add(target);
            }
        }
        for (DecoratedContext d : Py.descendants(module.src.tree(), DecoratedContext.class)) {
            if (d.function_def() == null) {
                continue;
            }
            for (Return_stmtContext r : Py.descendants(d.function_def().block(), Return_stmtContext.class)) {
                if (r.star_expressions() != null && isAppValue(r.star_expressions(), names, factories)) {
                    names.add(d.function_def().name().getText());
                }
            }
        }
        return names;
    }

    private static boolean isAppValue(ParserRuleContext value, Set<String> names, Set<String> factories) {
        String name = Py.nameOf(value);
        if (name != null) {
            return names.contains(name);
        }
        PrimaryContext p = Py.primary(value);
        return p != null && p.atom().name() != null && factories.contains(p.atom().name().getText())
                && p.trailer().size() == 1 && Py.isCall(p.trailer(0));
    }

    /** The support module's import, on its own line before the module's first import. */
    private void addImports() throws NotPortable {
        StmtContext first = null;
        for (StmtContext s : module.src.tree().stmt()) {
            boolean isImport = !Py.descendants(s, Import_fromContext.class).isEmpty()
                    || !Py.descendants(s, Import_nameContext.class).isEmpty();
            if (isImport && s.simple_stmts() != null && !s.getText().startsWith("from__future__")) {
                first = s;
                break;
            }
        }
        String nl = module.src.text().contains("\r\n") ? "\r\n" : "\n";
        String block = String.join(nl, imports.lines()) + nl;
        int at = first == null ? 0 : edits.src.start(first);
        if (first == null && module.src.text().startsWith("\"\"\"")) {
            throw new NotPortable(module.path(), 1, FlaskTestClient.ID, "not ported to FastAPI: no import in the test "
                    + "module to place the TestClient helper's import by");
        }
        edits.insert(at, block, FlaskTestClient.ID, "the helper that builds FastAPI's TestClient", -1);
    }
}
