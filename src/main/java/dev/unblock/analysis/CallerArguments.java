package dev.unblock.analysis;

import java.util.IdentityHashMap;
import java.util.Map;

import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.ProjectIndex.CallSite;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.ClassValue;
import dev.unblock.analysis.Resolver.Function;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Unknown;
import dev.unblock.analysis.Resolver.Value;

/**
 * The type of an unannotated parameter, from the calls of its function: known when every call the resolver can see
 * passes a value of the same known type there ({@code Report(UserService(ids))} types {@code service}); when no call
 * reaches it, from a library that calls it back with typed arguments.
 */
final class CallerArguments {
    private final Resolver resolver;
    private final ProjectIndex index;
    private final LibraryTypes catalog;
    private final ResolverMemo memo;
    private final Map<FileFacts, Map<String, java.util.List<NamePassed>>> namesPassed = new IdentityHashMap<>();

    private final ScopeNames names;

    CallerArguments(Resolver resolver, ProjectIndex index, LibraryTypes catalog, ResolverMemo memo, ScopeNames names) {
        this.names = names;
        this.resolver = resolver;
        this.index = index;
        this.catalog = catalog;
        this.memo = memo;
    }

    /** The value every visible call passes to parameter {@code name} (at {@code position}) of {@code f}. */
    Value agreedArgument(FunctionRef f, int position, String name) {
        if (!memo.enter(ResolverMemo.Question.PARAMETER, f.file(), f.fact().index(), name)) {
            return Resolver.CYCLE;
        }
        try {
            boolean isInit = f.fact().name().equals("__init__");
            String calledAs = isInit && f.fact().owner() >= 0
                    ? f.file().classes().get(f.fact().owner()).name() : f.fact().name();
            Value agreed = null;
            for (CallSite site : index.callsNamed(calledAs)) {
                FileFacts file = site.file();
                CallFact call = site.call();
                Value callee = callee(file, call);
                boolean bound;
                if (names.passesOn(callee)) {
                    return callee;
                } else if (callee instanceof Function fn && sameFunction(fn.ref(), f)) {
                    bound = fn.bound();
                } else if (isInit && callee instanceof ClassValue c
                        && f.equals(resolver.method(c.ref().fact().qualifiedName(), "__init__"))) {
                    bound = true;
                } else {
                    continue;
                }
                Chain value = argumentFor(call, bound ? position - 1 : position, name);
                Value v = value == null ? Resolver.UNKNOWN : resolver.resolve(file, call.function(), value);
                if (v instanceof Unknown || (agreed != null && !agreed.equals(v))) {
                    return v == Resolver.CYCLE ? v : Resolver.UNKNOWN;
                }
                agreed = v;
            }
            return agreed == null ? fromLibraryCallback(f, position) : agreed;
        } finally {
            memo.leave(ResolverMemo.Question.PARAMETER, f.file(), f.fact().index(), name);
        }
    }

    /**
     * The type of a parameter of a function that no visible call reaches but that its own module hands to a
     * library function known to call it back with typed arguments ({@code migrations.RunPython(forwards)}).
     */
    private Value fromLibraryCallback(FunctionRef f, int position) {
        if (f.fact().owner() >= 0) {
            return Resolver.UNKNOWN;
        }
        String agreed = null;
        for (NamePassed passed : namesPassed(f.file()).getOrDefault(f.fact().name(), java.util.List.of())) {
            CallFact call = passed.call();
            Value value = resolver.resolve(f.file(), call.function(), passed.value());
            if (!(value instanceof Function fn) || !fn.ref().equals(f)) {
                if (names.passesOn(value)) {
                    return value;
                }
                continue;
            }
            Value callee = resolver.resolve(f.file(), call.function(), call.callee());
            if (!(callee instanceof Qualified q)) {
                if (names.passesOn(callee)) {
                    return callee;
                }
                continue;
            }
            String type = catalog.callbackParameterType(q.name(), position);
            if (type == null || agreed != null && !agreed.equals(type)) {
                return Resolver.UNKNOWN;
            }
            agreed = type;
        }
        return agreed == null ? Resolver.UNKNOWN : new Instance(agreed);
    }

    /** A bare name passed as a positional argument of a call: {@code RunPython(forwards)}. */
    private record NamePassed(CallFact call, Chain value) {
    }

    /**
     * The positional arguments of a file's calls that are bare names, by name, in the order of the calls and their
     * arguments: a file's calls are read once, not once per function asked about (large files have thousands).
     */
    private Map<String, java.util.List<NamePassed>> namesPassed(FileFacts file) {
        return namesPassed.computeIfAbsent(file, k -> {
            Map<String, java.util.List<NamePassed>> out = new java.util.HashMap<>();
            for (CallFact call : file.calls()) {
                for (Argument a : call.arguments()) {
                    Chain v = a.value();
                    if (a.keyword() == null && v != null && v.steps().isEmpty()) {
                        out.computeIfAbsent(v.root(), x -> new java.util.ArrayList<>()).add(new NamePassed(call, v));
                    }
                }
            }
            return out;
        });
    }

    /** Whether two references name the same function (their {@link FunctionRef#key()}s are equal). */
    private static boolean sameFunction(FunctionRef a, FunctionRef b) {
        return a.fact().index() == b.fact().index() && a.file().path().equals(b.file().path());
    }

    private static Chain argumentFor(CallFact call, int position, String name) {
        int i = 0;
        for (Argument a : call.arguments()) {
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

    /**
     * What a call's callee resolved to, kept in the memo by the call's index: a call named like many functions
     * ({@code x.write(data)}) is resolved once, not once per function of that name.
     */
    private Value callee(FileFacts file, CallFact call) {
        ResolverMemo.FileMemo m = memo.file(file);
        Value v = m.callee(call.index());
        if (v == null) {
            v = memo.provisional(ResolverMemo.Kept.CALLEE, file.path(), call.index(), null);
        }
        if (v == null) {
            long mark = memo.mark();
            v = resolver.resolve(file, call.function(), call.callee());
            if (memo.lasts(mark, ResolverMemo.Kept.CALLEE, file.path(), call.index(), null, v)) {
                m.callee(call.index(), v);
            }
        }
        return v;
    }
}
