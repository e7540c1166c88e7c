package dev.unblock.migrate.catalog;

/**
 * A rule's own rewrite of one call, for what data cannot say (a URL argument to change, a statement to
 * restructure). The planner calls it instead of its default rewrite for specs that carry one; it runs only
 * where the default would (e.g. in functions that become async, for {@link CallSpec.Kind#AWAIT}).
 */
@FunctionalInterface
public interface CallRewriter {
    void rewrite(CallSite call);

    /**
     * Why this call cannot be rewritten (then its object stays sync in the file, with this as the finding), or
     * null when {@link #rewrite} can handle it. Asked while planning, before any function is made async.
     */
    default String refusal(dev.unblock.analysis.FileFacts.CallFact call, String text) {
        return null;
    }

    /**
     * Like {@link #refusal(dev.unblock.analysis.FileFacts.CallFact, String)}, also seeing the catalog types of the
     * arguments (null for an argument whose type is not known).
     */
    default String refusal(dev.unblock.analysis.FileFacts.CallFact call, String text,
                           java.util.function.IntFunction<String> argumentType) {
        return refusal(call, text);
    }

    /** A rewriter that refuses some calls up front. */
    static CallRewriter of(CallRewriter rewrite,
                           java.util.function.BiFunction<dev.unblock.analysis.FileFacts.CallFact, String, String> refusal) {
        return new CallRewriter() {
            @Override
            public void rewrite(CallSite call) {
                rewrite.rewrite(call);
            }

            @Override
            public String refusal(dev.unblock.analysis.FileFacts.CallFact call, String text) {
                return refusal.apply(call, text);
            }
        };
    }

    /** What a rewriter sees of the call and can do to it. Offsets are into {@link #text()}. */
    interface CallSite {
        /** The whole file's text. */
        String text();

        /** The call's facts: callee, arguments with their offsets, statement range, use. */
        dev.unblock.analysis.FileFacts.CallFact fact();

        /** The source text of the i-th argument (keyword included for keyword arguments). */
        String argument(int i);

        /** The catalog type of the i-th argument's value when it is a known client or object, else null. */
        String argumentType(int i);

        /** The project's targets (pinned versions, config choices). */
        dev.unblock.migrate.Targets targets();

        /** Replaces [start, end) of the file. */
        void replace(int start, int end, String text, String message);

        /** Inserts text at an offset. */
        void insert(int at, String text, String message);

        /** Replaces the callee ({@code a.b.c} of {@code a.b.c(...)}) with text. */
        void replaceCallee(String text, String message);

        /** Puts {@code await} before the call (parenthesized when trailers follow). */
        void await(String message);

        /** Adds import lines to the file. */
        void imports(String... lines);

        /** Reports something that was not (or not fully) rewritten. */
        void finding(String message, String bridge);

        /** The indentation of the line the call's statement starts on, and the file's indent unit and newline. */
        String statementIndent();

        String indentUnit();

        String newline();
    }
}
