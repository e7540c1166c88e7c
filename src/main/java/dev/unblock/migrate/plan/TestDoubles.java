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
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.Knowledge.MockingLibrary;
import dev.unblock.migrate.catalog.Knowledge.Patcher;
import dev.unblock.migrate.Edit;

/**
 * Test doubles expect the code under test to keep calling what they replace. A patch of a library call the
 * migration rewrites ({@code mock.patch("pkg.mod.requests.post")}) would no longer intercept it: the code that
 * makes the call stays sync. A project function or class replaced by a stand-in ({@code monkeypatch.setattr(mod,
 * "fetch", fake)}) would be awaited by its callers: it stays sync. A test file that intercepts a library with a
 * mocking library ({@code responses} for {@code requests}) keeps all its functions sync, so the code its tests reach
 * keeps calling the intercepted library.
 */
final class TestDoubles {
    private final Planner planner;

    TestDoubles(Planner planner) {
        this.planner = planner;
    }

    /** What a patch replaces, as the engine understood it, and the file that patches. */
    private record Patched(String written, String where, boolean replaced, FileFacts module, String[] rest,
                           FileFacts by, String onlyIn, CallFact call, Patcher patcher) {
    }

    /** A patch of a library call that follows the calls it intercepts, while they all migrate ({@code active}). */
    private static final class Move {
        final Patched patch;
        final Knowledge.PatchMove move;
        final java.util.Set<String> reach;
        final String because;
        boolean active = true;

        Move(Patched patch, Knowledge.PatchMove move, java.util.Set<String> reach, String because) {
            this.patch = patch;
            this.move = move;
            this.reach = reach;
            this.because = because;
        }
    }

    private final List<Move> moves = new ArrayList<>();

    /** What functions reach (resolved calls only; untyped receivers are pinned elsewhere). */
    private ReachedFunctions reached;

    /** Names spelled only by patch targets this class understands ({@code "pkg.mod.fetch"} → fetch). */
    private final java.util.Set<String> explained = new java.util.HashSet<>();
    private final List<Patched> patches = new ArrayList<>();

    /**
     * Before the boundaries: the patches in the project. A name that string literals spell only as the target of
     * such a patch is not looked up by name anywhere else: the patch's own effect is handled by {@link #pin()}.
     */
    void prepare() {
        Knowledge k = planner.catalog.knowledge();
        java.util.Map<String, Integer> spelled = new java.util.HashMap<>();
        for (FileFacts file : planner.index.files()) {
            for (CallFact call : file.calls()) {
                for (Patcher p : k.patchers()) {
                    if (isCallOf(file, call, p)) {
                        Patched patched = patched(file, call, p);
                        if (patched != null) {
                            patches.add(patched);
                            String[] parts = patched.written().split("\\.");
                            spelled.merge(parts[parts.length - 1], 1, Integer::sum);
                        }
                        break;
                    }
                }
            }
        }
        for (java.util.Map.Entry<String, Integer> e : spelled.entrySet()) {
            // any string literal spelling the name, but subscripts and dict keys (["rank"], {"rank": 1})
            java.util.regex.Pattern literal = java.util.regex.Pattern.compile("(?<![\\w\\[])[rRuU]?([\"'])(?:[^\"'\\n]*[.:])?"
                    + java.util.regex.Pattern.quote(e.getKey()) + "\\1(?!\\s*[\\]:])");
            int all = 0;
            for (String text : planner.texts.values()) {
                all += (int) literal.matcher(text).results().count();
            }
            if (all <= e.getValue()) {
                explained.add(e.getKey());
            }
        }
    }

    /** Whether every string literal spelling this name is the target of a patch that {@link #pin()} handles. */
    boolean explains(String name) {
        return explained.contains(name);
    }

    void pin() {
        Knowledge k = planner.catalog.knowledge();
        patches.forEach(this::keepSync);
        for (MockingLibrary lib : k.mockingLibraries()) {
            if (planner.catalog.isReplacedModule(lib.mocked())) {
                mockingLibrary(lib);
            }
        }
    }

