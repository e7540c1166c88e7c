package dev.unblock.migrate.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.Knowledge.AsyncVariant;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.CoreRules;

/**
 * Library base classes call methods of the project's subclasses: a method stays sync when a base of its class, or
 * of a subclass that mixes the class in, calls it synchronously (or may: a base no rule describes). A base with an
 * awaiting form ({@code unittest.TestCase} → {@code IsolatedAsyncioTestCase}) lets its awaited methods become async;
 * after planning, the classes that name the base name its awaiting form instead, and methods with an async name
 * take it ({@code setUp} → {@code asyncSetUp}, with {@code super().setUp()} → {@code await super().asyncSetUp()}).
 */
final class BaseClassCallers {
    private static final Set<String> INERT_CLASS_DECORATORS = Set.of("dataclass", "dataclasses.dataclass",
            "total_ordering", "functools.total_ordering", "final", "typing.final", "unique", "enum.unique");

    private final Planner planner;
    private final Map<String, List<ClassRef>> reachingMemo = new HashMap<>();
    private final Map<String, int[]> baseTextMemo = new HashMap<>();
    /** Methods a base's awaiting form may await, by key (known once the boundaries are drawn). */
    private final Set<String> awaited = new LinkedHashSet<>();

    BaseClassCallers(Planner planner) {
        this.planner = planner;
    }

    private Knowledge knowledge() {
        return planner.catalog.knowledge();
    }

    /**
     * Why a method must stay sync because of a library base of its class or of a subclass (a mixin's method is
     * called through the classes that mix it in), or null.
     */
    String reason(FileFacts file, FunctionFact f) {
        String cls = file.classes().get(f.owner()).qualifiedName();
        for (ClassRef d : reaching(cls)) {
            String dq = d.fact().qualifiedName();
            boolean self = dq.equals(cls);
            String who = self ? "its class" : "its subclass " + d.fact().name();
            String unresolved = unresolvedBase(dq);
            if (unresolved != null) {
                return who + " has a base the engine cannot resolve (" + unresolved + "), which may call it synchronously";
            }
            for (String base : planner.resolver.externalBases(dq)) {
                if (!knowledge().knowsBase(base)) {
                    return who + " extends " + base + ", a library class that may call its methods synchronously";
                }
                AsyncVariant variant = knowledge().asyncVariant(base);
                if (variant != null && variant.awaits(f.name())) {
                    String obstacle = obstacle(d, base, variant, f, cls);
                    if (obstacle == null) {
                        awaited.add(Planner.key(file, f.index()));
                        continue;
                    }
                    return obstacle;
                }
                if (knowledge().callsSync(base, f.name())) {
                    String bridge = knowledge().bridge(base);
                    return base + " calls " + f.name() + "() synchronously" + (self ? "" : " (through " + who + ")")
                            + (bridge == null ? "" : " (" + bridge + ")");
                }
            }
        }
        return null;
    }

    Set<String> awaitedKeys() {
        return awaited;
    }

    /** The name a method takes when it becomes async under a base's awaiting form ({@code asyncSetUp}), or null. */
    String asyncName(FunctionRef f) {
        if (f.fact().owner() < 0) {
            return null;
        }
        for (ClassRef d : reaching(f.file().classes().get(f.fact().owner()).qualifiedName())) {
            for (String base : planner.resolver.externalBases(d.fact().qualifiedName())) {
                AsyncVariant variant = knowledge().asyncVariant(base);
                if (variant != null && variant.renamed().containsKey(f.fact().name())) {
                    return variant.renamed().get(f.fact().name());
                }
            }
        }
        return null;
    }

    /**
     * After planning: every class naming a base whose awaited methods became async (in it, a subclass or a mixin of
     * one) names the awaiting form instead; {@code super().setUp()} in a renamed method reaches the library's
     * method, and becomes {@code await super().asyncSetUp()}.
     */
    void convert() {
        Set<String> converted = new LinkedHashSet<>();
        for (FunctionRef f : planner.functions.values()) {
            if (f.fact().owner() < 0 || !planner.becomesAsync(f)) {
                continue;
            }
            for (ClassRef d : reaching(f.file().classes().get(f.fact().owner()).qualifiedName())) {
                for (String base : planner.resolver.externalBases(d.fact().qualifiedName())) {
                    AsyncVariant variant = knowledge().asyncVariant(base);
                    if (variant == null || variant.replacement() == null || !variant.awaits(f.fact().name())) {
                        continue;
                    }
                    for (String c : planner.resolver.linearization(d.fact().qualifiedName())) {
                        ClassRef p = planner.index.cls(c);
                        if (planner.resolver.bases(p).contains(base) && converted.add(c + "|" + base)) {
                            nameVariant(p, base, variant);
                        }
                    }
                }
            }
            String renamed = asyncName(f);
            if (renamed != null) {
                superCallsOfLibrary(f, renamed);
            }
        }
    }

