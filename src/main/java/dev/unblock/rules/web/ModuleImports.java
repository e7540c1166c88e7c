package dev.unblock.rules.web;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.StmtContext;

/** The last step of a module's port: its flask imports give way to the FastAPI and support imports it needs. */
final class ModuleImports {
    private ModuleImports() {
    }

    /** The flask imports give way to the FastAPI imports the module needs now. */
    static void write(ModulePort port) throws NotPortable {
        Set<String> bound = new HashSet<>();
        for (NameContext n : Py.descendants(port.module.src.tree(), NameContext.class)) {
            bound.add(n.getText());
        }
        bound.removeAll(port.module.flaskNames.keySet());
        for (String name : port.imports.boundNames()) {
            if (bound.contains(name) && !alreadyImported(port, name)) {
                throw port.refuse(port.module.src.tree(), FlaskToFastapi.ID, "the module already uses the "
                        + "name " + name + ", which the port needs to import");
            }
        }
        boolean first = true;
        for (Import_fromContext i : port.module.flaskImports) {
            StmtContext stmt = Py.ancestor(i, StmtContext.class);
            boolean topLevel = stmt.getParent() instanceof dev.unblock.python.PythonParser.File_inputContext;
            if (first && !topLevel) {
                throw port.refuse(i, FlaskToFastapi.ID, "the first flask import is inside a function");
            }
            if (stmt.simple_stmts() == null || stmt.simple_stmts().simple_stmt().size() != 1) {
                throw port.refuse(i, FlaskToFastapi.ID, "the flask import shares its line with other statements");
            }
            if (first) {
                String nl = port.newline();
                List<String> lines = port.imports.lines();
                lines.removeIf(line -> alreadyImportedLine(port, line));
                String block = String.join(nl, lines);
                if (port.templatesUsed) {
                    if (bound.contains("templates")) {
                        throw port.refuse(i, FlaskResponses.ID, "the module already uses the name templates");
                    }
                    block += nl + nl + "templates = flask_templates(" + port.project.templateFolderFrom(port.path()) + ")";
                }
                int from = port.start(stmt);
                int to = port.lineEndOfLastToken(stmt);
                if (block.isEmpty()) {
                    port.removeStatementLine(stmt, FlaskToFastapi.ID);
                } else {
                    port.edits.replace(from, to, block, FlaskToFastapi.ID, "FastAPI's imports in place of Flask's");
                }
                first = false;
            } else {
                port.removeStatementLine(stmt, FlaskToFastapi.ID);
            }
        }
        if (first) {
            withoutFlaskImport(port);
        }
    }

    /**
     * A module that uses the app's blueprint without importing flask ({@code from . import bp}): the imports its
     * handlers need now go before its first import.
     */
    private static void withoutFlaskImport(ModulePort port) throws NotPortable {
        List<String> lines = port.imports.lines();
        lines.removeIf(line -> alreadyImportedLine(port, line));
        if (lines.isEmpty() && !port.templatesUsed) {
            return;
        }
        if (port.templatesUsed) {
            throw port.refuse(port.module.src.tree(), FlaskResponses.ID, "the module renders templates without "
                    + "importing flask");
        }
        for (StmtContext stmt : port.module.src.tree().stmt()) {
            var imports = Py.descendants(stmt, dev.unblock.python.PythonParser.Import_stmtContext.class);
            if (stmt.simple_stmts() != null && !imports.isEmpty()
                    && !port.edits.src.text(stmt).startsWith("from __future__")) {
                int at = port.lineStart(port.start(stmt));
                port.edits.insert(at, String.join(port.newline(), lines) + port.newline(), FlaskToFastapi.ID,
                        "the FastAPI imports the module's handlers need", 0);
                return;
            }
        }
        throw port.refuse(port.module.src.tree(), FlaskToFastapi.ID, "the module has no import statement before "
                + "which the port could put its imports");
    }

    private static boolean alreadyImported(ModulePort port, String name) {
        for (String[] imp : port.module.imports.values()) {
            if (imp[1].equals(name) && (imp[0].startsWith("fastapi") || imp[0].equals("typing")
                    || imp[0].endsWith("flask_compat"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean alreadyImportedLine(ModulePort port, String line) {
        return port.module.src.text().contains("\n" + line + "\n") || port.module.src.text().startsWith(line + "\n");
    }
}
