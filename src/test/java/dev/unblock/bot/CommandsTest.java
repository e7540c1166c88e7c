package dev.unblock.bot;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest {
    @Test
    void aCommentGivesItsCommandWhateverFollows() {
        assertThat(Commands.of("/unblock migrate")).contains(Commands.MIGRATE);
        assertThat(Commands.of("  /unblock   RECHECK please\nthanks")).contains(Commands.RECHECK);
        assertThat(Commands.of("/unblock")).contains(Commands.HELP);
        assertThat(Commands.of("/unblock help")).contains(Commands.HELP);
        assertThat(Commands.of("/unblock port")).isEqualTo(Optional.empty());
        assertThat(Commands.of("/unblock <img src=x>")).isEqualTo(Optional.empty());
    }

    @Test
    void theUnknownAnswerNamesEveryCommandForThePlaceAndNeverTheCommentsText() {
        String pr = Commands.unknown(Commands.Place.PULL_REQUEST);
        assertThat(pr).startsWith("Unblock does not know that command, so it did nothing. **Unblock** commands (comment on a"
                + " pull request):\n- `/unblock migrate`: open (or update) a pull request against this pull request's branch");
        assertThat(pr).contains("- `/unblock recheck`: check the latest commit again").contains("- `/unblock help`: list the commands.")
                .contains("On an issue (such as Unblock's dashboard) they act on the default branch instead.");
        assertThat(Commands.unknown(Commands.Place.ISSUE)).contains("comment on Unblock's dashboard issue, or any issue")
                .contains("- `/unblock recheck`: check the default branch again now");
    }
}
