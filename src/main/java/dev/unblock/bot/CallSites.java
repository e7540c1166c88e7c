package dev.unblock.bot;

import dev.unblock.analysis.FileFacts;
import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.FactsCache;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.Migration;

import java.nio.charset.Charset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Blocking call sites behind a migration's edits: what the check run, the migration pull request and the dashboard
 * count. A call rewritten with several edits (its callee, an {@code await}, a renamed keyword on a later line, an
 * {@code async with} around its statement) is one site, and two calls on one line are two: each edit of a rule that
 * converts blocking calls is given to the innermost call of the original text that holds it.
 */
final class CallSites {
    /** Parsed originals, shared by all jobs: a file the engine just read is parsed here once more, then served from here. */
    private static final FactsCache FACTS = new FactsCache(4_000);

    /** For each file, each counted edit's site. */
    private final Map<String, Map<AppliedEdit, String>> siteOf = new HashMap<>();

    private CallSites() {
    }

    static CallSites of(Migration migration) {
        CallSites sites = new CallSites();
        for (FileChange change : migration.changes()) {
            if (!change.isNewFile()) {
                sites.siteOf.put(change.path(), sitesOf(change));
            }
        }
        return sites;
    }

    /**
     * Edits of the core rules (UB0xx: async def, await, imports) follow from blocking calls rather than being one, and
     * a web framework's port (UB8xx) rewrites an app, not a call; every other family converts blocking calls.
     */
    static boolean convertsABlockingCall(AppliedEdit edit) {
        String rule = edit.ruleId();
        return rule != null && !rule.startsWith("UB0") && !rule.startsWith("UB8");
    }

    /** The sites among {@code edits} of the file at {@code path}. */
    int count(String path, Collection<AppliedEdit> edits) {
        Map<AppliedEdit, String> sites = siteOf.getOrDefault(path, Map.of());
        Set<String> distinct = new HashSet<>();
        for (AppliedEdit e : edits) {
            String site = sites.get(e);
            if (site != null) {
                distinct.add(site);
            }
        }
        return distinct.size();
    }

    /** Every site of the migration. */
    int total() {
        return siteOf.values().stream().mapToInt(m -> new HashSet<>(m.values()).size()).sum();
    }

    /** Sites per package ({@link #packageOf}), in path order. */
    Map<String, Integer> perPackage() {
        Map<String, Integer> out = new TreeMap<>();
        siteOf.forEach((path, sites) -> {
            int n = new HashSet<>(sites.values()).size();
            if (n > 0) {
                out.merge(packageOf(path), n, Integer::sum);
            }
        });
        return out;
    }

    /** Places findings keep synchronous, per package: distinct positions (one call may have several findings). */
    static Map<String, Integer> leftPerPackage(List<Finding> findings) {
        Map<String, Set<String>> places = new TreeMap<>();
        for (Finding f : findings) {
            places.computeIfAbsent(packageOf(f.path()), p -> new HashSet<>()).add(f.path() + ":" + f.line() + ":" + f.column());
        }
        Map<String, Integer> out = new TreeMap<>();
        places.forEach((p, s) -> out.put(p, s.size()));
        return out;
    }

    /** The package (folder) a file belongs to, "app/api/" for "app/api/views.py"; files at the top: "". */
    static String packageOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    private static Map<AppliedEdit, String> sitesOf(FileChange change) {
        List<AppliedEdit> counted = change.edits().stream().filter(CallSites::convertsABlockingCall).toList();
        Map<AppliedEdit, String> out = new HashMap<>();
        if (counted.size() == 1) {
            out.put(counted.get(0), "one"); // one edit is one site: no need to parse the file
            return out;
        }
        if (counted.isEmpty()) {
            return out;
        }
        List<FileFacts.CallFact> calls = calls(change);
        if (calls == null) {
            // The original could not be read as the engine read it: one site per rule and line, the closest guess.
            counted.forEach(e -> out.put(e, e.ruleId() + "@" + e.startLine()));
            return out;
        }
        for (AppliedEdit e : counted) {
            FileFacts.CallFact call = innermost(calls, e.start());
            if (call != null) {
                out.put(e, "call@" + call.primaryStart() + "-" + call.callEnd());
            }
        }
        // An edit outside every call (an `async with` opened around the statement, say) belongs to the call it was
        // made for: one of its statement that has a site; else it stands for one of its own.
        for (AppliedEdit e : counted) {
            if (out.containsKey(e)) {
                continue;
            }
            String site = null;
            for (FileFacts.CallFact c : calls) {
                String cs = "call@" + c.primaryStart() + "-" + c.callEnd();
                if (c.line() == e.startLine() || (c.stmtStart() >= 0 && e.start() >= lineStart(change.before(), c.stmtStart())
                        && e.start() <= c.stmtEnd())) {
                    if (out.containsValue(cs)) {
                        site = cs;
                        break;
                    }
                }
            }
            out.put(e, site != null ? site : e.ruleId() + "@" + e.startLine());
        }
        return out;
    }

    /** The calls of the original text, or null when it does not parse or reads differently from the engine's text. */
    private static List<FileFacts.CallFact> calls(FileChange change) {
        byte[] bytes;
        try {
            bytes = change.before().getBytes(Charset.forName(change.encoding()));
        } catch (RuntimeException e) {
            return null;
        }
        FactsCache.Entry entry = FACTS.get(change.path(), "", change.path().endsWith("__init__.py"), bytes);
        if (entry.facts() == null || !entry.text().equals(change.before())) {
            return null;
        }
        return entry.facts().calls();
    }

    private static FileFacts.CallFact innermost(List<FileFacts.CallFact> calls, int offset) {
        FileFacts.CallFact best = null;
        for (FileFacts.CallFact c : calls) {
            if (c.primaryStart() <= offset && offset < c.callEnd()
                    && (best == null || c.callEnd() - c.primaryStart() < best.callEnd() - best.primaryStart())) {
                best = c;
            }
        }
        return best;
    }

    private static int lineStart(String text, int offset) {
        int i = Math.min(offset, text.length());
        while (i > 0 && text.charAt(i - 1) != '\n') {
            i--;
        }
        return i;
    }
}
