package dev.unblock.rules.core;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** A function that performs blocking I/O, or awaits something that became async, becomes async def. Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = CoreRules.ASYNC_DEF, name = "async-def",
        summary = "Functions that do blocking I/O, or await something that became async, become async def.")
public final class AsyncDef implements Rule {
    public static final String ID = CoreRules.ASYNC_DEF;

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
