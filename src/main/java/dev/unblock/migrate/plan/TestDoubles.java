package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.List;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
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
import dev.unblock.migrate.plan.PatchTargets.Patched;

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
        this.moves = new PatchMoves(planner, this);
    }

    /** What functions reach (resolved calls only; untyped receivers are pinned elsewhere). */
    private ReachedFunctions reached;

    /** Names spelled only by patch targets this class understands ({@code "pkg.mod.fetch"} → fetch). */
    private final java.util.Set<String> explained = new java.util.HashSet<>();
    private final List<Patched> patches = new ArrayList<>();
    /** Patches of library calls that follow the calls they intercept. */
    private final PatchMoves moves;

    /**
     * Before the boundaries: the patches in the project. A name that string literals spell only as the target of
     * such a patch is not looked up by name anywhere else: the patch's own effect is handled by {@link #pin()}.
     */
    void prepare() {
        java.util.Map<String, Integer> spelled = new java.util.HashMap<>();
        for (Patched patched : new PatchTargets(planner).find()) {
            patches.add(patched);
            String[] parts = patched.written().split("\\.");
            spelled.merge(parts[parts.length - 1], 1, Integer::sum);
        }
        // a match spells the name: most files do not, and one pass over each text rules them out for every name
        java.util.Map<String, List<String>> candidates = LiteralSpellings.textsWithWords(spelled.keySet(),
                planner.texts.values());
        for (java.util.Map.Entry<String, Integer> e : spelled.entrySet()) {
            // any string literal spelling the name, but subscripts and dict keys (["rank"], {"rank": 1})
            java.util.regex.Pattern literal = java.util.regex.Pattern.compile("(?<![\\w\\[])[rRuU]?([\"'])(?:[^\"'\\n]*[.:])?"
                    + java.util.regex.Pattern.quote(e.getKey()) + "\\1(?!\\s*[\\]:])");
            int all = 0;
            for (String text : candidates.get(e.getKey())) {
                all += LiteralSpellings.count(literal, e.getKey(), text, e.getValue() - all);
                if (all > e.getValue()) {
                    break; // spelled elsewhere too: the rest of the texts cannot change that
                }
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

    /** In each planning round: see {@link PatchMoves#checkMoves}. */
    void checkMoves(java.util.Set<String> asyncSet) {
        moves.checkMoves(asyncSet);
    }

    /** After planning: see {@link PatchMoves#followMoves}. */
    void followMoves() {
        moves.followMoves();
    }

    private void keepSync(Patched p) {
        String because = p.where() + " patches `" + p.written() + "`";
        if (p.module() == null) {
            if (!moves.follows(p, p.written(), because)) {
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
            if (p.rest().length == 1 || !moves.follows(p, q.name(), because)) {
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
     * The project's calls of a library name (or of what lies under it) stay sync where the patch is in force: in the
     * code the patching file's functions reach (in one module, when the patch replaces that module's name only).
     */
    void library(String name, FileFacts only, java.util.Set<String> reach, String because) {
        for (LibraryCall site : libraryCallsOf(name)) {
            FileFacts file = site.file();
            CallFact call = site.call();
            CallTarget t = site.target();
            if (only != null && file != only || !reach.contains(Planner.key(file, call.function()))) {
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

    /** A call in a function that the catalog describes, with the library name it calls; order: the project's. */
    private record LibraryCall(int order, FileFacts file, CallFact call, CallTarget target) {
    }

    /**
     * The project's calls, in functions, of library functions and client methods (what patches may intercept), by
     * the name they call; sorted, so the names under a patched one ({@code requests.} under {@code requests}) are
     * one range. A project with many patches would otherwise read all its calls for each.
     */
    private java.util.NavigableMap<String, List<LibraryCall>> libraryCalls;

    /** The calls of a name, of a name under it, or of a name it lies under, in the project's order. */
    private List<LibraryCall> libraryCallsOf(String name) {
        if (libraryCalls == null) {
            libraryCalls = libraryCalls();
        }
        List<LibraryCall> out = new ArrayList<>(libraryCalls.getOrDefault(name, List.of()));
        // '/' follows '.': the range holds exactly the names starting with name + "."
        libraryCalls.subMap(name + ".", true, name + "/", false).values().forEach(out::addAll);
        for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
            out.addAll(libraryCalls.getOrDefault(name.substring(0, dot), List.of()));
        }
        out.sort(java.util.Comparator.comparingInt(LibraryCall::order));
        return out;
    }

    private java.util.NavigableMap<String, List<LibraryCall>> libraryCalls() {
        java.util.NavigableMap<String, List<LibraryCall>> out = new java.util.TreeMap<>();
        int order = 0;
        for (Planner.CatalogCall c : planner.catalogCalls()) {
            CallTarget t = c.target();
            String called = t.callee() instanceof Qualified q ? q.name()
                    : t.callee() instanceof CatalogMethod m ? m.type() + "." + m.method() : null;
            if (called != null) {
                out.computeIfAbsent(called, k -> new ArrayList<>()).add(new LibraryCall(order++, c.file(), c.call(), t));
            }
        }
        return out;
    }

    /**
     * The functions a patch may be in force for: those of the patching file, of the test files under a patching
     * conftest.py, of subclasses of its classes (they inherit a setUp that patches), and every function they call.
     */
    java.util.Set<String> reach(Patched p) {
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
}
