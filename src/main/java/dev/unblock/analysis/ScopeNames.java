package dev.unblock.analysis;

import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.analysis.FileFacts.Param;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.ClassValue;
import dev.unblock.analysis.Resolver.Function;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Unknown;
import dev.unblock.analysis.Resolver.Value;

/**
 * What a bare name means where it is used: a parameter (typed by its annotation or by what callers pass), a local
 * or module assignment, a nested function, an import, a project definition, else a builtin.
 */
final class ScopeNames {
    private final Resolver resolver;
    private final ProjectIndex index;
    private final ResolverMemo memo;
    private final CallerArguments callers;
    private final LibraryTypes catalog;
    /** Whether a parameter callers leave untyped takes what its function assigns to it (see Resolver.mayBe). */
    private final boolean mayBe;

    ScopeNames(Resolver resolver, ProjectIndex index, LibraryTypes catalog, ResolverMemo memo, boolean mayBe) {
        this.mayBe = mayBe;
        this.resolver = resolver;
        this.index = index;
        this.memo = memo;
        this.catalog = catalog;
        this.callers = new CallerArguments(resolver, index, catalog, memo, this);
    }

    /**
     * Whether an answer that reads {@code v} is {@code v} whatever else it would have looked at: a cycle met, in the
     * resolver for edits (so every question gets one answer in any order; see ResolverMemo). The may-be resolver
     * looks further, for the first value known.
     */
    boolean passesOn(Value v) {
        return v == Resolver.CYCLE && !mayBe;
    }

    /** Whether this is the may-be resolver's (see Resolver.mayBe). */
    boolean mayBe() {
        return mayBe;
    }

    Value root(FileFacts file, int function, String name) {
        Map<String, Value> scope = memo.file(file).scope(function);
        Value known = scope.get(name);
        if (known == null) {
            known = memo.provisional(ResolverMemo.Kept.SCOPE_NAME, file.path(), function, name);
        }
        if (known == null) {
            long mark = memo.mark();
            known = computeRoot(file, function, name);
            if (memo.lasts(mark, ResolverMemo.Kept.SCOPE_NAME, file.path(), function, name, known)) {
                scope.put(name, known);
            }
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
                    Value v = parameter(file, f, i, p);
                    List<Chain> reassigned = f.locals().get(name);
                    if (reassigned == null) {
                        return v;
                    }
                    // Rebound in the body: for edits, what callers pass and what the body assigns must agree.
                    if (mayBe) {
                        return v instanceof Unknown ? firstKnown(file, fn, name, reassigned) : v;
                    }
                    return v instanceof Unknown ? v : agreed(file, fn, name, reassigned, v);
                }
            }
            List<Chain> assigned = f.locals().get(name);
            if (assigned != null) {
                return agreed(file, fn, name, assigned);
            }
            // a function defined inside this one (`def thd(conn): ...` passed as a callback)
            FunctionFact nested = memo.file(file).nestedFunction(fn, name);
            if (nested != null) {
                return new Function(new FunctionRef(file, nested), false);
            }
            // Bound in this function (a loop or tuple target…): local, so no outer binding of the name applies.
            if (f.otherLocals().contains(name)) {
                return Resolver.UNKNOWN;
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
            return Resolver.instanceOf(resolver.resolve(file, f.parent(), p.annotation()));
        }
        return p.star() ? Resolver.UNKNOWN : callers.agreedArgument(new FunctionRef(file, f), position, p.name());
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
            return agreed(file, -1, name, assigned);
        }
        String imported = index.namedImport(file, name);
        if (imported == null) {
            imported = localImport(file, name);
        }
        if (imported == null) {
            if (index.starUndetermined(file, name)) {
                return Resolver.UNKNOWN;
            }
            imported = index.importedName(file, name);
        }
        if (imported != null) {
            return lookup(imported);
        }
        return new Qualified("builtins." + name);
    }

    /** An import inside a function body binds the name there; close enough to treat it as the file's. */
    private String localImport(FileFacts file, String name) {
        for (ImportFact i : file.imports()) {
            if (name.equals(i.boundName())) {
                return index.qualifiedTarget(file, i);
            }
        }
        return null;
    }

    /** The first of the values assigned to a name that resolves to something known. */
    Value firstKnown(FileFacts file, int function, String name, List<Chain> chains) {
        if (!memo.enter(ResolverMemo.Question.ASSIGNED, file, function, name)) {
            return Resolver.CYCLE;
        }
        try {
            for (Chain c : chains) {
                Value v = resolver.resolve(file, function, c);
                if (!(v instanceof Unknown) || passesOn(v)) {
                    return v;
                }
            }
            return Resolver.UNKNOWN;
        } finally {
            memo.leave(ResolverMemo.Question.ASSIGNED, file, function, name);
        }
    }

    /**
     * The value several assignments give a name (a local, a module variable, a {@code self} attribute), for edits:
     * the one they all agree on, unknown when one is unknown or two differ (a name bound to two classes in two
     * branches has neither's methods). None is no value here: the facts do not record {@code x = None}, a
     * placeholder, nor {@code x += …}. For findings ({@link Resolver#mayBe}), what it may be: the first one known.
     */
    Value agreed(FileFacts file, int function, String name, List<Chain> chains) {
        return agreed(file, function, name, chains, null);
    }

    /**
     * {@code seed}: a value the name holds besides its assignments (what callers pass to a parameter), else null.
     * An assignment from the name itself ({@code q = q.filter(...)}) is read from what the others agree on: it
     * agrees when it keeps the type.
     */
    private Value agreed(FileFacts file, int function, String name, List<Chain> chains, Value seed) {
        if (seed == null && chains.size() == 1) {
            return firstKnown(file, function, name, chains);
        }
        if (!memo.enter(ResolverMemo.Question.ASSIGNED, file, function, name)) {
            return Resolver.CYCLE;
        }
        try {
            Value agreed = seed;
            for (Chain c : chains) {
                if (c.root().equals(name)) {
                    continue;
                }
                Value v = resolver.resolve(file, function, c);
                agreed = agreed == null ? v : either(agreed, v);
                if (agreed instanceof Unknown && !mayBe) {
                    return agreed;
                }
            }
            if (agreed == null || mayBe) {
                return agreed == null ? Resolver.UNKNOWN : agreed;
            }
            for (Chain c : chains) {
                if (c.root().equals(name)) {
                    Value v = resolver.resolveFrom(agreed, file, function, c);
                    if (!agreed.equals(v)) {
                        return v == Resolver.CYCLE ? v : Resolver.UNKNOWN;
                    }
                }
            }
            return agreed;
        } finally {
            memo.leave(ResolverMemo.Question.ASSIGNED, file, function, name);
        }
    }

    /**
     * Two values a name may hold, as one: for edits, the same value or unknown; for findings, the first known, a
     * described library type (a client) before any other.
     */
    Value either(Value a, Value b) {
        if (mayBe) {
            return a instanceof Unknown || !described(a) && described(b) ? b : a;
        }
        if (a == Resolver.CYCLE || b == Resolver.CYCLE) {
            return Resolver.CYCLE;
        }
        return a.equals(b) ? a : Resolver.UNKNOWN;
    }

    private boolean described(Value v) {
        return v instanceof Instance i && catalog.knowsType(i.type());
    }

    /** A qualified name as a project definition when it is one. */
    Value lookup(String qualifiedName) {
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
        if (assigned != null) {
            Value v = agreed(owner, -1, q.substring(dot + 1), assigned);
            if (v instanceof Instance || passesOn(v)) {
                return v;
            }
        }
        return new Qualified(q);
    }
}
