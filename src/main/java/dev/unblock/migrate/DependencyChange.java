package dev.unblock.migrate;

/**
 * A change to the project's dependencies that the migrated code needs, e.g. add {@code httpx} replacing
 * {@code requests}. {@code replaces} is null for a plain addition.
 */
public record DependencyChange(String add, String replaces, String reason) {
}
