package dev.unblock.migrate.catalog;

import java.util.function.IntFunction;

import dev.unblock.analysis.FileFacts.CallFact;

/**
 * A rule's translation of one call's arguments to the async API, for what keyword renames and templates cannot
 * say: a positional argument that is keyword-only there ({@code requests.post(url, body)}), a keyword whose new
 * name depends on its value ({@code data=<str>} → httpx {@code content=}), an object of another class
 * ({@code HTTPBasicAuth(u, p)} → {@code httpx.BasicAuth(u, p)}). Decided per call from the arguments' text and the
 * types the resolver knows.
 *
 * <p>How the engine is to use it (a spec carrying one):
 * <ul>
 *   <li>planning: a non-null {@link #refusal} keeps the call synchronous exactly like an unsupported keyword
 *       does: the call is not translatable, a method's receiver type stays sync in the file, and the finding
 *       reads "blocking call X left synchronous: it &lt;refusal&gt;". It must not keep the call's result type
 *       sync in the file (other calls of the same function still return async-API objects);</li>
 *   <li>editing: where the spec's keywords would be renamed, {@link #translate} is called instead, and the
 *       spec's {@code renamedKeywords} and {@code keywordTemplates} are not applied (the translator covers
 *       them). Keywords that move to a one-off client are moved by the engine, before; the translator leaves
 *       them alone.</li>
 * </ul>
 */
public interface ArgumentTranslator {
    /**
     * Why this call's arguments cannot be translated, as a phrase that follows "it" ("passes data= whose type
     * …"), or null. {@code argumentType} gives the catalog type of the i-th argument's value when it is known.
     */
    String refusal(CallFact call, String text, IntFunction<String> argumentType);

    /** Rewrites the arguments through the site; only called when {@link #refusal} is null. */
    void translate(CallRewriter.CallSite site);
}
