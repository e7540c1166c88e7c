package dev.unblock.migrate.plan;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;

/**
 * A project object (or class) handed to code outside the project: passed to a library call
 * ({@code app.add_route("/x", Resource())}, {@code json.dumps(x, cls=Encoder)}) or stored in a library object's
 * attribute or item ({@code sys.stdout = Writer()}, {@code app.config["NOTIFIER"] = Notifier()}). The library may
 * call its public methods synchronously (falcon calls {@code on_get}, print() calls {@code write}), so they stay sync. Builtins that only read an object (len, str,
 * isinstance…) and logging do not call its methods; everything else is assumed to.
 */
final class HandedToOutsideCode {
    /** Outside callables that never call an argument's public methods (dunders stay sync anyway). */
    private static final Set<String> INERT = Set.of("builtins.isinstance", "builtins.issubclass", "builtins.len",
            "builtins.str", "builtins.repr", "builtins.id", "builtins.hash", "builtins.type", "builtins.bool",
            "builtins.int", "builtins.float", "builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset",
            "builtins.dict", "builtins.sorted", "builtins.reversed", "builtins.enumerate", "builtins.zip",
            "builtins.iter", "builtins.next", "builtins.min", "builtins.max", "builtins.sum", "builtins.any",
            "builtins.all", "builtins.getattr", "builtins.hasattr", "builtins.delattr",
            "builtins.vars", "builtins.dir", "builtins.super", "builtins.callable", "builtins.format",
            "builtins.object", "typing.cast", "copy.copy", "copy.deepcopy", "dataclasses.asdict",
            "dataclasses.astuple", "dataclasses.replace", "dataclasses.fields", "dataclasses.is_dataclass");
    /** Modules whose functions and objects only format or record what they are given. */
    private static final List<String> INERT_MODULES = List.of("logging.", "typing.", "warnings.", "weakref.",
            "unittest.mock.", "mock.", "unittest.TestCase.assert", "builtins.object.");
    /** Builtin containers and strings: their methods keep or format what they are given. */
    private static final Set<String> CONTAINERS = Set.of("builtins.dict", "builtins.list", "builtins.set",
            "builtins.tuple", "builtins.str", "builtins.frozenset", "collections.deque", "collections.OrderedDict",
            "collections.defaultdict", "queue.Queue");
    /** Container methods (list, set, dict, deque, queue) that keep an object for project code to take back. */
    private static final Set<String> KEEPERS = Set.of("append", "appendleft", "extend", "insert", "add", "put",
            "put_nowait", "setdefault", "remove", "discard", "index", "count", "update", "format", "__new__", "get", "pop");

    private final Planner planner;
    private final Set<String> pinned = new HashSet<>();
    private Set<String> classNames;

    HandedToOutsideCode(Planner planner) {
        this.planner = planner;
    }

    /** The project objects and classes a file hands to outside code. */
    void check(FileFacts file, String text) {
        for (CallFact call : file.calls()) {
            passed(file, call);
        }
        for (ReferenceFact r : file.references()) {
            stored(file, r, text);
        }
    }

    /** The project objects and classes a call passes to outside code. */
    private void passed(FileFacts file, CallFact call) {
        Value callee = planner.resolver.callee(file, call);
        if (outside(callee, call) && !inert(file, callee, call)) {
            for (FileFacts.Argument a : call.arguments()) {
                if (a.value() != null && !unnamedSelf(file, call.function(), a.value())) {
                    String cls = projectClass(planner.resolver.resolve(file, call.function(), a.value()));
                    if (cls != null) {
                        pin(cls, "an object of " + simpleName(cls) + " (or the class) is handed to " + call.callee() + " at "
                                + file.path() + ":" + call.line() + ", code outside the project that may call its methods "
                                + "without `await`");
                    }
                }
            }
        }
    }

