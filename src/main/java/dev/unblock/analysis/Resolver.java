package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts.ClassFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.analysis.FileFacts.Param;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;

/**
 * Says what a chain means: a project function or class, an instance of a known type (a sync client, a
 * project class), a method of a known type, or an external qualified name. Receivers are tracked through
 * parameters (annotations), local and module assignments, {@code self} attributes, {@code with … as},
 * return values and the catalog's result types.
 */
public final class Resolver {
    public sealed interface Value permits Qualified, Function, ClassValue, Instance, CatalogMethod, Super, Unknown {
    }

    /** A name outside the project (or a module), by qualified name. */
    public record Qualified(String name) implements Value {
    }

    /** A project function; {@code bound} when reached through an instance. */
    public record Function(FunctionRef ref, boolean bound) implements Value {
    }

    public record ClassValue(ClassRef ref) implements Value {
    }

    /** An instance of a project class or of a catalog type. */
    public record Instance(String type) implements Value {
    }

    /** A method of a catalog type, not yet called. */
    public record CatalogMethod(String type, String method) implements Value {
    }

    /** {@code super()} inside a method of {@code of}. */
    public record Super(ClassRef of) implements Value {
    }

    public record Unknown() implements Value {
    }

    public static final Value UNKNOWN = new Unknown();
    private static final int MAX_DEPTH = 40;

    private final ProjectIndex index;
    private final LibraryTypes catalog;
    private final Map<String, List<String>> bases = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    /** Memos: a project is resolved many times over, name by name (values are stable within one migration). */
    private final Map<String, Value> rootMemo = new HashMap<>();
    private final Map<String, Value> attributeMemo = new HashMap<>();
    private final Map<String, Value> returnMemo = new HashMap<>();
    private final Map<String, List<String>> linearizationMemo = new HashMap<>();
    private final Map<String, List<String>> externalBasesMemo = new HashMap<>();
    private Map<String, List<FileFacts.CallFact>> callsByName;
    private final Map<FileFacts.CallFact, FileFacts> callFile = new java.util.IdentityHashMap<>();
    private int depth;

    public Resolver(ProjectIndex index, LibraryTypes catalog) {
        this.index = index;
        this.catalog = catalog;
        Map<String, List<String>> all = new HashMap<>();
        for (FileFacts f : index.files()) {
            for (ClassFact c : f.classes()) {
                all.put(c.qualifiedName(), bases(new ClassRef(f, c)));
            }
        }
        index.recordBases(all);
    }

    public ProjectIndex index() {
        return index;
    }

    /** The value of a whole chain, evaluated in a function of a file (-1: module level). */
    public Value resolve(FileFacts file, int function, Chain chain) {
        return resolve(file, function, chain, chain.steps().size());
    }

    /** The value of the first {@code steps} steps of a chain. */
    public Value resolve(FileFacts file, int function, Chain chain, int steps) {
        if (chain == null || chain.isOpaque() || depth > MAX_DEPTH) {
            return UNKNOWN;
        }
        depth++;
        try {
            Value v = root(file, function, chain.root());
            for (int i = 0; i < steps && !(v instanceof Unknown); i++) {
                v = step(file, function, v, chain.steps().get(i));
            }
            return v;
        } finally {
            depth--;
        }
    }

    private Value step(FileFacts file, int function, Value v, Chain.Step step) {
        if (step instanceof Chain.Attr a) {
            return attribute(v, a.name());
        }
        if (step instanceof Chain.Call c) {
            return call(file, function, v, c.call());
        }
        Chain.Index ix = (Chain.Index) step;
        if (v instanceof Instance i) {
            String item = catalog.itemType(i.type());
            if (item != null) {
                return new Instance(item);
            }
        }
        return ix == null ? UNKNOWN : UNKNOWN;
    }

    // ---------- names ----------

    private Value root(FileFacts file, int function, String name) {
        String key = file.path() + "#" + function + "#" + name;
        Value known = rootMemo.get(key);
        if (known == null) {
            known = computeRoot(file, function, name);
            rootMemo.put(key, known);
        }
        return known;
    }

