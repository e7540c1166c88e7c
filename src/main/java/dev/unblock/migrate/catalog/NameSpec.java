package dev.unblock.migrate.catalog;

import java.util.List;

/** A name used without a call that has another spelling after migration, e.g. an exception class. */
public record NameSpec(String qualifiedName, String replacement, List<String> imports, String ruleId) {
    public NameSpec {
        imports = List.copyOf(imports);
    }
}
