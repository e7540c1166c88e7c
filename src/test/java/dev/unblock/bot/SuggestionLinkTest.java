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
    void aCommentLinksTheRulePageOrNamesTheExplainCommandAndLinksTheLibrarysMigrationGuide() {
        String guide = ", [httpx: Requests compatibility](https://www.python-httpx.org/compatibility/)";
        String link = Suggestion.ruleLink("UB101");
        if (Suggestion.RULE_DOCS == null) {
            assertThat(link).isEqualTo(" (`unblock explain UB101`" + guide + ")");
        } else {
            assertThat(link).isEqualTo(" ([rule](" + Suggestion.RULE_DOCS + "UB101)" + guide + ")");
        }
        // A core rule has no library, so no guide.
        assertThat(Suggestion.ruleLink("UB001")).doesNotContain("http").doesNotContain(", [");
    }

    @Test
    void everyLibraryRuleNamesItsMigrationGuide() {
        for (dev.unblock.migrate.Rule rule : dev.unblock.migrate.Rules.all()) {
            String id = rule.info().id();
            if (id.matches("UB[1-7]\\d\\d")) {
                assertThat(RuleGuides.of(id)).as(id).isNotEmpty()
                        .allSatisfy(g -> assertThat(g.url()).startsWith("https://"));
            }
        }
    }
}