    private Value computeRoot(FileFacts file, int function, String name) {
        int fn = function;
        while (fn >= 0) {
            FunctionFact f = file.functions().get(fn);
            for (int i = 0; i < f.params().size(); i++) {
                Param p = f.params().get(i);
                if (p.name().equals(name)) {
                    return parameter(file, f, i, p);
                }
            }
            List<Chain> assigned = f.locals().get(name);
            if (assigned != null) {
                return firstKnown(file, fn, name, assigned);
            }
            // a function defined inside this one (`def thd(conn): ...` passed as a callback)
            for (FunctionFact nested : file.functions()) {
                if (nested.parent() == fn && nested.owner() < 0 && nested.name().equals(name)) {
                    return new Function(new FunctionRef(file, nested), false);
                }
            }
            if (name.equals("super") && f.owner() >= 0) {
                return new Qualified("builtins.super");
            }
            fn = f.parent();
        }
        return moduleName(file, name);
    }

    private Value parameter(FileFacts file, FunctionFact f, int position, Param p) {
        if (position == 0 && f.owner() >= 0 && !hasDecorator(f, "staticmethod")) {
            ClassRef owner = new ClassRef(file, file.classes().get(f.owner()));
            return hasDecorator(f, "classmethod") ? new ClassValue(owner) : new Instance(owner.fact().qualifiedName());
        }
        if (p.annotation() != null && !p.star()) {
            return instanceOf(resolve(file, f.parent(), p.annotation()));
        }
        return p.star() ? UNKNOWN : fromCallers(new FunctionRef(file, f), position, p.name());
    }

    /**
     * The type of an unannotated parameter, when every call of the function that the resolver can see passes a
     * value of the same known type there ({@code Report(UserService(ids))} types {@code service}).
     */
    private Value fromCallers(FunctionRef f, int position, String name) {
        String key = "param#" + f.key() + "#" + name;
        if (!inProgress.add(key)) {
            return UNKNOWN;
        }
        try {
            boolean isInit = f.fact().name().equals("__init__");
            String calledAs = isInit && f.fact().owner() >= 0
                    ? f.file().classes().get(f.fact().owner()).name() : f.fact().name();
            Value agreed = null;
            for (FileFacts.CallFact call : callsNamed(calledAs)) {
                FileFacts file = callFile.get(call);
                Value callee = resolve(file, call.function(), call.callee());
                boolean bound;
                if (callee instanceof Function fn && fn.ref().key().equals(f.key())) {
                    bound = fn.bound();
                } else if (isInit && callee instanceof ClassValue c
                        && f.equals(method(c.ref().fact().qualifiedName(), "__init__"))) {
                    bound = true;
                } else {
                    continue;
                }
                Chain value = argumentFor(call, bound ? position - 1 : position, name);
                Value v = value == null ? UNKNOWN : resolve(file, call.function(), value);
                if (v instanceof Unknown || (agreed != null && !agreed.equals(v))) {
                    return UNKNOWN;
                }
                agreed = v;
            }
            return agreed == null ? fromLibraryCallback(f, position) : agreed;
        } finally {
            inProgress.remove(key);
        }
    }

    /**
     * The type of a parameter of a function that no visible call reaches but that its own module hands to a
     * library function known to call it back with typed arguments ({@code migrations.RunPython(forwards)}).
     */
    private Value fromLibraryCallback(FunctionRef f, int position) {
        if (f.fact().owner() >= 0) {
            return UNKNOWN;
        }
        String agreed = null;
        for (FileFacts.CallFact call : f.file().calls()) {
            for (FileFacts.Argument a : call.arguments()) {
                Chain v = a.value();
                if (a.keyword() != null || v == null || !v.steps().isEmpty() || !v.root().equals(f.fact().name())
                        || !(resolve(f.file(), call.function(), v) instanceof Function fn) || !fn.ref().equals(f)
                        || !(resolve(f.file(), call.function(), call.callee()) instanceof Qualified q)) {
                    continue;
                }
                String type = catalog.callbackParameterType(q.name(), position);
                if (type == null || agreed != null && !agreed.equals(type)) {
                    return UNKNOWN;
                }
                agreed = type;
            }
        }
        return agreed == null ? UNKNOWN : new Instance(agreed);
    }

    private static Chain argumentFor(FileFacts.CallFact call, int position, String name) {
        int i = 0;
        for (FileFacts.Argument a : call.arguments()) {
            if (a.star()) {
                return null;
            }
            if (name.equals(a.keyword())) {
                return a.value();
            }
            if (a.keyword() == null && i++ == position) {
                return a.value();
            }
        }
        return null;
    }

