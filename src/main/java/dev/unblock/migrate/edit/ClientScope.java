package dev.unblock.migrate.edit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.analysis.ProjectIndex;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.SupportFiles;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.NameSpec;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;
import dev.unblock.migrate.plan.CallTarget;
import dev.unblock.migrate.plan.Decisions;
import dev.unblock.migrate.plan.Planner;

/**
 * Whether a library client is migrated in one file: some blocking use of it, or of a type that goes with it (a
 * session of an engine), becomes async here — or, for a client that may escape its function, in another file.
 * Answers are memoized for the whole edit stage (the same question comes for every constructor and with statement).
 */
final class ClientScope {
    private final Decisions d;
    private final FileFacts file;
    private final String path;
    private final CallTarget[] ts;
    private final ProjectIndex index;
    private final Resolver resolver;
    private final Catalog catalog;
    private final Map<String, Boolean> migratesMemo;

    ClientScope(Decisions d, FileFacts file, Map<String, Boolean> migratesMemo) {
        this.d = d;
        this.file = file;
        this.path = file.path();
        this.ts = d.targets(path);
        this.index = d.index();
        this.resolver = d.resolver();
        this.catalog = d.catalog();
        this.migratesMemo = migratesMemo;
    }

    boolean fileMigratesType(String type) {
        return fileMigratesType(type, false, true);
    }

    /**
     * Whether the client a constructor call makes is migrated. One kept in a local variable of its function
     * ({@code engine = create_engine(url)} in a function) migrates only with the uses in this file.
     */
    boolean constructorMigrates(String type, CallFact ctor) {
        boolean shared = ctor.function() < 0;
        return fileMigratesType(type, shared, shared || ctor.assignedTo() == null);
    }

    /** Memoized: the same question comes for every constructor and with statement of a type in a file. */
    private boolean fileMigratesType(String type, boolean shared, boolean mayEscape) {
        String memoKey = path + "|" + type + "|" + shared + "|" + mayEscape;
        Boolean known = migratesMemo.get(memoKey);
        if (known == null) {
            known = computeFileMigratesType(type, shared, mayEscape);
            migratesMemo.put(memoKey, known);
        }
        return known;
    }

    /**
     * Whether a client type is migrated here: some blocking use of it, or of a type that goes with it (a
     * session of an engine), in this file becomes async. A client made at module level ({@code shared}) is
     * also migrated when another file uses its type asynchronously.
     */
    private boolean computeFileMigratesType(String type, boolean shared, boolean mayEscape) {
        Set<String> family = catalog.family(type);
        TypeSpec typeSpec = catalog.type(type);
        for (CallFact c : file.calls()) {
            CallTarget t = ts[c.index()];
            // a module function of the same library that takes the client (helpers.bulk(es, ...))
            if (t != null && t.spec() != null && t.callee() instanceof Qualified && typeSpec != null
                    && t.spec().ruleId().equals(typeSpec.ruleId())
                    && (t.spec().kind() == Kind.AWAIT || d.calls().asyncIteration(c, t)) && c.function() >= 0
                    && d.isAsyncNow(Planner.key(file, c.function()))) {
                return true;
            }
            if (t != null && t.callee() instanceof CatalogMethod m && family.contains(m.type())
                    && (t.spec().kind() == Kind.AWAIT || d.calls().asyncIteration(c, t)) && c.function() >= 0
                    && d.isAsyncNow(Planner.key(file, c.function()))) {
                return true;
            }
        }
        for (WithFact w : file.withItems()) {
            if (w.function() >= 0 && d.isAsyncNow(Planner.key(file, w.function()))
                    && resolver.resolve(file, w.function(), w.manager()) instanceof Instance i
                    && family.contains(i.type())) {
                return true;
            }
        }
        // `for doc in cursor` / `list(cursor)` over a value of the family in code that becomes async
        for (FileFacts.ForFact loop : file.loops()) {
            if (loop.function() >= 0 && loop.context() == Context.FUNCTION && d.isAsyncNow(Planner.key(file, loop.function()))
                    && resolver.resolve(file, loop.function(), loop.iterable()) instanceof Instance i
                    && family.contains(i.type())) {
                return true;
            }
        }
        for (ReferenceFact r : file.references()) {
            String listed = r.function() >= 0 && d.isAsyncNow(Planner.key(file, r.function())) ? d.calls().listedAsyncIterable(file, r)
                    : null;
            if (listed != null && family.contains(listed)) {
                return true;
            }
        }
        return anyAsyncUseElsewhere(family, shared, mayEscape);
    }

    /** A client created here may be used by async code in other files (held in an attribute, or shared). */
    private boolean anyAsyncUseElsewhere(Set<String> family, boolean shared, boolean mayEscape) {
        if (!mayEscape) {
            return false;
        }
        for (FileFacts other : index.files()) {
            if (other == file) {
                continue;
            }
            CallTarget[] ots = d.targets(other.path());
            for (CallFact c : other.calls()) {
                CallTarget t = ots[c.index()];
                if (t != null && t.callee() instanceof CatalogMethod m && family.contains(m.type())
                        && c.function() >= 0 && d.isAsyncNow(Planner.key(other, c.function()))
                        && (shared || c.callee().steps().size() >= 2)) {
                    return true;
                }
            }
        }
        return false;
    }
}
