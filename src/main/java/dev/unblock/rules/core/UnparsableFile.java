package dev.unblock.rules.core;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** A file that does not parse, or whose rewrite would not parse, is left unchanged and reported. Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = CoreRules.UNPARSABLE_FILE, name = "unparsable-file",
        summary = "Files that do not parse, or whose rewrite would not parse, are left unchanged and reported.")
public final class UnparsableFile implements Rule {
    public static final String ID = CoreRules.UNPARSABLE_FILE;

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