    /** Calls whose callee ends with a name, project-wide (built once). */
    private List<FileFacts.CallFact> callsNamed(String name) {
        if (callsByName == null) {
            callsByName = new HashMap<>();
            for (FileFacts f : index.files()) {
                for (FileFacts.CallFact c : f.calls()) {
                    List<Chain.Step> steps = c.callee().steps();
                    String last = steps.isEmpty() ? c.callee().root()
                            : steps.get(steps.size() - 1) instanceof Chain.Attr a ? a.name() : null;
                    if (last != null) {
                        callsByName.computeIfAbsent(last, k -> new ArrayList<>()).add(c);
                        callFile.put(c, f);
                    }
                }
            }
        }
        return callsByName.getOrDefault(name, List.of());
    }

    private static boolean hasDecorator(FunctionFact f, String name) {
        return f.decoratorTexts().stream().anyMatch(d -> d.equals(name) || d.endsWith("." + name));
    }

    private Value moduleName(FileFacts file, String name) {
        String qualified = file.module().isEmpty() ? name : file.module() + "." + name;
        if (index.function(qualified) != null || index.cls(qualified) != null) {
            return lookup(qualified);
        }
        List<Chain> assigned = file.moduleAssignments().get(name);
        if (assigned != null) {
            return firstKnown(file, -1, name, assigned);
        }
        String imported = index.importedName(file, name);
        if (imported == null) {
            imported = localImport(file, name);
        }
        if (imported != null) {
            return lookup(imported);
        }
        return new Qualified("builtins." + name);
    }

    /** An import inside a function body binds the name there; close enough to treat it as the file's. */
    private static String localImport(FileFacts file, String name) {
        for (ImportFact i : file.imports()) {
            if (name.equals(i.boundName())) {
                return ProjectIndex.qualifiedTarget(file, i);
            }
        }
        return null;
    }

    private Value firstKnown(FileFacts file, int function, String name, List<Chain> chains) {
        String key = file.path() + "#" + function + "#" + name;
        if (!inProgress.add(key)) {
            return UNKNOWN;
        }
        try {
            for (Chain c : chains) {
                Value v = resolve(file, function, c);
                if (!(v instanceof Unknown)) {
                    return v;
                }
            }
            return UNKNOWN;
        } finally {
            inProgress.remove(key);
        }
    }

    /** A qualified name as a project definition when it is one. */
    public Value lookup(String qualifiedName) {
        String q = index.canonical(qualifiedName);
        FunctionRef f = index.function(q);
        if (f != null) {
            return new Function(f, false);
        }
        ClassRef c = index.cls(q);
        if (c != null) {
            return new ClassValue(c);
        }
        // A module-level variable of a project module holding a client (`from db import Session`).
        int dot = q.lastIndexOf('.');
        FileFacts owner = dot > 0 ? index.module(q.substring(0, dot)) : null;
        List<Chain> assigned = owner == null ? null : owner.moduleAssignments().get(q.substring(dot + 1));
        if (assigned != null && firstKnown(owner, -1, q.substring(dot + 1), assigned) instanceof Instance i) {
            return i;
        }
        return new Qualified(q);
    }

    private static Value instanceOf(Value v) {
        if (v instanceof ClassValue c) {
            return new Instance(c.ref().fact().qualifiedName());
        }
        if (v instanceof Qualified q) {
            return new Instance(q.name());
        }
        return UNKNOWN;
    }

    // ---------- attributes and calls ----------

