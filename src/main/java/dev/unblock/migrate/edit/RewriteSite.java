package dev.unblock.migrate.edit;

import java.util.List;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.migrate.Edit;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallRewriter;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.plan.CallTarget;

/** A rule's view of one call it rewrites itself (see {@link CallRewriter.CallSite}): its text, types, edits. */
final class RewriteSite implements CallRewriter.CallSite {
    private final FileEditor editor;
    private final CatalogCallEditor calls;
    private final CallFact call;
    private final CallTarget target;

    RewriteSite(FileEditor editor, CatalogCallEditor calls, CallFact call, CallTarget target) {
        this.editor = editor;
        this.calls = calls;
        this.call = call;
        this.target = target;
    }

    @Override
    public String text() {
        return editor.texts.get(editor.path);
    }

    @Override
    public CallFact fact() {
        return call;
    }

    @Override
    public String argument(int i) {
        FileFacts.Argument a = call.arguments().get(i);
        return text().substring(a.keyword() != null ? a.keywordStart() : a.start(), a.end());
    }

    @Override
    public String argumentType(int i) {
        return editor.d.calls().argumentType(editor.file, call, i);
    }

    @Override
    public Targets targets() {
        return editor.d.migrationTargets();
    }

    @Override
    public void replace(int start, int end, String text, String message) {
        editor.edit(Edit.replace(start, end, text, target.spec().ruleId(), message));
    }

    @Override
    public void insert(int at, String text, String message) {
        editor.edit(Edit.insert(at, text, target.spec().ruleId(), message, 0));
    }

    @Override
    public void replaceCallee(String text, String message) {
        CallSpec spec = target.spec();
        CallSpec renamed = new CallSpec(spec.ruleId(), spec.kind(), text, null, java.util.Map.of(),
                java.util.Map.of(), null, List.of(), message);
        calls.replaceCallee(call, renamed, target);
    }

    @Override
    public void await(String message) {
        editor.await(call, target.spec().ruleId(), message);
    }

    @Override
    public void imports(String... lines) {
        editor.sink.imports(editor.path, List.of(lines));
    }

    @Override
    public void finding(String message, String bridge) {
        editor.finding(call, target.spec().ruleId(), message, bridge);
    }

    @Override
    public String statementIndent() {
        String text = text();
        int start = call.stmtStart() < 0 ? call.primaryStart() : call.stmtStart();
        int lineStart = start;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
            lineStart--;
        }
        return text.substring(lineStart, start);
    }

    @Override
    public String indentUnit() {
        return editor.file.indentUnit();
    }

    @Override
    public String newline() {
        return TextLines.newline(text());
    }
}
