package dev.unblock.migrate.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.Knowledge.Awaiting;
import dev.unblock.migrate.catalog.Knowledge.RunnerCall;
import dev.unblock.migrate.Edit;

/**
 * Functions test runners find by convention and call (pytest's {@code test_*} functions and fixtures, unittest's
 * {@code setUpModule}), as the rules describe them: one a runner calls synchronously stays sync; one it can await may
 * become async, and then gets what the runner needs to await it (a marker such as {@code @pytest.mark.asyncio}, a
 * fixture decorator that awaits).
 */
final class RunnerCalls {
    private final Planner planner;
    /** Functions a runner awaits once they are async, by key, with what they need. */
    private final Map<String, RunnerCall> awaited = new LinkedHashMap<>();

    /** Per file path, whether each of the catalog's runner calls looks in it (a regex match, asked once per file). */
    private final Map<String, boolean[]> inFile = new java.util.HashMap<>();

    RunnerCalls(Planner planner) {
        this.planner = planner;
    }

    /** Why a runner calls this function synchronously, or null (no runner calls it, or one can await it). */
    String reason(FileFacts file, FunctionFact f) {
        List<RunnerCall> calls = planner.catalog.knowledge().runnerCalls();
        if (calls.isEmpty() || f.parent() >= 0) {
            return null;
        }
        String className = f.owner() < 0 ? null : plainClass(file, f.owner());
        if (f.owner() >= 0 && className == null) {
            return null; // a class with library bases: what they call is the bases' knowledge
        }
        List<String> decorators = decoratorNames(file, f);
        boolean[] looks = inFile.computeIfAbsent(file.path(), path -> {
            boolean[] out = new boolean[calls.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = calls.get(i).inFile(path);
            }
            return out;
        });
        for (int i = 0; i < calls.size(); i++) {
            RunnerCall call = calls.get(i);
            if (!looks[i] || !call.callsIn(className, f.name(), decorators)) {
                continue;
            }
            Awaiting awaiting = call.awaiting();
            if (awaiting == null) {
                return call.reason();
            }
            if (awaiting.refusedDecorator() != null
                    && f.decoratorTexts().stream().anyMatch(d -> d.matches("(?s)" + awaiting.refusedDecorator()))) {
                return awaiting.refusal();
            }
            awaited.putIfAbsent(Planner.key(file, f.index()), call);
            return null;
        }
        return null;
    }

    /** The functions a runner may await, by key (known once the boundaries are drawn). */
    java.util.Set<String> awaitedKeys() {
        return awaited.keySet();
    }

    /** After planning: the functions a runner awaits that became async get its marker and decorators. */
    void mark() {
        for (Map.Entry<String, RunnerCall> e : awaited.entrySet()) {
            FunctionRef f = planner.functions.get(e.getKey());
            if (!planner.becomesAsync(f)) {
                continue;
            }
            Awaiting awaiting = e.getValue().awaiting();
            String path = f.file().path();
            String text = planner.texts.get(path);
            String rule = e.getValue().ruleId();
            List<String> names = decoratorNames(f.file(), f.fact());
            boolean changed = false;
            if (awaiting.marker() != null && !f.fact().decoratorTexts().contains(awaiting.marker())) {
                int lineStart = f.fact().defStart();
                while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
                    lineStart--;
                }
                String indent = text.substring(lineStart, f.fact().defStart());
                planner.planned.edit(path, Edit.insert(f.fact().defStart(), "@" + awaiting.marker()
                        + PlannedEdits.newline(text) + indent, rule, "the test runner awaits it with this marker", -10));
                changed = true;
            }
            for (int i = 0; i < names.size(); i++) {
                String replacement = names.get(i) == null ? null : awaiting.replacedDecorators().get(names.get(i));
                int[] at = replacement == null ? null : decoratorName(text, f.fact(), f.fact().decoratorTexts().get(i));
                if (at != null) {
                    planner.planned.edit(path, Edit.replace(at[0], at[1], replacement, rule,
                            "an async fixture needs the plugin's decorator"));
                    changed = true;
                }
            }
            if (changed) {
                planner.planned.imports(path, awaiting.imports());
            }
        }
    }

    /** Where the dotted name of a decorator is written (without its arguments), between the first @ and the def. */
    private static int[] decoratorName(String text, FunctionFact f, String decoratorText) {
        int at = text.indexOf(decoratorText, f.stmtStart());
        if (at < 0 || at > f.defStart()) {
            return null;
        }
        int paren = decoratorText.indexOf('(');
        return new int[] {at, at + (paren < 0 ? decoratorText.length() : paren)};
    }

    /** The class's name when it has no library bases but object (a class pytest collects), else null. */
    private String plainClass(FileFacts file, int owner) {
        FileFacts.ClassFact c = file.classes().get(owner);
        for (String base : planner.resolver.externalBases(c.qualifiedName())) {
            if (!base.equals("builtins.object")) {
                return null;
            }
        }
        return c.name();
    }

    /** The qualified names of a function's decorators (arguments dropped), null where unknown. */
    List<String> decoratorNames(FileFacts file, FunctionFact f) {
        List<String> out = new ArrayList<>();
        for (Chain d : f.decorators()) {
            List<Chain.Step> steps = d.steps();
            Chain named = !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Call
                    ? d.prefix(steps.size() - 1) : d;
            Value v = named.isOpaque() || !named.isDotted() ? null : planner.resolver.resolve(file, f.parent(), named);
            out.add(v instanceof Qualified q ? q.name() : null);
        }
        return out;
    }
}
