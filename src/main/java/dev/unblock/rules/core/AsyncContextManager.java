package dev.unblock.rules.core;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** with on a context manager that became async becomes async with (__enter__/__exit__ become __aenter__/__aexit__). Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = CoreRules.ASYNC_CONTEXT_MANAGER, name = "async-context-manager",
        summary = "Context managers that became async are entered with async with (__aenter__/__aexit__).")
public final class AsyncContextManager implements Rule {
    public static final String ID = CoreRules.ASYNC_CONTEXT_MANAGER;

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
