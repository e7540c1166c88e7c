package dev.unblock.rules.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.python.PythonLexer;
import dev.unblock.rules.http.TokenStatements.Tok;

/** The names a file's import statements bind (local name → qualified name), read from its tokens. */
final class ImportedNames {
    private final TokenStatements statements;
    /** Local name → qualified name. */
    private final Map<String, String> imports = new HashMap<>();
    /** {@code from m import *}: any name may come from elsewhere. */
    private boolean starImport;

    ImportedNames(TokenStatements statements) {
        this.statements = statements;
        read();
    }

    boolean starImport() {
        return starImport;
    }

    boolean binds(String name) {
        return imports.containsKey(name);
    }

    private void read() {
        for (int i = 0; i < statements.toks.size(); i++) {
            if (statements.stmtStart[i] != i) {
                continue;
            }
            int type = statements.toks.get(i).type();
            int end = statements.stmtEnd[i];
            if (type == PythonLexer.IMPORT) {
                // import a.b.c [as x], ...
                for (List<Tok> item : statements.split(i + 1, end)) {
                    String dotted = dotted(item);
                    String alias = alias(item);
                    if (dotted != null) {
                        String root = dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.')) : dotted;
                        imports.put(alias != null ? alias : root, alias != null ? dotted : root);
                    }
                }
            } else if (type == PythonLexer.FROM) {
                int k = i + 1;
                StringBuilder module = new StringBuilder();
                while (k < end && statements.toks.get(k).type() != PythonLexer.IMPORT) {
                    module.append(statements.toks.get(k).text());
                    k++;
                }
                if (module.length() == 0 || module.charAt(0) == '.' || k >= end) {
                    continue;
                }
                starImport |= k + 1 < end && statements.toks.get(k + 1).type() == PythonLexer.STAR;
                for (List<Tok> item : statements.split(k + 1, end)) {
                    List<Tok> names = item.stream().filter(t -> t.type() != PythonLexer.LPAR
                            && t.type() != PythonLexer.RPAR).toList();
                    String name = dotted(names);
                    String alias = alias(names);
                    if (name != null && !name.contains(".")) {
                        imports.put(alias != null ? alias : name, module + "." + name);
                    }
                }
            }
        }
    }

    /** {@code a.b.c} at the start of an import item (before {@code as}), or null. */
    private static String dotted(List<Tok> item) {
        StringBuilder out = new StringBuilder();
        for (Tok t : item) {
            if (t.type() == PythonLexer.AS) {
                break;
            }
            out.append(t.text());
        }
        String s = out.toString();
        return s.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*") ? s : null;
    }

    private static String alias(List<Tok> item) {
        for (int k = 0; k + 1 < item.size(); k++) {
            if (item.get(k).type() == PythonLexer.AS) {
                return item.get(k + 1).text();
            }
        }
        return null;
    }

    /** The qualified name of a dotted expression through the file's imports ({@code HTTPBasicAuth} → requests.auth…). */
    String qualify(String dotted) {
        int dot = dotted.indexOf('.');
        String root = dot < 0 ? dotted : dotted.substring(0, dot);
        String imported = imports.get(root);
        return imported == null ? dotted : imported + (dot < 0 ? "" : dotted.substring(dot));
    }
}