    private void nameVariant(ClassRef p, String base, AsyncVariant variant) {
        int[] at = baseText(p, base);
        String path = p.file().path();
        String text = planner.texts.get(path);
        String written = text.substring(at[0], at[1]);
        String simple = variant.replacement().substring(variant.replacement().lastIndexOf('.') + 1);
        String module = variant.replacement().substring(0, variant.replacement().lastIndexOf('.'));
        int dot = written.lastIndexOf('.');
        String replacement;
        if (dot > 0 && planner.resolver.resolve(p.file(), p.fact().parentFunction(),
                new Chain(written.substring(0, dot), List.of())) instanceof Qualified q && q.name().equals(module)
                && !written.substring(0, dot).contains(".")) {
            replacement = written.substring(0, dot + 1) + simple;
        } else {
            replacement = simple;
            planner.planned.imports(path, List.of(variant.replacementImport()));
        }
        planner.planned.edit(path, Edit.replace(at[0], at[1], replacement, variant.ruleId(),
                "its test methods are async now: " + variant.replacement() + " awaits them"));
    }

    /** {@code super().setUp()} in a method renamed to asyncSetUp, where super() is the library's: awaited under its async name. */
    private void superCallsOfLibrary(FunctionRef f, String renamed) {
        CallTarget[] ts = planner.callTargets.get(f.file().path());
        for (CallFact call : f.file().calls()) {
            List<Chain.Step> steps = call.callee().steps();
            if (call.function() != f.fact().index() || !call.callee().root().equals("super") || steps.size() != 2
                    || !(steps.get(0) instanceof Chain.Call) || !(steps.get(1) instanceof Chain.Attr a)
                    || !a.name().equals(f.fact().name())
                    || ts[call.index()] != null && ts[call.index()].function() != null) {
                continue;
            }
            String rule = ruleOf(f);
            planner.planned.edit(f.file().path(), Edit.replace(call.lastNameStart(), call.calleeEnd(), renamed, rule,
                    "the library's " + renamed + " is its async counterpart"));
            if (call.use() != FileFacts.Use.AWAITED) {
                planner.planned.edit(f.file().path(), Edit.insert(call.primaryStart(), call.trailing() ? "(await " : "await ",
                        rule, "the library's " + renamed + " is async", -call.callEnd()));
                if (call.trailing()) {
                    planner.planned.edit(f.file().path(), Edit.insert(call.callEnd(), ")", rule, "", 0));
                }
            }
        }
    }

    private String ruleOf(FunctionRef f) {
        for (ClassRef d : reaching(f.file().classes().get(f.fact().owner()).qualifiedName())) {
            for (String base : planner.resolver.externalBases(d.fact().qualifiedName())) {
                AsyncVariant variant = knowledge().asyncVariant(base);
                if (variant != null && variant.awaits(f.fact().name())) {
                    return variant.ruleId();
                }
            }
        }
        return CoreRules.ASYNC_DEF;
    }

    /**
     * Why the awaiting form cannot take over calling this method through class {@code d}, or null: the class naming the
     * base cannot be rewritten, a class decorator may wrap the method, the async name is taken, or another class of
     * the hierarchy defines the method without being its base or subclass (their order through super() would change).
     */
    private String obstacle(ClassRef d, String base, AsyncVariant variant, FunctionFact f, String cls) {
        if (f.isGenerator()) {
            return base + " calls " + f.name() + "() and it is a generator, which cannot become a coroutine it awaits";
        }
        for (String c : planner.resolver.linearization(d.fact().qualifiedName())) {
            ClassRef ref = planner.index.cls(c);
            String decorator = unknownClassDecorator(ref);
            if (decorator != null) {
                return "its test class " + ref.fact().name() + " has the decorator @" + decorator
                        + ", which may call its methods synchronously";
            }
            if (variant.replacement() != null && planner.resolver.bases(ref).contains(base) && baseText(ref, base) == null) {
                return base + " calls " + f.name() + "() synchronously, and the base of " + ref.fact().name()
                        + " is not written as a name the engine can replace with " + variant.replacement();
            }
        }
        String renamed = variant.renamed().get(f.name());
        if (renamed != null) {
            for (String c : planner.resolver.linearization(d.fact().qualifiedName())) {
                if (planner.index.function(c + "." + renamed) != null) {
                    return base + " calls " + f.name() + "() synchronously, and " + c + " already defines " + renamed;
                }
                if (planner.index.function(c + "." + f.name()) != null && !related(c, cls)) {
                    return base + " calls " + f.name() + "() synchronously, and " + d.fact().name() + " also gets "
                            + f.name() + "() from " + c + ": as " + renamed + " they would run in another order";
                }
            }
        }
        return null;
    }

