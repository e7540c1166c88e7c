package dev.unblock.analysis;

import java.util.List;

import dev.unblock.python.PythonLexer;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.Simple_stmtsContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.Token;

/** The layout facts of a file that edits follow: its indentation unit and where new imports go. */
final class FileLayout {
    private FileLayout() {
    }

    /** The indentation of the first indented block, which new code follows (four spaces when there is none). */
    static String indentUnit(SourceFile src) {
        for (Token t : src.tokens()) {
            if (t.getType() == PythonLexer.INDENT) {
                int start = src.start(t);
                int lineStart = src.lineStart(src.line(start));
                String unit = src.text().substring(lineStart, start);
                if (!unit.isEmpty() && unit.isBlank()) {
                    return unit;
                }
            }
        }
        return "    ";
    }

    /**
     * Where new imports go: after the docstring and {@code from __future__} imports, before the first other
     * statement; and (1 or 0) whether a line end must be inserted before them.
     */
    static int[] importInsertPoint(SourceFile src) {
        File_inputContext file = src.tree();
        int after = -1;
        boolean first = true;
        for (StmtContext stmt : file.stmt()) {
            Simple_stmtsContext s = stmt.simple_stmts();
            boolean docstring = first && s != null && s.simple_stmt().size() == 1
                    && s.simple_stmt(0).expr_stmt() != null && s.simple_stmt(0).expr_stmt().getChildCount() == 1
                    && s.simple_stmt(0).getText().matches("(?s)[rRuU]?(\"|').*");
            boolean future = s != null && s.simple_stmt(0).import_stmt() != null
                    && s.simple_stmt(0).import_stmt().import_from() != null
                    && "__future__".equals(s.simple_stmt(0).import_stmt().import_from().dotted_name() == null ? null
                    : s.simple_stmt(0).import_stmt().import_from().dotted_name().getText());
            first = false;
            if (docstring || future) {
                after = src.end(stmt);
                continue;
            }
            int start = src.start(stmt);
            List<Token> comments = src.leadingComments(stmt);
            if (after < 0 && !comments.isEmpty()) {
                // Keep a header comment block (licence, shebang) above the new imports.
                return new int[] {src.lineStart(src.line(start)), 0};
            }
            return new int[] {src.lineStart(src.line(start)), 0};
        }
        if (after >= 0) {
            return new int[] {after, 0};
        }
        String text = src.text();
        return new int[] {text.length(), text.isEmpty() || text.endsWith("\n") || text.endsWith("\r") ? 0 : 1};
    }
}
