package dev.unblock.bot;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code /unblock} commands, where each one works and what it does there: the one list the replies, the
 * migration pull requests, the dashboard and the README's command table are written from.
 */
enum Commands {
    MIGRATE("migrate",
            "open (or update) a pull request against this pull request's branch with every change, including callers in"
                    + " files this pull request does not touch; after you closed one, this opens a new one",
            "open (or update) the migration pull request against the default branch with every change the whole"
                    + " repository needs (not only what pushes changed); after you closed one, this opens a new one"),
    RECHECK("recheck",
            "check the latest commit again, as a push would (a new review only when there is something new to say,"
                    + " and a new check run)",
            "check the default branch again now, as a push would: update the migration pull request and the dashboard"),
    HELP("help", "list the commands", "list the commands");

    final String word;
    final String onPullRequest;
    final String onDashboard;

    Commands(String word, String onPullRequest, String onDashboard) {
        this.word = word;
        this.onPullRequest = onPullRequest;
        this.onDashboard = onDashboard;
    }

    /**
     * Where a command was given: what it means depends on it. An issue (the dashboard, or any other) stands for the
     * repository's default branch.
     */
    enum Place {
        PULL_REQUEST, ISSUE
    }

    /** True when the comment starts with the word {@code /unblock} (not "/unblocked…"), as the door checks. */
    static boolean isCommand(String comment) {
        return dev.unblock.github.WebhookEvents.isCommand(comment);
    }

    /** The command a comment gives ("/unblock" alone asks for help); empty when its word is not a command. */
    static Optional<Commands> of(String comment) {
        String[] words = comment.strip().split("\\s+", 3);
        if (words.length < 2) {
            return Optional.of(HELP);
        }
        String word = words[1].toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
    }

    /** "`/unblock migrate`" */
    String code() {
        return "`/unblock " + word + "`";
    }

    /** The commands that work in {@code place}, one list item each. */
    static String list(Place place) {
        return Arrays.stream(values()).map(c -> switch (place) {
            case PULL_REQUEST -> "- " + c.code() + ": " + c.onPullRequest + ".";
            case ISSUE -> "- " + c.code() + ": " + c.onDashboard + ".";
        }).collect(Collectors.joining("\n")) + "\n";
    }

    private static final String WHO = "Commands are taken from people with write access to the repository; others are"
            + " ignored.\n";

    /** The answer to {@code /unblock help}. */
    static String help(Place place) {
        String where = switch (place) {
            case PULL_REQUEST -> "on a pull request";
            case ISSUE -> "on Unblock's dashboard issue, or any issue";
        };
        String elsewhere = switch (place) {
            case PULL_REQUEST -> "On an issue (such as Unblock's dashboard) they act on the default branch instead.\n";
            case ISSUE -> "On a pull request they act on that pull request instead.\n";
        };
        return "**Unblock** commands (comment " + where + "):\n" + list(place) + "\n" + elsewhere + WHO;
    }

    /** The answer to an {@code /unblock} comment whose command is not one of these; the comment is never quoted. */
    static String unknown(Place place) {
        return "Unblock does not know that command, so it did nothing. " + help(place);
    }
}
