package dev.unblock.rules.user;

import java.util.List;
import java.util.Map;

import dev.unblock.migrate.MigrationConfig.UserClient;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * Clients the catalog does not know, declared in the config file: the sync constructor becomes the async one
 * and the listed methods are awaited on its instances.
 */
@RuleInfo(id = "UB901", name = "user-defined-client",
        summary = "Clients declared in the config get their async constructor, and their listed methods are awaited.")
public final class UserDefinedClients implements Rule {
    @Override
    public void contribute(Catalog catalog, Targets targets) {
        for (UserClient client : targets.userClients()) {
            String type = client.syncConstructor();
            String module = client.asyncConstructor().contains(".")
                    ? client.asyncConstructor().substring(0, client.asyncConstructor().lastIndexOf('.')) : null;
            List<String> imports = module == null ? List.of() : List.of("import " + module);
            catalog.function(type, new CallSpec("UB901", Kind.CONSTRUCTOR, client.asyncConstructor(), null, Map.of(),
                    Map.of(), type, imports, type + " is replaced by its async client " + client.asyncConstructor()));
            for (String method : client.awaitedMethods()) {
                catalog.method(type, method, CallSpec.of("UB901", Kind.AWAIT, null, null,
                        method + " does I/O on " + client.asyncConstructor() + " and is awaited"));
            }
            catalog.type(new TypeSpec(type, false, false, Map.of(), Map.of(), null, "UB901"));
            // the user names what differs: every other method is the same on the async client
            catalog.knowledge().keepsUndescribedMethods(type);
        }
    }
}
