package dev.unblock.bot;

import dev.unblock.python.PythonLexer;
import dev.unblock.python.PythonParser;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the review needs to know about a file's original text to tell which of the engine's edits depend on each
 * other: where functions and classes start, end and have their header, the import statements, the assignments
 * whose value an edit may change, and the names used on each line. Read from our own parse of the file.
 */
final class SourceOutline {
    /**
     * A {@code def} with its decorators: header = decorators and signature up to the colon. Compared by identity:
     * two files may hold functions with equal names and offsets.
     */
    static final class Function {
        private final String name;
        private final String className;
        private final int start;
        private final int headerEnd;
        private final int end;

        Function(String name, String className, int start, int headerEnd, int end) {
            this.name = name;
            this.className = className;
            this.start = start;
            this.headerEnd = headerEnd;
            this.end = end;
        }

        String name() {
            return name;
        }

        /** The class it is a method of, or null. */
        String className() {
            return className;
        }

        int start() {
            return start;
        }

        int end() {
            return end;
        }

        boolean inHeader(int from, int to) {
            return from >= start && to <= headerEnd;
        }

        boolean contains(int from, int to) {
            return from >= start && to <= end;
        }
    }

    /** A {@code class} statement with its decorators; header = up to the colon. Compared by identity. */
    static final class ClassDef {
        private final String name;
        private final int start;
        private final int headerEnd;
        private final int end;

        ClassDef(String name, int start, int headerEnd, int end) {
            this.name = name;
            this.start = start;
            this.headerEnd = headerEnd;
            this.end = end;
        }

        String name() {
            return name;
        }

        int start() {
            return start;
        }

        int headerEnd() {
            return headerEnd;
        }

        int end() {
            return end;
        }
    }

    /** An import statement and the names it binds or mentions. */
    record Import(int start, int end, Set<String> names) {
    }

    /**
     * An assignment (or a {@code with ... as} item) whose value starts at {@code valueStart}: an edit inside the
     * value changes what the {@code names} hold. {@code scope} is the function it is local to, or null when the
     * name is visible beyond one function (module, class, {@code self.x}).
     */
    record Binding(int valueStart, int valueEnd, Set<String> names, Function scope) {
    }

    /** An identifier and whether a call's parenthesis follows it. */
    record Name(String text, int start, int line, boolean called) {
    }

    final String text;
    final List<Function> functions = new ArrayList<>();
    final List<ClassDef> classes = new ArrayList<>();
    final List<Import> imports = new ArrayList<>();
    final List<Binding> bindings = new ArrayList<>();
    final List<Name> names = new ArrayList<>();
    /** Logical lines as [start, end) offsets: a statement, or a compound statement's header, over its physical lines. */
    final List<int[]> logicalLines = new ArrayList<>();
    private final int[] lineStarts;
    private final boolean parsed;

    private SourceOutline(String text, boolean parsed) {
        this.text = text;
        this.parsed = parsed;
        this.lineStarts = SourceFile.lineStarts(text);
    }

    /** The outline of {@code text}; one that does not parse has none (every edit in it is then one unit). */
    static SourceOutline of(String path, String text) {
        try {
            SourceFile source = PythonSource.parse(path, text);
            SourceOutline outline = new SourceOutline(text, true);
            outline.read(source);
            return outline;
        } catch (PythonSyntaxError e) {
            return new SourceOutline(text, false);
        }
    }

    boolean parsed() {
        return parsed;
    }

    int line(int offset) {
        return SourceFile.lineIndex(lineStarts, offset) + 1;
    }

    /** The innermost function whose text holds [from, to). */
    Function functionAt(int from, int to) {
        Function best = null;
        for (Function f : functions) {
            if (f.contains(from, to) && (best == null || f.start() >= best.start())) {
                best = f;
            }
        }
        return best;
    }

    /** The class whose header (decorators, name, bases) holds [from, to). */
    ClassDef classHeaderAt(int from, int to) {
        for (ClassDef c : classes) {
            if (from >= c.start() && to <= c.headerEnd()) {
                return c;
            }
        }
        return null;
    }

