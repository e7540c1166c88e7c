package dev.unblock.bot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SuggestionLinkTest {
    @Test
    void ruleDocsLiveUnderThePublicUrl() {
        assertThat(Suggestion.ruleDocsBase("https://unblock.example.com/")).isEqualTo("https://unblock.example.com/rules/");
        assertThat(Suggestion.ruleDocsBase("https://unblock.example.com")).isEqualTo("https://unblock.example.com/rules/");
        assertThat(Suggestion.ruleDocsBase(null)).isNull();
        assertThat(Suggestion.ruleDocsBase(" ")).isNull();
    }

    @Test
    void withoutAPublicUrlTheCommentNamesTheExplainCommand() {
        String link = Suggestion.ruleLink("UB101");
        if (Suggestion.RULE_DOCS == null) {
            assertThat(link).isEqualTo(" (`unblock explain UB101`)");
        } else {
            assertThat(link).isEqualTo(" ([rule](" + Suggestion.RULE_DOCS + "UB101))");
        }
    }
}
