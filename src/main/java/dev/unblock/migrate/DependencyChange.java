package dev.unblock.migrate;

/**
 * A change to the project's dependencies that the migrated code needs, e.g. add {@code httpx} replacing
 * {@code requests}. {@code replaces} is null for a plain addition. A {@code test} dependency (pytest-asyncio) is
 * needed by the project's tests only: it goes with the test requirements.
 */
public record DependencyChange(String add, String replaces, String reason, boolean test) {
    public DependencyChange(String add, String replaces, String reason) {
        this(add, replaces, reason, false);
    }
}
