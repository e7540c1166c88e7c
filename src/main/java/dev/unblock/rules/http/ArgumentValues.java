package dev.unblock.rules.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;


import dev.unblock.python.PythonLexer;
import dev.unblock.rules.http.TokenStatements.Tok;

/**
 * What a file says about the value of a call argument, read from its tokens: the shape of the expression (a str
 * literal, a dict display, a 2-tuple, a call of an imported class, ...) and, for a plain name, the shape every
 * value the file assigns to that name has in common. Conservative by design: a name bound in any other way
 * anywhere in the file (a parameter, a loop variable, {@code global}, {@code +=}, a tuple target, an import)
 * has no known shape, and neither has anything this class does not recognise.
 */
final class ArgumentValues {
    /** What an expression is known to evaluate to. */
    enum Kind {
        /** A str: literals, f-strings, {@code json.dumps(...)}, {@code "..." % x}, {@code "...".format(...)}. */
        STR,
        /** A bytes object: literals, {@code <str>.encode(...)}. */
        BYTES,
        /** A dict: a dict display or {@code dict(...)}. */
        MAPPING,
        /** A list display. */
        LIST,
        /** A tuple display; {@link Shape#parts} are its elements. */
        TUPLE,
        NONE,
        BOOL,
        NUMBER,
        /** A call of something else; {@link Shape#name} is the callee, qualified through the file's imports. */
        CALL,
        /** A name or attribute chain whose value is not known. */
        NAME,
        OTHER
    }

    /** One element of a tuple or dict display, or one argument of a call: [start, end) of its value. */
    record Part(String keyword, int keywordStart, int start, int end) {
    }

    /**
     * The shape of an expression. {@code name}: the callee of a CALL (qualified), the dotted text of a NAME, or the
     * name a known shape was found through; {@code calleeStart/End}: the callee's text for a CALL.
     */
    record Shape(Kind kind, String name, int calleeStart, int calleeEnd, List<Part> parts, boolean viaName) {
        static Shape of(Kind kind) {
            return new Shape(kind, null, -1, -1, List.of(), false);
        }

        boolean is(Kind k) {
            return kind == k;
        }
    }

    private static final Shape OTHER = Shape.of(Kind.OTHER);
    /** Methods of str that return a str, for {@code "...".format(...)} and the like. */
    private static final Set<String> STR_METHODS = Set.of("format", "join", "replace", "strip", "lower", "upper",
            "lstrip", "rstrip", "title", "format_map");
    private static final Set<Integer> AUGMENTED = Set.of(PythonLexer.PLUSEQUAL, PythonLexer.MINEQUAL,
            PythonLexer.STAREQUAL, PythonLexer.SLASHEQUAL, PythonLexer.PERCENTEQUAL, PythonLexer.AMPEREQUAL,
            PythonLexer.VBAREQUAL, PythonLexer.CIRCUMFLEXEQUAL, PythonLexer.LEFTSHIFTEQUAL,
            PythonLexer.RIGHTSHIFTEQUAL, PythonLexer.DOUBLESTAREQUAL, PythonLexer.DOUBLESLASHEQUAL,
            PythonLexer.ATEQUAL);
    /** Tokens after a str literal that make the whole expression something else than a str. */
    private static final Set<Integer> NOT_STR_OPERATORS = Set.of(PythonLexer.IF, PythonLexer.ELSE, PythonLexer.AND,
            PythonLexer.OR, PythonLexer.NOT, PythonLexer.IN, PythonLexer.IS, PythonLexer.LAMBDA, PythonLexer.FOR,
            PythonLexer.EQEQUAL, PythonLexer.NOTEQUAL, PythonLexer.LESS, PythonLexer.GREATER, PythonLexer.LESSEQUAL,
            PythonLexer.GREATEREQUAL, PythonLexer.COMMA, PythonLexer.COLONEQUAL, PythonLexer.STAR,
            PythonLexer.SLASH, PythonLexer.DOUBLESLASH, PythonLexer.DOUBLESTAR, PythonLexer.AMPER, PythonLexer.VBAR,
            PythonLexer.CIRCUMFLEX, PythonLexer.LEFTSHIFT, PythonLexer.RIGHTSHIFT, PythonLexer.AT,
            PythonLexer.MINUS);

    /** Files analysed recently; the key is the file's text (values hold no reference to it). */
    private static final Map<String, ArgumentValues> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private final TokenStatements statements;
    private final ImportedNames imports;
    private final List<Tok> toks;
    private final int[] match;
    private final int[] depth;
    private final int[] stmtStart;
    private final int[] stmtEnd;
    private final Map<String, Shape> assignedMemo = new HashMap<>();

