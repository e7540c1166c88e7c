package dev.unblock.python;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the bytes of a Python file into text as CPython does: UTF-8 by default, a UTF-8 BOM, or the
 * encoding named by a PEP 263 coding cookie on the first or second line. The BOM is kept in the text (as
 * U+FEFF) so the file can be written back byte for byte.
 */
public final class SourceDecoder {
    private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");
    private static final Pattern BLANK_OR_COMMENT = Pattern.compile("^[ \\t\\f]*(?:[#\\r\\n]|$)");

    private SourceDecoder() {
    }

    /** Decoded text and the charset it came from. */
    public record Decoded(String text, Charset charset) {
    }

    public static Decoded decode(String path, byte[] bytes) throws PythonSyntaxError {
        boolean bom = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF;
        Charset charset = StandardCharsets.UTF_8;
        String declared = cookie(bytes, bom ? 3 : 0);
        if (declared != null) {
            charset = charsetFor(path, declared);
            if (bom && !isUtf8Name(declared)) {
                throw new PythonSyntaxError(path, 1, 1, "encoding problem: " + declared + " with BOM");
            }
        }
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            CharBuffer out = decoder.decode(in);
            return new Decoded(out.toString(), charset);
        } catch (MalformedInputException | java.nio.charset.UnmappableCharacterException e) {
            throw undecodable(path, bytes, charset, firstBadByte(bytes, charset));
        } catch (CharacterCodingException e) {
            throw new PythonSyntaxError(path, 1, 1, "cannot decode the file as " + charset.name());
        }
    }

    private static int firstBadByte(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        decoder.decode(in, out, true);
        return in.position();
    }

    private static PythonSyntaxError undecodable(String path, byte[] bytes, Charset charset, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        String value = offset < bytes.length ? String.format("0x%02x", bytes[offset] & 0xff) : "end of file";
        return new PythonSyntaxError(path, line, offset - lineStart + 1,
                "(unicode error) cannot decode byte " + value + " at offset " + offset + " as "
                        + charset.name().toLowerCase(Locale.ROOT));
    }

    /** The coding cookie of line 1, or of line 2 when line 1 is blank or a comment (PEP 263). */
    private static String cookie(byte[] bytes, int start) {
        int end1 = lineEnd(bytes, start);
        String first = ascii(bytes, start, end1);
        Matcher m = COOKIE.matcher(first);
        if (m.find()) {
            return m.group(1);
        }
        if (!BLANK_OR_COMMENT.matcher(first).find() || end1 >= bytes.length) {
            return null;
        }
        int start2 = skipNewline(bytes, end1);
        String second = ascii(bytes, start2, lineEnd(bytes, start2));
        Matcher m2 = COOKIE.matcher(second);
        return m2.find() ? m2.group(1) : null;
    }

    private static int lineEnd(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && bytes[i] != '\n' && bytes[i] != '\r') {
            i++;
        }
        return i;
    }

    private static int skipNewline(byte[] bytes, int at) {
        if (at < bytes.length && bytes[at] == '\r') {
            at++;
        }
        if (at < bytes.length && bytes[at] == '\n') {
            at++;
        }
        return at;
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }

    /** CPython accepts a BOM only with a cookie whose normal name is exactly utf-8 (so not "utf8"). */
    private static boolean isUtf8Name(String declared) {
        String name = declared.toLowerCase(Locale.ROOT).replace('_', '-');
        return name.equals("utf-8") || name.startsWith("utf-8-");
    }

    /** Python codec names to Java charsets (Python normalizes case and `_` → `-`). */
    static Charset charsetFor(String path, String declared) throws PythonSyntaxError {
        String name = declared.toLowerCase(Locale.ROOT).replace('_', '-');
        if (name.equals("utf-8") || name.startsWith("utf-8-") || name.equals("utf8")) {
            return StandardCharsets.UTF_8;
        }
        if (name.matches("(latin-1|iso-8859-1|iso-latin-1)(-.*)?") || name.equals("latin1")) {
            return StandardCharsets.ISO_8859_1;
        }
        if (name.equals("ascii") || name.equals("us-ascii")) {
            return StandardCharsets.US_ASCII;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new PythonSyntaxError(path, 1, 1, "unknown encoding: " + declared);
        }
    }
}
