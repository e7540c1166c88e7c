package dev.unblock.rules.web;

/** Something the port cannot map safely: the file (and the app it belongs to) stays as it is, with this finding. */
final class NotPortable extends Exception {
    private final String path;
    private final int line;
    private final String ruleId;

    NotPortable(String path, int line, String ruleId, String message) {
        super(message, null, false, false);
        this.path = path;
        this.line = line;
        this.ruleId = ruleId;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    String ruleId() {
        return ruleId;
    }
}
