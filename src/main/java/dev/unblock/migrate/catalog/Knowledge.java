package dev.unblock.migrate.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What rules know about callers the engine cannot see: library base classes and which methods of a subclass
 * they call synchronously, decorators that accept coroutine functions, and files whose functions something
 * outside the project calls (test runners). The boundaries stage reads it; it never names a library itself.
 *
 * <p>Patterns are method names, {@code *} for every method, or a prefix ending in {@code *} ({@code clean*}).
 * A base class not described here may call any method of a subclass: all of them stay synchronous.
 */
public final class Knowledge {
    private final Map<String, List<String>> syncCallers = new HashMap<>();
    private final Set<String> asyncSafeDecorators = new LinkedHashSet<>();
    private final Map<String, String> bridges = new HashMap<>();
    private final List<ExternalCaller> externalCallers = new ArrayList<>();
    private final Set<String> subclassedByDesign = new LinkedHashSet<>();
    private final Set<String> applicationObjects = new LinkedHashSet<>();
    private final Map<String, String> syncCallerChains = new java.util.LinkedHashMap<>();
    private final Set<String> ownHandOffs = new LinkedHashSet<>();
    private final Set<String> keepsUndescribedMethods = new java.util.HashSet<>();
    private final Set<String> eventLoopRunners = new java.util.HashSet<>();

    private final Set<String> coexisting = new LinkedHashSet<>();
    private final Map<String, AsyncVariant> asyncVariants = new HashMap<>();
    private final List<ExternalCaller> testFiles = new ArrayList<>();
    private final List<RunnerCall> runnerCalls = new ArrayList<>();
    private boolean testFilesDescribed;
    private final Map<String, String> refusedOnEventLoop = new HashMap<>();
    private final List<Patcher> patchers = new ArrayList<>();
    private final List<MockingLibrary> mockingLibraries = new ArrayList<>();
    private final List<LazyAttribute> lazyAttributes = new ArrayList<>();
    private final HandOffs handOffs = new HandOffs();

    /** What outside code does with a project object it is given ({@link HandOffs}). */
    public HandOffs handOffs() {
        return handOffs;
    }

    /**
     * The type's sync and async APIs live on the same object (Django's {@code get}/{@code aget}): a use that stays
     * sync does not keep the object's other uses sync.
     */
    public void syncAndAsyncCoexist(String type) {
        coexisting.add(type);
    }

    public boolean coexist(String type) {
        return coexisting.contains(type);
    }

    /**
     * The library refuses its synchronous calls on an event loop (Django's ORM raises SynchronousOnlyOperation): a
     * function that stays sync and makes such a call, itself or through the sync functions it calls, must not be
     * called from async code. {@code what} names the calls in findings.
     */
    public void refusedOnEventLoop(String ruleId, String what) {
        refusedOnEventLoop.put(ruleId, what);
    }

    /** What the rule's refused calls are ("Django queries"), or null when its library allows sync calls there. */
    public String refusedOnEventLoop(String ruleId) {
        return refusedOnEventLoop.get(ruleId);
    }

    /** A library type meant to be subclassed by projects (a Django model): its subclasses still migrate. */
    public void subclassedByDesign(String type) {
        subclassedByDesign.add(type);
    }

    public boolean isSubclassedByDesign(String type) {
        return subclassedByDesign.contains(type);
    }

    /**
     * A callable that makes a web application ({@code flask.Flask}): a package that calls it is an application,
     * which publishes no API even when it is packaged.
     */
    public void applicationObject(String qualifiedName) {
        applicationObjects.add(qualifiedName);
    }

    public boolean isApplicationObject(String qualifiedName) {
        return applicationObjects.contains(qualifiedName);
    }

    /**
     * A function (or, for a name starting with a dot, any method of that name) that only works when no event loop
     * runs in the thread that calls it ({@code asyncio.run}), or whose effect reaches whatever code runs after it (a
     * signal alarm's handler raises there): the functions calling it, and all that call those, stay sync.
     * {@code what} says what it does, for the finding: "arms a signal alarm", "runs an event loop of its own".
     */
    public void syncCallerChain(String qualifiedName, String what) {
        syncCallerChains.put(qualifiedName, what);
    }

