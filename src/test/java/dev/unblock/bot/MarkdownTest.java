package dev.unblock.bot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownTest {
    @Test
    void codeSpansAndFencesAreLongerThanAnyBacktickRunInTheText() {
        assertThat(Markdown.code("app/x.py")).isEqualTo("`app/x.py`");
        assertThat(Markdown.code("a``b")).isEqualTo("```a``b```");
        assertThat(Markdown.code("`edge`")).isEqualTo("`` `edge` ``");
        assertThat(Markdown.code("two\nlines")).isEqualTo("`two lines`");
        assertThat(Markdown.fence("plain")).isEqualTo("```");
        assertThat(Markdown.block("x ```` y")).isEqualTo("`````\nx ```` y\n`````");
    }
}