    private ArgumentValues(String text) {
        this.statements = new TokenStatements(text);
        this.imports = new ImportedNames(statements);
        this.toks = statements.toks;
        this.match = statements.match;
        this.depth = statements.depth;
        this.stmtStart = statements.stmtStart;
        this.stmtEnd = statements.stmtEnd;
    }

    /** The analysis of a file's text (cached while the text is in use). */
    static ArgumentValues of(String text) {
        ArgumentValues known = CACHE.get(text);
        if (known == null) {
            known = new ArgumentValues(text);
            CACHE.put(text, known);
        }
        return known;
    }

    /** The qualified name of a dotted expression through the file's imports ({@code HTTPBasicAuth} → requests.auth…). */
    synchronized String qualify(String dotted) {
        return imports.qualify(dotted);
    }

    // ============================================================================ shapes

    /** The shape of the expression at [start, end) of the text; a plain name is followed to what it is assigned. */
    synchronized Shape shape(int start, int end) {
        int lo = statements.first(start);
        int hi = lo;
        while (hi < toks.size() && toks.get(hi).end() <= end) {
            hi++;
        }
        return lo < hi ? classify(lo, hi, 0) : OTHER;
    }

    private Shape classify(int lo, int hi, int level) {
        if (lo >= hi) {
            return OTHER;
        }
        Tok head = toks.get(lo);
        if (isOpen(lo, PythonLexer.LPAR) && match[lo] == hi - 1) {
            List<Part> parts = elements(lo + 1, hi - 1);
            if (parts == null) {
                return classify(lo + 1, hi - 1, level);
            }
            return new Shape(Kind.TUPLE, null, -1, -1, parts, false);
        }
        if (hi - lo == 1) {
            switch (head.type()) {
                case PythonLexer.NONE:
                    return Shape.of(Kind.NONE);
                case PythonLexer.TRUE:
                case PythonLexer.FALSE:
                    return Shape.of(Kind.BOOL);
                case PythonLexer.NUMBER:
                    return Shape.of(Kind.NUMBER);
                default:
                    break;
            }
        }
        if (hi - lo == 2 && (head.type() == PythonLexer.MINUS || head.type() == PythonLexer.PLUS)
                && toks.get(lo + 1).type() == PythonLexer.NUMBER) {
            return Shape.of(Kind.NUMBER);
        }
        Shape literal = stringExpression(lo, hi);
        if (literal != null) {
            return literal;
        }
        if (isOpen(lo, PythonLexer.LBRACE) && match[lo] == hi - 1) {
            return dictDisplay(lo, hi);
        }
        if (isOpen(lo, PythonLexer.LSQB) && match[lo] == hi - 1) {
            return Shape.of(Kind.LIST);
        }
        return primary(lo, hi, level);
    }

    private boolean isOpen(int i, int type) {
        return toks.get(i).type() == type && match[i] > i;
    }

    /** Elements of a tuple display's inside, or null when it has no top-level comma (a parenthesized value). */
    private List<Part> elements(int lo, int hi) {
        List<Part> parts = new ArrayList<>();
        boolean comma = false;
        int from = lo;
        for (int k = lo; k <= hi; k++) {
            if (k == hi || toks.get(k).type() == PythonLexer.COMMA && depth[k] == depth[lo]) {
                if (k < hi) {
                    comma = true;
                }
                if (from < k) {
                    parts.add(new Part(null, -1, toks.get(from).start(), toks.get(k - 1).end()));
                }
                from = k + 1;
            }
        }
        return comma || lo == hi ? parts : null;
    }

    /** String literals (and f-strings), alone or with a str method, {@code %} or {@code +} after them. */
    private Shape stringExpression(int lo, int hi) {
        int k = lo;
        Kind kind = null;
        while (k < hi) {
            Tok t = toks.get(k);
            if (t.type() == PythonLexer.STRING) {
                Kind here = t.text().toLowerCase().matches("^[ru]?b.*|^br.*") ? Kind.BYTES : Kind.STR;
                if (kind != null && kind != here) {
                    return OTHER;
                }
                kind = here;
                k++;
            } else if (t.type() == PythonLexer.FSTRING_START && match[k] > k) {
                if (kind == Kind.BYTES) {
                    return OTHER;
                }
                kind = Kind.STR;
                k = match[k] + 1;
            } else {
                break;
            }
        }
        if (kind == null) {
            return null;
        }
        if (k == hi) {
            return Shape.of(kind);
        }
        Tok next = toks.get(k);
        if (next.type() == PythonLexer.DOT && k + 2 < hi && toks.get(k + 2).type() == PythonLexer.LPAR
                && match[k + 2] == hi - 1) {
            String method = toks.get(k + 1).text();
            if (kind == Kind.STR && method.equals("encode")) {
                return Shape.of(Kind.BYTES);
            }
            if (kind == Kind.STR && STR_METHODS.contains(method)) {
                return Shape.of(Kind.STR);
            }
            if (kind == Kind.BYTES && method.equals("decode")) {
                return Shape.of(Kind.STR);
            }
            return OTHER;
        }
        if (next.type() != PythonLexer.PERCENT && next.type() != PythonLexer.PLUS) {
            return OTHER;
        }
        // "..." % args, "..." + s: a str (or a TypeError in both libraries)
        for (int j = k; j < hi; j++) {
            if (depth[j] == depth[lo] && NOT_STR_OPERATORS.contains(toks.get(j).type())) {
                return OTHER;
            }
        }
        return Shape.of(kind);
    }

