package dev.unblock.python;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

/**
 * One parsed Python file: its text, every token (all channels, in order), the syntax tree and position
 * helpers. Offsets are indexes into {@link #text()} (UTF-16 chars); lines and columns are 1-based, columns
 * counted in chars. Line ends are {@code \r\n}, {@code \r} or {@code \n}, as in Python.
 */
public final class SourceFile {
    private final String path;
    private final String text;
    private final Charset charset;
    /** Tokens and tree, or null until a deferred file is first read by them. */
    private Parsed parsed;
    private Parse parse;
    /** Where lines start; computed when first asked for (a rule that reads only some files' texts skips the rest). */
    private volatile int[] lineStarts;
    /** Char offset of each code point index when the text has surrogate pairs (null when they are equal), once asked. */
    private volatile CodePoints codePoints;

    private record CodePoints(int[] charOffsets) {
    }

    /** The tokens and tree of a parsed file. */
    private record Parsed(List<Token> tokens, PythonParser.File_inputContext tree) {
    }

    /** Parses a deferred file's text (it is known to parse). */
    interface Parse {
        SourceFile run() throws PythonSyntaxError;
    }

    SourceFile(String path, String text, Charset charset, List<Token> tokens, PythonParser.File_inputContext tree) {
        this.path = path;
        this.text = text;
        this.charset = charset;
        this.parsed = new Parsed(Collections.unmodifiableList(tokens), tree);
    }

    /** A file parsed when its tokens or tree are first asked for: its text alone costs no parse. */
    SourceFile(String path, String text, Charset charset, Parse parse) {
        this.path = path;
        this.text = text;
        this.charset = charset;
        this.parse = parse;
    }