    /**
     * A call that runs an event loop of its own each time it runs ({@code asyncio.run}, {@code .run_until_complete}
     * for any method of that name): a client the loop's code uses must not outlive it.
     */
    public void eventLoopRunner(String qualifiedNameOrMethod) {
        eventLoopRunners.add(qualifiedNameOrMethod);
    }

    public boolean runsEventLoop(String qualifiedNameOrMethod) {
        return eventLoopRunners.contains(qualifiedNameOrMethod);
    }

    /** What a callee needing a sync caller chain does, or null. */
    public String syncCallerChain(String qualifiedName) {
        return syncCallerChains.get(qualifiedName);
    }

    /**
     * Objects of this type handed to other code are the rule's own concern (an opened file keeps plain open()
     * in that function): the shared-client check leaves them alone.
     */
    public void ownHandOffs(String type) {
        ownHandOffs.add(type);
    }

    public boolean hasOwnHandOffs(String type) {
        return ownHandOffs.contains(type);
    }

    /**
     * The async counterpart of this type has every method the catalog does not describe, unchanged (a user-defined
     * client, whose config lists only the methods to await): a call of such a method does not keep it sync.
     */
    public void keepsUndescribedMethods(String type) {
        keepsUndescribedMethods.add(type);
    }

    public boolean hasUndescribedMethodsKept(String type) {
        return keepsUndescribedMethods.contains(type);
    }

    /**
     * Functions something outside the project calls synchronously, found by where they are: a test runner calls
     * the functions of test files, Alembic a migration script's {@code upgrade}/{@code downgrade}.
     * {@code pathRegex} is matched against the whole path (with {@code /}); {@code namePattern} as above.
     */
    public record ExternalCaller(java.util.regex.Pattern path, String namePattern, String reason) {
        public boolean calls(String filePath, String functionName) {
            return path.matcher(filePath).matches() && matches(namePattern, functionName);
        }
    }

    /**
     * Says that the library class {@code base} calls the methods of its subclasses matching {@code patterns}
     * synchronously, and no others. With no pattern, the class never calls a subclass's methods (an exception
     * class, {@code abc.ABC}).
     */
    public void syncCaller(String base, String... patterns) {
        syncCallers.computeIfAbsent(base, k -> new ArrayList<>()).addAll(List.of(patterns));
    }

    /** A decorator (qualified name, or {@code Type.*} for every method of a type) that accepts a coroutine function. */
    public void asyncSafeDecorator(String qualifiedNameOrPattern) {
        asyncSafeDecorators.add(qualifiedNameOrPattern);
    }

    /** The bridge a finding names when a subclass of {@code base} must stay sync ({@code IsolatedAsyncioTestCase}). */
    public void bridge(String base, String text) {
        bridges.put(base, text);
    }

    public void externalCaller(String pathRegex, String namePattern, String reason) {
        externalCallers.add(new ExternalCaller(java.util.regex.Pattern.compile(pathRegex), namePattern, reason));
    }

    /**
     * Why something outside the project calls this function synchronously, or null. In test files this is every
     * function, unless a rule describes everything test runners call there ({@link #testFilesDescribed()}).
     */
    public String externalCaller(String filePath, String functionName) {
        for (ExternalCaller c : externalCallers) {
            if (c.calls(filePath, functionName)) {
                return c.reason();
            }
        }
        if (!testFilesDescribed) {
            for (ExternalCaller c : testFiles) {
                if (c.calls(filePath, functionName)) {
                    return c.reason();
                }
            }
        }
        return null;
    }

    /**
     * Files a test runner runs: every function in them counts as called synchronously from outside the project,
     * unless a rule describes what the runners call ({@link #testFilesDescribed()}), and then only that does.
     */
    public void testFiles(String pathRegex, String reason) {
        testFiles.add(new ExternalCaller(java.util.regex.Pattern.compile(pathRegex), "*", reason));
    }

    /**
     * Says that the runner calls rules contribute ({@link #runnerCall}) are all that test runners call in test files:
     * their other functions are helpers, called only by project code.
     */
    public void testFilesDescribed() {
        testFilesDescribed = true;
    }

    /** Whether a path is a test file ({@link #testFiles}). */
    public boolean isTestFile(String filePath) {
        return testFiles.stream().anyMatch(c -> c.path().matcher(filePath).matches());
    }

