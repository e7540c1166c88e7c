package dev.unblock.migrate.edit;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Edit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.FunctionFact;

/**
 * An entry point that becomes async keeps its name and sync signature for its callers outside the project
 * (installed scripts, the main guard): {@code def main(argv=None): return asyncio.run(main_async(argv))}, and the
 * body moves to {@code async def main_async(argv=None)}.
 */
final class EntryPointBridge {
    private final FileFacts file;
    private final String text;
    private final Consumer<Edit> sink;

    EntryPointBridge(FileFacts file, String text, Consumer<Edit> sink) {
        this.file = file;
        this.text = text;
        this.sink = sink;
    }

    void bridge(FunctionFact f) {
        String asyncName = freeName(f.name() + "_async");
        int open = text.indexOf('(', f.nameEnd());
        int close = matching(open);
        int colon = headerColon(close);
        String params = text.substring(open + 1, close);
        String returns = text.substring(close + 1, colon).strip();
        String nl = TextLines.newline(text);
        String wrapper = "def " + f.name() + "(" + params + ")" + (returns.isEmpty() ? "" : " " + returns) + ":" + nl
                + file.indentUnit() + "\"\"\"Runs " + asyncName + " in an event loop (a sync entry point).\"\"\"" + nl
                + file.indentUnit() + "return asyncio.run(" + asyncName + "(" + forwarded(params) + "))" + nl + nl + nl;
        sink.accept(Edit.insert(f.stmtStart(), wrapper, CoreRules.ASYNC_ENTRY_POINT,
                f.name() + "() keeps a sync signature for its callers outside the project and runs "
                        + asyncName + "() with asyncio.run", -1_000_000));
        sink.accept(Edit.insert(f.defStart(), "async ", CoreRules.ASYNC_ENTRY_POINT,
                "the entry point's body does I/O: it becomes " + asyncName + "()", 0));
        sink.accept(Edit.replace(f.nameStart(), f.nameEnd(), asyncName, CoreRules.ASYNC_ENTRY_POINT,
                "called by the sync " + f.name() + "() wrapper"));
    }

    /** The arguments that pass each parameter on: positional ones in order, keyword-only ones by name. */
    static String forwarded(String params) {
        List<String> out = new ArrayList<>();
        boolean keywordOnly = false;
        for (String p : splitTopLevel(params)) {
            String name = p.strip();
            int cut = indexOfAny(name, ":=");
            if (cut >= 0) {
                name = name.substring(0, cut).strip();
            }
            if (name.isEmpty() || name.equals("/")) {
                continue;
            }
            if (name.equals("*")) {
                keywordOnly = true;
            } else if (name.startsWith("**")) {
                out.add(name);
            } else if (name.startsWith("*")) {
                out.add(name);
                keywordOnly = true;
            } else {
                out.add(keywordOnly ? name + "=" + name : name);
            }
        }
        return String.join(", ", out);
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits at commas outside brackets and strings. */
    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if ("([{".indexOf(c) >= 0) {
                depth++;
            } else if (")]}".indexOf(c) >= 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private int matching(int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth == 0) {
                    return i;
                }
            }
        }
        throw new IllegalStateException("unbalanced parameter list");
    }

    /** The colon that ends the def header after the parameter list (a return annotation may come before it). */
    private int headerColon(int close) {
        int depth = 0;
        for (int i = close + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ':' && depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("no colon after the parameter list");
    }

    /** A module-level name not taken yet. */
    private String freeName(String preferred) {
        String name = preferred;
        for (int i = 2; taken(name); i++) {
            name = preferred + i;
        }
        return name;
    }

    private boolean taken(String name) {
        return file.functions().stream().anyMatch(f -> f.parent() < 0 && f.owner() < 0 && f.name().equals(name))
                || file.moduleAssignments().containsKey(name)
                || file.imports().stream().anyMatch(i -> name.equals(i.boundName()))
                || file.classes().stream().anyMatch(c -> c.name().equals(name));
    }
}