    private synchronized Parsed parsed() {
        if (parsed == null) {
            try {
                parsed = parse.run().parsed;
            } catch (PythonSyntaxError e) {
                throw new IllegalStateException("a deferred file does not parse: " + e.getMessage(), e);
            }
            parse = null;
        }
        return parsed;
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    public Charset charset() {
        return charset;
    }

    /** All tokens of the file, hidden ones included, ending with EOF. */
    public List<Token> tokens() {
        return parsed().tokens();
    }

    public PythonParser.File_inputContext tree() {
        return parsed().tree();
    }

    /** The text rebuilt from the tokens; equal to {@link #text()} (the front end is lossless). */
    public String joinedTokens() {
        StringBuilder out = new StringBuilder(text.length());
        for (Token t : tokens()) {
            if (t.getType() != Token.EOF) {
                out.append(t.getText());
            }
        }
        return out.toString();
    }

    /** The char offset where a token starts. */
    public int start(Token token) {
        return charOffset(token.getStartIndex());
    }

    /** The char offset just past a token (equal to {@link #start} for zero-width tokens). */
    public int end(Token token) {
        return charOffset(token.getStopIndex() + 1);
    }

    public int start(ParserRuleContext node) {
        return start(node.getStart());
    }

    /** The char offset just past a node's last token. */
    public int end(ParserRuleContext node) {
        Token stop = node.getStop();
        return stop == null || stop.getTokenIndex() < node.getStart().getTokenIndex() ? start(node) : end(stop);
    }

    /** The exact source text of a node, hidden tokens inside it included. */
    public String text(ParserRuleContext node) {
        return text.substring(start(node), end(node));
    }

    private int[] starts() {
        int[] s = lineStarts;
        if (s == null) {
            s = lineStarts(text);
            lineStarts = s;
        }
        return s;
    }

    /** The 1-based line holding a char offset. */
    public int line(int offset) {
        return lineIndex(starts(), offset) + 1;
    }

    /** The 0-based index of the line (given by its start offsets) that holds an offset. */
    public static int lineIndex(int[] lineStarts, int offset) {
        int lo = 0;
        int hi = lineStarts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The 1-based column of a char offset within its line. */
    public int column(int offset) {
        return offset - starts()[line(offset) - 1] + 1;
    }

    /** The char offset of a 1-based line and column. */
    public int offset(int line, int column) {
        int[] lineStarts = starts();
        if (line < 1 || line > lineStarts.length) {
            throw new IndexOutOfBoundsException("line " + line + " of " + lineStarts.length);
        }
        return lineStarts[line - 1] + column - 1;
    }

    /** The number of lines of text; an empty last line after the final line end is not one. */
    public int lineCount() {
        int[] lineStarts = starts();
        boolean endsWithLineEnd = lineStarts.length > 1 && lineStarts[lineStarts.length - 1] == text.length();
        return endsWithLineEnd ? lineStarts.length - 1 : (text.isEmpty() ? 0 : lineStarts.length);
    }

    /** The char offset where a 1-based line starts. */
    public int lineStart(int line) {
        return starts()[line - 1];
    }

    /** Every token of a node, from its first to its last, hidden ones between them included. */
    public List<Token> tokensOf(ParserRuleContext node) {
        int from = node.getStart().getTokenIndex();
        int to = node.getStop() == null ? from - 1 : node.getStop().getTokenIndex();
        return tokens().subList(from, Math.max(from, to + 1));
    }

    /**
     * The comments on the lines directly above a node (no blank line between), in source order; a comment
     * that ends the previous statement's line is not one of them.
     */
    public List<Token> leadingComments(ParserRuleContext node) {
        List<Token> comments = new ArrayList<>();
        int newlinesSinceComment = 0;
        for (int i = node.getStart().getTokenIndex() - 1; i >= 0; i--) {
            Token t = tokens().get(i);
            int type = t.getType();
            if (type == PythonLexer.INDENT || type == PythonLexer.DEDENT || type == PythonLexer.WS) {
                continue;
            }
            if (type == PythonLexer.NEWLINE && t.getChannel() == Token.HIDDEN_CHANNEL) {
                if (++newlinesSinceComment > 1) {
                    break;
                }
                continue;
            }
            if (type == PythonLexer.COMMENT && ownLine(i)) {
                comments.add(t);
                newlinesSinceComment = 0;
                continue;
            }
            break;
        }
        Collections.reverse(comments);
        return comments;
    }

    /** True when only whitespace precedes token {@code index} on its line. */
    private boolean ownLine(int index) {
        for (int i = index - 1; i >= 0; i--) {
            Token t = tokens().get(i);
            if (t.getType() == PythonLexer.WS || t.getType() == PythonLexer.INDENT
                    || t.getType() == PythonLexer.DEDENT || t.getType() == PythonLexer.BOM) {
                continue;
            }
            return t.getType() == PythonLexer.NEWLINE;
        }
        return true;
    }

    /** A view of the tokens for tools that want an ANTLR stream (e.g. a TokenStreamRewriter). */
    public TokenStream tokenStream() {
        return new org.antlr.v4.runtime.BufferedTokenStream(new org.antlr.v4.runtime.ListTokenSource(tokens())) {
            {
                fill();
            }
        };
    }

    private int charOffset(int codePointIndex) {
        CodePoints cp = codePoints;
        if (cp == null) {
            cp = new CodePoints(codePointMap(text));
            codePoints = cp;
        }
        int[] charOffsetOfCodePoint = cp.charOffsets();
        if (charOffsetOfCodePoint == null) {
            return codePointIndex;
        }
        return charOffsetOfCodePoint[Math.min(codePointIndex, charOffsetOfCodePoint.length - 1)];
    }

    /** The char offset of each code point index of the text (ANTLR counts code points), or null when equal. */
    public static int[] codePointMap(String text) {
        int codePoints = text.codePointCount(0, text.length());
        if (codePoints == text.length()) {
            return null;
        }
        int[] map = new int[codePoints + 1];
        int offset = 0;
        for (int i = 0; i < codePoints; i++) {
            map[i] = offset;
            offset += Character.charCount(text.codePointAt(offset));
        }
        map[codePoints] = offset;
        return map;
    }

    /** The offsets where lines start (Python line ends: \r\n, \r, \n). */
    public static int[] lineStarts(String text) {
        int[] out = new int[16];
        int n = 1;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= length || text.charAt(i + 1) != '\n'))) {
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, n * 2);
                }
                out[n++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