    /**
     * {@code sys.stdout = Writer()} or {@code sys.stdout = writer}: a reference to an outside object's attribute that
     * is assigned a project object or class.
     */
    private void stored(FileFacts file, ReferenceFact r, String text) {
        List<Chain.Step> steps = r.chain().steps();
        if (text == null || r.chain().isOpaque()) {
            return;
        }
        int at = skipSpaces(text, r.end());
        boolean subscript = at < text.length() && text.charAt(at) == '[';
        if (subscript) {
            // `app.config["X"] = Obj()`: an item of a library object
            at = skipSpaces(text, closingBracket(text, at) + 1);
        } else if (r.trailing() || steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Attr)) {
            return;
        }
        if (at >= text.length() || text.charAt(at) != '=' || at + 1 < text.length() && text.charAt(at + 1) == '=') {
            return;
        }
        if (subscript ? !libraryPrefix(file, r) : !outsideObject(planner.resolver.resolve(file, r.function(), r.chain(),
                steps.size() - 1))) {
            return;
        }
        int value = skipSpaces(text, at + 1);
        String cls = null;
        for (CallFact c : file.calls()) {
            if (c.primaryStart() == value && !c.trailing() && planner.resolver.callee(file, c) instanceof Resolver.ClassValue v) {
                cls = v.ref().fact().qualifiedName();
            }
        }
        for (ReferenceFact v : file.references()) {
            if (v.start() == value && !v.trailing()) {
                cls = projectClass(planner.resolver.reference(file, v));
            }
        }
        if (cls != null) {
            pin(cls, "an object of " + simpleName(cls) + " (or the class) is stored in " + r.chain() + " at " + file.path()
                    + ":" + r.line() + ", where code outside the project may call its methods without `await`");
        }
    }

    /** A library module or a library object, not a container that only keeps what it is given. */
    private boolean outsideObject(Value v) {
        return v instanceof Qualified q && planner.index.module(q.name()) == null && !q.name().startsWith("builtins.")
                || v instanceof Instance i && planner.index.cls(i.type()) == null && !CONTAINERS.contains(i.type());
    }

    /** Whether the chain, or a part of it from its start, is a library object ({@code app} of {@code app.config}). */
    private boolean libraryPrefix(FileFacts file, ReferenceFact r) {
        for (int i = 0; i <= r.chain().steps().size(); i++) {
            if (outsideObject(planner.resolver.resolve(file, r.function(), r.chain(), i))) {
                return true;
            }
        }
        return false;
    }

    /** The index of the bracket closing the one at {@code open} (or the text's end). */
    private static int closingBracket(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '(' || c == '{') {
                depth++;
            } else if ((c == ']' || c == ')' || c == '}') && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    /**
     * A callee that may be outside code: a library name, a library object or its method, or one the engine cannot
     * resolve ({@code app.add_route} on an app no rule describes), unless it is a container's method that only keeps
     * what it is given.
     */
    private boolean outside(Value callee, CallFact call) {
        String name = call.callee().steps().isEmpty() ? call.callee().root() : call.callee().lastName();
        if (callee instanceof Resolver.Unknown) {
            // a method of that name in the project is what the engine takes such a call to reach (see UB007)
            return name == null || !KEEPERS.contains(name) && !name.startsWith("assert")
                    && planner.index.methodsNamed(name).isEmpty() && !classNames().contains(name);
        }
        // a project class the resolver did not find (a nested class, an import from another source root)
        return callee instanceof Qualified q && planner.index.module(q.name()) == null && !classNames().contains(name)
                || callee instanceof Resolver.CatalogMethod
                || callee instanceof Instance i && planner.index.cls(i.type()) == null;
    }

    /** The names of the project's classes, once asked. */
    private Set<String> classNames() {
        if (classNames == null) {
            classNames = new HashSet<>();
            for (FileFacts file : planner.index.files()) {
                for (FileFacts.ClassFact c : file.classes()) {
                    classNames.add(c.name());
                }
            }
        }
        return classNames;
    }

    private static int skipSpaces(String text, int at) {
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
        return at;
    }

    /**
     * Whether a call only reads or keeps what it is given. print() formats its positional arguments, but given
     * {@code file=} it calls that object's write; setattr() stores into its first argument, which is outside code
     * unless it is a project object or class ({@code setattr(sys, "stdout", Writer())} is {@code sys.stdout = ...}).
     */
    private boolean inert(FileFacts file, Value callee, CallFact call) {
        if (callee instanceof Resolver.CatalogMethod m && CONTAINERS.contains(m.type())) {
            return true;
        }
        if (!(callee instanceof Qualified q)) {
            return false;
        }
        int dot = q.name().lastIndexOf('.');
        if (dot > 0 && CONTAINERS.contains(q.name().substring(0, dot))) {
            return true;
        }
        if (q.name().equals("builtins.print")) {
            return call.arguments().stream().noneMatch(a -> "file".equals(a.keyword()) || a.star());
        }
        if (q.name().equals("builtins.setattr")) {
            Chain holder = call.arguments().isEmpty() ? null : call.arguments().get(0).value();
            Value v = holder == null ? Resolver.UNKNOWN : planner.resolver.resolve(file, call.function(), holder);
            return v instanceof Resolver.ClassValue || v instanceof Instance i && planner.index.cls(i.type()) != null;
        }
        return INERT.contains(q.name()) || INERT_MODULES.stream().anyMatch(q.name()::startsWith);
    }

    /**
     * The project class of an object or class value, when no library base describes how outside code uses it: one
     * with a base the rules know (a Django model, a Thread) is governed by them, one with another library base has
     * its methods pinned already (see BaseClassCallers).
     */
    private String projectClass(Value v) {
        String cls = v instanceof Resolver.ClassValue c ? c.ref().fact().qualifiedName()
                : v instanceof Instance i && planner.index.cls(i.type()) != null ? i.type() : null;
        if (cls == null) {
            return null;
        }
        for (String base : planner.resolver.externalBases(cls)) {
            if (!base.equals("builtins.object") && !base.equals("object")) {
                return null;
            }
        }
        return cls;
    }

    /**
     * Whether an argument is the first parameter of a method that is not named self: the engine takes it for the
     * object, but a method without {@code self} ({@code def add(url)}, called on the class) is a static one.
     */
    private static boolean unnamedSelf(FileFacts file, int function, Chain value) {
        if (function < 0 || !value.steps().isEmpty()) {
            return false;
        }
        FunctionFact f = file.functions().get(function);
        return f.owner() >= 0 && !f.params().isEmpty() && f.params().get(0).name().equals(value.root())
                && !value.root().equals("self") && !value.root().equals("cls");
    }

    private static String simpleName(String cls) {
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    /** The public methods of the class and its project ancestors (overrides follow the overridden method). */
    private void pin(String cls, String reason) {
        if (!pinned.add(cls)) {
            return;
        }
        for (String c : planner.resolver.linearization(cls)) {
            ClassRef ref = planner.index.cls(c);
            if (ref == null) {
                continue;
            }
            for (FunctionFact f : ref.file().functions()) {
                if (f.owner() == ref.fact().index() && !f.name().startsWith("_")) {
                    planner.pin(Planner.key(ref.file(), f.index()), reason);
                }
            }
        }
    }
}
