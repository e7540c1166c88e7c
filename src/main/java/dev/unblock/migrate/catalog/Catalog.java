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
public final class Catalog implements dev.unblock.analysis.LibraryTypes {
    /** The method name that stands for every other public method of a type. */
    public static final String ANY_METHOD = "*";

    private final Map<String, CallSpec> functions = new HashMap<>();
    private final Map<String, Map<String, CallSpec>> methods = new HashMap<>();
    private final Map<String, TypeSpec> types = new HashMap<>();
    private final Map<String, NameSpec> names = new HashMap<>();
    private final Map<String, OneOffClient> oneOffClients = new HashMap<>();
    private final Map<String, List<DependencyChange>> dependencies = new HashMap<>();
    private final Set<String> replacedModules = new HashSet<>();
    private final Map<String, Map<String, String>> supportFiles = new HashMap<>();
    private final Map<String, NameSpec> queryingAttributes = new HashMap<>();
    private final Map<String, List<String>> callbackParameters = new HashMap<>();
    private final Knowledge knowledge = new Knowledge();
    /** The type families' graph and answers, built on first use and dropped when a method or type is added. */
    private volatile Map<String, Set<String>> familyEdges;
    private final Map<String, Set<String>> families = new java.util.concurrent.ConcurrentHashMap<>();
    /** {@link #renamedAwaitedMethods} for every name, built on first use and dropped when a method is added. */
    private volatile Map<String, Map<String, CallSpec>> renamedByName;

    /** What rules know about callers the engine cannot see (library bases, decorators). */
    public Knowledge knowledge() {
        return knowledge;
    }

    /** A module-level function or constructor, by qualified name ({@code requests.get}). */
    public void function(String qualifiedName, CallSpec spec) {
        functions.put(qualifiedName, spec);
    }

    /** A method of a known type ({@code requests.Session}, {@code get}). */
    public void method(String type, String method, CallSpec spec) {
        methods.computeIfAbsent(type, k -> new HashMap<>()).put(method, spec);
        forgetFamilies();
        renamedByName = null;
    }

    public void type(TypeSpec spec) {
        types.put(spec.name(), spec);
        forgetFamilies();
    }

    private void forgetFamilies() {
        familyEdges = null;
        families.clear();
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

    /** Module names of every support file a rule may add ({@code async_subprocess}). */
    public java.util.Set<String> supportModuleNames() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        supportFiles.values().forEach(m -> m.keySet().forEach(f -> out.add(f.replaceFirst("\\.py$", ""))));
        return out;
    }

    /** File name → classpath resource of the modules a rule needs. */
    public Map<String, String> supportFiles(String ruleId) {
        return supportFiles.getOrDefault(ruleId, Map.of());
    }

    /**
     * Says that reading an attribute whose value has this type runs a query (a Django foreign key): in async code
     * it gets a finding with this message.
     */
    public void queriesOnAccess(String type, String ruleId, String message) {
        queryingAttributes.put(type, new NameSpec(type, message, java.util.List.of(), ruleId));
    }

    /** The finding for reading a value of this type in async code (replacement = message), or null. */
    public NameSpec queriesOnAccess(String type) {
        return queryingAttributes.get(type);
    }

    /** A library function that calls the function handed to it with arguments of these types, in order. */
    public void callbackParameters(String libraryFunction, String... types) {
        callbackParameters.put(libraryFunction, List.of(types));
    }

    public void dependency(String ruleId, DependencyChange change) {
        dependencies.computeIfAbsent(ruleId, k -> new ArrayList<>()).add(change);
    }

    public CallSpec function(String qualifiedName) {
        return functions.get(qualifiedName);
    }

