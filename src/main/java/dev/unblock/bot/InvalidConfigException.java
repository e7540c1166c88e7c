package dev.unblock.bot;

/** .github/unblock.yml cannot be used; the message says why, in words fit to quote back to the user. */
public class InvalidConfigException extends Exception {
    public InvalidConfigException(String message) {
        super(message);
    }
}
