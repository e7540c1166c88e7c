package dev.unblock.rules.stdlib;

import java.util.List;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;

/**
 * {@code subprocess.run/call/check_call/check_output/Popen.communicate} inside functions that become async are
 * reported: their semantics (check, capture, text, timeout) need a human choice between
 * {@code asyncio.create_subprocess_exec} and {@code asyncio.to_thread}.
 */
@RuleInfo(id = "UB703", name = "subprocess-in-async",
        summary = "subprocess calls inside async functions block the loop; they are flagged with the async API to use")
public final class SubprocessInAsync implements Rule {
    @Override
    public void contribute(Catalog catalog, Targets targets) {
        for (String call : List.of("run", "call", "check_call", "check_output", "getoutput", "getstatusoutput")) {
            catalog.function("subprocess." + call, CallSpec.of("UB703", Kind.FLAG, null, null,
                    "subprocess." + call + " blocks the event loop: use `await asyncio.create_subprocess_exec(...)`"
                            + " and `await proc.communicate()`, or `await asyncio.to_thread(subprocess." + call
                            + ", ...)`"));
        }
    }
}
