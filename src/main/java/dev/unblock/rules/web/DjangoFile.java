package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.ModuleNames;
import dev.unblock.migrate.Edit;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Import_as_nameContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.Import_nameContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;

/**
 * One module the Django port reads or rewrites (a URLconf, a views module, or both): its imports, its top-level
 * functions, and the edits and new imports the port gives it.
 */
final class DjangoFile {
    final SourceFile src;
    final String module;
    final FileEdits edits;
    final NewImports newImports;
    /** Local name → (absolute module, name) of {@code from … import …}. */
    final Map<String, String[]> imports = new LinkedHashMap<>();
    /** Local name → module of {@code import a.b as c} and {@code from pkg import module}. */
    final Map<String, String> moduleAliases = new LinkedHashMap<>();
    /** Top-level {@code from X import …} statements, by X. */
    final Map<Import_fromContext, String> fromImports = new LinkedHashMap<>();
    final Map<String, Function_defContext> functions = new LinkedHashMap<>();
    final Map<String, Class_defContext> classes = new LinkedHashMap<>();
    /** Names of django.* imports the port replaced: their import statements give them up. */
    final Set<String> replacedNames = new HashSet<>();
    final List<String> headerLines = new ArrayList<>();
    /** Name atoms the port rewrote or consumed: an import whose every use is one of them can go. */
    final Set<AtomContext> handled = new HashSet<>();

    DjangoFile(SourceFile src, String module, List<Edit> planned, String compatModule) {
        this.src = src;
        this.module = module;
        this.edits = new FileEdits(src, planned);
        this.newImports = new NewImports(compatModule);
        boolean isPackage = ModuleNames.isPackage(src.path());
        for (Import_fromContext i : Py.descendants(src.tree(), Import_fromContext.class)) {
            int level = i.DOT().size() + 3 * i.ELLIPSIS().size();
            String from = i.dotted_name() == null ? "" : i.dotted_name().getText();
            String absolute = ModuleNames.resolveRelative(module, isPackage, level, from);
            fromImports.put(i, absolute);
            for (Import_as_nameContext n : i.import_as_name()) {
                String name = n.name(0).getText();
                String local = n.AS() == null ? name : n.name(1).getText();
                imports.put(local, new String[] {absolute, name});
                moduleAliases.put(local, absolute.isEmpty() ? name : absolute + "." + name);
            }
        }
        for (Import_nameContext i : Py.descendants(src.tree(), Import_nameContext.class)) {
            for (var d : i.dotted_as_name()) {
                String name = d.dotted_name().getText();
                if (d.AS() != null) {
                    moduleAliases.put(d.name().getText(), name);
                }
            }
        }
        for (StmtContext s : src.tree().stmt()) {
            for (var c : Py.descendants(s, Class_defContext.class)) {
                if (Py.ancestor(c.getParent(), Class_defContext.class) == null
                        && Py.ancestor(c.getParent(), Function_defContext.class) == null) {
                    classes.put(c.name().getText(), c);
                }
            }
            for (Function_defContext f : Py.descendants(s, Function_defContext.class)) {
                if (Py.ancestor(f.getParent(), Function_defContext.class) == null
                        && Py.ancestor(f.getParent(), Class_defContext.class) == null) {
                    functions.put(f.name().getText(), f);
                }
            }
        }
    }

    String path() {
        return src.path();
    }

    /** True when every use of a local name in the module is an atom the port rewrote or consumed. */
    boolean allHandled(String local) {
        for (AtomContext a : Py.descendants(src.tree(), AtomContext.class)) {
            if (a.name() != null && a.name().getText().equals(local) && !Py.isKeyword(a) && !handled.contains(a)) {
                return false;
            }
        }
        return true;
    }

    /** The django name a local name was imported as ({@code django.http.JsonResponse}), or null. */
    String djangoName(String local) {
        String[] imp = imports.get(local);
        return imp != null && (imp[0].equals("django") || imp[0].startsWith("django.")) ? imp[0] + "." + imp[1] : null;
    }

    NotPortable refuse(ParserRuleContext at, String message) {
        return new NotPortable(path(), Py.line(at), DjangoToFastapi.ID, "not ported to FastAPI: " + message);
    }

    int start(ParserRuleContext node) {
        return src.start(node);
    }

    int end(ParserRuleContext node) {
        return src.end(node);
    }

    /** The offset where the line holding {@code offset} starts. */
    int lineStart(int offset) {
        return src.text().lastIndexOf('\n', offset - 1) + 1;
    }

