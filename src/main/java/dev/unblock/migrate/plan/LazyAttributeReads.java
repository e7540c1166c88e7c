package dev.unblock.migrate.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.catalog.Knowledge.LazyAttribute;

/**
 * Model attributes a library loads on their first read ({@code posts = relationship("Post")}): objects of the
 * library's async client cannot load them, wherever the object travels and whichever function reads it, so when the
 * project reads one (by its name, on an object the engine cannot type or of a project class) the client stays sync
 * in every file.
 */
final class LazyAttributeReads {
    private final Planner planner;

    LazyAttributeReads(Planner planner) {
        this.planner = planner;
    }

    void check() {
        for (LazyAttribute lazy : planner.catalog.knowledge().lazyAttributes()) {
            Map<String, String> declared = declared(lazy);
            String read = declared.isEmpty() ? null : firstRead(declared);
            if (read != null) {
                for (FileFacts file : planner.index.files()) {
                    planner.markSync(file, lazy.client(), "makes objects whose lazy attributes the project reads: " + read
                            + ", " + lazy.what());
                }
            }
        }
    }

    /** The attribute names the project's classes declare with the function, each with where it is declared. */
    private Map<String, String> declared(LazyAttribute lazy) {
        Map<String, String> names = new LinkedHashMap<>();
        for (FileFacts file : planner.index.files()) {
            String text = planner.texts.get(file.path());
            for (FileFacts.ClassFact c : file.classes()) {
                for (Map.Entry<String, List<Chain>> e : c.classAttributes().entrySet()) {
                    for (Chain value : e.getValue()) {
                        CallFact call = declaringCall(file, value, lazy);
                        if (call == null || text == null) {
                            continue;
                        }
                        String where = c.qualifiedName() + "." + e.getKey();
                        String given = keyword(call, lazy.keyword(), text);
                        String strategy = given == null ? null : PatchTargets.literal(given);
                        if (strategy == null || !lazy.eager().contains(strategy)) {
                            names.putIfAbsent(e.getKey(), where);
                        }
                        for (String reverse : lazy.reverse()) {
                            String name = firstString(keyword(call, reverse, text));
                            if (name != null) {
                                names.putIfAbsent(name, "the other side of " + where);
                            }
                        }
                    }
                }
            }
        }
        return names;
    }

    private CallFact declaringCall(FileFacts file, Chain value, LazyAttribute lazy) {
        List<Chain.Step> steps = value.steps();
        if (steps.isEmpty() || !(steps.get(steps.size() - 1) instanceof Chain.Call k) || k.call() < 0
                || k.call() >= file.calls().size()) {
            return null;
        }
        CallFact call = file.calls().get(k.call());
        Value callee = call.callee().isOpaque() ? null : planner.resolver.callee(file, call);
        return callee instanceof Qualified q && q.name().equals(lazy.function()) ? call : null;
    }

    /** Where the project first reads one of the names on a receiver that may be a model object, or null. */
    private String firstRead(Map<String, String> declared) {
        for (FileFacts file : planner.index.files()) {
            for (FileFacts.ReferenceFact r : file.references()) {
                String read = read(file, r.function(), r.chain(), r.chain().steps().size(), r.line(), declared);
                if (read != null) {
                    return read;
                }
            }
            for (CallFact call : file.calls()) {
                String read = read(file, call.function(), call.callee(), call.callee().steps().size() - 1, call.line(),
                        declared);
                if (read != null) {
                    return read;
                }
            }
        }
        return null;
    }

    private String read(FileFacts file, int function, Chain chain, int steps, int line, Map<String, String> declared) {
        if (chain.isOpaque()) {
            return null;
        }
        for (int i = 1; i <= steps; i++) {
            if (!(chain.steps().get(i - 1) instanceof Chain.Attr a)) {
                return null;
            }
            String where = declared.get(a.name());
            if (where != null && mayBeModel(planner.resolver.resolve(file, function, chain, i - 1))) {
                return "`" + chain.prefix(i) + "` at " + file.path() + ":" + line + " (" + where + ")";
            }
        }
        return null;
    }

    private boolean mayBeModel(Value v) {
        return v instanceof Resolver.Unknown || v instanceof Qualified q && q.name().startsWith("builtins.")
                || v instanceof Instance i && planner.index.cls(i.type()) != null;
    }

    private static String keyword(CallFact call, String keyword, String text) {
        for (Argument a : call.arguments()) {
            if (keyword.equals(a.keyword())) {
                return text.substring(a.start(), a.end()).strip();
            }
        }
        return null;
    }

    /** The first string literal of {@code "name"} or {@code backref("name", ...)}, or null. */
    private static String firstString(String value) {
        if (value == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(?:[\\w.]+\\s*\\(\\s*)?[\"']([A-Za-z_]\\w*)[\"']")
                .matcher(value);
        return m.find() ? m.group(1) : null;
    }
}
