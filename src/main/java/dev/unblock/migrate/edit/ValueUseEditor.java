package dev.unblock.migrate.edit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.Chain;
import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.analysis.ProjectIndex;
import dev.unblock.analysis.ProjectIndex.ClassRef;
import dev.unblock.analysis.ProjectIndex.FunctionRef;
import dev.unblock.analysis.Resolver;
import dev.unblock.analysis.Resolver.CatalogMethod;
import dev.unblock.analysis.Resolver.Instance;
import dev.unblock.analysis.Resolver.Qualified;
import dev.unblock.analysis.Resolver.Value;
import dev.unblock.migrate.CoreRules;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Finding;
import dev.unblock.migrate.MigrationConfig;
import dev.unblock.migrate.SupportFiles;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.NameSpec;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;
import dev.unblock.migrate.plan.CallTarget;
import dev.unblock.migrate.plan.Decisions;
import dev.unblock.migrate.plan.Planner;

/**
 * The edits where a value is used rather than called, in code that became async: {@code async with} and
 * {@code async for} over async clients and context managers, attributes that are awaited methods in the async API,
 * {@code list(x)} of an async iterable, and exception names the async library raises instead.
 */
final class ValueUseEditor {
    private final FileEditor editor;
    private final CatalogCallEditor catalogCalls;
    private final Decisions d;
    private final FileFacts file;
    private final String path;
    private final ProjectIndex index;
    private final Resolver resolver;
    private final Catalog catalog;
    private final MigrationConfig config;
    private final Map<String, String> texts;
    private final EditSink sink;
    private final Set<Integer> asyncWithStarts = new HashSet<>();

    ValueUseEditor(FileEditor editor, CatalogCallEditor catalogCalls) {
        this.editor = editor;
        this.catalogCalls = catalogCalls;
        this.d = editor.d;
        this.file = editor.file;
        this.path = editor.path;
        this.index = editor.index;
        this.resolver = editor.resolver;
        this.catalog = editor.catalog;
        this.config = editor.config;
        this.texts = editor.texts;
        this.sink = editor.sink;
    }


    void withItem(WithFact w) {
        if (w.isAsync() || w.function() < 0 || !d.isAsyncNow(Planner.key(file, w.function()))) {
            return;
        }
        Value v = resolver.resolve(file, w.function(), w.manager());
        if (!(v instanceof Instance i)) {
            return;
        }
        String rule = null;
        TypeSpec spec = catalog.type(i.type());
        if (spec != null && spec.asyncContextManager() && !d.staysSync(path, i.type())
                && (spec.ruleId().equals("UB702") ? config.asyncFiles()
                        && catalogCalls.convertsFile(w.function(), w.manager())
                : editor.clients.fileMigratesType(i.type()))) {
            rule = spec.ruleId();
        } else if (index.cls(i.type()) != null) {
            FunctionRef enter = resolver.method(i.type(), "__enter__");
            if (enter != null && d.becomesAsync(enter)) {
                rule = CoreRules.ASYNC_CONTEXT_MANAGER;
            }
        }
        if (rule != null && asyncWithStarts.add(w.withStart())) {
            editor.edit(Edit.insert(w.withStart(), "async ", rule, "the context manager is async now", 0));
        }
    }

    void forLoop(FileFacts.ForFact loop) {
        if (loop.isAsync() || loop.function() < 0 || loop.context() != Context.FUNCTION
                || !d.isAsyncNow(Planner.key(file, loop.function()))) {
            return;
        }
        Value v = resolver.resolve(file, loop.function(), loop.iterable());
        if (v instanceof Instance i) {
            TypeSpec spec = catalog.type(i.type());
            // a file: only one this function opens and converts is an aiofiles object (`for line in open(p)`)
            boolean file = catalog.knowledge().hasOwnHandOffs(i.type());
            if (spec != null && spec.asyncIterable() && (!file || config.asyncFiles()
                    && catalogCalls.convertsFile(loop.function(), loop.iterable())) && !d.staysSync(path, i.type())) {
                editor.edit(Edit.insert(loop.forStart(), "async ", spec.ruleId(), "iteration is async now", 0));
            }
        }
    }

