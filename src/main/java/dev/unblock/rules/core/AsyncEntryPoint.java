package dev.unblock.rules.core;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** The call of an async main() under if __name__ == '__main__' runs it with asyncio.run. Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = "UB006", name = "async-entry-point",
        summary = "An async main() under if __name__ == '__main__' is run with asyncio.run.")
public final class AsyncEntryPoint implements Rule {
    public static final String ID = "UB006";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
