package dev.unblock.migrate.catalog;

import java.util.List;
import java.util.Map;

/**
 * What the engine knows about one synchronous function, constructor or method, and how to reach its async
 * equivalent.
 *
 * @param ruleId              the rule that owns this entry (findings and suggestions name it)
 * @param kind                what the call becomes
 * @param replacement         {@link Kind#AWAIT}/{@link Kind#CONSTRUCTOR}/{@link Kind#ONE_OFF} on a function: the new
 *                            callee text ({@code asyncio.sleep}); on a method: the new method name, or null to keep it
 * @param addedArguments      text put first in the argument list ({@code follow_redirects=True})
 * @param renamedKeywords     keyword arguments with another name in the async API
 * @param unsupportedKeywords keyword arguments with no safe equivalent, with the reason (a finding)
 * @param resultType          the type of the returned value (for receiver tracking), or null
 * @param imports             import lines the rewritten call needs ({@code import asyncio})
 * @param explanation         one line for the suggestion comment
 * @param rewriter            the rule's own rewrite of the call, or null for the planner's default
 * @param keywordTemplates    see {@link #withKeywordTemplates}
 * @param arguments           see {@link #withArguments}
 * @param ioWhenSync          see {@link #withIoWhenSync}
 */
public record CallSpec(
        String ruleId,
        Kind kind,
        String replacement,
        String addedArguments,
        Map<String, String> renamedKeywords,
        Map<String, String> unsupportedKeywords,
        String resultType,
        List<String> imports,
        String explanation,
        CallRewriter rewriter,
        Map<String, String> keywordTemplates,
        ArgumentTranslator arguments,
        boolean ioWhenSync) {

    public CallSpec(String ruleId, Kind kind, String replacement, String addedArguments,
                    Map<String, String> renamedKeywords, Map<String, String> unsupportedKeywords, String resultType,
                    List<String> imports, String explanation, CallRewriter rewriter,
                    Map<String, String> keywordTemplates) {
        this(ruleId, kind, replacement, addedArguments, renamedKeywords, unsupportedKeywords, resultType, imports,
                explanation, rewriter, keywordTemplates, null, false);
    }

    public CallSpec(String ruleId, Kind kind, String replacement, String addedArguments,
                    Map<String, String> renamedKeywords, Map<String, String> unsupportedKeywords, String resultType,
                    List<String> imports, String explanation) {
        this(ruleId, kind, replacement, addedArguments, renamedKeywords, unsupportedKeywords, resultType, imports,
                explanation, null, Map.of());
    }

    /** The same spec, rewritten by a rule's own code instead of the planner's default. */
    public CallSpec withRewriter(CallRewriter r) {
        return new CallSpec(ruleId, kind, replacement, addedArguments, renamedKeywords, unsupportedKeywords,
                resultType, imports, explanation, r, keywordTemplates, arguments, ioWhenSync);
    }

    /**
     * The same spec, with keyword values rewritten by templates ({@code {}} is the original value), e.g.
     * {@code timeout} → {@code aiohttp.ClientTimeout(total={})}.
     */
    public CallSpec withKeywordTemplates(Map<String, String> templates) {
        return new CallSpec(ruleId, kind, replacement, addedArguments, renamedKeywords, unsupportedKeywords,
                resultType, imports, explanation, rewriter, templates, arguments, ioWhenSync);
    }

    /**
     * The same spec, with its arguments translated per call by the rule (see {@link ArgumentTranslator} for how the
     * engine uses it); its renamed keywords and keyword templates then stand only for engines that do not read it.
     */
    public CallSpec withArguments(ArgumentTranslator translator) {
        return new CallSpec(ruleId, kind, replacement, addedArguments, renamedKeywords, unsupportedKeywords,
                resultType, imports, explanation, rewriter, keywordTemplates, translator, ioWhenSync);
    }

    /**
     * The same spec, marked as doing I/O in its synchronous form although its async form is not a plain await
     * ({@code engine.connect()} opens a connection; its async form is {@code async with} or an awaited call): a call
     * left in synchronous code is then reported as a blocking call.
     */
    public CallSpec withIoWhenSync() {
        return new CallSpec(ruleId, kind, replacement, addedArguments, renamedKeywords, unsupportedKeywords,
                resultType, imports, explanation, rewriter, keywordTemplates, arguments, true);
    }

    /** True when a call left in synchronous code blocks there (see {@link #withIoWhenSync}). */
    public boolean blocksWhenLeftSync(boolean toThread) {
        return isBlocking(toThread) || ioWhenSync;
    }

    public CallSpec {
        renamedKeywords = Map.copyOf(renamedKeywords);
        unsupportedKeywords = Map.copyOf(unsupportedKeywords);
        imports = List.copyOf(imports);
        keywordTemplates = Map.copyOf(keywordTemplates);
    }

    public enum Kind {
        /** A blocking call with an awaitable equivalent: the function doing it becomes async. */
        AWAIT,
        /** A blocking module-level call that needs a client object: wrapped in {@code async with <client>}. */
        ONE_OFF,
        /** A constructor of a sync client: replaced by the async client's constructor, not awaited. */
        CONSTRUCTOR,
        /** Not I/O (e.g. {@code redis.pipeline()}): never awaited; known only for the type it returns. */
        SYNC,
        /** Blocking with no async equivalent: {@code await asyncio.to_thread(fn, …)} when enabled, else a finding. */
        TO_THREAD,
        /** Rewritten only inside functions that become async for other reasons ({@code open()} → aiofiles). */
        IN_ASYNC_ONLY,
        /** Blocking, and no safe rewrite: only a finding. */
        FLAG,
        /**
         * No safe rewrite, and the object cannot be half migrated ({@code pipe.watch()}): the object and the types
         * that go with it stay sync in the file, with a finding.
         */
        KEEPS_SYNC,
        /**
         * Must not run on an event loop ({@code django.test.Client.get} raises SynchronousOnlyOperation there): the
         * function calling it stays synchronous, and so does what it calls; the explanation says why.
         */
        SYNC_ONLY
    }

    /** True when calling it makes the calling function I/O-bound (to_thread ones only when enabled). */
    public boolean isBlocking(boolean toThread) {
        return kind == Kind.AWAIT || kind == Kind.ONE_OFF || (kind == Kind.TO_THREAD && toThread);
    }

    /** A spec with only a kind, a result type and an explanation. */
    public static CallSpec of(String ruleId, Kind kind, String replacement, String resultType, String explanation,
                              String... imports) {
        return new CallSpec(ruleId, kind, replacement, null, Map.of(), Map.of(), resultType, List.of(imports),
                explanation);
    }
}