    /** {@code {k: v, ...}} (also empty and comprehensions) is a dict; {@code {a, b}} is a set. */
    private Shape dictDisplay(int lo, int hi) {
        if (hi - lo == 2) {
            return new Shape(Kind.MAPPING, null, -1, -1, List.of(), false);
        }
        List<Part> values = new ArrayList<>();
        int d = depth[lo] + 1;
        int from = lo + 1;
        boolean colon = false;
        boolean anyColon = false;
        for (int k = lo + 1; k <= hi - 1; k++) {
            Tok t = toks.get(k);
            boolean last = k == hi - 1;
            if (!last && depth[k] != d) {
                continue;
            }
            if (!last && t.type() == PythonLexer.COLON && !colon) {
                colon = true;
                anyColon = true;
                from = k + 1;
            } else if (!last && t.type() == PythonLexer.DOUBLESTAR && k == from) {
                values.add(new Part("**", t.start(), t.start(), t.end()));
            } else if (!last && t.type() == PythonLexer.FOR) {
                return anyColon ? new Shape(Kind.MAPPING, null, -1, -1, List.of(), false) : OTHER;
            } else if (last || t.type() == PythonLexer.COMMA) {
                if (colon && from < k) {
                    values.add(new Part(null, -1, toks.get(from).start(), toks.get(k - 1).end()));
                }
                colon = false;
                from = k + 1;
            }
        }
        return anyColon || !values.isEmpty() ? new Shape(Kind.MAPPING, null, -1, -1, values, false) : OTHER;
    }

    /** A dotted name, a call of one, or {@code <str>.encode(...)}. */
    private Shape primary(int lo, int hi, int level) {
        int k = lo;
        if (toks.get(k).type() != PythonLexer.NAME) {
            return OTHER;
        }
        StringBuilder dotted = new StringBuilder(toks.get(k).text());
        k++;
        while (k + 1 < hi && toks.get(k).type() == PythonLexer.DOT && toks.get(k + 1).type() == PythonLexer.NAME) {
            dotted.append('.').append(toks.get(k + 1).text());
            k += 2;
        }
        if (k == hi) {
            if (dotted.indexOf(".") < 0 && level < 2) {
                Shape assigned = assigned(dotted.toString(), level + 1);
                if (assigned != null) {
                    return assigned;
                }
            }
            return new Shape(Kind.NAME, dotted.toString(), -1, -1, List.of(), false);
        }
        // receiver.encode(...) where the receiver is a str
        if (hi - 4 > lo && toks.get(hi - 1).type() == PythonLexer.RPAR && match[hi - 1] > lo) {
            int open = match[hi - 1];
            if (open >= 2 && toks.get(open - 1).text().equals("encode") && toks.get(open - 2).type() == PythonLexer.DOT
                    && open - 2 > lo && classify(lo, open - 2, level).is(Kind.STR)) {
                return Shape.of(Kind.BYTES);
            }
        }
        if (!isOpen(k, PythonLexer.LPAR) || match[k] != hi - 1) {
            return OTHER;
        }
        String callee = qualify(dotted.toString());
        Kind kind = switch (callee) {
            case "json.dumps", "str" -> Kind.STR;
            case "bytes" -> Kind.BYTES;
            case "dict" -> Kind.MAPPING;
            default -> Kind.CALL;
        };
        return new Shape(kind, callee, toks.get(lo).start(), toks.get(k - 1).end(), arguments(k + 1, hi - 1), false);
    }

    private List<Part> arguments(int lo, int hi) {
        List<Part> parts = new ArrayList<>();
        int from = lo;
        for (int k = lo; k <= hi; k++) {
            if (k == hi || toks.get(k).type() == PythonLexer.COMMA && depth[k] == depth[lo]) {
                if (from < k) {
                    boolean keyword = k - from >= 3 && toks.get(from).type() == PythonLexer.NAME
                            && toks.get(from + 1).type() == PythonLexer.EQUAL;
                    int valueFrom = keyword ? from + 2 : from;
                    parts.add(new Part(keyword ? toks.get(from).text() : null,
                            keyword ? toks.get(from).start() : -1, toks.get(valueFrom).start(), toks.get(k - 1).end()));
                }
                from = k + 1;
            }
        }
        return parts;
    }

