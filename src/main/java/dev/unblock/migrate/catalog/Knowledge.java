package dev.unblock.migrate.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What rules know about callers the engine cannot see: library base classes and which methods of a subclass
 * they call synchronously, decorators that accept coroutine functions, and files whose functions something
 * outside the project calls (test runners). The boundaries stage reads it; it never names a library itself.
 *
 * <p>Patterns are method names, {@code *} for every method, or a prefix ending in {@code *} ({@code clean*}).
 * A base class not described here may call any method of a subclass: all of them stay synchronous.
 */
public final class Knowledge {
    private final Map<String, List<String>> syncCallers = new HashMap<>();
    private final Set<String> asyncSafeDecorators = new LinkedHashSet<>();
    private final Map<String, String> bridges = new HashMap<>();
    private final List<ExternalCaller> externalCallers = new ArrayList<>();
    private final Set<String> subclassedByDesign = new LinkedHashSet<>();
    private final Set<String> ownHandOffs = new LinkedHashSet<>();

    private final Set<String> coexisting = new LinkedHashSet<>();

    /**
     * The type's sync and async APIs live on the same object (Django's {@code get}/{@code aget}): a use that stays
     * sync does not keep the object's other uses sync.
     */
    public void syncAndAsyncCoexist(String type) {
        coexisting.add(type);
    }

    public boolean coexist(String type) {
        return coexisting.contains(type);
    }

    /** A library type meant to be subclassed by projects (a Django model): its subclasses still migrate. */
    public void subclassedByDesign(String type) {
        subclassedByDesign.add(type);
    }

    public boolean isSubclassedByDesign(String type) {
        return subclassedByDesign.contains(type);
    }

    /**
     * Objects of this type handed to other code are the rule's own concern (an opened file keeps plain open()
     * in that function): the shared-client check leaves them alone.
     */
    public void ownHandOffs(String type) {
        ownHandOffs.add(type);
    }

    public boolean hasOwnHandOffs(String type) {
        return ownHandOffs.contains(type);
    }

    /**
     * Functions something outside the project calls synchronously, found by where they are: a test runner calls
     * the functions of test files, Alembic a migration script's {@code upgrade}/{@code downgrade}.
     * {@code pathRegex} is matched against the whole path (with {@code /}); {@code namePattern} as above.
     */
    public record ExternalCaller(java.util.regex.Pattern path, String namePattern, String reason) {
        public boolean calls(String filePath, String functionName) {
            return path.matcher(filePath).matches() && matches(namePattern, functionName);
        }
    }

    /**
     * Says that the library class {@code base} calls the methods of its subclasses matching {@code patterns}
     * synchronously, and no others. With no pattern, the class never calls a subclass's methods (an exception
     * class, {@code abc.ABC}).
     */
    public void syncCaller(String base, String... patterns) {
        syncCallers.computeIfAbsent(base, k -> new ArrayList<>()).addAll(List.of(patterns));
    }

    /** A decorator (qualified name, or {@code Type.*} for every method of a type) that accepts a coroutine function. */
    public void asyncSafeDecorator(String qualifiedNameOrPattern) {
        asyncSafeDecorators.add(qualifiedNameOrPattern);
    }

    /** The bridge a finding names when a subclass of {@code base} must stay sync ({@code IsolatedAsyncioTestCase}). */
    public void bridge(String base, String text) {
        bridges.put(base, text);
    }

    public void externalCaller(String pathRegex, String namePattern, String reason) {
        externalCallers.add(new ExternalCaller(java.util.regex.Pattern.compile(pathRegex), namePattern, reason));
    }

    /** Why something outside the project calls this function synchronously, or null. */
    public String externalCaller(String filePath, String functionName) {
        for (ExternalCaller c : externalCallers) {
            if (c.calls(filePath, functionName)) {
                return c.reason();
            }
        }
        return null;
    }

    /** Whether the base class is described at all (else it may call anything). */
    public boolean knowsBase(String base) {
        return syncCallers.containsKey(base);
    }

    /** Whether a described base calls a method of this name synchronously. */
    public boolean callsSync(String base, String method) {
        for (String p : syncCallers.getOrDefault(base, List.of())) {
            if (matches(p, method)) {
                return true;
            }
        }
        return false;
    }

    public String bridge(String base) {
        return bridges.get(base);
    }

    /** Whether a decorator, by the qualified name of what it is ({@code fastapi.FastAPI.get}), accepts a coroutine function. */
    public boolean isAsyncSafeDecorator(String qualifiedName) {
        if (qualifiedName == null) {
            return false;
        }
        for (String p : asyncSafeDecorators) {
            if (p.endsWith(".*") ? qualifiedName.startsWith(p.substring(0, p.length() - 1)) : p.equals(qualifiedName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String pattern, String name) {
        if (pattern.equals("*")) {
            return true;
        }
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
    }
}
