package dev.unblock.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Rules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every registered rule has a unique ID in its family's range, a doc with the fixed headings and fixtures. */
class RuleCatalogTest {
    private static final List<String> HEADINGS = List.of("## What it does", "## Why is this bad?", "## Example",
            "## Fix safety");

    @Test
    void idsAndNamesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (Rule r : Rules.all()) {
            assertThat(seen.add(r.info().id())).as("duplicate id %s", r.info().id()).isTrue();
            assertThat(seen.add(r.info().name())).as("duplicate name %s", r.info().name()).isTrue();
            assertThat(r.info().id()).matches("UB[0-9]{3}");
            assertThat(r.info().name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
        }
        assertThat(Rules.all()).hasSizeGreaterThanOrEqualTo(14);
    }

    @TestFactory
    Stream<DynamicTest> everyRuleHasADocAndFixtures() {
        return Rules.all().stream().map(rule -> DynamicTest.dynamicTest(rule.info().id(), () -> {
            RuleInfo info = rule.info();
            String doc = doc(info.id());
            assertThat(doc).as("doc of %s", info.id()).startsWith("# " + info.id() + " " + info.name() + "\n");
            int last = -1;
            for (String heading : HEADINGS) {
                int at = doc.indexOf("\n" + heading + "\n");
                assertThat(at).as("%s has '%s' after the previous heading", info.id(), heading).isGreaterThan(last);
                last = at;
            }
            Path fixtures = Path.of(RuleCatalogTest.class.getResource("/fixtures/rules").toURI())
                    .resolve(info.id() + "-" + info.name());
            assertThat(fixtures).as("fixture folder of %s", info.id()).isDirectory();
            try (Stream<Path> cases = Files.list(fixtures)) {
                assertThat(cases.filter(Files::isDirectory).count()).as("cases of %s", info.id()).isPositive();
            }
            String family = info.id().substring(0, 3);
            String pkg = rule.getClass().getPackageName();
            assertThat(pkg).as("package of %s", info.id()).isEqualTo(switch (family) {
                case "UB0" -> info.id().startsWith("UB01") ? "dev.unblock.rules.tests" : "dev.unblock.rules.core";
                case "UB1" -> "dev.unblock.rules.http";
                case "UB2" -> "dev.unblock.rules.redis";
                case "UB3" -> "dev.unblock.rules.mongo";
                case "UB4" -> "dev.unblock.rules.elasticsearch";
                case "UB5" -> "dev.unblock.rules.sqlalchemy";
                case "UB6" -> "dev.unblock.rules.django";
                case "UB7" -> "dev.unblock.rules.stdlib";
                case "UB8" -> "dev.unblock.rules.web";
                default -> "dev.unblock.rules.user";
            });
        }));
    }

    /** README's rule table is the registered rules, one row each, in ID order. */
    @Test
    void readmeListsEveryRule() throws Exception {
        StringBuilder table = new StringBuilder("<!-- rules:begin -->\n| ID | name | what it does |\n|---|---|---|\n");
        for (Rule r : Rules.all()) {
            table.append("| ").append(r.info().id()).append(" | `").append(r.info().name()).append("` | ")
                    .append(r.info().summary()).append(" |\n");
        }
        table.append("<!-- rules:end -->");
        Path readme = Path.of("README.md");
        String text = Files.readString(readme);
        if (Boolean.getBoolean("unblock.updateReadme")) {
            text = text.replaceAll("(?s)<!-- rules:begin -->.*<!-- rules:end -->",
                    java.util.regex.Matcher.quoteReplacement(table.toString()));
            Files.writeString(readme, text);
        }
        assertThat(text).as("README rule table (regenerate with -Dunblock.updateReadme=true)").contains(table);
    }

    static String doc(String id) throws Exception {
        try (InputStream in = RuleCatalogTest.class.getResourceAsStream("/dev/unblock/rules/" + id + ".md")) {
            assertThat(in).as("doc of %s", id).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
