package dev.unblock.migrate;

/**
 * Something the engine saw and did not (or could not safely) rewrite. Lines and columns are 1-based.
 *
 * @param bridge a suggested way across the boundary (e.g. {@code asyncio.run(...)}), or null
 */
public record Finding(String path, int line, int column, String ruleId, String message, String bridge) {
}
