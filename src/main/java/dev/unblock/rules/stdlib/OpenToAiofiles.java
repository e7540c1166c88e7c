package dev.unblock.rules.stdlib;

import java.util.List;
import java.util.Map;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * {@code open()} inside functions that become async → {@code aiofiles.open()}, with awaited file methods,
 * {@code async with} and {@code async for}. File access alone never makes a function async.
 */
@RuleInfo(id = "UB702", name = "open-to-aiofiles",
        summary = "Files opened in functions that become async use aiofiles, so reads and writes do not block.")
public final class OpenToAiofiles implements Rule {
    static final String FILE = "builtins.open()";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        catalog.function("builtins.open", CallSpec.of("UB702", Kind.IN_ASYNC_ONLY, "aiofiles.open", FILE,
                "file reads and writes block the event loop; aiofiles runs them in a thread", "import aiofiles"));
        catalog.function("io.open", CallSpec.of("UB702", Kind.IN_ASYNC_ONLY, "aiofiles.open", FILE,
                "file reads and writes block the event loop; aiofiles runs them in a thread", "import aiofiles"));
        for (String method : List.of("read", "readline", "readlines", "write", "writelines", "seek", "tell", "flush",
                "truncate", "close")) {
            catalog.method(FILE, method, CallSpec.of("UB702", Kind.IN_ASYNC_ONLY, null, null,
                    "aiofiles file methods are awaited"));
        }
        catalog.type(new TypeSpec(FILE, true, true, Map.of(), Map.of(), null, "UB702"));
        // a file handed to other code keeps plain open() in its function (decided per function by the editor)
        catalog.knowledge().ownHandOffs(FILE);
        // `import io` goes once io.open was its only use (io.StringIO and the like keep it)
        catalog.replacesModule("io");
        catalog.dependency("UB702", new DependencyChange("aiofiles", null, "async file access for open()"));
    }
}
