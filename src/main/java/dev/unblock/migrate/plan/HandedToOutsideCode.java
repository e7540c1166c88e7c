package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
import dev.unblock.migrate.catalog.HandOffs;

/**
 * A project object (or class) handed to code outside the project: passed to a library call
 * ({@code app.add_route("/x", Resource())}, {@code json.dumps(x, cls=Encoder)}) or stored in a library object's
 * attribute or item ({@code sys.stdout = Writer()}, {@code app.config["NOTIFIER"] = Notifier()}). The library may
 * call its public methods synchronously (falcon calls {@code on_get}, print() calls {@code write}), so they stay
 * sync. What only reads, formats or keeps an object (len, isinstance, logging, a list's append) is the rules'
 * knowledge ({@link HandOffs}); everything else outside the project is assumed to call its methods.
 */
final class HandedToOutsideCode {
    private final Planner planner;
    private final HandOffs handOffs;
    private final Set<String> pinned = new HashSet<>();
    private Set<String> classNames;

    HandedToOutsideCode(Planner planner) {
        this.planner = planner;
        this.handOffs = planner.catalog.knowledge().handOffs();
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
        for (CallFact c : startingAt(file).calls().getOrDefault(value, List.of())) {
            if (planner.resolver.callee(file, c) instanceof Resolver.ClassValue v) {
                cls = v.ref().fact().qualifiedName();
            }
        }
        for (ReferenceFact v : startingAt(file).references().getOrDefault(value, List.of())) {
            cls = projectClass(planner.resolver.reference(file, v));
        }
        if (cls != null) {
            pin(cls, "an object of " + simpleName(cls) + " (or the class) is stored in " + r.chain() + " at " + file.path()
                    + ":" + r.line() + ", where code outside the project may call its methods without `await`");
        }
    }

    /** The whole calls and references (not the start of a longer chain) of one file, by where they start. */
    private record Starts(FileFacts file, Map<Integer, List<CallFact>> calls, Map<Integer, List<ReferenceFact>> references) {
    }

    private Starts starts;

    /** Made for a file when its first store into a library object needs them, in source order. */
    private Starts startingAt(FileFacts file) {
        if (starts == null || starts.file() != file) {
            Map<Integer, List<CallFact>> calls = new HashMap<>();
            for (CallFact c : file.calls()) {
                if (!c.trailing()) {
                    calls.computeIfAbsent(c.primaryStart(), k -> new ArrayList<>()).add(c);
                }
            }
            Map<Integer, List<ReferenceFact>> references = new HashMap<>();
            for (ReferenceFact r : file.references()) {
                if (!r.trailing()) {
                    references.computeIfAbsent(r.start(), k -> new ArrayList<>()).add(r);
                }
            }
            starts = new Starts(file, calls, references);
        }
        return starts;
    }

    /** A library module or a library object, not a container that only keeps what it is given. */
    private boolean outsideObject(Value v) {
        return v instanceof Qualified q && planner.index.module(q.name()) == null && !q.name().startsWith("builtins.")
                || v instanceof Instance i && planner.index.cls(i.type()) == null && !handOffs.isContainer(i.type());
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
            return name == null || !handOffs.isKeepingMethod(name) && !name.startsWith("assert")
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
        if (callee instanceof Resolver.CatalogMethod m && handOffs.isContainer(m.type())) {
            return true;
        }
        if (!(callee instanceof Qualified q)) {
            return false;
        }
        int dot = q.name().lastIndexOf('.');
        if (dot > 0 && handOffs.isContainer(q.name().substring(0, dot))) {
            return true;
        }
        if (handOffs.isAttributeStore(q.name())) {
            Chain holder = call.arguments().isEmpty() ? null : call.arguments().get(0).value();
            Value v = holder == null ? Resolver.UNKNOWN : planner.resolver.resolve(file, call.function(), holder);
            return v instanceof Resolver.ClassValue || v instanceof Instance i && planner.index.cls(i.type()) != null;
        }
        Set<String> keywords = new HashSet<>();
        boolean starred = false;
        for (FileFacts.Argument a : call.arguments()) {
            if (a.keyword() != null) {
                keywords.add(a.keyword());
            }
            starred |= a.star();
        }
        return handOffs.isInert(q.name(), keywords, starred);
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
