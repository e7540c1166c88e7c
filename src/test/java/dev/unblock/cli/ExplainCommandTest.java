package dev.unblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExplainCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return Main.configure(cli).execute(args);
    }

    @Test
    void listsRulesAndShowsOneByIdOrName() {
        assertThat(run("explain")).isZero();
        assertThat(out.toString()).contains("UB101  requests-to-httpx").contains("UB701  time-sleep-to-asyncio-sleep");
        out.getBuffer().setLength(0);
        assertThat(run("explain", "time-sleep-to-asyncio-sleep")).isZero();
        assertThat(out.toString()).startsWith("# UB701 time-sleep-to-asyncio-sleep").contains("## Fix safety");
    }

    @Test
    void everyOneLinerIsOneSentenceInTheSameStyle() {
        for (dev.unblock.migrate.Rule r : dev.unblock.migrate.Rules.all()) {
            String summary = r.info().summary();
            assertThat(summary).as(r.info().id())
                    .matches("[A-Z][^\\n]*\\.")
                    .hasSizeLessThanOrEqualTo(110)
                    .doesNotContain("  ");
        }
        assertThat(run("explain")).isZero();
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("(UB\\d{3}  [a-z0-9-]+ *  )[A-Z].*\\.");
        java.util.Set<Integer> columns = new java.util.HashSet<>();
        out.toString().lines().forEach(l -> {
            java.util.regex.Matcher m = line.matcher(l);
            assertThat(m.matches()).as(l).isTrue();
            columns.add(m.group(1).length());
        });
        assertThat(columns).as("the one-liners start in one column").hasSize(1);
    }

    @Test
    void anUnknownRuleIsBadUsage() {
        assertThat(run("explain", "UB999")).isEqualTo(2);
        assertThat(err.toString()).contains("no rule UB999");
    }
}
