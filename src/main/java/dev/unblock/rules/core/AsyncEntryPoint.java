package dev.unblock.rules.core;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** An entry point whose body becomes async keeps a sync signature (main() runs main_async() with asyncio.run). Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = CoreRules.ASYNC_ENTRY_POINT, name = "async-entry-point",
        summary = "Entry points whose body becomes async keep a sync main() that runs main_async() with asyncio.run.")
public final class AsyncEntryPoint implements Rule {
    public static final String ID = CoreRules.ASYNC_ENTRY_POINT;

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