    /**
     * A library base class with a form that awaits: the methods of its subclasses matching {@code awaited} may be
     * coroutine functions once the project class naming {@code base} names {@code replacement} instead (null: the
     * base awaits them as it is); {@code renamed} methods take their async name when they become async
     * ({@code setUp} → {@code asyncSetUp}). {@code replacementImport} imports the replacement's simple name.
     */
    public record AsyncVariant(String base, String replacement, String replacementImport, List<String> awaited,
                               Map<String, String> renamed, String ruleId) {
        public AsyncVariant {
            awaited = List.copyOf(awaited);
            renamed = Map.copyOf(renamed);
        }

        /** Whether a method of this name may be a coroutine function under the variant. */
        public boolean awaits(String method) {
            return renamed.containsKey(method) || awaited.stream().anyMatch(p -> matches(p, method));
        }
    }

    public void asyncVariant(AsyncVariant variant) {
        asyncVariants.put(variant.base(), variant);
    }

    /** The awaiting form of a library base class, or null. */
    public AsyncVariant asyncVariant(String base) {
        return asyncVariants.get(base);
    }

    /**
     * Functions a test runner finds by convention and calls: module-level functions ({@code classPattern} null) or
     * methods of classes without library bases whose names match, or functions with a decorator ({@code decorator},
     * a qualified name: fixtures), in files matching {@code files}. With {@code awaiting} null the runner calls
     * them synchronously ({@code reason} says why); otherwise it awaits coroutine functions once they carry what
     * {@code awaiting} says.
     */
    public record RunnerCall(java.util.regex.Pattern files, String classPattern, String namePattern, String decorator,
                             Awaiting awaiting, String reason, String ruleId) {
        public boolean calls(String filePath, String className, String functionName, List<String> decorators) {
            return inFile(filePath) && callsIn(className, functionName, decorators);
        }

        /** Whether the runner looks in this file. */
        public boolean inFile(String filePath) {
            return files.matcher(filePath).matches();
        }

        /** As {@link #calls}, in a file the runner looks in. */
        public boolean callsIn(String className, String functionName, List<String> decorators) {
            if (decorator != null) {
                return decorators.contains(decorator);
            }
            return (classPattern == null ? className == null : className != null && matches(classPattern, className))
                    && matches(namePattern, functionName);
        }
    }

    /**
     * What a coroutine function needs for a runner to await it: a decorator line to add ({@code @pytest.mark.asyncio},
     * null for none), decorators to replace (qualified name → the text that replaces it, {@code pytest.fixture} →
     * {@code pytest_asyncio.fixture}), and the imports they need. A function with a decorator whose text matches
     * {@code refusedDecorator} (a regex, or null) stays sync, {@code refusal} saying why.
     */
    public record Awaiting(String marker, Map<String, String> replacedDecorators, List<String> imports,
                           String refusedDecorator, String refusal) {
        public Awaiting {
            replacedDecorators = Map.copyOf(replacedDecorators);
            imports = List.copyOf(imports);
        }

        public Awaiting(String marker, Map<String, String> replacedDecorators, List<String> imports) {
            this(marker, replacedDecorators, imports, null, null);
        }
    }

    /**
     * A library function that declares a model attribute loading its value on first read ({@code posts =
     * relationship("Post")}), which objects of the async client cannot do. {@code keyword} names the loading strategy
     * ({@code lazy=}); a literal among {@code eager} loads with the object, so reading it is fine; {@code reverse}
     * names keywords declaring the other side's attribute by a string or a call whose first argument is one
     * ({@code backref="author"}). {@code client} is the type that stays sync in every file when the project reads one;
     * {@code what} says why, in findings.
     */
    public record LazyAttribute(String function, String keyword, Set<String> eager, Set<String> reverse, String client,
                                String what) {
    }

    public void lazyAttribute(LazyAttribute attribute) {
        lazyAttributes.add(attribute);
    }

    public List<LazyAttribute> lazyAttributes() {
        return List.copyOf(lazyAttributes);
    }

    public void runnerCall(RunnerCall call) {
        runnerCalls.add(call);
    }

    public List<RunnerCall> runnerCalls() {
        return List.copyOf(runnerCalls);
    }

