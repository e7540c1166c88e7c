package dev.unblock.python;

import java.util.Set;

import org.antlr.v4.runtime.tree.ParseTree;

/**
 * The compile-time rules for {@code from __future__ import …} that CPython enforces: such imports come
 * first (after the docstring and other future imports) and name a known feature.
 */
final class FutureImportCheck {
    private static final Set<String> FEATURES = Set.of("nested_scopes", "generators", "division",
            "absolute_import", "with_statement", "print_function", "unicode_literals", "barry_as_FLUFL",
            "generator_stop", "annotations");

    private FutureImportCheck() {
    }

    static void check(String path, SourceFile source) throws PythonSyntaxError {
        boolean mayImport = true;
        boolean first = true;
        for (ParseTree child : source.tree().children) {
            if (!(child instanceof PythonParser.StmtContext stmt)) {
                continue;
            }
            PythonParser.Simple_stmtsContext simple = stmt.simple_stmts();
            if (simple == null) {
                mayImport = false;
                continue;
            }
            for (PythonParser.Simple_stmtContext s : simple.simple_stmt()) {
                PythonParser.Import_fromContext from = s.import_stmt() == null ? null : s.import_stmt().import_from();
                if (from != null && isFuture(from)) {
                    if (!mayImport) {
                        throw error(path, source, from, "from __future__ imports must occur at the beginning of the file");
                    }
                    checkFeatures(path, source, from);
                } else if (!(first && isDocstring(s))) {
                    mayImport = false;
                }
                first = false;
            }
        }
    }

    private static boolean isFuture(PythonParser.Import_fromContext from) {
        return from.DOT().isEmpty() && from.ELLIPSIS().isEmpty() && from.dotted_name() != null
                && from.dotted_name().getText().equals("__future__");
    }

    private static void checkFeatures(String path, SourceFile source, PythonParser.Import_fromContext from)
            throws PythonSyntaxError {
        if (from.STAR() != null) {
            throw error(path, source, from, "future feature * is not defined");
        }
        for (PythonParser.Import_as_nameContext item : from.import_as_name()) {
            String feature = item.name(0).getText();
            if (feature.equals("braces")) {
                throw error(path, source, item, "not a chance");
            }
            if (!FEATURES.contains(feature)) {
                throw error(path, source, item, "future feature " + feature + " is not defined");
            }
        }
    }

    private static boolean isDocstring(PythonParser.Simple_stmtContext s) {
        PythonParser.Expr_stmtContext e = s.expr_stmt();
        return e != null && e.getChildCount() == 1 && e.star_expressions().getChildCount() == 1
                && e.star_expressions().getText().matches("(?s)[rRuU]?(\"|').*");
    }

    private static PythonSyntaxError error(String path, SourceFile source,
                                           org.antlr.v4.runtime.ParserRuleContext at, String message) {
        int offset = source.start(at);
        return new PythonSyntaxError(path, source.line(offset), source.column(offset), message);
    }
}