    private Value attribute(Value v, String name) {
        if (v instanceof Qualified q) {
            // A library class's own class attribute (Django's `User.objects`).
            String classAttribute = index.cls(q.name()) == null ? catalog.classAttributeType(q.name(), name) : null;
            return classAttribute != null ? new Instance(classAttribute) : lookup(q.name() + "." + name);
        }
        if (v instanceof ClassValue c) {
            FunctionRef m = method(c.ref().fact().qualifiedName(), name);
            if (m != null) {
                return new Function(m, false);
            }
            Value attr = classAttribute(c.ref(), name);
            if (!(attr instanceof Unknown)) {
                return attr;
            }
            // `cls.client = ...` in a classmethod
            attr = instanceAttribute(c.ref(), name, new HashSet<>());
            if (!(attr instanceof Unknown)) {
                return attr;
            }
            for (String base : externalBases(c.ref().fact().qualifiedName())) {
                String inherited = catalog.classAttributeType(base, name);
                if (inherited != null) {
                    return new Instance(inherited);
                }
            }
            return UNKNOWN;
        }
        if (v instanceof Super s) {
            for (String base : bases(s.of())) {
                FunctionRef m = method(base, name);
                if (m != null) {
                    return new Function(m, true);
                }
                if (catalog.hasMethod(base, name)) {
                    return new CatalogMethod(base, name);
                }
            }
            return UNKNOWN;
        }
        if (v instanceof Instance i) {
            ClassRef cls = index.cls(i.type());
            if (cls != null) {
                FunctionRef m = method(i.type(), name);
                if (m != null) {
                    return new Function(m, true);
                }
                String memoKey = i.type() + "#" + name;
                Value attr = attributeMemo.get(memoKey);
                if (attr == null) {
                    attr = instanceAttribute(cls, name, new HashSet<>());
                    attributeMemo.put(memoKey, attr);
                }
                if (!(attr instanceof Unknown)) {
                    return attr;
                }
                // Methods inherited from a library base class (a Django model's save()).
                for (String base : externalBases(i.type())) {
                    if (catalog.hasMethod(base, name)) {
                        return new CatalogMethod(base, name);
                    }
                }
                return UNKNOWN;
            }
            if (catalog.hasMethod(i.type(), name)) {
                return new CatalogMethod(i.type(), name);
            }
            String attributeType = catalog.attributeType(i.type(), name);
            if (attributeType != null) {
                return new Instance(attributeType);
            }
        }
        return UNKNOWN;
    }

    private Value classAttribute(ClassRef c, String name) {
        List<Chain> assigned = c.fact().classAttributes().get(name);
        return assigned == null ? UNKNOWN : firstKnown(c.file(), c.fact().parentFunction(), name, assigned);
    }

    /** The type of {@code self.name}: from assignments in any method of the class or its project bases. */
    private Value instanceAttribute(ClassRef cls, String name, Set<String> seen) {
        if (!seen.add(cls.fact().qualifiedName())) {
            return UNKNOWN;
        }
        for (FunctionFact f : cls.file().functions()) {
            if (f.owner() != cls.fact().index()) {
                continue;
            }
            List<Chain> assigned = f.selfAttributes().get(name);
            if (assigned != null) {
                Value v = firstKnown(cls.file(), f.index(), "self." + name, assigned);
                if (!(v instanceof Unknown)) {
                    return v;
                }
            }
        }
        Value classLevel = classAttribute(cls, name);
        if (!(classLevel instanceof Unknown)) {
            return classLevel;
        }
        for (String base : bases(cls)) {
            ClassRef b = index.cls(base);
            if (b != null) {
                Value v = instanceAttribute(b, name, seen);
                if (!(v instanceof Unknown)) {
                    return v;
                }
            }
        }
        return UNKNOWN;
    }

    private Value call(FileFacts file, int function, Value callee, int call) {
        if (callee instanceof Function f) {
            return returnValue(f.ref());
        }
        if (callee instanceof ClassValue c) {
            return new Instance(c.ref().fact().qualifiedName());
        }
        if (callee instanceof Qualified q) {
            if (call == -1) {
                return new Instance(q.name());
            }
            if (q.name().equals("builtins.super")) {
                return enclosingClass(file, function);
            }
            if (catalog.knowsFunction(q.name())) {
                String result = catalog.functionResult(q.name());
                return result != null ? new Instance(result) : UNKNOWN;
            }
            // A library class called: an object of that class (`app = Flask(__name__)`), by the naming convention.
            String last = q.name().substring(q.name().lastIndexOf('.') + 1);
            return !q.name().startsWith("builtins.") && !last.isEmpty() && Character.isUpperCase(last.charAt(0))
                    ? new Instance(q.name()) : UNKNOWN;
        }
        if (callee instanceof CatalogMethod m) {
            String result = catalog.methodResult(m.type(), m.method());
            return result != null ? new Instance(result) : UNKNOWN;
        }
        if (callee instanceof Instance i && index.cls(i.type()) == null) {
            // a callable library object, e.g. a session factory: Session() → a session
            String result = catalog.methodResult(i.type(), "__call__");
            return result != null ? new Instance(result) : UNKNOWN;
        }
        return UNKNOWN;
    }

