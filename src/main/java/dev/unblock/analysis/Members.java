package dev.unblock.analysis;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.ClassValue;
import dev.unblock.analysis.Resolver.Function;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Super;
import dev.unblock.analysis.Resolver.Unknown;
import dev.unblock.analysis.Resolver.Value;

/**
 * The steps of a chain after its first name: {@code .name} on a module, class, instance or {@code super()}, and
 * {@code (...)} on a function (its return value), a class (an instance) or a library callable.
 */
final class Members {
    private final Resolver resolver;
    private final ProjectIndex index;
    private final LibraryTypes catalog;
    private final ResolverMemo memo;
    private final ClassHierarchy classes;
    private final ScopeNames names;

    Members(Resolver resolver, ProjectIndex index, LibraryTypes catalog, ResolverMemo memo, ClassHierarchy classes,
            ScopeNames names) {
        this.resolver = resolver;
        this.index = index;
        this.catalog = catalog;
        this.memo = memo;
        this.classes = classes;
        this.names = names;
    }

    Value attribute(Value v, String name) {
        if (v instanceof Qualified q) {
            // A library class's own class attribute (Django's `User.objects`).
            String classAttribute = index.cls(q.name()) == null ? catalog.classAttributeType(q.name(), name) : null;
            return classAttribute != null ? new Instance(classAttribute) : names.lookup(q.name() + "." + name);
        }
        if (v instanceof ClassValue c) {
            return classMember(c, name);
        }
        if (v instanceof Super s) {
            for (String base : classes.bases(s.of())) {
                FunctionRef m = classes.method(base, name);
                if (m != null) {
                    return new Function(m, true);
                }
                if (catalog.hasMethod(base, name)) {
                    return new CatalogMethod(base, name);
                }
            }
            return Resolver.UNKNOWN;
        }
        if (v instanceof Instance i) {
            return instanceMember(i, name);
        }
        return Resolver.UNKNOWN;
    }

    private Value classMember(ClassValue c, String name) {
        FunctionRef m = classes.method(c.ref().fact().qualifiedName(), name);
        if (m != null) {
            return new Function(m, false);
        }
        Value attr = classAttribute(c.ref(), name);
        if (settled(attr)) {
            return attr;
        }
        // `cls.client = ...` in a classmethod
        attr = instanceAttribute(c.ref(), name, new HashSet<>());
        if (settled(attr)) {
            return attr;
        }
        for (String base : classes.externalBases(c.ref().fact().qualifiedName())) {
            String inherited = catalog.classAttributeType(base, name);
            if (inherited != null) {
                return new Instance(inherited);
            }
        }
        return Resolver.UNKNOWN;
    }

    private Value instanceMember(Instance i, String name) {
        ClassRef cls = index.cls(i.type());
        if (cls != null) {
            FunctionRef m = classes.method(i.type(), name);
            if (m != null) {
                return new Function(m, true);
            }
            Map<String, Value> attributes = memo.cls(i.type()).attributes;
            Value attr = attributes.get(name);
            if (attr == null) {
                attr = memo.provisional(ResolverMemo.Kept.ATTRIBUTE, i.type(), 0, name);
            }
            if (attr == null) {
                long mark = memo.mark();
                attr = instanceAttribute(cls, name, new HashSet<>());
                if (memo.lasts(mark, ResolverMemo.Kept.ATTRIBUTE, i.type(), 0, name, attr)) {
                    attributes.put(name, attr);
                }
            }
            if (settled(attr)) {
                return attr;
            }
            // Methods inherited from a library base class (a Django model's save()).
            for (String base : classes.externalBases(i.type())) {
                if (catalog.hasMethod(base, name)) {
                    return new CatalogMethod(base, name);
                }
                // an attribute the library base gives its instances (a Django test case's self.client)
                String inherited = catalog.classAttributeType(base, name);
                if (inherited != null) {
                    return new Instance(inherited);
                }
            }
            return Resolver.UNKNOWN;
        }
        if (catalog.hasMethod(i.type(), name)) {
            return new CatalogMethod(i.type(), name);
        }
        String attributeType = catalog.attributeType(i.type(), name);
        if (attributeType != null) {
            return new Instance(attributeType);
        }
        return Resolver.UNKNOWN;
    }

    private Value classAttribute(ClassRef c, String name) {
        List<Chain> assigned = c.fact().classAttributes().get(name);
        return assigned == null ? Resolver.UNKNOWN : names.firstKnown(c.file(), c.fact().parentFunction(), name, assigned);
    }

