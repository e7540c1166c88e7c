package dev.unblock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code unblock explain [RULE]}: a rule's doc, or the list of rules. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Show what a rule does (by ID or name), or list every rule.")
public final class ExplainCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "RULE", description = "A rule ID (UB101) or name (requests-to-httpx).")
    String rule;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (rule == null) {
            List<Rule> rules = Rules.all();
            int width = rules.stream().mapToInt(r -> r.info().name().length()).max().orElse(0);
            for (Rule r : rules) {
                out.printf("%s  %-" + width + "s  %s%n", r.info().id(), r.info().name(), r.info().summary());
            }
            out.flush();
            return 0;
        }
        for (Rule r : Rules.all()) {
            if (r.info().id().equalsIgnoreCase(rule) || r.info().name().equals(rule)) {
                try (InputStream in = ExplainCommand.class.getResourceAsStream(
                        "/dev/unblock/rules/" + r.info().id() + ".md")) {
                    out.print(in == null ? r.info().summary() + "\n" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                out.flush();
                return 0;
            }
        }
        spec.commandLine().getErr().println("unblock explain: no rule " + rule + " (run `unblock explain` for the list)");
        return 2;
    }
}
