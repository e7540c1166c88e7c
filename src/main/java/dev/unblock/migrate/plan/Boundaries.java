package dev.unblock.migrate.plan;

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
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Function;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Knowledge;

/**
 * Where async must not spread, because something calls a function synchronously that the engine cannot make
 * await: library base classes, decorators, test runners and other outside callers (rule knowledge), names
 * spelled in strings, classes and functions used as values, calls in lambdas, generator expressions and at
 * import time. Also finds the entry points that keep a sync signature. Pins go to the planner.
 */
final class Boundaries {
    private final Planner planner;
    /** The prefixes that strings spell ({@code "on_*"} without its star), once every file is classified. */
    private Set<String> starPrefixes;
    /** Published packages that are web applications, once asked. */
    private Set<String> applications;
    /** Functions a star import may bind under a name the engine cannot resolve (see hiddenByStarImports). */
    private Map<String, String> hiddenByStar;
    private final HandedToOutsideCode handedOn;

    Boundaries(Planner planner) {
        this.planner = planner;
        this.handedOn = new HandedToOutsideCode(planner);
    }

    /**
     * Entry points: declared ones (installed scripts call them) and planner.functions called under the main guard. One
     * that project code also calls from a function cannot be bridged: a declared one is pinned, a main-guard one
     * is run with asyncio.run where the guard calls it.
     */
    void findEntryPoints() {
        for (FunctionRef f : planner.functions.values()) {
            boolean topLevel = f.fact().owner() < 0 && f.fact().parent() < 0;
            String q = f.fact().qualifiedName();
            boolean declared = !planner.declaredEntryPoints.isEmpty() && (planner.declaredEntryPoints.contains(q)
                    || planner.declaredEntryPoints.stream().anyMatch(e -> q.endsWith("." + e) || e.endsWith("." + q)));
            boolean fromGuard = false;
            boolean fromCode = false;
            for (Planner.Site site : planner.callers.getOrDefault(f.key(), List.of())) {
                if (site.call().context() == Context.MAIN_GUARD) {
                    fromGuard = true;
                } else {
                    fromCode = true;
                }
            }
            if (declared && (fromCode || !topLevel)) {
                planner.pin(f.key(), "it is a declared entry point (an installed script calls it synchronously)"
                        + (topLevel ? " and project code calls it too" : ""));
            } else if ((declared || fromGuard) && topLevel && !fromCode) {
                planner.bridgeable.add(f.key());
            }
        }
    }

    /**
     * A public function or method (of a public class) in a package the project publishes: code outside the project
     * imports and calls it synchronously, and would receive a coroutine.
     */
    private String publicApi(FileFacts file, FunctionFact f) {
        String metadata = planner.published.publisher(file.module());
        if (metadata != null && applications().contains(topPackage(file))) {
            return null;
        }
        // an entry point that becomes async keeps its sync signature in a wrapper: its callers still work
        if (metadata == null || planner.bridgeable.contains(f.key()) || !moduleLevel(file, f)
                || !f.qualifiedName().startsWith(file.module() + ".")) {
            return null;
        }
        for (String part : f.qualifiedName().substring(file.module().length() + 1).split("\\.")) {
            if (PublishedPackages.isPrivate(part) || part.startsWith("<")) {
                return null;
            }
        }
        return "it is public API of " + topPackage(file) + " (published by " + metadata
                + "), which code outside the project calls synchronously (`public_api: migrate` lets it become async)";
    }

    /**
     * The published packages that make a web application somewhere in their code (they are apps): at module level
     * or in a function ({@code create_app()}). One made in a method is a library's helper that serves a web app for
     * its users (pyTelegramBotAPI's webhook listener makes {@code self.app = fastapi.FastAPI()}), and its package stays
     * a library whose API outside code calls.
     */
    private Set<String> applications() {
        if (applications == null) {
            applications = new HashSet<>();
            Knowledge knowledge = planner.catalog.knowledge();
            for (FileFacts file : planner.index.files()) {
                if (planner.published.publisher(file.module()) == null) {
                    continue;
                }
                for (CallFact call : file.calls()) {
                    if (!inMethod(file, call.function()) && planner.resolver.callee(file, call) instanceof Qualified q
                            && knowledge.isApplicationObject(q.name())) {
                        applications.add(topPackage(file));
                        break;
                    }
                }
            }
        }
        return applications;
    }

