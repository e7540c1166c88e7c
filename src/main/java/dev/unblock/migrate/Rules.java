package dev.unblock.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** The registered rules (META-INF/services), and the ones a config enables. */
public final class Rules {
    private Rules() {
    }

    public static List<Rule> all() {
        List<Rule> rules = new ArrayList<>();
        ServiceLoader.load(Rule.class, Rules.class.getClassLoader()).forEach(rules::add);
        rules.sort((a, b) -> a.info().id().compareTo(b.info().id()));
        return rules;
    }

    /** Rules after the config's enable/disable lists (by ID or name); unknown names are a config error. */
    public static List<Rule> enabled(MigrationConfig config) {
        List<Rule> all = all();
        Set<String> known = new TreeSet<>();
        all.forEach(r -> {
            known.add(r.info().id());
            known.add(r.info().name());
        });
        List<String> unknown = new ArrayList<>();
        for (String name : config.enabledRules()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        for (String name : config.disabledRules()) {
            if (!known.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown rule(s) " + unknown + "; known: " + known);
        }
        for (Rule r : all) {
            boolean core = r.info().id().startsWith("UB00");
            if (core && (config.disabledRules().contains(r.info().id())
                    || config.disabledRules().contains(r.info().name()))) {
                // Without them the library rules' rewrites would leave coroutines un-awaited.
                throw new IllegalArgumentException("core rule " + r.info().id() + " (" + r.info().name()
                        + ") cannot be disabled; disable the library rules (UB01x-UB9xx) you do not want instead");
            }
        }
        List<Rule> out = new ArrayList<>();
        for (Rule r : all) {
            boolean on = config.enabledRules().isEmpty() || config.enabledRules().contains(r.info().id())
                    || config.enabledRules().contains(r.info().name());
            boolean off = config.disabledRules().contains(r.info().id())
                    || config.disabledRules().contains(r.info().name());
            if (on && !off) {
                out.add(r);
            }
        }
        return out;
    }
}