    /** The offset just after the end of the line holding {@code offset} (its newline included). */
    int lineEnd(int offset) {
        int nl = src.text().indexOf('\n', offset);
        return nl < 0 ? src.text().length() : nl + 1;
    }

    /** True when only spaces come before {@code offset} on its line. */
    boolean startsLine(int offset) {
        return src.text().substring(lineStart(offset), offset).isBlank();
    }

    String newline() {
        return src.text().contains("\r\n") ? "\r\n" : "\n";
    }

    /**
     * The top-level imports from django modules give up the names the port replaced, and the new imports take the
     * place of the first one that changes (or go after the last top-level import when none does).
     */
    void writeImports(List<String> djangoModules) throws NotPortable {
        String nl = newline();
        List<String> lines = new ArrayList<>(newImports.lines());
        lines.addAll(headerLines);
        boolean placed = lines.isEmpty();
        for (Map.Entry<Import_fromContext, String> e : fromImports.entrySet()) {
            Import_fromContext i = e.getKey();
            if (!djangoModules.contains(e.getValue())) {
                continue;
            }
            List<String> kept = new ArrayList<>();
            boolean changed = false;
            for (Import_as_nameContext n : i.import_as_name()) {
                String local = n.AS() == null ? n.name(0).getText() : n.name(1).getText();
                if (replacedNames.contains(local) && allHandled(local)) {
                    changed = true;
                } else {
                    kept.add(src.text(n));
                }
            }
            if (i.STAR() != null) {
                throw refuse(i, "from " + e.getValue() + " import * is not mapped");
            }
            if (!changed) {
                continue;
            }
            StmtContext stmt = Py.ancestor(i, StmtContext.class);
            if (!(stmt.getParent() instanceof File_inputContext)
                    || stmt.simple_stmts() == null || stmt.simple_stmts().simple_stmt().size() != 1) {
                throw refuse(i, "an import of " + e.getValue() + " inside a block or sharing its line");
            }
            StringBuilder text = new StringBuilder();
            if (!placed) {
                text.append(String.join(nl, lines)).append(nl);
                placed = true;
            }
            if (!kept.isEmpty()) {
                text.append("from ").append(src.text(i.dotted_name() == null ? i : i.dotted_name()))
                        .append(" import ").append(String.join(", ", kept)).append(nl);
            }
            int from = start(stmt);
            edits.replace(from, lineEnd(end(stmt) - 1), text.toString(), DjangoToFastapi.ID,
                    "FastAPI's imports in place of Django's web imports");
        }
        if (!placed) {
            int at = 0;
            for (StmtContext s : src.tree().stmt()) {
                if (s.simple_stmts() != null && s.simple_stmts().simple_stmt(0).import_stmt() != null) {
                    at = lineEnd(end(s) - 1);
                }
            }
            edits.insert(at, String.join(nl, lines) + nl, DjangoToFastapi.ID, "FastAPI's imports", 0);
        }
    }

    /** The name of a top-level function or class statement (decorated or not), or null. */
    static String unitName(StmtContext st) {
        var c = st.compound_stmt();
        if (c == null) {
            return null;
        }
        if (c.function_def() != null) {
            return c.function_def().name().getText();
        }
        if (c.class_def() != null) {
            return c.class_def().name().getText();
        }
        if (c.decorated() != null) {
            var d = c.decorated();
            return d.function_def() != null ? d.function_def().name().getText()
                    : d.class_def() != null ? d.class_def().name().getText() : null;
        }
        return null;
    }

    /** The module's units a statement names. */
    static Set<String> references(org.antlr.v4.runtime.tree.ParseTree node, Map<String, StmtContext> units) {
        Set<String> out = new HashSet<>();
        for (AtomContext a : Py.descendants(node, AtomContext.class)) {
            if (a.name() != null && units.containsKey(a.name().getText()) && !Py.isKeyword(a)) {
                out.add(a.name().getText());
            }
        }
        return out;
    }

    /** Units reachable from some, through the names their bodies use. */
    static Set<String> closure(Set<String> from, Map<String, StmtContext> units) {
        Set<String> out = new HashSet<>();
        java.util.Deque<String> queue = new java.util.ArrayDeque<>(from);
        while (!queue.isEmpty()) {
            String u = queue.poll();
            if (out.add(u) && units.containsKey(u)) {
                queue.addAll(references(units.get(u), units));
            }
        }
        return out;
    }
}