    /**
     * The type of {@code self.name}: from assignments in the methods of the class, else its class body, else its
     * project bases. Every assignment in the class's methods must agree (see {@link ScopeNames#agreed}): a
     * {@code requests.Session()} in one branch and a caller's object or another library's session in another
     * leave the attribute unknown, so its calls are not rewritten for a client it may not hold.
     */
    private Value instanceAttribute(ClassRef cls, String name, Set<String> seen) {
        if (!seen.add(cls.fact().qualifiedName())) {
            return Resolver.UNKNOWN;
        }
        Value found = null;
        for (FunctionFact f : cls.file().functions()) {
            if (f.owner() != cls.fact().index()) {
                continue;
            }
            List<Chain> assigned = f.selfAttributes().get(name);
            if (assigned != null) {
                Value v = names.agreed(cls.file(), f.index(), "self." + name, assigned);
                found = found == null ? v : names.either(found, v);
            }
        }
        if (found != null) {
            return found;
        }
        Value classLevel = classAttribute(cls, name);
        if (settled(classLevel)) {
            return classLevel;
        }
        for (String base : classes.bases(cls)) {
            ClassRef b = index.cls(base);
            if (b != null) {
                Value v = instanceAttribute(b, name, seen);
                if (settled(v)) {
                    return v;
                }
            }
        }
        return Resolver.UNKNOWN;
    }

    /** Known, or met a cycle that answers reading it pass on (see ScopeNames.passesOn): no other place to look. */
    private boolean settled(Value v) {
        return !(v instanceof Unknown) || names.passesOn(v);
    }

    Value call(FileFacts file, int function, Value callee, int call) {
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
                return result != null ? new Instance(result) : Resolver.UNKNOWN;
            }
            // A library class called: an object of that class (`app = Flask(__name__)`), by the naming convention.
            String last = q.name().substring(q.name().lastIndexOf('.') + 1);
            return !q.name().startsWith("builtins.") && !last.isEmpty() && Character.isUpperCase(last.charAt(0))
                    ? new Instance(q.name()) : Resolver.UNKNOWN;
        }
        if (callee instanceof CatalogMethod m) {
            String result = catalog.methodResult(m.type(), m.method());
            return result != null ? new Instance(result) : Resolver.UNKNOWN;
        }
        if (callee instanceof Instance i && index.cls(i.type()) == null) {
            // a callable library object, e.g. a session factory: Session() → a session
            String result = catalog.methodResult(i.type(), "__call__");
            return result != null ? new Instance(result) : Resolver.UNKNOWN;
        }
        return Resolver.UNKNOWN;
    }

    private Value enclosingClass(FileFacts file, int function) {
        for (int fn = function; fn >= 0; fn = file.functions().get(fn).parent()) {
            FunctionFact f = file.functions().get(fn);
            if (f.owner() >= 0) {
                return new Super(new ClassRef(file, file.classes().get(f.owner())));
            }
        }
        return Resolver.UNKNOWN;
    }

    private Value returnValue(FunctionRef ref) {
        ResolverMemo.FileMemo m = memo.file(ref.file());
        int function = ref.fact().index();
        Value known = m.returnValue(function);
        if (known == null) {
            known = memo.provisional(ResolverMemo.Kept.RETURN, ref.file().path(), function, null);
        }
        if (known == null) {
            long mark = memo.mark();
            known = computeReturnValue(ref);
            if (memo.lasts(mark, ResolverMemo.Kept.RETURN, ref.file().path(), function, null, known)) {
                m.returnValue(function, known);
            }
        }
        return known;
    }

    private Value computeReturnValue(FunctionRef ref) {
        FunctionFact f = ref.fact();
        if (!memo.enter(ResolverMemo.Question.RETURN, ref.file(), f.index(), null)) {
            return Resolver.CYCLE;
        }
        try {
            if (f.returnAnnotation() != null) {
                Value v = Resolver.instanceOf(resolver.resolve(ref.file(), f.parent(), f.returnAnnotation()));
                if (settled(v)) {
                    return v;
                }
            }
            for (Chain c : f.returns()) {
                Value v = resolver.resolve(ref.file(), f.index(), c);
                if (v instanceof Instance || v instanceof ClassValue || names.passesOn(v)) {
                    return v;
                }
            }
            return Resolver.UNKNOWN;
        } finally {
            memo.leave(ResolverMemo.Question.RETURN, ref.file(), f.index(), null);
        }
    }
}
