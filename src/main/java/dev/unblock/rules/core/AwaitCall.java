package dev.unblock.rules.core;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** Every call of a function that became async is awaited, in any expression position. Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = CoreRules.AWAIT_CALL, name = "await-call",
        summary = "Calls of functions that became async are awaited, in any expression position.")
public final class AwaitCall implements Rule {
    public static final String ID = CoreRules.AWAIT_CALL;

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
