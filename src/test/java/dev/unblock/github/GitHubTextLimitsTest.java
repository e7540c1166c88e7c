package dev.unblock.github;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class GitHubTextLimitsTest {
    static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void aTextAtTheLimitIsSentAsItIsAndOneCharacterMoreIsCutToTheLimitWithANote() {
        String atLimit = "x".repeat(GitHubTextLimits.BODY);
        assertThat(GitHubTextLimits.fit(atLimit, GitHubTextLimits.BODY)).isSameAs(atLimit);
        String over = atLimit + "y";
        String cut = GitHubTextLimits.fit(over, GitHubTextLimits.BODY);
        assertThat(bytes(cut)).isLessThanOrEqualTo(GitHubTextLimits.BODY).isGreaterThan(GitHubTextLimits.BODY - 100);
        assertThat(cut).endsWith("… (cut: 65,537 characters in all, more than GitHub takes)");
    }

    @Test
    void sizesAreUtf8BytesSoThatMultiByteTextNeverOverflowsAByteLimit() {
        String emoji = "🙂".repeat(20_000); // 40,000 chars, 80,000 bytes
        assertThat(GitHubTextLimits.size(emoji)).isEqualTo(80_000);
        String cut = GitHubTextLimits.fit(emoji, GitHubTextLimits.CHECK_RUN_TEXT);
        assertThat(bytes(cut)).isLessThanOrEqualTo(GitHubTextLimits.CHECK_RUN_TEXT);
        assertThat(cut.codePoints().filter(cp -> cp == 0xFFFD || Character.isSurrogate((char) cp))).isEmpty(); // no half characters
        assertThat(GitHubTextLimits.size("é€")).isEqualTo(5);
    }

    @Test
    void controlCharactersFromFilesAreMadeVisibleAndTabsAndLineBreaksStay() {
        assertThat(GitHubTextLimits.clean("a\u0000b\u001b[31mc\td\r\ne\u007ff\u0085")).isEqualTo("a␀b␛[31mc\td\r\ne\uFFFDf\uFFFD");
        assertThat(GitHubTextLimits.hasControlCharacters("plain\ttext\n")).isFalse();
        assertThat(GitHubTextLimits.hasControlCharacters("form\ffeed")).isTrue();
    }

    @Test
    void quotedTextIsCutToItsLengthWithAnEllipsis() {
        assertThat(GitHubTextLimits.cut("abcdef", 6)).isEqualTo("abcdef");
        assertThat(GitHubTextLimits.cut("abcdefg", 6)).isEqualTo("abcde…");
        assertThat(GitHubTextLimits.cut("🙂🙂🙂", 2)).isEqualTo("🙂…");
    }
}
