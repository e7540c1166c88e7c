package dev.unblock.python;

import java.util.ArrayDeque;
import java.util.Deque;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;

/**
 * The layout half of the Python lexer, which a context-free lexer grammar cannot express:
 * <ul>
 *   <li>logical vs. non-logical newlines: a NEWLINE inside brackets or f-string fields, or ending a blank or
 *       comment-only line, goes to the hidden channel;</li>
 *   <li>INDENT/DEDENT: zero-width tokens with empty text from an indentation-width stack (tabs to the next
 *       multiple of 8, a form feed resets the width), so joining all token texts still gives the input back;</li>
 *   <li>at end of input: a zero-width NEWLINE when the last line has none, then every open DEDENT;</li>
 *   <li>f-string fields: a stack with one bracket counter per open replacement field, so a top-level {@code :}
 *       starts the format spec and the matching {@code }} closes the field, while {@code :} inside brackets,
 *       {@code !=} and nested f-strings are ordinary tokens.</li>
 * </ul>
 * All decisions are made after a token is matched, so no lexer rule needs a predicate.
 */
public abstract class PythonLexerBase extends Lexer {
    private final Deque<Token> pending = new ArrayDeque<>();
    private final Deque<Integer> indents = new ArrayDeque<>();
    /** The same indentation measured with tabs as one column: CPython's check for ambiguous tab use. */
    private final Deque<Integer> altIndents = new ArrayDeque<>();
    /** One counter of open brackets per f-string replacement field we are inside (innermost first). */
    private final Deque<int[]> fields = new ArrayDeque<>();
    private int bracketDepth;
    /** The opening brackets not yet closed, innermost first, to name the one left open at end of input. */
    private final Deque<Token> openBrackets = new ArrayDeque<>();
    private boolean lineHasContent;
    private boolean atPhysicalLineStart = true;
    private String leadingWhitespace = "";
    private boolean finished;

    protected PythonLexerBase(CharStream input) {
        super(input);
    }

    @Override
    public void reset() {
        super.reset();
        pending.clear();
        indents.clear();
        altIndents.clear();
        fields.clear();
        openBrackets.clear();
        bracketDepth = 0;
        lineHasContent = false;
        atPhysicalLineStart = true;
        leadingWhitespace = "";
        finished = false;
    }

    @Override
    public Token nextToken() {
        while (pending.isEmpty()) {
            if (finished) {
                return emitEOF();
            }
            process(super.nextToken());
        }
        return pending.poll();
    }

    private void process(Token token) {
        int type = token.getType();
        int lexedInMode = _mode;
        if (type == Token.EOF) {
            atEndOfInput(token);
            return;
        }
        if (token.getChannel() != Token.DEFAULT_CHANNEL) {
            trackLineStart(token);
            pending.add(token);
            return;
        }
        if (type == PythonLexer.NEWLINE) {
            if (!lineHasContent || bracketDepth > 0) {
                ((CommonToken) token).setChannel(Token.HIDDEN_CHANNEL);
            } else {
                lineHasContent = false;
            }
            atPhysicalLineStart = true;
            leadingWhitespace = "";
            pending.add(token);
            return;
        }
        if (!lineHasContent && bracketDepth == 0) {
            indentBefore(token);
        }
        lineHasContent = true;
        atPhysicalLineStart = false;
        switch (type) {
            case PythonLexer.LPAR, PythonLexer.LSQB -> openBracket(token);
            case PythonLexer.RPAR, PythonLexer.RSQB -> closeBracket();
            case PythonLexer.LBRACE -> {
                if (lexedInMode == DEFAULT_MODE) {
                    openBracket(token);
                } else {
                    // `{` in f-string text or a format spec opens a replacement field.
                    fields.push(new int[] {0});
                    bracketDepth++;
                    pushMode(DEFAULT_MODE);
                }
            }
            case PythonLexer.RBRACE -> {
                if (lexedInMode == PythonLexer.FORMAT_SPEC) {
                    popMode();
                    closeField();
                } else if (lexedInMode == DEFAULT_MODE) {
                    if (!fields.isEmpty() && fields.peek()[0] == 0) {
                        closeField();
                    } else {
                        closeBracket();
                    }
                }
                // A lone `}` in f-string text stays a token: the parser reports it.
            }
            case PythonLexer.COLON -> {
                if (atFieldTopLevel()) {
                    pushMode(PythonLexer.FORMAT_SPEC);
                }
            }
            case PythonLexer.COLONEQUAL -> {
                if (atFieldTopLevel()) {
                    // In a field `:=` at top level is `:` plus a format spec starting with `=`.
                    token = splitColonEqual((CommonToken) token);
                    pushMode(PythonLexer.FORMAT_SPEC);
                }
            }
            default -> {
            }
        }
        pending.add(token);
    }

