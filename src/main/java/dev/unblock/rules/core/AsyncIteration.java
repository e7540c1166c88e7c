package dev.unblock.rules.core;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** A generator that does I/O becomes an async generator and is consumed with async for. Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = CoreRules.ASYNC_ITERATION, name = "async-iteration",
        summary = "Generators that do I/O become async generators, consumed with async for.")
public final class AsyncIteration implements Rule {
    public static final String ID = CoreRules.ASYNC_ITERATION;

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