    /**
     * A function that replaces an attribute for a test: {@code unittest.mock.patch("pkg.mod.name")} (a dotted
     * string at {@code targetArgument}), {@code patch.object(obj, "name")} (an object and an attribute name at
     * {@code targetArgument} and {@code targetArgument + 1}). {@code qualifiedName} is what the callee resolves to;
     * a callee on a parameter of that name stands for it too ({@code parameter}: {@code monkeypatch} is pytest's
     * fixture; null for none). {@code replacementArgument} is where the replacement goes (-1: always a stand-in the
     * patcher makes; an AsyncMock for a coroutine function when it is not given), {@code replacementKeyword} its
     * keyword.
     */
    public record Patcher(String qualifiedName, String parameter, String method, boolean objectForm,
                          int targetArgument, int replacementArgument, String replacementKeyword, String ruleId,
                          String returnValueKeyword, String standIn, String standInImport) {
        public Patcher(String qualifiedName, String parameter, String method, boolean objectForm, int targetArgument,
                       int replacementArgument, String replacementKeyword, String ruleId) {
            this(qualifiedName, parameter, method, objectForm, targetArgument, replacementArgument, replacementKeyword,
                    ruleId, null, null, null);
        }
    }

    /**
     * A patch of a library call ({@code requests.get}) that, once every call it intercepts migrates, intercepts them
     * at {@code to} ({@code httpx.AsyncClient.get}, an awaited method): the patch then names {@code to}, and its
     * AsyncMock returns a plain stand-in ({@code return_value=MagicMock()}) so the response's methods stay sync.
     * Only for calls with at most {@code positional} positional arguments and keywords among {@code keywords}, which
     * the migration passes on unchanged.
     */
    public record PatchMove(String from, String to, int positional, Set<String> keywords, String ruleId) {
        public PatchMove {
            keywords = Set.copyOf(keywords);
        }
    }

    private final Map<String, PatchMove> patchMoves = new HashMap<>();

    public void patchMove(PatchMove move) {
        patchMoves.put(move.from(), move);
    }

    /** Where a patch of this library call intercepts it once it migrated, or null. */
    public PatchMove patchMove(String from) {
        return patchMoves.get(from);
    }

    public void patcher(Patcher patcher) {
        patchers.add(patcher);
    }

    public List<Patcher> patchers() {
        return List.copyOf(patchers);
    }

    /**
     * A library that intercepts another library's calls for tests ({@code responses} for {@code requests}): code that
     * uses it, or a test parameter named {@code fixture} (pytest's {@code requests_mock}), expects the intercepted
     * library to be called. {@code advice} says what to use after the migration.
     */
    public record MockingLibrary(String module, String fixture, String mocked, String advice) {
    }

    public void mockingLibrary(MockingLibrary library) {
        mockingLibraries.add(library);
    }

    public List<MockingLibrary> mockingLibraries() {
        return List.copyOf(mockingLibraries);
    }

    /** Whether the base class is described at all (else it may call anything). */
    public boolean knowsBase(String base) {
        return syncCallers.containsKey(base);
    }

    /** Whether a described base calls a method of this name synchronously. */
    public boolean callsSync(String base, String method) {
        for (String p : syncCallers.getOrDefault(base, List.of())) {
            if (matches(p, method)) {
                return true;
            }
        }
        return false;
    }

    public String bridge(String base) {
        return bridges.get(base);
    }

    /** Whether a decorator, by the qualified name of what it is ({@code fastapi.FastAPI.get}), accepts a coroutine function. */
    public boolean isAsyncSafeDecorator(String qualifiedName) {
        if (qualifiedName == null) {
            return false;
        }
        for (String p : asyncSafeDecorators) {
            if (p.endsWith(".*") ? qualifiedName.startsWith(p.substring(0, p.length() - 1)) : p.equals(qualifiedName)) {
                return true;
            }
        }
        return false;
    }

    /** A name pattern: a name, {@code *} for any, or a prefix ending in {@code *}. */
    public static boolean matchesPattern(String pattern, String name) {
        return matches(pattern, name);
    }

    private static boolean matches(String pattern, String name) {
        if (pattern.equals("*")) {
            return true;
        }
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
    }
}