    /** Whether a subscript follows the reference ({@code r.text[:500]}), which its facts do not count as trailing. */
    private boolean subscripted(ReferenceFact r) {
        String text = texts.get(path);
        int at = r.end();
        while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
            at++;
        }
        return at < text.length() && text.charAt(at) == '[';
    }

    void reference(ReferenceFact r) {
        boolean inAsync = r.function() >= 0 && d.isAsyncNow(Planner.key(file, r.function()));
        String listed = inAsync && r.context() == Context.FUNCTION ? d.calls().listedAsyncIterable(file, r) : null;
        if (listed != null && !d.staysSync(path, listed)) {
            TypeSpec type = catalog.type(listed);
            CallFact list = d.calls().listCallAround(file, r);
            String template = type.listTemplate() != null ? type.listTemplate() : "[item async for item in {}]";
            int hole = template.indexOf("{}");
            editor.edit(Edit.replace(list.primaryStart(), r.start(), template.substring(0, hole), type.ruleId(),
                    "the value is consumed asynchronously"));
            editor.edit(Edit.replace(r.end(), list.callEnd(), template.substring(hole + 2), type.ruleId(), ""));
            return;
        }
        List<Chain.Step> steps = r.chain().steps();
        if (inAsync && !steps.isEmpty() && steps.get(steps.size() - 1) instanceof Chain.Attr a) {
            Value receiver = resolver.resolve(file, r.function(), r.chain(), steps.size() - 1);
            if (receiver instanceof Instance i && catalog.type(i.type()) != null
                    && !d.staysSync(path, i.type())) {
                String awaited = catalog.type(i.type()).awaitedAttributes().get(a.name());
                if (awaited != null) {
                    String rule = catalog.type(i.type()).ruleId();
                    String message = "." + a.name() + " is an awaited method call in the async API";
                    // `await r.text()[:500]` would subscript the coroutine: a trailer needs the parentheses
                    boolean trailer = r.trailing() || subscripted(r);
                    editor.edit(Edit.insert(r.start(), trailer ? "(await " : "await ", rule, message, -r.end()));
                    editor.edit(Edit.replace(r.nameStart(), r.end(), awaited, rule, message));
                    if (trailer) {
                        editor.edit(Edit.insert(r.end(), ")", rule, "", 0));
                    }
                    return;
                }
                String renamed = catalog.type(i.type()).renamedAttributes().get(a.name());
                if (renamed != null && renamed.startsWith("not ")) {
                    String rule = catalog.type(i.type()).ruleId();
                    String opposite = renamed.substring(4);
                    String message = "." + a.name() + " is `not ." + opposite + "` in the async API";
                    int not = NegatedOperand.notBefore(texts.get(path), r.start(), r.end());
                    if (not >= 0) {
                        // `not r.ok` is `r.is_error`
                        editor.edit(Edit.replace(not, r.start(), "", rule, message));
                        editor.edit(Edit.replace(r.nameStart(), r.end(), opposite, rule, message));
                        return;
                    }
                    editor.edit(Edit.insert(r.start(), "(not ", rule, message, -r.end()));
                    editor.edit(Edit.replace(r.nameStart(), r.end(), opposite, rule, message));
                    editor.edit(Edit.insert(r.end(), ")", rule, "", 0));
                    return;
                }
                if (renamed != null) {
                    editor.edit(Edit.replace(r.nameStart(), r.end(), renamed, catalog.type(i.type()).ruleId(),
                            "." + a.name() + " is called ." + renamed + " in the async API"));
                    return;
                }
            }
        }
        Value v = resolver.reference(file, r);
        if (v instanceof Qualified q) {
            NameSpec name = catalog.name(q.name());
            // an except clause a first run widened sits in a function that is already async def on the second
            boolean inAsyncDef = inAsync || r.function() >= 0 && file.functions().get(r.function()).isAsync();
            if (name != null && (inAsyncDef && r.caught() || inAsync || editor.rulesUsed.contains(name.ruleId())
                    || fileUsesRule(name.ruleId()))) {
                String following = texts.get(path).substring(r.end(), Math.min(texts.get(path).length(),
                        r.end() + name.replacement().length() + 8));
                String old = texts.get(path).substring(r.start(), r.end());
                String kept = "`" + old + "` is still caught next to " + name.replacement() + " (in "
                        + (r.function() >= 0 ? file.functions().get(r.function()).qualifiedName() : path)
                        + "): code this `try` guards may still use the synchronous library (some of its calls stay "
                        + "synchronous in the project)";
                if (r.caught() && following.replaceAll("\\s", "").startsWith("," + name.replacement())) {
                    sink.finding(new Finding(path, r.line(), r.column(), name.ruleId(), kept, null));
                    return; // already caught together with its replacement
                }
                if (!inAsync && !editor.rulesUsed.contains(name.ruleId()) && !fileUsesRule(name.ruleId())) {
                    return; // code that was async already: not this migration's to change
                }
                if (r.caught() && !d.fullyMigrated(name.ruleId())) {
                    // Code the try guards may still use the old library (a callback, a sync helper): catch both.
                    sink.finding(new Finding(path, r.line(), r.column(), name.ruleId(), kept, null));
                    editor.edit(Edit.replace(r.start(), r.end(), "(" + old + ", " + name.replacement() + ")", name.ruleId(),
                            q.name() + " is raised as " + name.replacement() + " by the async API; calls left "
                                    + "synchronous may still raise " + old));
                } else {
                    editor.edit(Edit.replace(r.start(), r.end(), name.replacement(), name.ruleId(),
                            q.name() + " is raised as " + name.replacement() + " by the async API"));
                }
                sink.imports(path, name.imports());
            } else if (name != null && r.function() >= 0 && !inAsyncDef && !d.fullyMigrated(name.ruleId())) {
                // Some calls keep the old library, and this function may reach them (a test naming its exceptions).
                String old = texts.get(path).substring(r.start(), r.end());
                sink.finding(new Finding(path, r.line(), r.column(), name.ruleId(), "`" + old + "` is left as it is in "
                        + file.functions().get(r.function()).qualifiedName() + ", which stays synchronous: what it "
                        + "calls may still use the synchronous library", null));
            }
        }
    }

    private boolean fileUsesRule(String ruleId) {
        List<Edit> edits = sink.edits().get(path);
        return edits != null && edits.stream().anyMatch(e -> e.ruleId().equals(ruleId));
    }
}
