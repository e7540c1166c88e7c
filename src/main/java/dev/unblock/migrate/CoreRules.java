package dev.unblock.migrate;

/**
 * The IDs of the core rules, which the engine itself carries out (async def, await, propagation, constructors,
 * entry points, boundaries). Their classes in {@code rules/core} carry the metadata and docs; the engine refers to
 * them by these IDs so that it imports nothing from {@code rules}.
 */
public final class CoreRules {
    public static final String ASYNC_DEF = "UB001";
    public static final String AWAIT_CALL = "UB002";
    public static final String ASYNC_ITERATION = "UB003";
    public static final String ASYNC_CONTEXT_MANAGER = "UB004";
    public static final String AWAITABLE_CONSTRUCTOR = "UB005";
    public static final String ASYNC_ENTRY_POINT = "UB006";
    public static final String ASYNC_BOUNDARY = "UB007";
    public static final String UNPARSABLE_FILE = "UB008";

    private CoreRules() {
    }
}
