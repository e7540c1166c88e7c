package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.Knowledge.Patcher;

/**
 * The patches a project makes ({@code mock.patch("pkg.mod.requests.post")}, {@code patch.object(Client, "get")},
 * {@code monkeypatch.setattr(mod, "fetch", fake)}): what each one replaces, as far as the engine can tell, where it
 * is in force, and whether it puts a stand-in in place. {@link TestDoubles} decides what they keep synchronous.
 */
final class PatchTargets {
    private final Planner planner;

    PatchTargets(Planner planner) {
        this.planner = planner;
    }

    /** What a patch replaces, as the engine understood it, and the file that patches. */
    record Patched(String written, String where, boolean replaced, FileFacts module, String[] rest, FileFacts by,
                   String onlyIn, CallFact call, Patcher patcher) {
    }

    /** Every patch call in the project whose target the engine understands. */
    List<Patched> find() {
        List<Patched> out = new ArrayList<>();
        List<Patcher> patchers = planner.catalog.knowledge().patchers();
        for (FileFacts file : planner.index.files()) {
            for (CallFact call : file.calls()) {
                if (call.callee().isOpaque() || !call.callee().isDotted()) {
                    continue;
                }
                for (Patcher p : patchers) {
                    if (isCallOf(file, call, p)) {
                        Patched patched = patched(file, call, p);
                        if (patched != null) {
                            out.add(patched);
                        }
                        break;
                    }
                }
            }
        }
        return out;
    }

    private boolean isCallOf(FileFacts file, CallFact call, Patcher p) {
        Chain callee = call.callee();
        if (p.parameter() != null && callee.root().equals(p.parameter()) && call.function() >= 0
                && callee.dotted().equals(p.parameter() + "." + p.method())
                && file.functions().get(call.function()).params().stream().anyMatch(x -> x.name().equals(p.parameter()))) {
            return true;
        }
        return planner.resolver.callee(file, call) instanceof Qualified q
                && q.name().equals(p.qualifiedName());
    }

    private Patched patched(FileFacts file, CallFact call, Patcher p) {
        List<Argument> positional = call.arguments().stream().filter(a -> a.keyword() == null && !a.star()).toList();
        if (positional.size() <= p.targetArgument()) {
            return null;
        }
        String text = planner.texts.get(file.path());
        Argument first = positional.get(p.targetArgument());
        String literal = literal(text.substring(first.start(), first.end()));
        boolean objectForm = p.objectForm() || literal == null;
        String where = file.path() + ":" + call.line();
        String onlyIn = inForceOnlyIn(file, call, p);
        if (!objectForm) {
            boolean replaced = p.replacementArgument() < 0 || positional.size() > p.targetArgument() + 1
                    || hasKeyword(call, p.replacementKeyword()) || hasKeyword(call, "new_callable");
            return dotted(literal, where, replaced, file, onlyIn, call, p);
        }
        if (positional.size() <= p.targetArgument() + 1 || first.value() == null) {
            return null;
        }
        Argument second = positional.get(p.targetArgument() + 1);
        String attribute = literal(text.substring(second.start(), second.end()));
        if (attribute == null) {
            return null;
        }
        boolean replaced = p.replacementArgument() < 0 || positional.size() > p.targetArgument() + 2
                || hasKeyword(call, p.replacementKeyword()) || hasKeyword(call, "new_callable");
        Value owner = planner.resolver.resolve(file, call.function(), first.value());
        String written = first.value() + "." + attribute;
        if (owner instanceof Qualified q && planner.index.module(q.name()) != null) {
            return new Patched(written, where, replaced, planner.index.module(q.name()), new String[] {attribute}, file, onlyIn, call, p);
        }
        if (owner instanceof Qualified q) {
            return new Patched(q.name() + "." + attribute, where, replaced, null, null, file, onlyIn, call, p);
        }
        if (owner instanceof Resolver.ClassValue c) {
            return new Patched(written, where, replaced, c.ref().file(),
                    new String[] {c.ref().fact().qualifiedName().substring(c.ref().file().module().length() + 1), attribute},
                    file, onlyIn, call, p);
        }
        if (owner instanceof Instance i && planner.index.cls(i.type()) == null) {
            return new Patched(i.type() + "." + attribute, where, replaced, null, null, file, onlyIn, call, p);
        }
        if (owner instanceof Instance i) {
            ClassRef c = planner.index.cls(i.type());
            return new Patched(written, where, replaced, c.file(),
                    new String[] {i.type().substring(c.file().module().length() + 1), attribute}, file, onlyIn, call, p);
        }
        return null;
    }

    /** {@code "pkg.mod.requests.post"}: the project module it starts with, and the names after it. */
    private Patched dotted(String target, String where, boolean replaced, FileFacts by, String onlyIn, CallFact call,
                           Patcher p) {
        String[] parts = target.split("\\.");
        for (int i = parts.length - 1; i >= 1; i--) {
            FileFacts module = planner.index.module(String.join(".", Arrays.copyOfRange(parts, 0, i)));
            if (module != null) {
                return new Patched(target, where, replaced, module, Arrays.copyOfRange(parts, i, parts.length), by, onlyIn, call, p);
            }
        }
        return new Patched(target, where, replaced, null, null, by, onlyIn, call, p);
    }

    /**
     * The test function a patch is in force for only, by key, when it is undone as that test ends: a decorator of a
     * test, a {@code with} block in one, a fixture-scoped patcher (monkeypatch) used by one; null otherwise (a patch
     * in setUp, a fixture, at module level, or started by hand is in force for the whole file).
     */
    private String inForceOnlyIn(FileFacts file, CallFact call, Patcher p) {
        int function = call.function();
        if (call.context() == FileFacts.Context.DEFINITION_TIME) {
            function = -1;
            for (FunctionFact f : file.functions()) {
                if (f.stmtStart() <= call.primaryStart() && call.primaryStart() < f.defStart()) {
                    function = f.index();
                }
            }
        } else if (call.context() != FileFacts.Context.FUNCTION
                || p.parameter() == null && call.use() != FileFacts.Use.WITH_ITEM) {
            return null;
        }
        if (function < 0 || !file.functions().get(function).name().startsWith("test")) {
            return null;
        }
        return Planner.key(file, function);
    }

    private static boolean hasKeyword(CallFact call, String keyword) {
        return keyword != null && call.arguments().stream().anyMatch(a -> keyword.equals(a.keyword()));
    }

    /** The value of a plain string literal (no f-string, no escapes that matter for dotted names), or null. */
    static String literal(String text) {
        String t = text.strip();
        if (t.matches("(?s)[rRuU]?(\"[^\"\\\\{}]*\"|'[^'\\\\{}]*')")) {
            return t.substring(t.indexOf(t.charAt(t.length() - 1)) + 1, t.length() - 1);
        }
        return null;
    }
}
