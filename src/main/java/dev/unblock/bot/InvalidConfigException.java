package dev.unblock.bot;

import dev.unblock.github.GitHubTextLimits;

/**
 * .github/unblock.yml cannot be used; the message says why, in words fit to quote back to the user. It may quote
 * the file, so it is kept short: a 64 KB value must not become a 64 KB check run.
 */
public class InvalidConfigException extends Exception {
    static final int MAX_MESSAGE = 2_000;

    public InvalidConfigException(String message) {
        super(GitHubTextLimits.cut(message, MAX_MESSAGE));
    }
}