    /** The import statement that [from, to) touches (an insertion touches one it sits inside, not at its edges). */
    Import importAt(int from, int to) {
        for (Import i : imports) {
            boolean overlaps = from == to ? from > i.start() && from < i.end() : from < i.end() && to > i.start();
            if (overlaps) {
                return i;
            }
        }
        return null;
    }

    /** The binding whose value holds [from, to) (the innermost one when nested). */
    Binding bindingAt(int from, int to) {
        Binding best = null;
        for (Binding b : bindings) {
            if (from >= b.valueStart() && to <= b.valueEnd() && (best == null || b.valueStart() >= best.valueStart())) {
                best = b;
            }
        }
        return best;
    }

    /** Identifiers on lines first..last. */
    List<Name> namesOnLines(int first, int last) {
        List<Name> out = new ArrayList<>();
        for (Name n : names) {
            if (n.line() >= first && n.line() <= last) {
                out.add(n);
            }
        }
        return out;
    }

    /** The dotted name called at or after {@code offset} on its line (e.g. {@code requests.get}), or null. */
    String callAfter(int offset) {
        int line = line(offset);
        StringBuilder dotted = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            Name n = names.get(i);
            if (n.line() != line || n.start() < offset) {
                continue;
            }
            dotted.setLength(0);
            dotted.append(n.text());
            int end = n.start() + n.text().length();
            int j = i;
            while (!names.get(j).called() && j + 1 < names.size() && text.startsWith(".", end)
                    && names.get(j + 1).start() == end + 1) {
                j++;
                dotted.append('.').append(names.get(j).text());
                end = names.get(j).start() + names.get(j).text().length();
            }
            if (names.get(j).called()) {
                return dotted.toString();
            }
        }
        return null;
    }

    /** Indexes of the logical lines [from, to) touches (an insertion: the one it sits in or starts). */
    List<Integer> logicalLinesOf(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < logicalLines.size(); i++) {
            int[] l = logicalLines.get(i);
            boolean touches = from == to ? from >= l[0] && from < l[1] : from < l[1] && to > l[0];
            if (touches) {
                out.add(i);
            }
        }
        return out;
    }

    private void read(SourceFile source) {
        List<Token> tokens = source.tokens();
        int logicalStart = -1;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL || t.getType() == Token.EOF || t.getType() == PythonLexer.INDENT
                    || t.getType() == PythonLexer.DEDENT) {
                continue;
            }
            if (logicalStart < 0) {
                logicalStart = source.start(t);
            }
            if (t.getType() == PythonLexer.NEWLINE) {
                logicalLines.add(new int[] {logicalStart, source.end(t)});
                logicalStart = -1;
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getChannel() != Token.DEFAULT_CHANNEL || !isName(t.getType())) {
                continue;
            }
            Token next = nextDefault(tokens, i + 1);
            int start = source.start(t);
            names.add(new Name(t.getText(), start, line(start), next != null && next.getType() == PythonLexer.LPAR));
        }
        walk(source, source.tree(), null, null);
    }

    private static boolean isName(int type) {
        return type == PythonLexer.NAME || type == PythonLexer.MATCH || type == PythonLexer.CASE
                || type == PythonLexer.TYPE;
    }

    private static Token nextDefault(List<Token> tokens, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).getChannel() == Token.DEFAULT_CHANNEL) {
                return tokens.get(i);
            }
        }
        return null;
    }

    private void walk(SourceFile source, ParseTree node, Function function, ClassDef inClass) {
        if (node instanceof PythonParser.Function_defContext def) {
            ParserRuleContext whole = outermost(def);
            Function f = new Function(def.name().getText(), inClass == null ? null : inClass.name(), source.start(whole),
                    source.end(def.COLON().getSymbol()), source.end(def));
            functions.add(f);
            for (int i = 0; i < node.getChildCount(); i++) {
                walk(source, node.getChild(i), f, null);
            }
            return;
        }
        if (node instanceof PythonParser.Class_defContext cls) {
            ClassDef c = new ClassDef(cls.name().getText(), source.start(outermost(cls)),
                    source.end(cls.COLON().getSymbol()), source.end(cls));
            classes.add(c);
            for (int i = 0; i < node.getChildCount(); i++) {
                walk(source, node.getChild(i), function, c);
            }
            return;
        }
        if (node instanceof PythonParser.Import_stmtContext imp) {
            Set<String> bound = new TreeSet<>();
            source.tokensOf(imp).stream().filter(t -> isName(t.getType())).forEach(t -> bound.add(t.getText()));
            imports.add(new Import(source.start(imp), lineEndAfter(source.end(imp)), bound));
            return;
        }
        if (node instanceof PythonParser.Expr_stmtContext stmt && !stmt.EQUAL().isEmpty()) {
            int valueStart = source.end(stmt.EQUAL(0).getSymbol());
            Set<String> targets = new TreeSet<>();
            boolean attribute = targetNames(stmt.star_expressions(), targets);
            for (int k = 0; k < stmt.assigned_value().size() - 1; k++) {
                attribute |= targetNames(stmt.assigned_value(k), targets);
            }
            boolean local = function != null && !attribute;
            bindings.add(new Binding(valueStart, source.end(stmt), targets, local ? function : null));
        }
        if (node instanceof PythonParser.Expr_stmtContext stmt && stmt.annotation() != null && stmt.EQUAL().size() == 1) {
            Set<String> targets = new TreeSet<>();
            boolean attribute = targetNames(stmt.star_expressions(), targets);
            bindings.add(new Binding(source.end(stmt.EQUAL(0).getSymbol()), source.end(stmt), targets,
                    function != null && !attribute ? function : null));
        }
        if (node instanceof PythonParser.With_itemContext item && item.target() != null) {
            Set<String> targets = new TreeSet<>();
            boolean attribute = targetNames(item.target(), targets);
            bindings.add(new Binding(source.start(item.expression()), source.end(item.expression()), targets,
                    function != null && !attribute ? function : null));
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            walk(source, node.getChild(i), function, inClass);
        }
    }

    /** The statement a definition starts with: its decorators, or {@code async}, when it has them. */
    private static ParserRuleContext outermost(ParserRuleContext def) {
        ParserRuleContext node = def;
        if (node.getParent() instanceof PythonParser.Async_stmtContext async) {
            node = async;
        }
        if (node.getParent() instanceof PythonParser.DecoratedContext decorated) {
            node = decorated;
        }
        return node;
    }

    /**
     * The names an assignment target binds: the last name of each target ({@code x}, {@code self.session} binds
     * {@code session}). True when some target is an attribute or item (visible beyond the function).
     */
    private static boolean targetNames(ParseTree target, Set<String> out) {
        boolean attribute = false;
        List<ParseTree> stack = new ArrayList<>(List.of(target));
        while (!stack.isEmpty()) {
            ParseTree node = stack.remove(stack.size() - 1);
            if (node instanceof PythonParser.PrimaryContext primary) {
                if (primary.trailer().isEmpty()) {
                    if (primary.atom().name() != null) {
                        out.add(primary.atom().name().getText());
                    } else {
                        stack.add(primary.atom());
                    }
                } else {
                    attribute = true;
                    PythonParser.TrailerContext last = primary.trailer(primary.trailer().size() - 1);
                    if (last.name() != null) {
                        out.add(last.name().getText());
                    } else if (primary.atom().name() != null) {
                        out.add(primary.atom().name().getText());
                    }
                }
                continue;
            }
            for (int i = 0; i < node.getChildCount(); i++) {
                stack.add(node.getChild(i));
            }
        }
        return attribute;
    }

    /** The offset after the line end that follows {@code offset} (an import statement's whole line). */
    private int lineEndAfter(int offset) {
        int newline = text.indexOf('\n', offset);
        return newline < 0 ? text.length() : newline + 1;
    }
}