    private Value enclosingClass(FileFacts file, int function) {
        for (int fn = function; fn >= 0; fn = file.functions().get(fn).parent()) {
            FunctionFact f = file.functions().get(fn);
            if (f.owner() >= 0) {
                return new Super(new ClassRef(file, file.classes().get(f.owner())));
            }
        }
        return UNKNOWN;
    }

    private Value returnValue(FunctionRef ref) {
        Value known = returnMemo.get(ref.key());
        if (known == null) {
            known = computeReturnValue(ref);
            returnMemo.put(ref.key(), known);
        }
        return known;
    }

    private Value computeReturnValue(FunctionRef ref) {
        FunctionFact f = ref.fact();
        String key = ref.key() + "#return";
        if (!inProgress.add(key)) {
            return UNKNOWN;
        }
        try {
            if (f.returnAnnotation() != null) {
                Value v = instanceOf(resolve(ref.file(), f.parent(), f.returnAnnotation()));
                if (!(v instanceof Unknown)) {
                    return v;
                }
            }
            for (Chain c : f.returns()) {
                Value v = resolve(ref.file(), f.index(), c);
                if (v instanceof Instance || v instanceof ClassValue) {
                    return v;
                }
            }
            return UNKNOWN;
        } finally {
            inProgress.remove(key);
        }
    }

    // ---------- classes ----------

    /** The qualified names of a class's bases (project classes or external names), left to right. */
    public List<String> bases(ClassRef c) {
        String q = c.fact().qualifiedName();
        List<String> known = bases.get(q);
        if (known != null) {
            return known;
        }
        bases.put(q, List.of());
        List<String> out = new ArrayList<>();
        for (Chain base : c.fact().bases()) {
            Value v = resolve(c.file(), c.fact().parentFunction(), base);
            if (v instanceof ClassValue cv) {
                out.add(cv.ref().fact().qualifiedName());
            } else if (v instanceof Qualified qn) {
                out.add(qn.name());
            }
        }
        bases.put(q, out);
        return out;
    }

    /** The bases outside the project of a class and of its project ancestors. */
    public List<String> externalBases(String classQualifiedName) {
        List<String> known = externalBasesMemo.get(classQualifiedName);
        if (known != null) {
            return known;
        }
        List<String> out = new ArrayList<>();
        for (String cls : linearization(classQualifiedName)) {
            ClassRef c = index.cls(cls);
            for (String base : bases(c)) {
                if (index.cls(base) == null && !out.contains(base)) {
                    out.add(base);
                }
            }
        }
        externalBasesMemo.put(classQualifiedName, out);
        return out;
    }

    /** Method lookup through the class and its project bases, depth first, left to right. */
    public FunctionRef method(String classQualifiedName, String name) {
        for (String cls : linearization(classQualifiedName)) {
            FunctionRef m = index.function(cls + "." + name);
            if (m != null && m.fact().owner() >= 0) {
                return m;
            }
        }
        return null;
    }

    /** The class and its project ancestors in lookup order. */
    public List<String> linearization(String classQualifiedName) {
        List<String> known = linearizationMemo.get(classQualifiedName);
        if (known == null) {
            LinkedHashSet<String> order = new LinkedHashSet<>();
            collect(classQualifiedName, order);
            known = new ArrayList<>(order);
            linearizationMemo.put(classQualifiedName, known);
        }
        return known;
    }

    private void collect(String cls, Set<String> order) {
        ClassRef c = index.cls(cls);
        if (c == null || !order.add(cls)) {
            return;
        }
        for (String base : bases(c)) {
            collect(base, order);
        }
    }

    /** The method that {@code method} overrides in a base class, or null. */
    public List<FunctionRef> overridden(FunctionRef method) {
        List<FunctionRef> out = new ArrayList<>();
        if (method.fact().owner() < 0) {
            return out;
        }
        ClassRef owner = new ClassRef(method.file(), method.file().classes().get(method.fact().owner()));
        for (String base : bases(owner)) {
            FunctionRef m = method(base, method.fact().name());
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** Methods of subclasses that override {@code method}. */
    public List<FunctionRef> overriding(FunctionRef method) {
        List<FunctionRef> out = new ArrayList<>();
        if (method.fact().owner() < 0) {
            return out;
        }
        String owner = method.file().classes().get(method.fact().owner()).qualifiedName();
        for (ClassRef sub : index.subclassesOf(owner)) {
            if (sub == null) {
                continue;
            }
            FunctionRef m = index.function(sub.fact().qualifiedName() + "." + method.fact().name());
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

}
