package dev.unblock.migrate.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.migrate.DependencyChange;

/**
 * Everything the engine knows about sync libraries, filled by the rules (each contributes data for its
 * library) for one migration's config. The planner only reads it.
 */
public final class Catalog {
    private final Map<String, CallSpec> functions = new HashMap<>();
    private final Map<String, Map<String, CallSpec>> methods = new HashMap<>();
    private final Map<String, TypeSpec> types = new HashMap<>();
    private final Map<String, NameSpec> names = new HashMap<>();
    private final Map<String, OneOffClient> oneOffClients = new HashMap<>();
    private final Map<String, List<DependencyChange>> dependencies = new HashMap<>();
    private final Set<String> replacedModules = new HashSet<>();
    private final Map<String, Map<String, String>> supportFiles = new HashMap<>();

    /** A module-level function or constructor, by qualified name ({@code requests.get}). */
    public void function(String qualifiedName, CallSpec spec) {
        functions.put(qualifiedName, spec);
    }

    /** A method of a known type ({@code requests.Session}, {@code get}). */
    public void method(String type, String method, CallSpec spec) {
        methods.computeIfAbsent(type, k -> new HashMap<>()).put(method, spec);
    }

    public void type(TypeSpec spec) {
        types.put(spec.name(), spec);
    }

    public void name(NameSpec spec) {
        names.put(spec.qualifiedName(), spec);
    }

    /** Module-level calls of {@code module} (e.g. {@code requests}) go through this client. */
    public void oneOffClient(String module, OneOffClient client) {
        oneOffClients.put(module, client);
    }

    /**
     * Says that {@code module} is replaced by the migration: its import is removed from a file once nothing
     * there uses it any more. Never said of modules the migration does not replace.
     */
    public void replacesModule(String module) {
        replacedModules.add(module);
    }

    /**
     * A module the rule's rewrites import (e.g. {@code async_subprocess.py}), added at the project's import root
     * once the rule has rewritten something; {@code resource} is its text on the classpath.
     */
    public void supportFile(String ruleId, String fileName, String resource) {
        supportFiles.computeIfAbsent(ruleId, k -> new HashMap<>()).put(fileName, resource);
    }

    /** File name → classpath resource of the modules a rule needs. */
    public Map<String, String> supportFiles(String ruleId) {
        return supportFiles.getOrDefault(ruleId, Map.of());
    }

    public void dependency(String ruleId, DependencyChange change) {
        dependencies.computeIfAbsent(ruleId, k -> new ArrayList<>()).add(change);
    }

    public CallSpec function(String qualifiedName) {
        return functions.get(qualifiedName);
    }

    public CallSpec method(String type, String method) {
        Map<String, CallSpec> m = methods.get(type);
        return m == null ? null : m.get(method);
    }

    public TypeSpec type(String name) {
        return types.get(name);
    }

    public NameSpec name(String qualifiedName) {
        return names.get(qualifiedName);
    }

    public OneOffClient oneOffClient(String module) {
        return oneOffClients.get(module);
    }

    public boolean isReplacedModule(String module) {
        return replacedModules.contains(module);
    }

    /** The package that replaces a module according to the rules' dependency changes (requests → httpx), or null. */
    public String replacementOf(String module) {
        for (List<DependencyChange> changes : dependencies.values()) {
            for (DependencyChange c : changes) {
                if (module.equals(c.replaces())) {
                    return c.add();
                }
            }
        }
        return null;
    }

    /** The dependency changes a rule implies once it rewrote something. */
    public List<DependencyChange> dependencies(String ruleId) {
        return dependencies.getOrDefault(ruleId, List.of());
    }

    /** True when some method of a known type has this name (for "maybe a client" findings). */
    public boolean isKnownType(String type) {
        return types.containsKey(type) || methods.containsKey(type);
    }
}
