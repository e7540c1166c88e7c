package dev.unblock.rules.stdlib;

import java.util.List;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;

/**
 * Blocking standard-library calls with no async equivalent run in a worker thread:
 * {@code fn(a, b)} → {@code await asyncio.to_thread(fn, a, b)} when {@code to_thread} is on, else a finding.
 */
@RuleInfo(id = "UB704", name = "blocking-call-to-thread",
        summary = "Blocking calls with no async API run in a thread with asyncio.to_thread.")
public final class BlockingCallToThread implements Rule {
    private static final List<String> CALLS = List.of("urllib.request.urlopen", "socket.create_connection",
            "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "ssl.get_server_certificate");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        for (String call : CALLS) {
            catalog.function(call, CallSpec.of("UB704", Kind.TO_THREAD, null, null,
                    call + " blocks and has no async counterpart; asyncio.to_thread runs it off the event loop",
                    "import asyncio"));
        }
    }
}
