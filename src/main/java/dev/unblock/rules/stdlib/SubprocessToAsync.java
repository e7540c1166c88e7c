package dev.unblock.rules.stdlib;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;

/**
 * {@code subprocess.run/call/check_call/check_output(...)} → {@code await async_subprocess.run(...)} and friends:
 * a module added to the project that implements the same arguments and results on
 * {@code asyncio.create_subprocess_exec}/{@code _shell}. Arguments it does not implement are reported.
 */
@RuleInfo(id = "UB703", name = "subprocess-to-async",
        summary = "Calls of subprocess become awaited calls on asyncio.create_subprocess_exec with the same semantics.")
public final class SubprocessToAsync implements Rule {
    static final String MODULE = "async_subprocess";
    private static final List<String> POPEN_ONLY = List.of("bufsize", "executable", "preexec_fn", "close_fds",
            "pass_fds", "restore_signals", "start_new_session", "process_group", "startupinfo", "creationflags",
            "user", "group", "extra_groups", "umask", "pipesize");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        Map<String, String> unsupported = new HashMap<>();
        for (String kw : POPEN_ONLY) {
            unsupported.put(kw, kw + "= is a Popen option the async subprocess API cannot honour");
        }
        for (String call : List.of("run", "call", "check_call", "check_output")) {
            catalog.function("subprocess." + call, new CallSpec("UB703", Kind.AWAIT, MODULE + "." + call, null,
                    Map.of(), unsupported, null, List.of("import " + MODULE),
                    "subprocess." + call + " blocks until the child exits; " + MODULE + "." + call
                            + " waits for it on the event loop"));
        }
        for (String call : List.of("getoutput", "getstatusoutput")) {
            catalog.function("subprocess." + call, CallSpec.of("UB703", Kind.FLAG, null, null,
                    "subprocess." + call + " blocks the event loop: use `await async_subprocess.run(cmd, shell=True, "
                            + "capture_output=True, text=True)`"));
        }
        catalog.supportFile("UB703", MODULE + ".py", "/dev/unblock/support/async_subprocess.py");
        catalog.replacesModule("subprocess");
    }
}
