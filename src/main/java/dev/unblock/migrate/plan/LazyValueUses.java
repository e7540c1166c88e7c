package dev.unblock.migrate.plan;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;

/**
 * Where code evaluates a lazy library value (a Django queryset, a PyMongo cursor) by other means than the calls and
 * loops the migration converts: handed to other code, tested, subscripted, formatted. Such a value cannot be an
 * async one there.
 */
final class LazyValueUses {
    private final Planner planner;

    LazyValueUses(Planner planner) {
        this.planner = planner;
    }

    /**
     * How a reference to a lazily evaluated library value (a queryset) evaluates it where the migration leaves that
     * synchronous ("subscripts `qs`"), or null. Fine: an assignment's target or whole value, {@code return qs}, a
     * loop's iterable (loops are checked on their own), the argument of a {@code list()} that becomes a comprehension, an argument to the
     * library's own calls ({@code filter(id__in=qs)}). Anything else (another call's argument, a truth test,
     * {@code in}, a subscript, a container) may evaluate it.
     */
    String byName(FileFacts file, ReferenceFact r, String type, String text) {
        String before = lineBefore(text, r.start());
        String after = lineAfter(text, r.end());
        String value = "`" + r.chain() + "`";
        if (r.isCallArgument()) {
            CallFact around = enclosingCall(file, r);
            if (around == null) {
                return "hands " + value + " to other code";
            }
            if (planner.calls.listedAsyncIterable(file, r) != null
                    && !planner.syncTypes.contains(file.path() + "|" + type)) {
                return null;
            }
            CallTarget t = planner.callTargets.get(file.path())[around.index()];
            return t == null || t.spec() == null || !t.spec().ruleId().equals(planner.catalog.type(type).ruleId())
                    ? "hands " + value + " to `" + around.callee() + "`" : null;
        }
        if (after.startsWith("[")) {
            return "subscripts " + value;
        }
        boolean wholeValue = after.isEmpty() || after.startsWith("#") || after.startsWith(";");
        if (wholeValue && (before.endsWith("=") && !before.endsWith("==") || before.equals("return")
                || before.isEmpty())) {
            return null;
        }
        if (after.startsWith("=") && !after.startsWith("==") || after.startsWith(":") && before.isEmpty()) {
            return null; // the target of an assignment (or an annotated one)
        }
        // `for x in qs:` is a loop (checked on its own)
        return (before.startsWith("for ") || before.startsWith("async for ")) && before.endsWith(" in")
                && after.startsWith(":") ? null : "uses " + value + " as a value (a test, `in`, a container)";
    }

    /**
     * How the value of a call returning a lazy library value ({@code sorted(Book.objects.all())}) evaluates it where
     * the migration leaves that synchronous, or null: as {@link #byName} for a name, where a loop's iterable, the
     * argument of {@code list()}, a statement of its own and the receiver of a further call or attribute are fine.
     */
    String byCall(FileFacts file, CallFact call, String type, String text) {
        if (call.use() != FileFacts.Use.OTHER) {
            return null; // a loop's iterable, list(...)'s argument (both converted), a statement, awaited
        }
        String value = "the result of `" + call.callee() + "(...)`";
        String after = lineAfter(text, call.callEnd());
        if (call.trailing()) {
            return after.startsWith("[") ? "subscripts " + value : null;
        }
        CallFact around = enclosingCall(file, call.function(), call.primaryStart(), call.callEnd());
        if (around != null) {
            CallTarget t = planner.callTargets.get(file.path())[around.index()];
            return t == null || t.spec() == null || !t.spec().ruleId().equals(planner.catalog.type(type).ruleId())
                    ? "hands " + value + " to `" + around.callee() + "`" : null;
        }
        String before = lineBefore(text, call.primaryStart());
        boolean wholeValue = after.isEmpty() || after.startsWith("#") || after.startsWith(";");
        if (wholeValue && (before.endsWith("=") && !before.endsWith("==") || before.equals("return"))) {
            return null;
        }
        return "uses " + value + " as a value (a test, `in`, a container, a string)";
    }

    /** The innermost call whose argument list holds the reference. */
    private static CallFact enclosingCall(FileFacts file, ReferenceFact r) {
        return enclosingCall(file, r.function(), r.start(), r.end());
    }

    /** The innermost call of {@code function} whose argument list holds [start, end). */
    private static CallFact enclosingCall(FileFacts file, int function, int start, int end) {
        CallFact best = null;
        for (CallFact c : file.calls()) {
            if (c.function() == function && c.openParen() < start && end <= c.callEnd()
                    && (best == null || c.openParen() > best.openParen())) {
                best = c;
            }
        }
        return best;
    }

    static String lineBefore(String text, int offset) {
        offset = Math.min(Math.max(offset, 0), text.length());
        int start = text.lastIndexOf('\n', offset - 1) + 1;
        return text.substring(start, offset).strip();
    }

    static String lineAfter(String text, int offset) {
        offset = Math.min(Math.max(offset, 0), text.length());
        int end = text.indexOf('\n', offset);
        return text.substring(offset, end < 0 ? text.length() : end).strip();
    }
}
