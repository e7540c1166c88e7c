package dev.unblock.rules.core;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;

/** Where async cannot spread safely (callbacks, lambdas, properties, import-time calls) the code stays sync and a finding names the bridge to use. Carried out by the planner; this class gives the rule its identity and doc. */
@RuleInfo(id = "UB007", name = "async-boundary",
        summary = "Where async cannot spread safely, the code stays sync and a finding names the bridge to use.")
public final class AsyncBoundary implements Rule {
    public static final String ID = "UB007";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // The planner applies this rule; there is no library data to add.
    }
}
