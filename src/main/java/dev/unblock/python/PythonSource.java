package dev.unblock.python;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.BufferedTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.dfa.DFA;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The front end's entry point: bytes or text in, a {@link SourceFile} out, or a {@link PythonSyntaxError}.
 * Parsing is two-stage: fast SLL prediction that bails out at the first error, then full LL with error
 * reporting only when SLL failed (valid code almost never needs the second stage).
 */
public final class PythonSource {
    private static final AtomicLong SLL_FALLBACKS = new AtomicLong();
    private static final String WARM_UP = """
            import os, sys as system
            from .pkg import (a, b as c)
            @decorator(arg=1)
            class Example(Base, metaclass=Meta):
                \"\"\"Doc.\"\"\"
                attr: int = 0
                def method(self, x, /, y=2, *args, z, **kw) -> dict[str, int]:
                    if x and not y or z is not None:
                        return {k: v for k, v in kw.items() if v}
                    elif (n := len(args)) > 1:
                        raise ValueError(f"{n!r:>{10}} {x=}") from None
                    with open(x) as f, lock:
                        data = [line.strip() for line in f][1:-1:2]
                    try:
                        yield from gen(*args, **kw)
                    except (KeyError, IndexError) as e:
                        pass
                    finally:
                        del x[0], y.attr
                    return lambda q, *r: q ** -r[0] // 3 @ m
            async def main():
                async with session.get(url) as resp:
                    async for item in resp:
                        await asyncio.sleep(0.1)
                match command.split():
                    case [action, *rest] if rest:
                        pass
                    case {"key": 1, **others} | Point(x=0, y=_):
                        pass
                    case _:
                        global g
                x = 1; y = 2; assert x < y, "msg"
                for i in range(10):
                    while True:
                        break
                    else:
                        continue
            type Alias[T] = list[T]
            if __name__ == "__main__":
                main()
            """;

    private PythonSource() {
    }

    /** Reads and parses a file; the path in errors is the one given. */
    public static SourceFile parse(Path file) throws IOException, PythonSyntaxError {
        return parse(file.toString(), Files.readAllBytes(file));
    }

    /** Decodes (PEP 263 cookie, BOM) and parses the bytes of a file. */
    public static SourceFile parse(String path, byte[] bytes) throws PythonSyntaxError {
        return parse(path, bytes, null);
    }

    /**
     * As {@link #parse(String, byte[])}, giving up with a {@link PythonSyntaxError} once {@code limit} has passed
     * (null: no limit), so hostile or huge input cannot hold a worker.
     */
    public static SourceFile parse(String path, byte[] bytes, java.time.Duration limit) throws PythonSyntaxError {
        return parse(path, SourceDecoder.decode(path, bytes), limit);
    }

    /** As {@link #parse(String, byte[], java.time.Duration)}, for bytes already decoded. */
    public static SourceFile parse(String path, SourceDecoder.Decoded decoded, java.time.Duration limit)
            throws PythonSyntaxError {
        long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
        return parse(path, decoded.text(), decoded.charset(), deadline, limit);
    }

    /** Parses text that is already decoded. */
    public static SourceFile parse(String path, String text) throws PythonSyntaxError {
        return parse(path, text, java.nio.charset.StandardCharsets.UTF_8, Long.MAX_VALUE, null);
    }

    /**
     * Text that already parsed elsewhere (the engine read it), to be parsed again only when its tokens or tree are
     * first asked for: a reader that only looks at its text costs no parse, and no tree is kept before it is needed.
     */
    public static SourceFile deferred(String path, String text) {
        return new SourceFile(path, text, java.nio.charset.StandardCharsets.UTF_8, () -> parse(path, text));
    }

