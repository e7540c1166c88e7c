package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.plan.PatchTargets.Patched;

/**
 * Patches of a library call that follow the calls they intercept to their async form
 * ({@code mock.patch("requests.get")} → {@code mock.patch("httpx.AsyncClient.get", return_value=MagicMock())}),
 * as long as every call they may intercept migrates; once one stays sync, the patch stays as it is and
 * {@link TestDoubles} keeps the calls it intercepts synchronous.
 */
final class PatchMoves {
    private final Planner planner;
    private final TestDoubles doubles;

    /** A patch of a library call that follows the calls it intercepts, while they all migrate ({@code active}). */
    private static final class Move {
        final Patched patch;
        final Knowledge.PatchMove move;
        final Set<String> reach;
        final String because;
        boolean active = true;

        Move(Patched patch, Knowledge.PatchMove move, Set<String> reach, String because) {
            this.patch = patch;
            this.move = move;
            this.reach = reach;
            this.because = because;
        }
    }

    private final List<Move> moves = new ArrayList<>();

    PatchMoves(Planner planner, TestDoubles doubles) {
        this.planner = planner;
        this.doubles = doubles;
    }

    /**
     * Whether a patch of a library call can follow the calls it intercepts to their async form: it names the call
     * ({@code "requests.get"}, everywhere), the rules say where the call goes, the patch lets the mock library make
     * the mock (no stand-in, spec or side effect), the patching file does not use the library itself (its exceptions),
     * and every call it may intercept passes only arguments the migration keeps. Then nothing is pinned now; the
     * calls must all migrate ({@link #checkMoves}).
     */
    boolean follows(Patched p, String name, String because) {
        Knowledge.PatchMove move = planner.catalog.knowledge().patchMove(name);
        if (move == null || p.replaced() || p.patcher().returnValueKeyword() == null || p.call() == null
                || p.call().arguments().stream().anyMatch(a -> a.star() || a.keyword() != null && Set.of("new",
                "new_callable", "spec", "spec_set", "autospec", "side_effect", "wraps").contains(a.keyword()))) {
            return false;
        }
        String module = name.substring(0, name.indexOf('.'));
        if (p.by().imports().stream().anyMatch(i -> i.module().equals(module) || i.module().startsWith(module + "."))) {
            return false;
        }
        Set<String> reach = doubles.reach(p);
        boolean any = false;
        for (FileFacts file : planner.index.files()) {
            CallTarget[] ts = planner.callTargets.get(file.path());
            for (CallFact call : file.calls()) {
                CallTarget t = ts[call.index()];
                if (t == null || t.spec() == null || !(t.callee() instanceof Qualified q) || !q.name().equals(name)
                        || call.function() >= 0 && !reach.contains(Planner.key(file, call.function()))) {
                    continue;
                }
                long positional = call.arguments().stream().filter(a -> a.keyword() == null).count();
                if (call.function() < 0 || positional > move.positional() || call.arguments().stream().anyMatch(
                        a -> a.star() || a.keyword() != null && !move.keywords().contains(a.keyword()))) {
                    return false;
                }
                any = true;
            }
        }
        if (any) {
            moves.add(new Move(p, move, reach, because));
        }
        return any;
    }

    /**
     * In each planning round: a patch follows its calls only while every call it may intercept becomes async; once
     * one stays sync, they all do (the patch stays as it is).
     */
    void checkMoves(Set<String> asyncSet) {
        for (Move m : moves) {
            if (!m.active) {
                continue;
            }
            for (FileFacts file : planner.index.files()) {
                CallTarget[] ts = planner.callTargets.get(file.path());
                for (CallFact call : file.calls()) {
                    CallTarget t = ts[call.index()];
                    if (m.active && t != null && t.spec() != null && t.callee() instanceof Qualified q
                            && q.name().equals(m.move.from()) && m.reach.contains(Planner.key(file, call.function()))
                            && (!asyncSet.contains(Planner.key(file, call.function()))
                            || !planner.calls.translatable(file, call, t) || !planner.startsHere(file))) {
                        m.active = false;
                        doubles.library(m.move.from(), null, m.reach, m.because);
                    }
                }
            }
        }
    }

    /** After planning: the patches that follow their calls name the async call, and return a plain stand-in. */
    void followMoves() {
        for (Move m : moves) {
            if (!m.active) {
                continue;
            }
            CallFact call = m.patch.call();
            FileFacts file = m.patch.by();
            String text = planner.texts.get(file.path());
            List<Argument> positional = call.arguments().stream().filter(a -> a.keyword() == null).toList();
            Argument target = positional.get(m.patch.patcher().targetArgument());
            String old = text.substring(target.start(), target.end());
            String quote = old.substring(old.length() - 1);
            String message = "the patched call is an awaited " + m.move.to() + " now: the patch follows it";
            planner.planned.edit(file.path(), Edit.replace(target.start(), target.end(), quote + m.move.to() + quote,
                    m.move.ruleId(), message));
            if (call.arguments().stream().noneMatch(a -> m.patch.patcher().returnValueKeyword().equals(a.keyword()))) {
                String callee = call.callee().dotted();
                String method = m.patch.patcher().method() != null ? m.patch.patcher().method()
                        : m.patch.patcher().qualifiedName().substring(m.patch.patcher().qualifiedName().lastIndexOf('.') + 1);
                String namespace = callee.endsWith("." + method) ? callee.substring(0, callee.length() - method.length() - 1) : "";
                String standIn = (namespace.isEmpty() ? "" : namespace + ".") + m.patch.patcher().standIn() + "()";
                if (namespace.isEmpty() && m.patch.patcher().standInImport() != null) {
                    planner.planned.imports(file.path(), List.of(m.patch.patcher().standInImport()));
                }
                Argument last = call.arguments().get(call.arguments().size() - 1);
                planner.planned.edit(file.path(), Edit.insert(last.end(), ", " + m.patch.patcher().returnValueKeyword() + "="
                        + standIn, m.move.ruleId(), "its AsyncMock returns a plain stand-in, whose methods stay sync", 0));
            }
        }
    }
}
