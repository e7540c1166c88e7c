package dev.unblock.python;

/**
 * The only exception the front end throws for bad input: a syntax, indentation or encoding error at a
 * 1-based line and column. {@link #getMessage()} reads {@code path:line:col: message}.
 */
public final class PythonSyntaxError extends Exception {
    private final String path;
    private final int line;
    private final int column;
    private final String reason;

    public PythonSyntaxError(String path, int line, int column, String reason) {
        super(path + ":" + line + ":" + column + ": " + reason, null, false, false);
        this.path = path;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the location. */
    public String reason() {
        return reason;
    }
}