    private boolean related(String a, String b) {
        return planner.resolver.linearization(a).contains(b) || planner.resolver.linearization(b).contains(a);
    }

    /** The first class decorator not known to leave methods alone (mock.patch is; dataclass is), or null. */
    private String unknownClassDecorator(ClassRef c) {
        for (String d : c.fact().decoratorTexts()) {
            String plain = (d.contains("(") ? d.substring(0, d.indexOf('(')) : d).strip();
            if (INERT_CLASS_DECORATORS.contains(plain)) {
                continue;
            }
            String[] parts = plain.split("\\.");
            Value v = parts.length == 0 || !plain.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")
                    ? Resolver.UNKNOWN
                    : planner.resolver.resolve(c.file(), c.fact().parentFunction(), new Chain(parts[0], attrs(parts)));
            if (!(v instanceof Qualified q && knowledge().isAsyncSafeDecorator(q.name()))) {
                return plain;
            }
        }
        return null;
    }

    private static List<Chain.Step> attrs(String[] parts) {
        List<Chain.Step> out = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            out.add(new Chain.Attr(parts[i]));
        }
        return out;
    }

    /**
     * Where the class's base expression that resolves to {@code base} is written ([start, end)), when it is a plain
     * dotted name found exactly once between the class's parentheses; null otherwise.
     */
    private int[] baseText(ClassRef c, String base) {
        String key = c.fact().qualifiedName() + "|" + base;
        if (baseTextMemo.containsKey(key)) {
            return baseTextMemo.get(key);
        }
        int[] found = null;
        String text = planner.texts.get(c.file().path());
        for (Chain chain : c.fact().bases()) {
            String dotted = chain.isOpaque() ? null : chain.dotted();
            if (dotted == null || text == null || c.fact().basesOpen() < 0
                    || !(planner.resolver.resolve(c.file(), c.fact().parentFunction(), chain) instanceof Qualified q)
                    || !q.name().equals(base)) {
                continue;
            }
            Matcher m = Pattern.compile("(?<![\\w.])" + Pattern.quote(dotted) + "(?![\\w.])")
                    .matcher(text).region(c.fact().basesOpen() + 1, c.fact().basesClose());
            if (m.find()) {
                int[] at = {m.start(), m.end()};
                found = m.find() ? null : at;
            }
        }
        baseTextMemo.put(key, found);
        return found;
    }

    /** The class and every project class that inherits from it. */
    private List<ClassRef> reaching(String cls) {
        return reachingMemo.computeIfAbsent(cls, k -> {
            Set<String> seen = new LinkedHashSet<>();
            List<ClassRef> out = new ArrayList<>();
            Deque<String> work = new ArrayDeque<>(List.of(k));
            while (!work.isEmpty()) {
                String c = work.pop();
                ClassRef ref = planner.index.cls(c);
                if (ref == null || !seen.add(c)) {
                    continue;
                }
                out.add(ref);
                for (ClassRef sub : planner.index.subclassesOf(c)) {
                    if (sub != null) {
                        work.add(sub.fact().qualifiedName());
                    }
                }
            }
            return out;
        });
    }

    /** {@link #unresolvedBase} by class: asked once per method of the class and of its subclasses. */
    private final Map<String, java.util.Optional<String>> unresolvedBases = new HashMap<>();

    /** The text of the first base of the class or of a project ancestor that resolves to nothing known, or null. */
    private String unresolvedBase(String classQualifiedName) {
        java.util.Optional<String> known = unresolvedBases.get(classQualifiedName);
        if (known == null) {
            known = java.util.Optional.ofNullable(computeUnresolvedBase(classQualifiedName));
            unresolvedBases.put(classQualifiedName, known);
        }
        return known.orElse(null);
    }

    private String computeUnresolvedBase(String classQualifiedName) {
        for (String c : planner.resolver.linearization(classQualifiedName)) {
            ClassRef ref = planner.index.cls(c);
            for (Chain base : ref.fact().bases()) {
                Value v = planner.resolver.resolve(ref.file(), ref.fact().parentFunction(), base);
                if (!(v instanceof Resolver.ClassValue) && !(v instanceof Qualified)) {
                    return base.isOpaque() ? "an expression" : base.toString();
                }
            }
        }
        return null;
    }
}
