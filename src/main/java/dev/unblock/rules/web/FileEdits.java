package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Rewriter;
import dev.unblock.python.SourceFile;

/**
 * The port's edits of one file, combined with the planner's. The port replaces small ranges (a decorator, a call's
 * name, a parameter list) that the planner does not touch; where it must rewrite a range that holds other edits (a
 * returned value wrapped in a response, a view split per method), it first {@link #take}s that range: the text with
 * every edit inside applied, which it then places in its own replacement, and those edits travel with it. An edit
 * that would cut through another one is refused ({@link NotPortable}), never merged or dropped.
 */
final class FileEdits {
    final SourceFile src;
    final String text;
    private final List<Edit> pending;
    private final Set<Edit> absorbed = new LinkedHashSet<>();
    private final List<Edit> own = new ArrayList<>();

    FileEdits(SourceFile src, List<Edit> planned) {
        this.src = src;
        this.text = src.text();
        this.pending = new ArrayList<>(planned);
    }

    String path() {
        return src.path();
    }

    /** The port's own edits. */
    List<Edit> own() {
        return own;
    }

    /** The planned edits the port carried into its own. */
    Set<Edit> absorbed() {
        return absorbed;
    }

    /** The planned edits still standing on their own. */
    List<Edit> planned() {
        return pending;
    }

    /** The text of [start, end) with every edit lying inside applied; those edits now travel with the text. */
    String take(int start, int end, String ruleId) throws NotPortable {
        List<Edit> inside = new ArrayList<>();
        for (Edit e : all()) {
            if (e.start() >= start && e.end() <= end) {
                inside.add(e);
            } else if (cuts(e, start, end)) {
                throw new NotPortable(path(), src.line(start), ruleId, "not ported: the rewrite of line "
                        + src.line(start) + " would cut through the async migration's edit of line " + src.line(e.start()));
            }
        }
        List<Edit> shifted = new ArrayList<>();
        for (Edit e : inside) {
            shifted.add(new Edit(e.start() - start, e.end() - start, e.text(), e.ruleId(), e.message(), e.order()));
        }
        Rewriter.Result r = Rewriter.apply(text.substring(start, end), shifted);
        if (!r.dropped().isEmpty()) {
            throw new NotPortable(path(), src.line(start), ruleId, "not ported: edits of line " + src.line(start)
                    + " overlap");
        }
        for (Edit e : inside) {
            if (pending.remove(e)) {
                absorbed.add(e);
            }
            own.remove(e);
        }
        return r.text();
    }

    /** The text of [start, end) as the edits lying inside it would make it, without taking them. */
    String peek(int start, int end) {
        List<Edit> shifted = new ArrayList<>();
        for (Edit e : all()) {
            if (e.start() >= start && e.end() <= end) {
                shifted.add(new Edit(e.start() - start, e.end() - start, e.text(), e.ruleId(), e.message(), e.order()));
            }
        }
        return Rewriter.apply(text.substring(start, end), shifted).text();
    }

    /** Replaces [start, end) by text; edits strictly inside the range must have been taken first. */
    void replace(int start, int end, String replacement, String ruleId, String message) throws NotPortable {
        for (Edit e : all()) {
            if (e.isInsertion() ? e.start() > start && e.start() < end : e.start() < end && start < e.end()) {
                throw new NotPortable(path(), src.line(start), ruleId, "not ported: the rewrite of line "
                        + src.line(start) + " overlaps the async migration's edit of line " + src.line(e.start()));
            }
        }
        own.add(Edit.replace(start, end, replacement, ruleId, message));
    }

    /** Inserts text; among insertions at one offset a lower order comes first. */
    void insert(int at, String insertion, String ruleId, String message, int order) throws NotPortable {
        for (Edit e : all()) {
            if (!e.isInsertion() && e.start() < at && at < e.end()) {
                throw new NotPortable(path(), src.line(at), ruleId, "not ported: an insertion at line " + src.line(at)
                        + " falls inside the async migration's edit");
            }
        }
        own.add(Edit.insert(at, insertion, ruleId, message, order));
    }

    /** True when some edit (planned or the port's) touches [start, end). */
    boolean touched(int start, int end) {
        for (Edit e : all()) {
            if (e.start() < end && start < e.end() || e.isInsertion() && e.start() >= start && e.start() < end) {
                return true;
            }
        }
        return false;
    }

    /** The planned edits lying in [start, end] (insertions at the ends included). */
    List<Edit> plannedIn(int start, int end) {
        List<Edit> out = new ArrayList<>();
        for (Edit e : pending) {
            if (e.start() >= start && e.end() <= end) {
                out.add(e);
            }
        }
        return out;
    }

    private List<Edit> all() {
        List<Edit> all = new ArrayList<>(pending);
        all.addAll(own);
        return all;
    }

    /** An edit that starts outside [start, end) and ends inside it, or the other way round. */
    private static boolean cuts(Edit e, int start, int end) {
        if (e.isInsertion()) {
            return false;
        }
        boolean startsInside = e.start() >= start && e.start() < end;
        boolean endsInside = e.end() > start && e.end() <= end;
        return startsInside != endsInside || e.start() < start && e.end() > end;
    }
}