    /** Whether a function (by index, -1 for none) is a method or defined inside one. */
    private static boolean inMethod(FileFacts file, int function) {
        for (int f = function; f >= 0; f = file.functions().get(f).parent()) {
            if (file.functions().get(f).owner() >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A function calling what needs a sync caller chain (rule knowledge), and every function that calls it (directly
     * or not), stays sync: a signal alarm's handler raises into the code running when it fires (huey's {@code with
     * process_timeout(0.15): time.sleep(2)}), in async code the event loop; {@code asyncio.run} raises inside a
     * running loop, so a sync helper that runs one cannot be reached from async code.
     */
    private void pinSyncCallerChains(FileFacts file) {
        Knowledge knowledge = planner.catalog.knowledge();
        for (CallFact call : file.calls()) {
            if (call.function() < 0 || file.functions().get(call.function()).isAsync()) {
                continue;
            }
            String what = planner.knownCall(file, call, knowledge::syncCallerChain);
            if (what == null) {
                continue;
            }
            String armer = Planner.key(file, call.function());
            String why = "`" + call.callee() + "` at " + file.path() + ":" + call.line() + ", which " + what;
            planner.pin(armer, "it calls " + why);
            java.util.Deque<String> work = new java.util.ArrayDeque<>(List.of(armer));
            Set<String> seen = new HashSet<>(work);
            while (!work.isEmpty()) {
                String k = work.pop();
                for (Planner.Site site : planner.callers.getOrDefault(k, List.of())) {
                    String caller = site.call().function() >= 0 ? Planner.key(site.file(), site.call().function()) : null;
                    if (caller != null && seen.add(caller)) {
                        planner.pin(caller, "it calls " + file.functions().get(call.function()).qualifiedName()
                                + ", which calls " + why);
                        work.push(caller);
                    }
                }
            }
        }
    }

    /** See {@link dev.unblock.analysis.ProjectIndex#hiddenByStarImports()}; asked once. */
    private Map<String, String> hiddenByStarImports() {
        if (hiddenByStar == null) {
            hiddenByStar = planner.index.hiddenByStarImports();
        }
        return hiddenByStar;
    }

    /**
     * A project context manager made where it is not the manager of a {@code with} item and the object leaves the
     * engine's sight ({@code stack.enter_context(Lock())}, returned, stored in an attribute, passed on): code the
     * engine cannot follow may enter it synchronously, so its {@code __enter__} (and with it {@code __exit__}) cannot
     * become {@code __aenter__}. A local that only has its methods called, or is entered by a {@code with} of the
     * same function, is followed.
     */
    private void contextManagerOutsideWith(FileFacts file, CallFact call) {
        if (call.use() == Use.WITH_ITEM || !(planner.resolver.callee(file, call) instanceof Resolver.ClassValue c)) {
            return;
        }
        FunctionRef enter = planner.resolver.method(c.ref().fact().qualifiedName(), "__enter__");
        if (enter != null && !enter.fact().isAsync() && escapes(file, call)) {
            planner.pin(enter.key(), "its class " + c.ref().fact().name() + " is made at " + file.path() + ":" + call.line()
                    + " outside a `with` statement, and the object goes where it may be entered synchronously");
        }
    }

    /**
     * {@code web.application(urls, globals())}: code outside the project gets the module's namespace and may look up
     * and call any function or class method in it (web.py calls a handler class's {@code GET} by name), without
     * {@code await}.
     */
    private void namespaceHandedOn(FileFacts file, CallFact call, CallTarget t) {
        if (t != null && t.function() != null) {
            return;
        }
        for (FileFacts.Argument a : call.arguments()) {
            Chain v = a.value();
            if (v != null && (v.root().equals("globals") || v.root().equals("vars") || v.root().equals("locals"))
                    && v.steps().size() == 1 && v.steps().get(0) instanceof Chain.Call) {
                String reason = "its module's " + v.root() + "() is handed to " + call.callee() + " at " + file.path()
                        + ":" + call.line() + ", which may look up and call anything in it without `await`";
                for (FunctionFact f : file.functions()) {
                    if (moduleLevel(file, f)) {
                        planner.pin(f.key(), reason);
                    }
                }
                return;
            }
        }
    }

    private static String topPackage(FileFacts file) {
        int dot = file.module().indexOf('.');
        return dot < 0 ? file.module() : file.module().substring(0, dot);
    }

    /** A function of the module or a method of a class of the module (not one defined inside a function). */
    private static boolean moduleLevel(FileFacts file, FunctionFact f) {
        return f.parent() < 0 && (f.owner() < 0 || file.classes().get(f.owner()).parentFunction() < 0);
    }

    /** {@code c.__enter__()} called by name: that call cannot become {@code __aenter__}, so the pair stays. */
    private void explicitDunderCall(FileFacts file, CallFact call, CallTarget t) {
        String name = call.callee().lastName();
        if (t != null && t.function() != null && ("__enter__".equals(name) || "__exit__".equals(name))) {
            planner.pin(t.function().key(), "it is called by name at " + file.path() + ":" + call.line() + " (`"
                    + call.callee() + "()`), a call that cannot become `" + (name.equals("__enter__") ? "__aenter__" : "__aexit__")
                    + "`");
        }
    }

    /** Whether the object a call makes is used other than by calling its methods or in a `with` of its function. */
    private static boolean escapes(FileFacts file, CallFact call) {
        String name = call.assignedTo();
        if (name == null || name.contains(".") || call.function() < 0) {
            return true;
        }
        for (ReferenceFact r : file.references()) {
            if (r.function() == call.function() && !r.trailing() && r.chain().steps().isEmpty() && !r.bindsValueOf(call)
                    && r.chain().root().equals(name) && file.withItems().stream().noneMatch(w -> w.function() == r.function()
                    && w.line() == r.line() && w.manager().steps().isEmpty() && w.manager().root().equals(name))) {
                return true;
            }
        }
        return false;
    }

    void pinBoundaries() {
        Knowledge knowledge = planner.catalog.knowledge();
        for (FileFacts file : planner.index.files()) {
            boolean included = planner.paths.matches(file.path());
            Set<String> redefined = redefined(file);
            for (FunctionFact f : file.functions()) {
                String k = Planner.key(file, f.index());
                if (!included) {
                    planner.pin(k, "its file is excluded by the config's paths");
                    continue;
                }
                if (f.isAsync()) {
                    // how it is called (a decorator, a name in a string, a library base) matters only to a function
                    // that would become async: this one hands its callers a coroutine today
                    continue;
                }
                String reason = redefined.contains(f.qualifiedName())
                        ? "it is defined more than once in the same scope (`@overload` signatures, or a definition "
                        + "that replaces another), and a call may reach a definition that stays synchronous"
                        : knowledge.externalCaller(file.path(), f.name());
                if (reason == null) {
                    reason = planner.runnerCalls.reason(file, f);
                }
                if (reason == null) {
                    reason = definitionBoundary(file, f);
                }
                if (reason == null && f.owner() < 0 && f.parent() < 0 && planner.nameStrings.contains(file.module() + ".*")) {
                    reason = "a string names its module followed by a computed name (`\"" + file.module() + ".{...}\"`), "
                            + "so it may be looked up by name (a task queue's dotted name) and called without `await`";
                }
                if (reason == null && namedInString(f.name()) && !planner.testDoubles.explains(f.name())) {
                    reason = "its name is spelled in a string, so it may be looked up by name (getattr, a callback "
                            + "given by name) and called without `await`";
                }
                if (reason == null && f.owner() >= 0) {
                    reason = planner.baseCallers.reason(file, f);
                }
                if (reason == null) {
                    reason = publicApi(file, f);
                }
                if (reason == null && f.owner() < 0 && hiddenByStarImports().containsKey(f.qualifiedName())) {
                    reason = "`import *` in " + hiddenByStarImports().get(f.qualifiedName()) + " may bind it under a "
                            + "name the engine cannot resolve (an `__all__` built at run time), and calls there would "
                            + "not await it";
                }
                if (reason != null) {
                    planner.pin(k, reason);
                }
            }
            for (FileFacts.ClassFact c : file.classes()) {
                registeredClass(file, c);
            }
            pinSyncCallerChains(file);
            for (CallFact call : file.calls()) {
                dynamicLookup(file, call);
            }
            for (ReferenceFact r : file.references()) {
                Value v = r.trailing() ? null : planner.resolver.reference(file, r);
                if (v instanceof Function f && !f.ref().fact().isAsync()) {
                    planner.pin(f.ref().key(), () -> "it is used as a value (not called) at " + file.path() + ":"
                            + r.line() + ", e.g. passed as a callback, which cannot await it");
                } else if (v instanceof Resolver.ClassValue c && constructs(file, r)) {
                    FunctionRef init = planner.resolver.method(c.ref().fact().qualifiedName(), "__init__");
                    if (init != null) {
                        planner.pin(init.key(), "its class " + c.ref().fact().name() + " is used as a value at " + file.path()
                                + ":" + r.line() + ", where objects may be made from it without `await`");
                    }
                }
            }
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t != null && t.spec() != null && t.spec().kind() == Kind.SYNC_ONLY && call.function() >= 0) {
                    planner.pin(Planner.key(file, call.function()), "it calls " + call.callee() + " at "
                            + file.path() + ":" + call.line() + ", which " + t.spec().explanation());
                }
                contextManagerOutsideWith(file, call);
                explicitDunderCall(file, call, t);
                namespaceHandedOn(file, call, t);
                if (t == null || t.function() == null) {
                    continue;
                }
                String reason = switch (call.context()) {
                    case FUNCTION -> null;
                    case MAIN_GUARD -> call.use() == Use.STATEMENT || call.assignedTo() != null
                            || planner.bridgeable.contains(t.function().key()) ? null
                            : "it is called inside an expression under `if __name__ == \"__main__\"`";
                    case LAMBDA -> "it is called inside a lambda at " + file.path() + ":" + call.line();
                    case GENERATOR_EXPRESSION -> "it is called inside a generator expression at " + file.path() + ":"
                            + call.line();
                    case IMPORT_TIME -> "it is called at import time at " + file.path() + ":" + call.line();
                    case DEFINITION_TIME -> "it is called in a decorator or default value at " + file.path() + ":"
                            + call.line();
                };
                if (reason != null && !t.function().fact().isAsync()) {
                    planner.pin(t.function().key(), reason);
                }
            }
        }
        // after the rest, so a method pinned for a reason of its own keeps that reason
        for (FileFacts file : planner.index.files()) {
            if (planner.paths.matches(file.path())) {
                handedOn.check(file, planner.texts.get(file.path()));
            }
        }
    }