    private boolean isCallOf(FileFacts file, CallFact call, Patcher p) {
        Chain callee = call.callee();
        if (callee.isOpaque() || callee.dotted() == null) {
            return false;
        }
        if (p.parameter() != null && callee.root().equals(p.parameter()) && call.function() >= 0
                && callee.dotted().equals(p.parameter() + "." + p.method())
                && file.functions().get(call.function()).params().stream().anyMatch(x -> x.name().equals(p.parameter()))) {
            return true;
        }
        return planner.resolver.resolve(file, call.function(), callee) instanceof Qualified q
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

    private void keepSync(Patched p) {
        String because = p.where() + " patches `" + p.written() + "`";
        if (p.module() == null) {
            if (!follows(p, p.written(), because)) {
                library(p.written(), null, reach(p), because);
            }
            return;
        }
        List<Chain.Step> steps = new ArrayList<>();
        for (int i = 1; i < p.rest().length; i++) {
            steps.add(new Chain.Attr(p.rest()[i]));
        }
        Value v = planner.resolver.resolve(p.module(), -1, new Chain(p.rest()[0], steps));
        if (v instanceof Qualified q) {
            // pkg.mod.requests.post patches the requests module's attribute (everywhere); pkg.mod.post only that name
            if (p.rest().length == 1 || !follows(p, q.name(), because)) {
                library(q.name(), p.rest().length == 1 ? p.module() : null, reach(p), because);
            }
        } else if (v instanceof Resolver.Function f && p.replaced()) {
            planner.pin(f.ref().key(), because + " with a stand-in its callers would await");
        } else if (v instanceof Resolver.ClassValue c) {
            classReplaced(c.ref().fact().qualifiedName(), because + ", and its stand-in's methods cannot be awaited");
        } else if (v instanceof CatalogMethod m) {
            library(m.type() + "." + m.method(), null, reach(p), because);
        } else if (v instanceof Instance i && planner.index.cls(i.type()) != null) {
            classReplaced(i.type(), because + ", and its stand-in's methods cannot be awaited");
        } else if (v instanceof Instance i && p.rest().length == 1) {
            for (FileFacts file : planner.index.files()) {
                if (file == p.module() || imports(file, p.module().module(), p.rest()[0])) {
                    planner.markSync(file, i.type(), "is patched: " + because);
                }
            }
        } else if (v instanceof Instance i) {
            library(i.type() + "." + p.rest()[p.rest().length - 1], null, reach(p), because);
        }
    }

    /**
     * Whether a patch of a library call can follow the calls it intercepts to their async form: it names the call
     * ({@code "requests.get"}, everywhere), the rules say where the call goes, the patch lets the mock library make
     * the mock (no stand-in, spec or side effect), the patching file does not use the library itself (its exceptions),
     * and every call it may intercept passes only arguments the migration keeps. Then nothing is pinned now; the
     * calls must all migrate ({@link #checkMoves}).
     */
    private boolean follows(Patched p, String name, String because) {
        Knowledge.PatchMove move = planner.catalog.knowledge().patchMove(name);
        if (move == null || p.replaced() || p.patcher().returnValueKeyword() == null || p.call() == null
                || p.call().arguments().stream().anyMatch(a -> a.star() || a.keyword() != null && java.util.Set.of("new",
                "new_callable", "spec", "spec_set", "autospec", "side_effect", "wraps").contains(a.keyword()))) {
            return false;
        }
        String module = name.substring(0, name.indexOf('.'));
        if (p.by().imports().stream().anyMatch(i -> i.module().equals(module) || i.module().startsWith(module + "."))) {
            return false;
        }
        java.util.Set<String> reach = reach(p);
        boolean any = false;
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null || t.spec() == null || !(t.callee() instanceof Qualified q) || !q.name().equals(name)
                        || call.function() >= 0 && !reach.contains(Planner.key(file, call.function()))) {
                    continue;
                }
                long positional = call.arguments().stream().filter(a -> a.keyword() == null).count();
                if (call.function() < 0 || positional > move.positional() || call.arguments().stream().anyMatch(
                        a -> a.star() || a.keyword() != null && !move.keywords().contains(a.keyword()))) {
                    return false;
                }
                any = true;
            }
        }
        if (any) {
            moves.add(new Move(p, move, reach, because));
        }
        return any;
    }

    /**
     * In each planning round: a patch follows its calls only while every call it may intercept becomes async; once
     * one stays sync, they all do (the patch stays as it is).
     */
    void checkMoves(java.util.Set<String> asyncSet) {
        for (Move m : moves) {
            if (!m.active) {
                continue;
            }
            for (FileFacts file : planner.index.files()) {
                CallTarget[] ts = planner.callTargets.get(file.path());
                for (CallFact call : file.calls()) {
                    CallTarget t = ts[call.index()];
                    if (m.active && t != null && t.spec() != null && t.callee() instanceof Qualified q
                            && q.name().equals(m.move.from()) && m.reach.contains(Planner.key(file, call.function()))
                            && (!asyncSet.contains(Planner.key(file, call.function()))
                            || !planner.calls.translatable(file, call, t) || !planner.startsHere(file))) {
                        m.active = false;
                        library(m.move.from(), null, m.reach, m.because);
                    }
                }
            }
        }
    }

    /** After planning: the patches that follow their calls name the async call, and return a plain stand-in. */
    void followMoves() {
        for (Move m : moves) {
            if (!m.active) {
                continue;
            }
            CallFact call = m.patch.call();
            FileFacts file = m.patch.by();
            String text = planner.texts.get(file.path());
            List<Argument> positional = call.arguments().stream().filter(a -> a.keyword() == null).toList();
            Argument target = positional.get(m.patch.patcher().targetArgument());
            String old = text.substring(target.start(), target.end());
            String quote = old.substring(old.length() - 1);
            String message = "the patched call is an awaited " + m.move.to() + " now: the patch follows it";
            planner.planned.edit(file.path(), Edit.replace(target.start(), target.end(), quote + m.move.to() + quote,
                    m.move.ruleId(), message));
            if (call.arguments().stream().noneMatch(a -> m.patch.patcher().returnValueKeyword().equals(a.keyword()))) {
                String callee = call.callee().dotted();
                String method = m.patch.patcher().method() != null ? m.patch.patcher().method()
                        : m.patch.patcher().qualifiedName().substring(m.patch.patcher().qualifiedName().lastIndexOf('.') + 1);
                String namespace = callee.endsWith("." + method) ? callee.substring(0, callee.length() - method.length() - 1) : "";
                String standIn = (namespace.isEmpty() ? "" : namespace + ".") + m.patch.patcher().standIn() + "()";
                if (namespace.isEmpty() && m.patch.patcher().standInImport() != null) {
                    planner.planned.imports(file.path(), List.of(m.patch.patcher().standInImport()));
                }
                Argument last = call.arguments().get(call.arguments().size() - 1);
                planner.planned.edit(file.path(), Edit.insert(last.end(), ", " + m.patch.patcher().returnValueKeyword() + "="
                        + standIn, m.move.ruleId(), "its AsyncMock returns a plain stand-in, whose methods stay sync", 0));
            }
        }
    }

    /**
     * The project's calls of a library name (or of what lies under it) stay sync where the patch is in force: in the
     * code the patching file's functions reach (in one module, when the patch replaces that module's name only).
     */
    private void library(String name, FileFacts only, java.util.Set<String> reach, String because) {
        for (FileFacts file : planner.index.files()) {
            if (only != null && file != only) {
                continue;
            }
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null || t.spec() == null || call.function() < 0
                        || !reach.contains(Planner.key(file, call.function()))) {
                    continue;
                }
                String called = t.callee() instanceof Qualified q ? q.name()
                        : t.callee() instanceof CatalogMethod m ? m.type() + "." + m.method() : null;
                if (called == null || !(called.equals(name) || called.startsWith(name + ".") || name.startsWith(called + "."))) {
                    continue;
                }
                if (t.callee() instanceof CatalogMethod m) {
                    planner.markSync(file, m.type(), "is patched: " + because);
                } else if (t.spec().resultType() != null && name.startsWith(t.spec().resultType())) {
                    planner.markSync(file, t.spec().resultType(), "is patched: " + because);
                }
                planner.pin(Planner.key(file, call.function()), "it calls " + call.callee() + ", which " + because
                        + " (the patch would not intercept the async call)");
            }
        }
    }

    /**
     * The functions a patch may be in force for: those of the patching file, of the test files under a patching
     * conftest.py, of subclasses of its classes (they inherit a setUp that patches), and every function they call.
     */
    private java.util.Set<String> reach(Patched p) {
        FileFacts by = p.by();
        if (reached == null) {
            reached = new ReachedFunctions(planner);
        }
        List<String> work = new ArrayList<>();
        if (p.onlyIn() != null) {
            work.add(p.onlyIn());
            by = null;
        }
        String folder = by == null ? null : by.path().endsWith("conftest.py")
                ? by.path().substring(0, by.path().length() - "conftest.py".length()) : null;
        for (FileFacts file : planner.index.files()) {
            if (file == by || folder != null && file.path().startsWith(folder)) {
                for (FunctionFact f : file.functions()) {
                    work.add(Planner.key(file, f.index()));
                }
            }
        }
        for (FileFacts.ClassFact c : by == null ? List.<FileFacts.ClassFact>of() : by.classes()) {
            methodsOfSubclasses(c.qualifiedName()).forEach(m -> work.add(m.key()));
        }
        return reached.from(work);
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

    private void classReplaced(String cls, String because) {
        for (String c : planner.resolver.linearization(cls)) {
            ClassRef ref = planner.index.cls(c);
            for (FunctionFact f : ref.file().functions()) {
                if (f.owner() == ref.fact().index()) {
                    planner.pin(Planner.key(ref.file(), f.index()), because);
                }
            }
        }
    }

    private void mockingLibrary(MockingLibrary lib) {
        List<String> folders = new ArrayList<>();
        List<FileFacts> using = new ArrayList<>();
        for (FileFacts file : planner.index.files()) {
            if (uses(file, lib)) {
                using.add(file);
                if (file.path().endsWith("conftest.py")) {
                    folders.add(file.path().substring(0, file.path().length() - "conftest.py".length()));
                }
            }
        }
        String reason = "its test file intercepts " + lib.mocked() + " with " + lib.module() + ", which would not "
                + "intercept the async client (" + lib.advice() + ")";
        for (FileFacts file : planner.index.files()) {
            boolean inScope = using.contains(file) || folders.stream().anyMatch(f -> file.path().startsWith(f)
                    && planner.catalog.knowledge().isTestFile(file.path()));
            if (!inScope) {
                continue;
            }
            for (FunctionFact f : file.functions()) {
                planner.pin(Planner.key(file, f.index()), reason);
            }
            // test cases elsewhere that inherit its setUp
            for (FileFacts.ClassFact c : file.classes()) {
                for (FunctionRef m : methodsOfSubclasses(c.qualifiedName())) {
                    planner.pin(m.key(), reason);
                }
            }
        }
    }

    private boolean uses(FileFacts file, MockingLibrary lib) {
        for (FileFacts.ImportFact i : file.imports()) {
            if (i.level() == 0 && (i.module().equals(lib.module()) || i.module().startsWith(lib.module() + "."))) {
                return true;
            }
        }
        if (lib.fixture() != null) {
            for (FunctionFact f : file.functions()) {
                if (f.params().stream().anyMatch(p -> p.name().equals(lib.fixture()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<FunctionRef> methodsOfSubclasses(String cls) {
        List<FunctionRef> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        List<String> work = new ArrayList<>(List.of(cls));
        while (!work.isEmpty()) {
            String c = work.remove(work.size() - 1);
            if (seen.contains(c)) {
                continue;
            }
            seen.add(c);
            for (ClassRef sub : planner.index.subclassesOf(c)) {
                if (sub == null) {
                    continue;
                }
                work.add(sub.fact().qualifiedName());
                for (FunctionFact f : sub.file().functions()) {
                    if (f.owner() == sub.fact().index()) {
                        out.add(new FunctionRef(sub.file(), f));
                    }
                }
            }
        }
        return out;
    }

    private static boolean imports(FileFacts file, String module, String name) {
        return file.imports().stream().anyMatch(i -> name.equals(i.name()) && module.endsWith(i.module()));
    }

    private static boolean hasKeyword(CallFact call, String keyword) {
        return keyword != null && call.arguments().stream().anyMatch(a -> keyword.equals(a.keyword()));
    }

    /** The value of a plain string literal (no f-string, no escapes that matter for dotted names), or null. */
    private static String literal(String text) {
        String t = text.strip();
        if (t.matches("(?s)[rRuU]?(\"[^\"\\\\{}]*\"|'[^'\\\\{}]*')")) {
            return t.substring(t.indexOf(t.charAt(t.length() - 1)) + 1, t.length() - 1);
        }
        return null;
    }
}