    // ============================================================================ names

    /**
     * The shape all values the file assigns to {@code name} share, marked as found through the name; null when the
     * name is bound any other way anywhere in the file, is never assigned, or its values differ in kind.
     */
    private Shape assigned(String name, int level) {
        String key = name + "#" + level;
        if (assignedMemo.containsKey(key)) {
            return assignedMemo.get(key);
        }
        assignedMemo.put(key, null);
        Shape found = null;
        boolean known = true;
        for (int i = 0; i < toks.size() && known; i++) {
            Tok t = toks.get(i);
            if (!t.text().equals(name) || !isNameToken(t)) {
                continue;
            }
            int[] value = binding(i);
            if (value == null) {
                continue;
            }
            if (value.length == 0) {
                known = false;
                continue;
            }
            Shape s = classify(value[0], value[1], level);
            if (s.is(Kind.NAME) || s.is(Kind.OTHER) || found != null && found.kind() != s.kind()) {
                known = false;
            } else if (found == null) {
                found = s;
            }
        }
        // parts keep the offsets of the assigned value (not of the use): callers check viaName before editing them
        Shape result = known && found != null && !imports.starImport()
                ? new Shape(found.kind(), name, -1, -1, found.parts(), true) : null;
        assignedMemo.put(key, result);
        return result;
    }

    private static boolean isNameToken(Tok t) {
        return t.type() == PythonLexer.NAME || t.type() == PythonLexer.MATCH || t.type() == PythonLexer.CASE
                || t.type() == PythonLexer.TYPE;
    }

    /**
     * How the name token at i is used: null for a read (or a mutation such as {@code x[k] = v}), the token range
     * {from, to} of the assigned value for {@code x = value}, and an empty array for any other binding.
     */
    private int[] binding(int i) {
        int s = stmtStart[i];
        int e = stmtEnd[i];
        int firstType = toks.get(s).type();
        int next = i + 1 < e ? toks.get(i + 1).type() : -1;
        int prev = i > s ? toks.get(i - 1).type() : -1;
        if (firstType == PythonLexer.IMPORT || firstType == PythonLexer.FROM || firstType == PythonLexer.GLOBAL
                || firstType == PythonLexer.NONLOCAL || firstType == PythonLexer.DEL || firstType == PythonLexer.CASE
                || firstType == PythonLexer.DEF || firstType == PythonLexer.CLASS
                || firstType == PythonLexer.ASYNC && s + 1 < e && toks.get(s + 1).type() == PythonLexer.DEF) {
            return new int[0];
        }
        if (prev == PythonLexer.AS || next == PythonLexer.COLONEQUAL || AUGMENTED.contains(next)) {
            return new int[0];
        }
        if (insideLoopOrLambdaTarget(s, i)) {
            return new int[0];
        }
        if (depth[i] != depth[s]) {
            return null;
        }
        List<Integer> equals = new ArrayList<>();
        for (int k = s; k < e; k++) {
            if (toks.get(k).type() == PythonLexer.EQUAL && depth[k] == depth[s]) {
                equals.add(k);
            }
        }
        if (equals.isEmpty() || i > equals.get(equals.size() - 1)) {
            return null;
        }
        int segmentStart = s;
        for (int eq : equals) {
            if (i < eq) {
                break;
            }
            segmentStart = eq + 1;
        }
        int segmentEnd = equals.stream().filter(eq -> eq > i).findFirst().orElse(e);
        int valueStart = equals.get(equals.size() - 1) + 1;
        boolean plain = segmentStart == i && segmentEnd == i + 1;
        boolean annotated = segmentStart == i && next == PythonLexer.COLON && equals.size() == 1;
        if (plain || annotated) {
            return valueStart < e ? new int[] {valueStart, e} : new int[0];
        }
        if (next == PythonLexer.DOT || next == PythonLexer.LSQB) {
            return null;
        }
        return new int[0];
    }

    /** The token is between {@code for} and {@code in}, or between {@code lambda} and its {@code :}. */
    private boolean insideLoopOrLambdaTarget(int s, int i) {
        for (int k = i - 1; k >= s; k--) {
            int type = toks.get(k).type();
            if (depth[k] > depth[i]) {
                continue;
            }
            if (depth[k] < depth[i]) {
                return false;
            }
            if (type == PythonLexer.IN || type == PythonLexer.COLON) {
                return false;
            }
            if (type == PythonLexer.FOR || type == PythonLexer.LAMBDA) {
                return true;
            }
        }
        return false;
    }
}