    private boolean atFieldTopLevel() {
        return _mode == DEFAULT_MODE && !fields.isEmpty() && fields.peek()[0] == 0;
    }

    private void openBracket(Token bracket) {
        bracketDepth++;
        openBrackets.push(bracket);
        if (!fields.isEmpty()) {
            fields.peek()[0]++;
        }
    }

    private void closeBracket() {
        if (bracketDepth > 0) {
            bracketDepth--;
        }
        openBrackets.poll();
        if (!fields.isEmpty() && fields.peek()[0] > 0) {
            fields.peek()[0]--;
        }
    }

    private void closeField() {
        fields.pop();
        bracketDepth--;
        popMode();
    }

    /** Re-lexes from the `=` of a `:=` token: the token becomes a one-character COLON. */
    private Token splitColonEqual(CommonToken token) {
        int start = token.getStartIndex();
        _input.seek(start + 1);
        getInterpreter().setCharPositionInLine(token.getCharPositionInLine() + 1);
        getInterpreter().setLine(token.getLine());
        CommonToken colon = new CommonToken(_tokenFactorySourcePair, PythonLexer.COLON, Token.DEFAULT_CHANNEL,
                start, start);
        colon.setLine(token.getLine());
        colon.setCharPositionInLine(token.getCharPositionInLine());
        return colon;
    }

    /** Remembers the whitespace that starts a physical line: it is the indentation if a statement follows. */
    private void trackLineStart(Token token) {
        int type = token.getType();
        if (type == PythonLexer.WS && atPhysicalLineStart) {
            leadingWhitespace = leadingWhitespace + token.getText();
        } else if (type == PythonLexer.LINE_CONTINUATION) {
            atPhysicalLineStart = false;
        } else if (type != PythonLexer.BOM) {
            atPhysicalLineStart = type == PythonLexer.WS && atPhysicalLineStart;
        }
    }

    private void indentBefore(Token first) {
        String whitespace = atPhysicalLineStart ? leadingWhitespace : null;
        int width = whitespace == null ? currentIndent() : widthOf(whitespace, 8);
        int alt = whitespace == null ? currentAltIndent() : widthOf(whitespace, 1);
        if (width > currentIndent()) {
            if (alt <= currentAltIndent()) {
                tabError(first);
            }
            indents.push(width);
            altIndents.push(alt);
            pending.add(synthetic(PythonLexer.INDENT, first));
            return;
        }
        while (width < currentIndent()) {
            indents.pop();
            altIndents.pop();
            pending.add(synthetic(PythonLexer.DEDENT, first));
        }
        if (width != currentIndent()) {
            error(first, "unindent does not match any outer indentation level");
        } else if (alt != currentAltIndent()) {
            tabError(first);
        }
    }

    private void tabError(Token at) {
        error(at, "inconsistent use of tabs and spaces in indentation");
    }

    private void error(Token at, String message) {
        getErrorListenerDispatch().syntaxError(this, at, at.getLine(), at.getCharPositionInLine(), message, null);
    }

    private int currentAltIndent() {
        return altIndents.isEmpty() ? 0 : altIndents.peek();
    }

    private int currentIndent() {
        return indents.isEmpty() ? 0 : indents.peek();
    }

    private static int widthOf(String whitespace, int tabSize) {
        int width = 0;
        for (int i = 0; i < whitespace.length(); i++) {
            char c = whitespace.charAt(i);
            if (c == '\t') {
                width = (width / tabSize + 1) * tabSize;
            } else if (c == '\f') {
                width = 0;
            } else {
                width++;
            }
        }
        return width;
    }

    private void atEndOfInput(Token eof) {
        if (!openBrackets.isEmpty() && fields.isEmpty()) {
            Token open = openBrackets.peek();
            error(open, "'" + open.getText() + "' was never closed");
        }
        if (lineHasContent) {
            pending.add(synthetic(PythonLexer.NEWLINE, eof));
            lineHasContent = false;
        }
        while (!indents.isEmpty()) {
            indents.pop();
            altIndents.pop();
            pending.add(synthetic(PythonLexer.DEDENT, eof));
        }
        pending.add(eof);
        finished = true;
    }

    /** A zero-width token with empty text placed where {@code at} starts. */
    private CommonToken synthetic(int type, Token at) {
        int start = at.getStartIndex();
        CommonToken token = new CommonToken(_tokenFactorySourcePair, type, Token.DEFAULT_CHANNEL, start, start - 1);
        token.setText("");
        token.setLine(at.getLine());
        token.setCharPositionInLine(at.getCharPositionInLine());
        return token;
    }
}
