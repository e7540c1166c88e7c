package dev.unblock.rules.web;

import java.util.List;

import dev.unblock.python.PythonLexer;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Offsets of lines and statements in a source file, for edits that replace or remove whole lines. */
final class SourceLayout {
    private final SourceFile src;

    SourceLayout(SourceFile src) {
        this.src = src;
    }

    String newline() {
        String t = src.text();
        int i = t.indexOf('\n');
        return i > 0 && t.charAt(i - 1) == '\r' ? "\r\n" : "\n";
    }

    /** The offset just past the line end after a statement's last visible token. */
    int lineEndOfLastToken(ParserRuleContext stmt) {
        int end = lastVisibleEnd(stmt);
        String t = src.text();
        int i = end;
        while (i < t.length() && t.charAt(i) != '\n' && t.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** The end of a node's last token that has text and is not a line end or comment. */
    int lastVisibleEnd(ParserRuleContext node) {
        List<Token> tokens = src.tokensOf(node);
        for (int i = tokens.size() - 1; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL && !t.getText().isEmpty() && t.getType() != PythonLexer.NEWLINE) {
                return src.end(t);
            }
        }
        return src.end(node);
    }

    /** The offset of the start of the line holding an offset. */
    int lineStart(int offset) {
        String t = src.text();
        int i = offset;
        while (i > 0 && t.charAt(i - 1) != '\n' && t.charAt(i - 1) != '\r') {
            i--;
        }
        return i;
    }

    /** The offset past the line end (and its newline) of the line holding an offset. */
    int lineEndWithNewline(int offset) {
        String t = src.text();
        int i = offset;
        while (i < t.length() && t.charAt(i) != '\n' && t.charAt(i) != '\r') {
            i++;
        }
        if (i < t.length() && t.charAt(i) == '\r') {
            i++;
        }
        if (i < t.length() && t.charAt(i) == '\n') {
            i++;
        }
        return i;
    }
}
