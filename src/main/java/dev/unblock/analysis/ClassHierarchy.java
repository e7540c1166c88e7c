package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.ClassValue;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;

/** The project's classes as the resolver sees them: resolved bases, lookup order, methods, overrides. */
final class ClassHierarchy {
    private final Resolver resolver;
    private final ProjectIndex index;
    private final ResolverMemo memo;
    /** Lookup orders being worked out right now. */
    private int linearizing;
    /** The bases of a class whose bases are being worked out (none yet, a guess: a base named through itself). */
    private static final List<String> WORKING_OUT = java.util.Collections.unmodifiableList(new ArrayList<>());

    ClassHierarchy(Resolver resolver, ProjectIndex index, ResolverMemo memo) {
        this.resolver = resolver;
        this.index = index;
        this.memo = memo;
    }

    /** The qualified names of a class's bases (project classes or external names), left to right. */
    List<String> bases(ClassRef c) {
        ResolverMemo.ClassMemo m = memo.cls(c.fact().qualifiedName());
        if (m.bases == WORKING_OUT) {
            memo.guess();
        }
        if (m.bases != null) {
            return m.bases;
        }
        m.bases = WORKING_OUT;
        List<String> out = new ArrayList<>();
        for (Chain base : c.fact().bases()) {
            Value v = resolver.resolve(c.file(), c.fact().parentFunction(), base);
            if (v instanceof ClassValue cv) {
                out.add(cv.ref().fact().qualifiedName());
            } else if (v instanceof Qualified qn) {
                out.add(qn.name());
            }
        }
        m.bases = out;
        return out;
    }

    /** The bases outside the project of a class and of its project ancestors. */
    List<String> externalBases(String classQualifiedName) {
        ResolverMemo.ClassMemo m = memo.cls(classQualifiedName);
        if (m.externalBases != null) {
            return m.externalBases;
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
        m.externalBases = List.copyOf(out);
        return m.externalBases;
    }

    /**
     * Method lookup through the class and its project bases, depth first, left to right. Remembered once the lookup
     * order is final (not while some class's order is being worked out: the inner answer may be a partial one).
     */
    FunctionRef method(String classQualifiedName, String name) {
        ResolverMemo.ClassMemo m = memo.cls(classQualifiedName);
        FunctionRef known = m.methods.get(name);
        if (known == null) {
            known = findMethod(classQualifiedName, name);
            if (linearizing == 0) {
                m.methods.put(name, known == null ? ResolverMemo.NO_METHOD : known);
            }
        }
        return known == ResolverMemo.NO_METHOD ? null : known;
    }

    private FunctionRef findMethod(String classQualifiedName, String name) {
        for (String cls : linearization(classQualifiedName)) {
            FunctionRef m = index.function(cls + "." + name);
            if (m != null && m.fact().owner() >= 0) {
                return m;
            }
        }
        return null;
    }

    /** The class and its project ancestors in lookup order. */
    List<String> linearization(String classQualifiedName) {
        ResolverMemo.ClassMemo m = memo.cls(classQualifiedName);
        if (m.linearization == null) {
            LinkedHashSet<String> order = new LinkedHashSet<>();
            linearizing++;
            try {
                collect(classQualifiedName, order);
            } finally {
                linearizing--;
            }
            m.linearization = List.copyOf(order);
        }
        return m.linearization;
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

    /** The methods that {@code method} overrides in the bases of its class. */
    List<FunctionRef> overridden(FunctionRef method) {
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
    List<FunctionRef> overriding(FunctionRef method) {
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