    /**
     * Whether a class named as a value may be called to make objects: not when it is a base or annotation
     * (definition time) or the class argument of isinstance/issubclass.
     */
    private boolean constructs(FileFacts file, ReferenceFact r) {
        if (r.context() == Context.DEFINITION_TIME) {
            return false;
        }
        if (r.isCallArgument()) {
            for (CallFact c : file.calls()) {
                if (c.function() == r.function() && c.openParen() < r.start() && r.end() <= c.callEnd()
                        && c.callee().steps().isEmpty()
                        && Set.of("isinstance", "issubclass").contains(c.callee().root())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether a string spells the name: the whole name, a prefix recorded as {@code "on_*"}, or a string ending in
     * {@code _} that the name extends. The name's own prefixes are looked up (not every string compared with it).
     */
    private boolean namedInString(String name) {
        Set<String> strings = planner.nameStrings;
        if (strings.contains(name)) {
            return true;
        }
        if (starPrefixes == null) {
            starPrefixes = new HashSet<>();
            for (String s : strings) {
                if (s.endsWith("*")) {
                    starPrefixes.add(s.substring(0, s.length() - 1));
                }
            }
        }
        for (int i = 0; i <= name.length(); i++) {
            String prefix = name.substring(0, i);
            if (starPrefixes.contains(prefix)
                    || i < name.length() && prefix.endsWith("_") && strings.contains(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Why a definition cannot become async by its nature or its decorators, or null. */
    /**
     * The functions of a file defined more than once in one scope: {@code @overload} signatures before their
     * implementation, or a def that replaces another. The engine resolves a name to its first definition, so a call
     * reaching the implementation looks like a call of a signature: converting one of them alone leaves calls
     * un-awaited (python3-openqa-client's do_request).
     */
    private static Set<String> redefined(FileFacts file) {
        Set<String> seen = new java.util.HashSet<>();
        Set<String> twice = new java.util.HashSet<>();
        for (FunctionFact f : file.functions()) {
            if (!seen.add(f.qualifiedName())) {
                twice.add(f.qualifiedName());
            }
        }
        return twice;
    }

    private String definitionBoundary(FileFacts file, FunctionFact f) {
        String name = f.name();
        if (name.startsWith("__") && name.endsWith("__") && !name.equals("__init__") && !name.equals("__enter__")
                && !name.equals("__exit__")) {
            return "Python calls " + name + " synchronously";
        }
        for (int i = 0; i < f.decoratorTexts().size(); i++) {
            String d = f.decoratorTexts().get(i);
            String plain = d.contains("(") ? d.substring(0, d.indexOf('(')) : d;
            if (plain.equals("property") || plain.endsWith(".setter") || plain.endsWith(".getter")
                    || plain.endsWith(".deleter") || plain.endsWith("cached_property")) {
                return "a property cannot be awaited (@" + plain + ")";
            }
            if (!planner.catalog.knowledge().isAsyncSafeDecorator(decoratorName(file, f, f.decorators().get(i)))) {
                return "its decorator @" + plain + " may call it synchronously or hand it to code that does";
            }
        }
        return null;
    }

    /** What a decorator is, as a qualified name ({@code fastapi.FastAPI.get}, {@code builtins.staticmethod}), or null. */
    private String decoratorName(FileFacts file, FunctionFact f, Chain decorator) {
        List<Chain.Step> steps = decorator.steps();
        Chain named = !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Call
                ? decorator.prefix(steps.size() - 1) : decorator;
        if (named.isOpaque() || !named.isDotted()) {
            return null;
        }
        if (named.steps().isEmpty()) {
            return planner.resolver.resolve(file, f.parent(), named) instanceof Qualified q ? q.name() : null;
        }
        String last = ((Chain.Attr) named.steps().get(named.steps().size() - 1)).name();
        Value receiver = planner.resolver.resolve(file, f.parent(), named, named.steps().size() - 1);
        if (receiver instanceof Instance i && planner.index.cls(i.type()) == null) {
            return i.type() + "." + last;
        }
        if (receiver instanceof Qualified q) {
            return q.name() + "." + last;
        }
        return null;
    }

    /** Class decorators that hand back the class unchanged and never construct it. */
    private static final Set<String> INERT_CLASS_DECORATORS = Set.of("dataclass", "dataclasses.dataclass",
            "total_ordering", "functools.total_ordering", "final", "typing.final", "unique", "enum.unique");

    /**
     * A class with a decorator that is not known to leave it alone ({@code @register("user")}) may be kept in a
     * registry and constructed from there without {@code await}: its constructor stays sync.
     */
    private void registeredClass(FileFacts file, FileFacts.ClassFact c) {
        for (String d : c.decoratorTexts()) {
            String plain = d.contains("(") ? d.substring(0, d.indexOf('(')) : d;
            if (!INERT_CLASS_DECORATORS.contains(plain)) {
                FunctionRef init = planner.resolver.method(c.qualifiedName(), "__init__");
                if (init != null) {
                    planner.pin(init.key(), "its class " + c.name() + " has the decorator @" + plain
                            + ", which may register it and construct it without `await`");
                }
                return;
            }
        }
    }

    /**
     * {@code getattr(obj, name)} with a computed name: any method of obj's class (and subclasses) may be called
     * through it without {@code await}. Literal names and prefixes are handled as strings (see FactsExtractor).
     */
    private void dynamicLookup(FileFacts file, CallFact call) {
        if (!call.callee().steps().isEmpty() || !call.callee().root().equals("getattr") || call.arguments().size() < 2
                || !(planner.resolver.callee(file, call) instanceof Qualified q)
                || !q.name().equals("builtins.getattr")) {
            return;
        }
        FileFacts.Argument name = call.arguments().get(1);
        String text = planner.texts.get(file.path());
        if (text == null || name.keyword() != null || name.star()) {
            return;
        }
        String literal = text.substring(name.start(), name.end()).strip();
        if (literal.matches("[rRuU]?(\"[^\"{%]*\"|'[^'{%]*')")) {
            return;
        }
        FileFacts.Argument target = call.arguments().get(0);
        Value v = target.value() == null ? Resolver.UNKNOWN : planner.resolver.resolve(file, call.function(), target.value());
        String cls = v instanceof Instance i && planner.index.cls(i.type()) != null ? i.type()
                : v instanceof Resolver.ClassValue c ? c.ref().fact().qualifiedName() : null;
        if (cls == null) {
            return;
        }
        String reason = "getattr(...) at " + file.path() + ":" + call.line()
                + " looks up a computed name on its class, and would call it without `await`";
        pinMethods(cls, reason);
    }

    /**
     * Classes whose methods, with those of their ancestors and subclasses, are pinned already; and classes whose
     * own methods are. A pin keeps its first reason, so doing a class again would change nothing (a project with
     * many {@code getattr} calls on one family did it once per call).
     */
    private final Set<String> familiesPinned = new java.util.HashSet<>();
    private final Set<String> methodsPinned = new java.util.HashSet<>();

    private void pinMethods(String cls, String reason) {
        if (!familiesPinned.add(cls)) {
            return;
        }
        for (String c : planner.resolver.linearization(cls)) {
            if (!methodsPinned.add(c)) {
                continue;
            }
            dev.unblock.analysis.ProjectIndex.ClassRef ref = planner.index.cls(c);
            for (FunctionFact f : ref.file().functions()) {
                if (f.owner() == ref.fact().index()) {
                    planner.pin(Planner.key(ref.file(), f.index()), reason);
                }
            }
        }
        for (dev.unblock.analysis.ProjectIndex.ClassRef sub : planner.index.subclassesOf(cls)) {
            if (sub != null) {
                pinMethods(sub.fact().qualifiedName(), reason);
            }
        }
    }
}
