package dev.unblock.migrate;

import dev.unblock.migrate.catalog.Knowledge;

/**
 * A rule that rewrites the structure of files (DESIGN.md §5 "file rules", e.g. a framework port): decorators,
 * signatures, module layout, new files. It runs after planning, before the rewrite, and sees the planner's edits
 * so that its own combine with them: an edit of its own must not overlap a planned one unless it takes that one
 * over ({@link FileRuleSink#absorb}) by carrying its text into its own replacement.
 */
public interface FileRule {
    /** A cheap test on a file's text (no parsing): only files passing it are parsed and handed to {@link #check}. */
    boolean mayApply(String path, String text);

    /**
     * Reads the files that passed the precondition (all at once: a port can span files, such as a blueprint and
     * the app that registers it) and writes its edits, new files, findings and dependency changes to the sink.
     */
    void check(FileRuleContext context, FileRuleSink sink);

    /**
     * Before planning: what the rule's rewrite will make true, for the planner to know (e.g. decorators that will
     * await coroutine functions once a framework port is applied). The context has no planned edits yet.
     *
     * @return true when it told the planner something: a promise that {@link #check} will write its edits. If it
     *         then writes none (or they conflict with the planned ones), the project is planned again without what
     *         this rule told, so no plan ever leans on a rewrite that did not happen.
     */
    default boolean contribute(FileRuleContext context, Knowledge knowledge) {
        return false;
    }
}
