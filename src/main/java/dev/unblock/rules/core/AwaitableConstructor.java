package dev.unblock.rules.core;

import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** A constructor that does I/O moves to async def __ainit__ (AsyncMixin) and objects are created with await Cls(...). Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = CoreRules.AWAITABLE_CONSTRUCTOR, name = "awaitable-constructor",
        summary = "Constructors that do I/O move to async __ainit__ (AsyncMixin); objects are created with await Cls(...).")
public final class AwaitableConstructor implements Rule {
    public static final String ID = CoreRules.AWAITABLE_CONSTRUCTOR;

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
