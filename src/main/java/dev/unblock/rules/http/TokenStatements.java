package dev.unblock.rules.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;

import dev.unblock.python.PythonLexer;
import dev.unblock.python.SourceFile;

/**
 * A file's tokens (default channel) with the structure {@link ArgumentValues} reads them by: the matching bracket of
 * each bracket, the bracket depth of each token, and the simple statement each token belongs to. A file the lexer
 * cannot read has no tokens.
 */
final class TokenStatements {
    private static final Set<Integer> COMPOUND = Set.of(PythonLexer.IF, PythonLexer.ELIF, PythonLexer.ELSE,
            PythonLexer.WHILE, PythonLexer.FOR, PythonLexer.WITH, PythonLexer.DEF, PythonLexer.CLASS, PythonLexer.TRY,
            PythonLexer.EXCEPT, PythonLexer.FINALLY, PythonLexer.ASYNC, PythonLexer.MATCH, PythonLexer.CASE);

    record Tok(int type, int start, int end, String text) {
    }

    final List<Tok> toks;
    /** Index of the matching bracket (or f-string end/start) of each bracket token, else -1. */
    final int[] match;
    final int[] depth;
    /** Index of the first token of the simple statement holding each token, and the index after its last. */
    final int[] stmtStart;
    final int[] stmtEnd;

    TokenStatements(String text) {
        this.toks = lex(text);
        int n = toks.size();
        match = new int[n];
        depth = new int[n];
        stmtStart = new int[n];
        stmtEnd = new int[n];
        pairBrackets();
        splitStatements();
    }

    private static List<Tok> lex(String text) {
        try {
            PythonLexer lexer = new PythonLexer(CharStreams.fromString(text));
            lexer.removeErrorListeners();
            CommonTokenStream stream = new CommonTokenStream(lexer);
            stream.fill();
            int[] charOf = SourceFile.codePointMap(text);
            List<Tok> out = new ArrayList<>();
            for (Token t : stream.getTokens()) {
                if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != Token.EOF) {
                    int start = charOf == null ? t.getStartIndex() : charOf[t.getStartIndex()];
                    int end = charOf == null ? t.getStopIndex() + 1 : charOf[t.getStopIndex() + 1];
                    out.add(new Tok(t.getType(), start, end, text.substring(start, Math.max(start, end))));
                }
            }
            return out;
        } catch (RuntimeException unreadable) {
            return List.of();
        }
    }

    private void pairBrackets() {
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < toks.size(); i++) {
            match[i] = -1;
            int type = toks.get(i).type();
            if (type == PythonLexer.RPAR || type == PythonLexer.RSQB || type == PythonLexer.RBRACE
                    || type == PythonLexer.FSTRING_END) {
                if (!open.isEmpty()) {
                    int o = open.pop();
                    match[o] = i;
                    match[i] = o;
                }
            }
            depth[i] = open.size();
            if (type == PythonLexer.LPAR || type == PythonLexer.LSQB || type == PythonLexer.LBRACE
                    || type == PythonLexer.FSTRING_START) {
                open.push(i);
            }
        }
    }

    /** Simple statements end at a logical newline, an indent change, a `;`, or the `:` of a compound header. */
    private void splitStatements() {
        int start = 0;
        for (int i = 0; i <= toks.size(); i++) {
            boolean end = i == toks.size();
            boolean boundary = false;
            if (!end) {
                int type = toks.get(i).type();
                boundary = type == PythonLexer.NEWLINE || type == PythonLexer.INDENT || type == PythonLexer.DEDENT
                        || depth[i] == 0 && type == PythonLexer.SEMI
                        || depth[i] == 0 && type == PythonLexer.COLON && start < toks.size()
                        && COMPOUND.contains(toks.get(start).type()) && !headerColonSeen(start, i);
            }
            if (end || boundary) {
                for (int k = start; k < i; k++) {
                    stmtStart[k] = start;
                    stmtEnd[k] = i;
                }
                if (!end) {
                    stmtStart[i] = i;
                    stmtEnd[i] = i + 1;
                }
                start = i + 1;
            }
        }
    }

    private boolean headerColonSeen(int from, int to) {
        for (int k = from; k < to; k++) {
            if (depth[k] == 0 && (toks.get(k).type() == PythonLexer.COLON || toks.get(k).type() == PythonLexer.LAMBDA)) {
                return true;
            }
        }
        return false;
    }

    /** The tokens [from, to) split at commas. */
    List<List<Tok>> split(int from, int to) {
        List<List<Tok>> out = new ArrayList<>();
        List<Tok> current = new ArrayList<>();
        for (int k = from; k < to; k++) {
            if (toks.get(k).type() == PythonLexer.COMMA) {
                out.add(current);
                current = new ArrayList<>();
            } else {
                current.add(toks.get(k));
            }
        }
        out.add(current);
        return out;
    }

    /** The index of the first token starting at or after {@code offset}. */
    int first(int offset) {
        int lo = 0;
        int hi = toks.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (toks.get(mid).start() < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
