package dev.unblock.rules.stdlib;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;

/** {@code time.sleep(s)} → {@code await asyncio.sleep(s)}. */
@RuleInfo(id = "UB701", name = "time-sleep-to-asyncio-sleep",
        summary = "Calls of time.sleep become await asyncio.sleep, which lets other tasks run.")
public final class TimeSleepToAsyncioSleep implements Rule {
    @Override
    public void contribute(Catalog catalog, Targets targets) {
        catalog.function("time.sleep", CallSpec.of("UB701", Kind.AWAIT, "asyncio.sleep", null,
                "time.sleep blocks the event loop; asyncio.sleep lets other tasks run", "import asyncio"));
        catalog.replacesModule("time");
    }
}
