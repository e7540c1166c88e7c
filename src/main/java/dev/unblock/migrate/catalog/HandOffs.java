package dev.unblock.migrate.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What code outside the project does with a project object it is given, as rules describe it (the planner's
 * HandedToOutsideCode reads it): callables that only read, format or record their arguments and never call their
 * methods ({@code len}, {@code isinstance}, logging), containers whose methods only keep what they are given, and
 * calls that store their last argument into their first ({@code setattr}). Everything else outside the project is
 * taken to call the public methods of what it is given, synchronously.
 */
public final class HandOffs {
    /** Qualified names, or prefixes ending in {@code *}. */
    private final List<String> inert = new ArrayList<>();
    /** Keywords that hand an otherwise inert callable's argument to code that calls it ({@code print(file=w)}). */
    private final Map<String, Set<String>> handingKeywords = new HashMap<>();
    private final Set<String> containers = new HashSet<>();
    private final Set<String> keepingMethods = new HashSet<>();
    private final Set<String> attributeStores = new HashSet<>();

    /**
     * A callable (qualified name, or a prefix ending in {@code *}) that never calls its arguments' methods, unless
     * one of {@code handingKeywords} is passed (or a starred argument may pass it).
     */
    public void inert(String qualifiedNameOrPrefix, String... handingKeywords) {
        inert.add(qualifiedNameOrPrefix);
        if (handingKeywords.length > 0) {
            this.handingKeywords.put(qualifiedNameOrPrefix, Set.of(handingKeywords));
        }
    }

    /**
     * Whether a call of {@code qualifiedName} with these keywords leaves its arguments' methods alone;
     * {@code starred}: a {@code *args} or {@code **kwargs} argument may pass any keyword.
     */
    public boolean isInert(String qualifiedName, Set<String> keywords, boolean starred) {
        for (String p : inert) {
            if (Knowledge.matchesPattern(p, qualifiedName)) {
                Set<String> handing = handingKeywords.getOrDefault(p, Set.of());
                return handing.isEmpty() || !starred && keywords.stream().noneMatch(handing::contains);
            }
        }
        return false;
    }

    /** A library container type (a builtin list, a deque) whose methods keep or format what they are given. */
    public void container(String type) {
        containers.add(type);
    }

    public boolean isContainer(String type) {
        return containers.contains(type);
    }

    /**
     * Method names of containers that keep an object for project code to take back ({@code append}, {@code put}): a
     * call of one on a receiver the engine cannot type is taken for a container's.
     */
    public void keepingMethods(String... names) {
        keepingMethods.addAll(List.of(names));
    }

    public boolean isKeepingMethod(String name) {
        return keepingMethods.contains(name);
    }

    /** A callable that stores its last argument into its first, as an attribute assignment does ({@code setattr}). */
    public void attributeStore(String qualifiedName) {
        attributeStores.add(qualifiedName);
    }

    public boolean isAttributeStore(String qualifiedName) {
        return attributeStores.contains(qualifiedName);
    }
}
