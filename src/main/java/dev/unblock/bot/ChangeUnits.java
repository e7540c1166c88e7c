package dev.unblock.bot;

import dev.unblock.migrate.AppliedEdit;
import dev.unblock.migrate.FileChange;
import dev.unblock.migrate.Migration;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups the engine's edits into {@link ChangeUnit}s: edits that need each other end up in one unit, so that
 * committing any set of units leaves code that parses and runs. The engine says what it changed, not why two
 * changes belong together, so the links are read back from the original text, erring on the side of joining:
 * <ul>
 *   <li>a function whose {@code def} (or decorators) changed takes every change inside its body;</li>
 *   <li>a call of a function (or of a class whose dunder method changed) takes that function's header change;</li>
 *   <li>a changed import takes every change that uses or stops using a name it binds;</li>
 *   <li>a changed value of a module, class or {@code self.} attribute (a client converted to its async form)
 *       takes every change that mentions the name it is bound to, in any file;</li>
 *   <li>a use of a new module (a support file) takes that file;</li>
 *   <li>changes on the same lines, or whose blocks of lines overlap, are one unit.</li>
 * </ul>
 */
final class ChangeUnits {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CALLED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern IMPORT_LINES = Pattern.compile("(\\s*(import|from)\\s[^\\n]*\\n?)+\\s*");
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
            "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
            "with", "yield", "self", "cls");
    private static final Set<String> WITH_PROTOCOL = Set.of("__enter__", "__exit__", "__aenter__", "__aexit__");
    private static final Set<String> ITERATION_PROTOCOL = Set.of("__iter__", "__next__", "__aiter__", "__anext__");

    /** One edit and what was read about it. */
    private static final class Node {
        final int id;
        final FileChange file;
        final SourceOutline outline;
        final AppliedEdit edit;
        SourceOutline.Function header;
        SourceOutline.Function owner;
        SourceOutline.ClassDef classHeader;
        SourceOutline.Import imported;
        boolean isImport;
        final Set<String> names = new HashSet<>();
        final Set<String> newNames = new LinkedHashSet<>();
        final Set<String> called = new HashSet<>();

        Node(int id, FileChange file, SourceOutline outline, AppliedEdit edit) {
            this.id = id;
            this.file = file;
            this.outline = outline;
            this.edit = edit;
        }

        String where() {
            return "line " + edit.startLine();
        }
    }

    private final List<Node> nodes = new ArrayList<>();
    private final int[] parent;
    /** Why two edits were joined, to be said once the units are known. */
    private record Link(String template, String name, Node subject, String subjectPath, Node other) {
    }

    private final List<Link> links = new ArrayList<>();
    private final List<String> unreadable = new ArrayList<>();
    private final Map<String, Integer> newFiles = new LinkedHashMap<>();
    private final List<FileChange> changes;

    private ChangeUnits(List<FileChange> changes) {
        this.changes = changes;
        int id = 0;
        for (FileChange change : changes) {
            if (change.isNewFile()) {
                newFiles.put(change.path(), id++);
                continue;
            }
            SourceOutline outline = Suggestion.fits(sorted(change.edits()), change.before())
                    ? SourceOutline.of(change.path(), change.before()) : null;
            for (AppliedEdit edit : sorted(change.edits())) {
                nodes.add(read(new Node(id++, change, outline, edit)));
            }
        }
        parent = new int[id];
        for (int i = 0; i < id; i++) {
            parent[i] = i;
        }
    }

    /** The units of a migration, in the order of their first edit (files in the migration's order). */
    static List<ChangeUnit> of(Migration migration) {
        ChangeUnits units = new ChangeUnits(migration.changes());
        units.link();
        return units.collect();
    }

    static List<AppliedEdit> sorted(List<AppliedEdit> edits) {
        List<AppliedEdit> out = new ArrayList<>(edits);
        out.sort(Comparator.comparingInt(AppliedEdit::start).thenComparingInt(AppliedEdit::end));
        return out;
    }

    private static Node read(Node n) {
        AppliedEdit e = n.edit;
        Matcher called = CALLED.matcher(e.replacement());
        while (called.find()) {
            n.called.add(called.group(1));
        }
        Matcher names = IDENTIFIER.matcher(e.replacement());
        while (names.find()) {
            if (!KEYWORDS.contains(names.group())) {
                n.names.add(names.group());
                n.newNames.add(names.group());
            }
        }
        if (n.outline == null || !n.outline.parsed()) {
            return n;
        }
        for (SourceOutline.Name name : n.outline.namesOnLines(e.startLine(), e.endLine())) {
            if (!KEYWORDS.contains(name.text())) {
                n.names.add(name.text());
            }
            if (name.called()) {
                n.called.add(name.text());
            }
        }
        n.imported = n.outline.importAt(e.start(), e.end());
        String removed = n.file.before().substring(e.start(), e.end());
        n.isImport = n.imported != null || IMPORT_LINES.matcher(e.replacement()).matches()
                && !e.replacement().isBlank() && removed.isBlank();
        if (n.isImport) {
            return n;
        }
        for (SourceOutline.Function f : n.outline.functions) {
            if (f.inHeader(e.start(), e.end()) && (n.header == null || f.start() >= n.header.start())) {
                n.header = f;
            }
        }
        n.owner = n.outline.functionAt(e.start(), e.end());
        if (n.header != null && n.owner != null && n.owner.start() > n.header.start()) {
            n.header = null; // inside a nested function's header: that function's own edit
        }
        n.classHeader = n.header == null ? n.outline.classHeaderAt(e.start(), e.end()) : null;
        return n;
    }

    private void link() {
        Map<String, List<Node>> byFile = new LinkedHashMap<>();
        nodes.forEach(n -> byFile.computeIfAbsent(n.file.path(), k -> new ArrayList<>()).add(n));
        for (List<Node> file : byFile.values()) {
            if (file.get(0).outline == null || !file.get(0).outline.parsed()) {
                for (Node n : file) {
                    union(file.get(0), n, null);
                }
                unreadable.add(file.get(0).file.path());
            }
        }
        linkFunctionsToTheirBodies();
        linkClassHeadersToTheirMethods();
        linkCallsToTheFunctionsTheyCall();
        linkImportsToTheirUses(byFile);
        linkBindingsToTheirUses();
        linkNewFilesToTheirImporters();
        linkSameStatements(byFile);
        linkSameLines(byFile);
    }

    private void linkFunctionsToTheirBodies() {
        Map<SourceOutline.Function, Node> headers = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.header != null) {
                headers.putIfAbsent(n.header, n);
                union(headers.get(n.header), n, null);
            }
        }
        for (Node n : nodes) {
            Node header = n.header == null && n.owner != null ? headers.get(n.owner) : null;
            if (header != null) {
                union(header, n, header.edit.replacement().contains("async")
                        ? "{name} becomes `async def` ({subject}), which the changes inside it need ({others})"
                        : "the signature of {name} changes ({subject}) with the changes inside it ({others})",
                        n.owner.name());
            }
        }
    }

    private void linkClassHeadersToTheirMethods() {
        for (Node c : nodes) {
            if (c.classHeader == null) {
                continue;
            }
            for (Node m : nodes) {
                if (m.header != null && m.file == c.file && c.classHeader.name().equals(m.header.className())
                        && m.header.start() > c.classHeader.start() && m.header.end() <= c.classHeader.end()) {
                    union(c, m, "the bases of {name} ({subject}) change with its methods ({others})",
                            c.classHeader.name());
                }
            }
        }
    }

    /** Header edits by the names that call them: the function's name, and its class's for dunder methods. */
    private Map<String, List<Node>> asyncNames() {
        Map<String, List<Node>> byName = new HashMap<>();
        for (Node n : nodes) {
            if (n.header == null) {
                continue;
            }
            String name = n.header.name();
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(n);
            boolean dunder = name.startsWith("__") && name.endsWith("__");
            if (dunder && n.header.className() != null) {
                byName.computeIfAbsent(n.header.className(), k -> new ArrayList<>()).add(n);
            }
            Matcher renamed = CALLED.matcher(n.edit.replacement());
            while (renamed.find()) {
                if (renamed.group(1).startsWith("__")) {
                    byName.computeIfAbsent(renamed.group(1), k -> new ArrayList<>()).add(n);
                }
            }
        }
        return byName;
    }

    private void linkCallsToTheFunctionsTheyCall() {
        Map<String, List<Node>> byName = asyncNames();
        List<Node> withProtocol = new ArrayList<>();
        List<Node> iterationProtocol = new ArrayList<>();
        for (Node n : nodes) {
            if (n.header != null && WITH_PROTOCOL.contains(n.header.name())) {
                withProtocol.add(n);
            }
            if (n.header != null && ITERATION_PROTOCOL.contains(n.header.name())) {
                iterationProtocol.add(n);
            }
        }
        for (Node n : nodes) {
            for (String name : n.called) {
                for (Node header : byName.getOrDefault(name, List.of())) {
                    if (header != n && find(header.id) != find(n.id)) {
                        union(header, n, "{name} becomes async ({subject}), so its calls await it ({others})", name);
                    }
                }
            }
            // A class's own `async with`/`async for` support is found by protocol, not by name.
            if (n.edit.replacement().contains("async with")) {
                withProtocol.forEach(h -> union(h, n, "`async with` ({others}) needs {name} ({subject})",
                        h.header.name()));
            }
            if (n.edit.replacement().contains("async for")) {
                iterationProtocol.forEach(h -> union(h, n, "`async for` ({others}) needs {name} ({subject})",
                        h.header.name()));
            }
        }
    }

    private void linkImportsToTheirUses(Map<String, List<Node>> byFile) {
        for (List<Node> file : byFile.values()) {
            for (Node imp : file) {
                if (!imp.isImport) {
                    continue;
                }
                for (Node use : file) {
                    if (use.isImport) {
                        continue;
                    }
                    // Said even when the two are already joined another way: each import's reason is listed.
                    // One edit may add an import and drop another (`import time` → `import asyncio`): say both.
                    String added = use.names.stream().filter(imp.newNames::contains).findFirst().orElse(null);
                    String dropped = imp.imported == null ? null : use.names.stream()
                            .filter(n -> imp.imported.names().contains(n) && !imp.newNames.contains(n))
                            .findFirst().orElse(null);
                    if (added == null && dropped == null) {
                        continue;
                    }
                    unionIds(imp.id, use.id, null);
                    if (added != null) {
                        links.add(new Link("the import of {name} ({subject}) is needed by {others}", added, imp, null, use));
                    }
                    if (dropped != null) {
                        links.add(new Link("the import of {name} ({subject}) can only go with its last uses ({others})",
                                dropped, imp, null, use));
                    }
                }
            }
        }
    }

    private void linkBindingsToTheirUses() {
        Map<String, List<Node>> byName = new HashMap<>();
        nodes.forEach(n -> n.names.forEach(name -> byName.computeIfAbsent(name, k -> new ArrayList<>()).add(n)));
        for (Node n : nodes) {
            if (n.outline == null || !n.outline.parsed() || n.isImport) {
                continue;
            }
            SourceOutline.Binding binding = n.outline.bindingAt(n.edit.start(), n.edit.end());
            if (binding == null) {
                continue;
            }
            for (String name : binding.names()) {
                for (Node use : byName.getOrDefault(name, List.of())) {
                    boolean inScope = binding.scope() == null || use.file == n.file && use.owner == binding.scope();
                    if (use != n && inScope) {
                        union(n, use, "{name} changes to its async form ({subject}), and so do its uses ({others})", name);
                    }
                }
            }
        }
    }

    private void linkNewFilesToTheirImporters() {
        for (Map.Entry<String, Integer> file : newFiles.entrySet()) {
            String name = file.getKey().substring(file.getKey().lastIndexOf('/') + 1);
            String module = name.endsWith(".py") ? name.substring(0, name.length() - 3) : name;
            for (Node n : nodes) {
                if (n.names.contains(module) && find(n.id) != find(file.getValue())) {
                    unionIds(file.getValue(), n.id, null);
                    links.add(new Link("the new module {name} is imported by {others}", file.getKey(), null,
                            file.getKey(), n));
                }
            }
        }
    }

    /** Edits in one statement (a call opened on one line and closed on another) are one unit. */
    private void linkSameStatements(Map<String, List<Node>> byFile) {
        for (List<Node> file : byFile.values()) {
            Map<Integer, Node> first = new HashMap<>();
            for (Node n : file) {
                if (n.outline == null || !n.outline.parsed()) {
                    continue;
                }
                for (int statement : n.outline.logicalLinesOf(n.edit.start(), n.edit.end())) {
                    Node seen = first.putIfAbsent(statement, n);
                    if (seen != null) {
                        union(seen, n, "changes in one statement ({all}) go together", "");
                    }
                }
            }
        }
    }

    /**
     * Edits on one line are one suggestion; so are units whose blocks of lines overlap in a file. Each sweep joins
     * every overlap it finds; joining can make a block reach another one, so sweeps repeat until none joins.
     */
    private void linkSameLines(Map<String, List<Node>> byFile) {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (List<Node> file : byFile.values()) {
                Map<Integer, int[]> blocks = new HashMap<>();
                Map<Integer, Node> anyOf = new HashMap<>();
                for (Node n : file) {
                    int root = find(n.id);
                    anyOf.putIfAbsent(root, n);
                    blocks.merge(root, new int[] {n.edit.startLine(), n.edit.endLine()},
                            (a, b) -> new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                }
                List<Map.Entry<Integer, int[]>> list = new ArrayList<>(blocks.entrySet());
                list.sort(Comparator.comparingInt(en -> en.getValue()[0]));
                Node open = null;
                int openEnd = Integer.MIN_VALUE;
                for (Map.Entry<Integer, int[]> block : list) {
                    Node n = anyOf.get(block.getKey());
                    if (open != null && block.getValue()[0] <= openEnd) {
                        union(open, n, "changes whose lines overlap ({all}) are one block", "");
                        merged = true;
                    } else {
                        open = n;
                    }
                    openEnd = open == n ? block.getValue()[1] : Math.max(openEnd, block.getValue()[1]);
                }
            }
        }
    }

    private void union(Node subject, Node other, String template, String name) {
        if (find(subject.id) == find(other.id)) {
            return;
        }
        unionIds(subject.id, other.id, null);
        links.add(new Link(template, name, subject, null, other));
    }

    private void union(Node a, Node b, String ignored) {
        unionIds(a.id, b.id, null);
    }

    private void unionIds(int a, int b, String ignored) {
        int ra = find(a);
        int rb = find(b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }

    private int find(int id) {
        while (parent[id] != id) {
            parent[id] = parent[parent[id]];
            id = parent[id];
        }
        return id;
    }

    private List<ChangeUnit> collect() {
        Map<Integer, Map<String, List<Node>>> byUnit = new TreeMap<>();
        for (Node n : nodes) {
            byUnit.computeIfAbsent(find(n.id), k -> new LinkedHashMap<>())
                    .computeIfAbsent(n.file.path(), k -> new ArrayList<>()).add(n);
        }
        Map<Integer, List<String>> newFilesByUnit = new TreeMap<>();
        newFiles.forEach((path, id) -> newFilesByUnit.computeIfAbsent(find(id), k -> new ArrayList<>()).add(path));
        Set<Integer> roots = new java.util.TreeSet<>(byUnit.keySet());
        roots.addAll(newFilesByUnit.keySet());
        Chains chains = new Chains(nodes);
        List<ChangeUnit> units = new ArrayList<>();
        for (int root : roots) {
            List<ChangeUnit.Part> parts = new ArrayList<>();
            Map<String, List<Node>> files = byUnit.getOrDefault(root, Map.of());
            for (FileChange change : changes) {
                List<Node> mine = files.get(change.path());
                if (mine != null) {
                    Map<Integer, String> why = new HashMap<>();
                    for (int i = 0; i < mine.size(); i++) {
                        String chain = chains.of(mine.get(i));
                        if (chain != null) {
                            why.put(i, chain);
                        }
                    }
                    parts.add(new ChangeUnit.Part(change.path(), change.before(), mine.stream().map(n -> n.edit).toList(), why));
                } else if (newFilesByUnit.getOrDefault(root, List.of()).contains(change.path())) {
                    parts.add(new ChangeUnit.Part(change.path(), null, List.of(), Map.of()));
                }
            }
            units.add(new ChangeUnit(parts, because(root, parts.size() > 1)));
        }
        return units;
    }

    /**
     * Why the edits of one unit are together, one sentence per reason and subject: "`fetch` becomes async (line
     * 10), so its calls await it (lines 14, 22)". Places name their file when the unit spans files.
     */
    private List<String> because(int root, boolean manyFiles) {
        List<String> out = new ArrayList<>();
        for (String path : unreadable) {
            if (nodes.stream().anyMatch(n -> n.file.path().equals(path) && find(n.id) == root)) {
                out.add("Unblock could not read the structure of " + Markdown.code(path) + ", so all its changes are one");
            }
        }
        Map<String, List<Link>> grouped = new LinkedHashMap<>();
        for (Link link : links) {
            Node any = link.subject() != null ? link.subject() : link.other();
            if (find(any.id) == root) {
                String key = link.template() + "\0" + link.name() + "\0" + (link.subject() == null ? link.subjectPath()
                        : link.subject().id);
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(link);
            }
        }
        for (List<Link> group : grouped.values()) {
            Link first = group.get(0);
            String subject = first.subject() == null ? Markdown.code(first.subjectPath())
                    : places(List.of(first.subject()), manyFiles);
            String others = places(group.stream().map(Link::other).toList(), manyFiles);
            List<Node> everyone = new ArrayList<>();
            if (first.subject() != null) {
                everyone.add(first.subject());
            }
            group.forEach(l -> everyone.add(l.other()));
            String sentence = first.template().replace("{name}", first.name().isEmpty() ? "" : Markdown.code(first.name()))
                    .replace("{subject}", subject).replace("{others}", others)
                    .replace("{all}", places(everyone, manyFiles));
            if (!out.contains(sentence)) {
                out.add(sentence);
            }
        }
        return out;
    }

    /** "line 3", "lines 3, 7", or with the file first when the unit spans files. */
    private static String places(List<Node> nodes, boolean manyFiles) {
        Map<String, java.util.SortedSet<Integer>> byFile = new LinkedHashMap<>();
        nodes.forEach(n -> byFile.computeIfAbsent(n.file.path(), k -> new java.util.TreeSet<>()).add(n.edit.startLine()));
        List<String> out = new ArrayList<>();
        byFile.forEach((path, lines) -> {
            List<String> shown = lines.stream().limit(6).map(String::valueOf).toList();
            String text = (lines.size() == 1 ? "line " : "lines ") + String.join(", ", shown)
                    + (lines.size() > shown.size() ? " and " + (lines.size() - shown.size()) + " more" : "");
            out.add(manyFiles ? Markdown.code(path) + " " + text : text);
        });
        return String.join("; ", out);
    }

    /**
     * Why a function becomes async, as the chain of calls down to a blocking one: "`load_user` becomes async
     * because it calls `fetch_profile` → `requests.get`". Read from the edits inside each function: a blocking
     * call a library rule rewrote, or a call of another function that became async.
     */
    private static final class Chains {
        private final Map<SourceOutline.Function, Node> headers = new LinkedHashMap<>();
        private final Map<SourceOutline.Function, List<Node>> bodies = new HashMap<>();
        private final Map<String, List<SourceOutline.Function>> byName = new HashMap<>();
        private final Map<SourceOutline.Function, FileChange> files = new HashMap<>();

        Chains(List<Node> nodes) {
            for (Node n : nodes) {
                if (n.header != null && headers.putIfAbsent(n.header, n) == null) {
                    byName.computeIfAbsent(n.header.name(), k -> new ArrayList<>()).add(n.header);
                    files.put(n.header, n.file);
                }
            }
            for (Node n : nodes) {
                if (n.header == null && n.owner != null) {
                    bodies.computeIfAbsent(n.owner, k -> new ArrayList<>()).add(n);
                }
            }
        }

        /** The explanation for a header edit that makes a function async, or null for any other edit. */
        String of(Node n) {
            if (n.header == null || !n.edit.replacement().contains("async") || headers.get(n.header) != n) {
                return null;
            }
            List<String> chain = new ArrayList<>();
            Set<SourceOutline.Function> seen = new HashSet<>();
            SourceOutline.Function current = n.header;
            while (current != null && seen.add(current) && chain.size() < 6) {
                SourceOutline.Function next = null;
                String blocking = null;
                for (Node inside : bodies.getOrDefault(current, List.of())) {
                    String callee = inside.outline.callAfter(inside.edit.start());
                    if (callee == null) {
                        continue;
                    }
                    if (!inside.edit.ruleId().startsWith("UB0")) {
                        blocking = callee;
                        break;
                    }
                    String last = callee.substring(callee.lastIndexOf('.') + 1);
                    if (next == null) {
                        next = closest(last, current, files.get(current), seen);
                    }
                }
                if (blocking != null) {
                    chain.add(Markdown.code(blocking));
                    break;
                }
                if (next == null) {
                    break;
                }
                FileChange file = files.get(next);
                chain.add(Markdown.code(next.name()) + (file == files.get(n.header) ? ""
                        : " (" + Markdown.code(file.path()) + ")"));
                current = next;
            }
            return chain.isEmpty() ? null
                    : Markdown.code(n.header.name()) + " becomes async because it calls " + String.join(" → ", chain);
        }

        /** A function of that name that became async: in the same file if there is one. */
        private SourceOutline.Function closest(String name, SourceOutline.Function from, FileChange file,
                                               Set<SourceOutline.Function> seen) {
            SourceOutline.Function best = null;
            for (SourceOutline.Function f : byName.getOrDefault(name, List.of())) {
                if (f == from || seen.contains(f)) {
                    continue;
                }
                if (best == null || files.get(f) == file && files.get(best) != file) {
                    best = f;
                }
            }
            return best;
        }
    }
}
