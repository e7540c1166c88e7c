package dev.unblock.analysis;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import dev.unblock.python.PythonParser.ArgumentContext;
import dev.unblock.python.PythonParser.ArgumentsContext;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.FstringContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.SlicesContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.StringsContext;
import dev.unblock.python.PythonParser.TrailerContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The names that string literals spell where code may look a function up by name ({@code getattr(obj, "fetch")},
 * {@code callback="parse_item"}, {@code "pkg.mod:main"}); a prefix ({@code "on_%s" % event}) is recorded with a
 * trailing {@code *}.
 */
final class NameStrings {
    private static final int NOT_A_LOOKUP = 0;
    private static final int WHOLE = 1;
    private static final int LAST_PART = 2;
    private static final Set<String> LOOKUPS = Set.of("getattr", "hasattr", "setattr", "delattr", "methodcaller",
            "attrgetter");
    private static final Pattern NAME_STRING =
            Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*([.:][\\p{L}_][\\p{L}\\p{N}_]*)*");

    private final Set<String> names = new HashSet<>();

    Set<String> names() {
        return Set.copyOf(names);
    }

    /** Records what a string literal may name; {@code classBody}: it is evaluated in a class body. */
    void read(StringsContext strings, boolean classBody) {
        int lookup = lookup(strings, classBody);
        if (lookup == NOT_A_LOOKUP) {
            return;
        }
        for (TerminalNode t : strings.STRING()) {
            literal(t.getText(), lookup == LAST_PART);
        }
        // f"job_{name}": the literal text before the first field is a prefix of the names looked up;
        // f"app.tasks.{name}": any function of that module may be (a task queue's dotted name)
        if (lookup != NOT_A_LOOKUP && !strings.fstring().isEmpty()) {
            FstringContext f = strings.fstring(0);
            String prefix = !f.fstring_part().isEmpty() && f.fstring_part(0).FSTRING_MIDDLE() != null
                    ? f.fstring_part(0).getText() : "";
            if (lookup == WHOLE) {
                prefix(prefix);
            } else {
                moduleOfAnyName(prefix);
            }
        }
    }

    /**
     * Whether a string may name a function that code looks up by name: an argument of getattr and its kin, a
     * keyword argument ({@code callback="parse_item"}), a value in a class body ({@code actions = ["publish"]});
     * anywhere, a dotted or {@code module:function} reference (only its last name). Not dictionary keys,
     * subscripts or other call arguments.
     */
    private static int lookup(StringsContext strings, boolean classBody) {
        if (!(strings.getParent() instanceof AtomContext atom) || !(atom.getParent() instanceof PrimaryContext p)
                || !p.trailer().isEmpty()) {
            return NOT_A_LOOKUP;
        }
        String text = strings.getText();
        boolean dotted = text.contains(".") || text.contains(":");
        ParserRuleContext top = TreeShapes.climb(p);
        if (top.getParent() instanceof ArgumentContext a) {
            if (a.EQUAL() != null && a.expression().size() == 2 && a.expression(1) == top) {
                return dotted ? LAST_PART : WHOLE;
            }
        }
        // getattr(self, "do_" + name): the string may be a prefix inside the argument
        ParserRuleContext n = top;
        for (int i = 0; i < 6 && !(n.getParent() instanceof ArgumentContext) && n.getParent() != null
                && !(n.getParent() instanceof StmtContext); i++) {
            n = n.getParent();
        }
        if (n.getParent() instanceof ArgumentContext a) {
            if (a.getParent() instanceof ArgumentsContext args && args.getParent() instanceof TrailerContext call
                    && call.getParent() instanceof PrimaryContext callee) {
                int at = callee.trailer().indexOf(call);
                String name = at > 0 && callee.trailer().get(at - 1).name() != null
                        ? callee.trailer().get(at - 1).name().getText()
                        : at == 0 && callee.atom().name() != null ? callee.atom().name().getText() : null;
                if (name != null && LOOKUPS.contains(name)) {
                    return WHOLE;
                }
            }
        }
        if (classBody && !(top.getParent() instanceof SlicesContext)) {
            return dotted ? LAST_PART : WHOLE;
        }
        return dotted ? LAST_PART : NOT_A_LOOKUP;
    }

    /** A plain string literal that spells a dotted name ({@code "fetch"}, {@code "pkg.mod:main"}): its names. */
    private void literal(String literal, boolean lastPartOnly) {
        int q = 0;
        while (q < literal.length() && Character.isLetter(literal.charAt(q))) {
            q++;
        }
        String prefix = literal.substring(0, q).toLowerCase();
        if (prefix.contains("b") || prefix.contains("f") || prefix.contains("t")) {
            return;
        }
        String body = literal.substring(q);
        int quote = body.startsWith("\"\"\"") || body.startsWith("'''") ? 3 : 1;
        if (body.length() < 2 * quote) {
            return;
        }
        body = body.substring(quote, body.length() - quote);
        int template = body.indexOf('%') >= 0 ? body.indexOf('%') : body.indexOf('{');
        if (!lastPartOnly && template >= 0) {
            // "on_%s" % event, "handle_{}".format(kind): a prefix of the names looked up
            prefix(body.substring(0, template));
            return;
        }
        if (template >= 0) {
            // "app.tasks.%s" % name: any function of the module
            moduleOfAnyName(body.substring(0, template));
            return;
        }
        if (body.isEmpty() || body.length() > 200 || !NAME_STRING.matcher(body).matches()) {
            return;
        }
        String[] parts = body.split("[.:]");
        for (int i = lastPartOnly ? parts.length - 1 : 0; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                names.add(parts[i]);
            }
        }
    }

    /**
     * A dotted prefix that ends where a name is filled in ({@code "app.tasks."}, {@code "pkg.jobs:"}): any function of
     * that module may be looked up; recorded as {@code app.tasks.*}.
     */
    private void moduleOfAnyName(String prefix) {
        if (prefix.length() > 1 && (prefix.endsWith(".") || prefix.endsWith(":"))) {
            String module = prefix.substring(0, prefix.length() - 1);
            if (module.contains(".") && NAME_STRING.matcher(module).matches() && !module.contains(":")) {
                names.add(module + ".*");
            }
        }
    }

    /** Names starting with this are looked up (recorded with a trailing {@code *}); an empty prefix says nothing. */
    private void prefix(String prefix) {
        if (!prefix.isEmpty() && NAME_STRING.matcher(prefix).matches()) {
            names.add(prefix + "*");
        }
    }
}