    private static SourceFile parse(String path, String text, java.nio.charset.Charset charset, long deadline,
                                    java.time.Duration limit) throws PythonSyntaxError {
        try {
            PythonLexer lexer = new PythonLexer(CharStreams.fromString(text, path));
            lexer.removeErrorListeners();
            lexer.addErrorListener(new Thrower(path, text));
            BufferedTokenStream tokens = new BufferedTokenStream(lexer);
            tokens.fill();
            ParserTokens stream = new ParserTokens(lexer, tokens.getTokens(), deadline);
            PythonParser parser = new PythonParser(stream);
            parser.removeErrorListeners();
            parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
            parser.setErrorHandler(new BailErrorStrategy());
            PythonParser.File_inputContext tree;
            try {
                tree = parser.file_input();
            } catch (ParseCancellationException sllFailed) {
                SLL_FALLBACKS.incrementAndGet();
                stream.seek(0);
                parser.reset();
                parser.addErrorListener(new Thrower(path, text));
                parser.setErrorHandler(new DefaultErrorStrategy());
                parser.getInterpreter().setPredictionMode(PredictionMode.LL);
                tree = parser.file_input();
            }
            SourceFile source = new SourceFile(path, text, charset, tokens.getTokens(), tree);
            FutureImportCheck.check(path, source);
            return source;
        } catch (SyntaxErrorSignal signal) {
            throw signal.error;
        } catch (ParserTokens.TimeLimit late) {
            throw new PythonSyntaxError(path, 1, 1, "not parsed: it took longer than " + limit.toMillis() + " ms");
        } catch (StackOverflowError deep) {
            throw new PythonSyntaxError(path, 1, 1, "too many nested parentheses or statements to parse");
        } catch (RuntimeException unexpected) {
            throw new PythonSyntaxError(path, 1, 1, "cannot parse: " + unexpected);
        }
    }

    /** Fills the shared prediction caches with common constructs so the first real files parse at full speed. */
    public static void warmUp() {
        for (int i = 0; i < 3; i++) {
            try {
                parse("<warm-up>", WARM_UP);
            } catch (PythonSyntaxError e) {
                throw new IllegalStateException("the warm-up program does not parse: " + e.getMessage(), e);
            }
        }
    }

    /** How many parses needed the LL fallback since start (valid code should need none). */
    public static long sllFallbacks() {
        return SLL_FALLBACKS.get();
    }

    /** DFA states cached by the parser and the lexer (shared by all instances; they only grow). */
    public static long cachedParserStates() {
        return countStates(new PythonParser(null).getInterpreter().decisionToDFA);
    }

    public static long cachedLexerStates() {
        return countStates(new PythonLexer(null).getInterpreter().decisionToDFA);
    }

    private static long countStates(DFA[] dfas) {
        long n = 0;
        for (DFA dfa : dfas) {
            n += dfa.states.size();
        }
        return n;
    }

    /** Carries a syntax error out of ANTLR's listener callbacks. */
    private static final class SyntaxErrorSignal extends RuntimeException {
        final PythonSyntaxError error;

        SyntaxErrorSignal(PythonSyntaxError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private static final class Thrower extends BaseErrorListener {
        private final String path;
        private final String text;
        private int[] lineStarts;

        Thrower(String path, String text) {
            this.path = path;
            this.text = text;
        }

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                                RecognitionException e) {
            int codePoint = offending instanceof Token t ? t.getStartIndex() : lexerPosition(recognizer);
            int offset = codePoint < 0 ? 0 : text.offsetByCodePoints(0, Math.min(codePoint,
                    text.codePointCount(0, text.length())));
            if (lineStarts == null) {
                lineStarts = SourceFile.lineStarts(text);
            }
            int l = SourceFile.lineIndex(lineStarts, offset);
            throw new SyntaxErrorSignal(new PythonSyntaxError(path, l + 1, offset - lineStarts[l] + 1,
                    explain(offending, msg)));
        }

        private static int lexerPosition(Recognizer<?, ?> recognizer) {
            return recognizer instanceof PythonLexer lexer ? lexer._tokenStartCharIndex : 0;
        }

        private static String explain(Object offending, String msg) {
            if (offending instanceof Token t) {
                if (t.getType() == PythonLexer.INDENT) {
                    return "unexpected indent";
                }
                if (t.getType() == PythonLexer.DEDENT) {
                    return "unexpected unindent";
                }
                if (t.getType() == Token.EOF) {
                    return "unexpected end of file";
                }
                if (msg.startsWith("unindent") || msg.startsWith("inconsistent") || msg.endsWith("was never closed")) {
                    return msg;
                }
                return "invalid syntax: unexpected " + describe(t);
            }
            if (msg.startsWith("token recognition error at: ")) {
                String bad = msg.substring("token recognition error at: ".length());
                if (bad.startsWith("'\\")) {
                    return "unexpected character after line continuation character";
                }
                if (bad.matches("'[rRbBuUfFtT]*['\"].*")) {
                    return "unterminated string literal";
                }
                return "invalid character " + bad;
            }
            return msg;
        }

        private static String describe(Token t) {
            String s = t.getText();
            if (t.getType() == PythonLexer.NEWLINE) {
                return "end of line";
            }
            if (s.length() > 40) {
                s = s.substring(0, 40) + "…";
            }
            return "'" + s.replace("\n", "\\n").replace("\r", "\\r") + "'";
        }
    }
}
