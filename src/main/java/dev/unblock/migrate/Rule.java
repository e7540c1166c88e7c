package dev.unblock.migrate;

import dev.unblock.migrate.catalog.Catalog;

/**
 * One migration rule. Library rules contribute data to the catalog (which calls block, what replaces them);
 * the core rules (async def, await, propagation) are carried out by the planner and contribute nothing.
 * Each rule class carries {@link RuleInfo} and has a doc at {@code dev/unblock/rules/<ID>.md}.
 */
public interface Rule {
    void contribute(Catalog catalog, Targets targets);

    /** The rule's {@link FileRule} when it rewrites file structure (framework ports); null for the others. */
    default FileRule fileRule(MigrationConfig config, Targets targets) {
        return null;
    }

    default RuleInfo info() {
        RuleInfo info = getClass().getAnnotation(RuleInfo.class);
        if (info == null) {
            throw new IllegalStateException(getClass() + " has no @RuleInfo");
        }
        return info;
    }
}