    /** Whether some type has a method of this name that blocks (a quick test before resolving a receiver). */
    public boolean isBlockingMethodName(String method, boolean toThread) {
        for (Map<String, CallSpec> byName : methods.values()) {
            CallSpec spec = byName.get(method);
            if (spec != null && spec.isBlocking(toThread)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The spec of a method; a type whose every public method does I/O (an Elasticsearch namespace) registers
     * {@link #ANY_METHOD}, which answers for names that are neither registered nor typed attributes.
     */
    public CallSpec method(String type, String method) {
        Map<String, CallSpec> m = methods.get(type);
        if (m == null) {
            return null;
        }
        CallSpec spec = m.get(method);
        if (spec != null || method.startsWith("_")) {
            return spec;
        }
        TypeSpec t = types.get(type);
        return t != null && t.attributeTypes().containsKey(method) ? null : m.get(ANY_METHOD);
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

    /**
     * The types that go with this one: reached from it or leading to it through non-I/O methods
     * ({@code redis.pipeline()}), attributes and items ({@code client["db"]}). They are sync or async together in
     * a file: a pipeline of a client that stays sync is sync too.
     */
    public Set<String> family(String type) {
        Set<String> known = families.get(type);
        if (known == null) {
            known = java.util.Collections.unmodifiableSet(reach(type, edges()));
            families.put(type, known);
        }
        return known;
    }

    private synchronized Map<String, Set<String>> edges() {
        Map<String, Set<String>> built = familyEdges;
        if (built != null) {
            return built;
        }
        Map<String, Set<String>> edges = new HashMap<>();
        java.util.function.BiConsumer<String, String> link = (a, b) -> {
            if (a != null && b != null) {
                edges.computeIfAbsent(a, k -> new HashSet<>()).add(b);
                edges.computeIfAbsent(b, k -> new HashSet<>()).add(a);
            }
        };
        methods.forEach((owner, specs) -> specs.values().forEach(s -> {
            if (s.kind() == CallSpec.Kind.SYNC) {
                link.accept(owner, s.resultType());
            }
        }));
        types.values().forEach(t -> {
            t.attributeTypes().values().forEach(a -> link.accept(t.name(), a));
            link.accept(t.name(), t.itemType());
            link.accept(t.name(), t.anyAttributeType());
        });
        familyEdges = edges;
        return edges;
    }

    private static Set<String> reach(String type, Map<String, Set<String>> edges) {
        Set<String> out = new HashSet<>(Set.of(type));
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(out);
        while (!work.isEmpty()) {
            for (String next : edges.getOrDefault(work.pop(), Set.of())) {
                if (out.add(next)) {
                    work.push(next);
                }
            }
        }
        return out;
    }

    /** Types with an awaited method of this name that has another name in the async API (save → asave). */
    public Map<String, CallSpec> renamedAwaitedMethods(String method) {
        Map<String, Map<String, CallSpec>> byName = renamedByName;
        if (byName == null) {
            // asked for every untyped method call of a project: one pass over the catalog instead of one per call
            Map<String, Map<String, CallSpec>> built = new HashMap<>();
            methods.forEach((type, specs) -> specs.forEach((name, s) -> {
                if (s.kind() == CallSpec.Kind.AWAIT && s.replacement() != null) {
                    built.computeIfAbsent(name, k -> new java.util.TreeMap<>()).put(type, s);
                }
            }));
            renamedByName = byName = built;
        }
        return new java.util.TreeMap<>(byName.getOrDefault(method, Map.of()));
    }

    /** True when some method of a known type has this name (for "maybe a client" findings). */
    public boolean isKnownType(String type) {
        return types.containsKey(type) || methods.containsKey(type);
    }

    // ---- what the resolver asks (LibraryTypes) ----

    @Override
    public boolean knowsType(String type) {
        return types.containsKey(type);
    }

    @Override
    public boolean hasMethod(String type, String method) {
        return method(type, method) != null;
    }

    @Override
    public String methodResult(String type, String method) {
        CallSpec spec = method(type, method);
        return spec == null ? null : spec.resultType();
    }

    @Override
    public boolean knowsFunction(String qualifiedName) {
        return functions.containsKey(qualifiedName);
    }

    @Override
    public String functionResult(String qualifiedName) {
        CallSpec spec = functions.get(qualifiedName);
        return spec == null ? null : spec.resultType();
    }

    @Override
    public String itemType(String type) {
        TypeSpec t = types.get(type);
        return t == null ? null : t.itemType();
    }

    @Override
    public String classAttributeType(String type, String name) {
        TypeSpec t = types.get(type);
        return t == null ? null : t.classAttributeTypes().get(name);
    }

    @Override
    public String callbackParameterType(String function, int position) {
        List<String> types = callbackParameters.getOrDefault(function, List.of());
        return position < types.size() ? types.get(position) : null;
    }

    @Override
    public String attributeType(String type, String name) {
        TypeSpec t = types.get(type);
        if (t == null) {
            return null;
        }
        String typed = t.attributeTypes().get(name);
        return typed != null || name.startsWith("_") ? typed : t.anyAttributeType();
    }
}
