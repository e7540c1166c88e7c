package dev.unblock.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.Rules;

/** DESIGN.md §5: every client-catalog rule (UB2xx–UB6xx) has its doc with the four fixed headings, in order. */
class CatalogRuleDocsTest {
    private static final List<String> HEADINGS = List.of("## What it does", "## Why is this bad?", "## Example",
            "## Fix safety");

    @Test
    void everyCatalogRuleHasItsDocWithTheFixedHeadings() throws IOException {
        List<Rule> catalogRules = Rules.all().stream().filter(r -> r.info().id().matches("UB[2-6]\\d\\d")).toList();
        assertThat(catalogRules).extracting(r -> r.info().id())
                .containsExactlyInAnyOrder("UB201", "UB301", "UB401", "UB501", "UB601");
        for (Rule rule : catalogRules) {
            String id = rule.info().id();
            try (InputStream in = Rule.class.getResourceAsStream("/dev/unblock/rules/" + id + ".md")) {
                assertThat(in).as("doc of %s", id).isNotNull();
                String doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                List<String> headings = Pattern.compile("(?m)^## .*$").matcher(doc).results()
                        .map(m -> m.group().strip()).toList();
                assertThat(headings).as("headings of %s", id).isEqualTo(HEADINGS);
                assertThat(doc).as("title of %s", id).startsWith("# " + id + " " + rule.info().name() + "\n");
            }
        }
    }
}
