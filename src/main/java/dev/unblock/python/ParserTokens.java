package dev.unblock.python;

import java.util.List;

import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * What the parser reads: only the tokens on the default channel, from a file's full token list (whose indexes
 * {@link Token#getTokenIndex()} stay those of the full list, which {@link SourceFile} relies on). ANTLR's
 * {@code CommonTokenStream} skips the hidden tokens (spaces, comments, newlines inside brackets) again at every
 * look-ahead and look-back the parser makes: a third of the parser's time on the standard library. Gives up with
 * {@link TimeLimit} once a deadline has passed (checked every few thousand tokens consumed).
 */
final class ParserTokens implements TokenStream {
    /** Thrown when the deadline has passed. */
    static final class TimeLimit extends RuntimeException {
        TimeLimit() {
            super(null, null, false, false);
        }
    }

    private final TokenSource source;
    private final List<Token> all;
    private final Token[] visible;
    private final long deadline;
    private int p;
    private int consumed;

    /** @param all every token of the file, ending with EOF, with its index in this list */
    ParserTokens(TokenSource source, List<Token> all, long deadline) {
        this.source = source;
        this.all = all;
        this.deadline = deadline;
        Token[] kept = new Token[all.size()];
        int n = 0;
        for (int i = 0, size = all.size(); i < size; i++) {
            Token t = all.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                kept[n++] = t;
            }
        }
        visible = java.util.Arrays.copyOf(kept, n);
        if (n == 0 || visible[n - 1].getType() != Token.EOF) {
            throw new IllegalArgumentException("the token list does not end with EOF");
        }
    }

    @Override
    public Token LT(int k) {
        if (k == 0) {
            return null;
        }
        int i = k < 0 ? p + k : p + k - 1;
        if (i < 0) {
            return null;
        }
        return visible[Math.min(i, visible.length - 1)];
    }

    @Override
    public int LA(int i) {
        Token t = LT(i);
        return t == null ? 0 : t.getType();
    }

    @Override
    public void consume() {
        if (visible[p].getType() == Token.EOF) {
            throw new IllegalStateException("cannot consume EOF");
        }
        if ((++consumed & 4095) == 0 && System.nanoTime() > deadline) {
            throw new TimeLimit();
        }
        p++;
    }

    @Override
    public Token get(int index) {
        return visible[index];
    }

    @Override
    public int index() {
        return p;
    }

    @Override
    public int mark() {
        return -1;
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public void seek(int index) {
        p = Math.max(0, Math.min(index, visible.length - 1));
    }

    @Override
    public int size() {
        return visible.length;
    }

    @Override
    public TokenSource getTokenSource() {
        return source;
    }

    @Override
    public String getSourceName() {
        return source.getSourceName();
    }

    /** The text of the visible tokens in an interval of this stream's indexes (error messages only). */
    @Override
    public String getText(Interval interval) {
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, interval.a); i <= interval.b && i < visible.length; i++) {
            if (visible[i].getType() != Token.EOF) {
                out.append(visible[i].getText());
            }
        }
        return out.toString();
    }

    @Override
    public String getText() {
        return getText(Interval.of(0, visible.length - 1));
    }

    @Override
    public String getText(RuleContext ctx) {
        return ctx.getText();
    }

    /** The text from one token to another, hidden tokens included (both carry indexes of the full list). */
    @Override
    public String getText(Token start, Token stop) {
        if (start == null || stop == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(0, start.getTokenIndex()); i <= stop.getTokenIndex() && i < all.size(); i++) {
            if (all.get(i).getType() != Token.EOF) {
                out.append(all.get(i).getText());
            }
        }
        return out.toString();
    }
}
