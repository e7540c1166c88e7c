package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ClassFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.FileFacts.ForFact;
import dev.unblock.analysis.FileFacts.FunctionFact;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.analysis.FileFacts.Param;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.python.PythonLexer;
import dev.unblock.python.PythonParser;
import dev.unblock.python.PythonParser.*;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/** Walks one syntax tree and writes down its {@link FileFacts}. */
public final class FactsExtractor {
    private final SourceFile src;
    private final String module;
    private final List<ImportFact> imports = new ArrayList<>();
    private final List<FunctionBuilder> functions = new ArrayList<>();
    private final List<ClassBuilder> classes = new ArrayList<>();
    private final List<CallFact> calls = new ArrayList<>();
    private final List<ReferenceFact> references = new ArrayList<>();
    private final List<WithFact> withItems = new ArrayList<>();
    private final List<ForFact> loops = new ArrayList<>();
    private final Map<String, List<Chain>> moduleAssignments = new LinkedHashMap<>();
    private final java.util.Set<String> nameStrings = new java.util.HashSet<>();
    /** Call index by the offset of its '(' (see {@link #callIndexAt}). */
    private final Map<Integer, Integer> callAtParen = new java.util.HashMap<>();

    private FactsExtractor(SourceFile src, String module) {
        this.src = src;
        this.module = module;
    }

    public static FileFacts extract(SourceFile src, String path, String module, boolean isPackage) {
        FactsExtractor x = new FactsExtractor(src, module);
        x.visit(src.tree(), new Scope(-1, -1, Context.IMPORT_TIME));
        int[] insert = x.importInsertPoint();
        return new FileFacts(path, module, isPackage, x.indentUnit(), x.imports,
                x.functions.stream().map(f -> f.build(x::fix)).toList(),
                x.classes.stream().map(c -> c.build(x::fix)).toList(),
                x.calls.stream().map(x::fixArguments).toList(), x.references,
                x.withItems.stream().map(w -> new WithFact(w.function(), x.fix(w.manager()), w.target(), w.withStart(),
                        w.isAsync(), w.line(), w.call() < -1 ? x.fix(w.call()) : w.call())).toList(),
                x.loops.stream().map(l -> new ForFact(l.function(), x.fix(l.iterable()), l.forStart(), l.isAsync(),
                        l.line(), l.context())).toList(),
                fixAll(x.moduleAssignments, x::fix), insert[0], insert[1] == 1, java.util.Set.copyOf(x.nameStrings));
    }

    /** Where the walk is: enclosing function and class (indexes, -1 for none) and the evaluation context. */
    private record Scope(int function, int cls, Context context) {
        Scope with(Context c) {
            return new Scope(function, cls, c);
        }
    }

    private void visit(ParseTree node, Scope scope) {
        if (node instanceof Function_defContext f) {
            function(f, scope);
        } else if (node instanceof Class_defContext c) {
            classDef(c, scope);
        } else if (node instanceof DecoratedContext d) {
            // Decorators run at definition time, in the enclosing scope.
            for (DecoratorContext dec : d.decorator()) {
                visit(dec, scope.with(Context.DEFINITION_TIME));
            }
            visit(d.getChild(d.getChildCount() - 1), scope);
        } else if (node instanceof If_stmtContext i && scope.function() < 0 && scope.cls() < 0 && isMainGuard(i)) {
            visit(i.named_expression(), scope);
            visit(i.block(), scope.with(Context.MAIN_GUARD));
            for (int k = 2; k < i.getChildCount(); k++) {
                if (i.getChild(k) instanceof ParserRuleContext rc && rc != i.block()) {
                    visit(rc, scope);
                }
            }
        } else if (node instanceof LambdefContext l) {
            visitChildren(l, scope.with(Context.LAMBDA));
        } else if (node instanceof AtomContext a && a.LPAR() != null && a.testlist_comp() != null
                && a.testlist_comp().comprehension() != null) {
            generatorExpression(a.testlist_comp().star_named_expression(0), a.testlist_comp().comprehension(), scope);
        } else if (node instanceof ArgumentContext a && a.comprehension() != null) {
            generatorExpression(a.expression(0), a.comprehension(), scope);
        } else if (node instanceof PrimaryContext p) {
            primary(p, scope);
        } else if (node instanceof StringsContext strings) {
            int lookup = nameLookup(strings, scope);
            if (lookup != NOT_A_LOOKUP) {
                for (TerminalNode t : strings.STRING()) {
                    nameStrings(t.getText(), lookup == LAST_PART);
                }
                // f"job_{name}": the literal text before the first field is a prefix of the names looked up
                if (lookup == WHOLE && !strings.fstring().isEmpty()) {
                    FstringContext f = strings.fstring(0);
                    String prefix = !f.fstring_part().isEmpty() && f.fstring_part(0).FSTRING_MIDDLE() != null
                            ? f.fstring_part(0).getText() : "";
                    namePrefix(prefix);
                }
            }
            visitChildren(strings, scope);
        } else if (node instanceof Import_stmtContext i) {
            importStmt(i, scope);
            visitChildren(i, scope);
        } else if (node instanceof Expr_stmtContext e) {
            assignment(e, scope);
            visitChildren(e, scope);
        } else if (node instanceof With_stmtContext w) {
            for (With_itemContext item : w.with_item()) {
                withItem(w, item, scope);
            }
            visitChildren(w, scope);
        } else if (node instanceof For_stmtContext f) {
            loop(f.FOR().getSymbol(), f.star_expressions(), isAsync(f), scope);
            visitChildren(f, scope);
        } else if (node instanceof For_if_clauseContext f) {
            loop(f.FOR().getSymbol(), f.disjunction(0), f.ASYNC() != null, scope);
            visitChildren(f, scope);
        } else if (node instanceof Return_stmtContext r) {
            if (scope.function() >= 0 && r.star_expressions() != null) {
                Chain c = chainOf(r.star_expressions());
                if (c != null) {
                    functions.get(scope.function()).returns.add(c);
                }
            }
            visitChildren(r, scope);
        } else if (node instanceof Yield_exprContext y) {
            if (scope.function() >= 0 && scope.context() != Context.LAMBDA) {
                functions.get(scope.function()).generator = true;
            }
            visitChildren(y, scope);
        } else {
            visitChildren(node, scope);
        }
    }

    /**
     * A generator expression runs lazily in its own scope, except its first iterable, which is evaluated at once
     * where the expression is (so an `await` there is fine).
     */
    private void generatorExpression(ParserRuleContext element, ComprehensionContext clauses, Scope scope) {
        Scope lazy = scope.with(Context.GENERATOR_EXPRESSION);
        visit(element, lazy);
        List<For_if_clauseContext> all = clauses.for_if_clause();
        for (int i = 0; i < all.size(); i++) {
            For_if_clauseContext clause = all.get(i);
            if (i > 0) {
                visit(clause, lazy);
                continue;
            }
            // The iteration itself is lazy (an `async for` here would make an async generator expression).
            loop(clause.FOR().getSymbol(), clause.disjunction(0), clause.ASYNC() != null, lazy);
            visit(clause.targets(), lazy);
            visit(clause.disjunction(0), scope);
            for (int k = 1; k < clause.disjunction().size(); k++) {
                visit(clause.disjunction(k), lazy);
            }
        }
    }

    private static final int NOT_A_LOOKUP = 0;
    private static final int WHOLE = 1;
    private static final int LAST_PART = 2;
    private static final java.util.Set<String> LOOKUPS = java.util.Set.of("getattr", "hasattr", "setattr", "delattr",
            "methodcaller", "attrgetter");

    /**
     * Whether a string may name a function that code looks up by name: an argument of getattr and its kin, a
     * keyword argument ({@code callback="parse_item"}), a value in a class body ({@code actions = ["publish"]});
     * anywhere, a dotted or {@code module:function} reference (only its last name). Not dictionary keys,
     * subscripts or other call arguments.
     */
    private int nameLookup(StringsContext strings, Scope scope) {
        String text = strings.getText();
        boolean dotted = text.contains(".") || text.contains(":");
        if (!(strings.getParent() instanceof AtomContext atom) || !(atom.getParent() instanceof PrimaryContext p)
                || !p.trailer().isEmpty()) {
            return NOT_A_LOOKUP;
        }
        ParserRuleContext top = climb(p);
        if (top.getParent() instanceof ArgumentContext a) {
            if (a.EQUAL() != null && a.expression().size() == 2 && a.expression(1) == top) {
                return dotted ? LAST_PART : WHOLE;
            }
        }
        // getattr(self, "do_" + name): the string may be a prefix inside the argument
        ParserRuleContext n = top;
        for (int i = 0; i < 6 && !(n.getParent() instanceof ArgumentContext) && n.getParent() != null
                && !(n.getParent() instanceof StmtContext); i++) {
            n = n.getParent();
        }
        if (n.getParent() instanceof ArgumentContext a) {
            if (a.getParent() instanceof ArgumentsContext args && args.getParent() instanceof TrailerContext call
                    && call.getParent() instanceof PrimaryContext callee) {
                int at = callee.trailer().indexOf(call);
                String name = at > 0 && callee.trailer().get(at - 1).name() != null
                        ? callee.trailer().get(at - 1).name().getText()
                        : at == 0 && callee.atom().name() != null ? callee.atom().name().getText() : null;
                if (name != null && LOOKUPS.contains(name)) {
                    return WHOLE;
                }
            }
        }
        boolean classBody = scope.cls() >= 0 && classes.get(scope.cls()).parentFunction == scope.function()
                && scope.context() != Context.FUNCTION;
        if (classBody && !(top.getParent() instanceof SlicesContext)) {
            return dotted ? LAST_PART : WHOLE;
        }
        return dotted ? LAST_PART : NOT_A_LOOKUP;
    }

    /** A plain string literal that spells a dotted name ({@code "fetch"}, {@code "pkg.mod:main"}): its names. */
    private void nameStrings(String literal, boolean lastPartOnly) {
        int q = 0;
        while (q < literal.length() && Character.isLetter(literal.charAt(q))) {
            q++;
        }
        String prefix = literal.substring(0, q).toLowerCase();
        if (prefix.contains("b") || prefix.contains("f") || prefix.contains("t")) {
            return;
        }
        String body = literal.substring(q);
        int quote = body.startsWith("\"\"\"") || body.startsWith("'''") ? 3 : 1;
        if (body.length() < 2 * quote) {
            return;
        }
        body = body.substring(quote, body.length() - quote);
        int template = body.indexOf('%') >= 0 ? body.indexOf('%') : body.indexOf('{');
        if (!lastPartOnly && template >= 0) {
            // "on_%s" % event, "handle_{}".format(kind): a prefix of the names looked up
            namePrefix(body.substring(0, template));
            return;
        }
        if (body.isEmpty() || body.length() > 200 || !NAME_STRING.matcher(body).matches()) {
            return;
        }
        String[] parts = body.split("[.:]");
        for (int i = lastPartOnly ? parts.length - 1 : 0; i < parts.length; i++) {
            if (!parts[i].isEmpty()) {
                nameStrings.add(parts[i]);
            }
        }
    }

    /** Names starting with this are looked up (recorded with a trailing {@code *}); an empty prefix says nothing. */
    private void namePrefix(String prefix) {
        if (!prefix.isEmpty() && NAME_STRING.matcher(prefix).matches()) {
            nameStrings.add(prefix + "*");
        }
    }

    private static final java.util.regex.Pattern NAME_STRING =
            java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*([.:][\\p{L}_][\\p{L}\\p{N}_]*)*");

    private void visitChildren(ParseTree node, Scope scope) {
        for (int i = 0; i < node.getChildCount(); i++) {
            ParseTree child = node.getChild(i);
            if (!(child instanceof TerminalNode)) {
                visit(child, scope);
            }
        }
    }

    // ---------- definitions ----------

    private void function(Function_defContext f, Scope scope) {
        ParserRuleContext stmt = definitionStatement(f);
        FunctionBuilder fn = new FunctionBuilder();
        fn.index = functions.size();
        fn.name = f.name().getText();
        // A method: defined directly in a class body (which may itself be inside a function).
        fn.owner = scope.cls() >= 0 && classes.get(scope.cls()).parentFunction == scope.function() ? scope.cls() : -1;
        fn.parent = scope.function();
        fn.qualifiedName = qualify(scope, fn.name);
        fn.isAsync = f.getParent() instanceof Async_stmtContext;
        fn.defStart = src.start(fn.isAsync ? (ParserRuleContext) f.getParent() : f);
        fn.nameStart = src.start(f.name());
        fn.nameEnd = src.end(f.name());
        fn.line = src.line(fn.defStart);
        fn.stmtStart = src.start(stmt);
        if (stmt instanceof DecoratedContext d) {
            for (DecoratorContext dec : d.decorator()) {
                fn.decoratorTexts.add(src.text(dec.named_expression()));
                Chain c = chainOf(dec.named_expression());
                fn.decorators.add(c == null ? new Chain(Chain.OPAQUE, List.of()) : c);
            }
        }
        if (f.expression() != null) {
            fn.returnAnnotation = chainOf(f.expression());
            visit(f.expression(), scope.with(Context.DEFINITION_TIME));
        }
        functions.add(fn);
        if (f.parameters() != null) {
            for (ParameterContext p : f.parameters().parameter()) {
                if (p.name() != null) {
                    Chain annotation = p.COLON() == null ? null
                            : chainOf(p.expression().isEmpty() ? p.star_expression() : p.expression(0));
                    fn.params.add(new Param(p.name().getText(), annotation, p.STAR() != null || p.DOUBLESTAR() != null));
                }
                // Annotations and defaults are evaluated when the def runs.
                visitChildren(p, scope.with(Context.DEFINITION_TIME));
            }
        }
        visit(f.block(), new Scope(fn.index, -1, Context.FUNCTION));
    }

    private ParserRuleContext definitionStatement(ParserRuleContext def) {
        ParserRuleContext node = def;
        if (node.getParent() instanceof Async_stmtContext a) {
            node = a;
        }
        if (node.getParent() instanceof DecoratedContext d) {
            node = d;
        }
        return node;
    }

    private void classDef(Class_defContext c, Scope scope) {
        ClassBuilder cls = new ClassBuilder();
        cls.index = classes.size();
        cls.name = c.name().getText();
        cls.qualifiedName = qualify(scope, cls.name);
        cls.parentFunction = scope.function();
        cls.nameEnd = src.end(c.name());
        cls.line = src.line(src.start(c));
        cls.hasBases = c.LPAR() != null;
        if (c.getParent() instanceof DecoratedContext d) {
            for (DecoratorContext dec : d.decorator()) {
                cls.decoratorTexts.add(src.text(dec.named_expression()));
            }
        }
        if (cls.hasBases) {
            cls.basesOpen = src.start(c.LPAR().getSymbol());
            cls.basesClose = src.start(c.RPAR().getSymbol());
            if (c.arguments() != null) {
                for (ArgumentContext a : c.arguments().argument()) {
                    if (a.EQUAL() == null && a.STAR() == null && a.DOUBLESTAR() == null) {
                        Chain base = withoutTypeArguments(chainOf(a.expression(0)));
                        cls.bases.add(base == null ? new Chain(Chain.OPAQUE, List.of()) : base);
                    }
                }
                visit(c.arguments(), scope.with(Context.DEFINITION_TIME));
            }
        }
        classes.add(cls);
        Context body = scope.function() >= 0 ? Context.FUNCTION : Context.IMPORT_TIME;
        visit(c.block(), new Scope(scope.function(), cls.index, body));
    }

    private String qualify(Scope scope, String name) {
        if (scope.cls() >= 0 && (scope.function() < 0 || classes.get(scope.cls()).parentFunction == scope.function())) {
            return classes.get(scope.cls()).qualifiedName + "." + name;
        }
        if (scope.function() >= 0) {
            return functions.get(scope.function()).qualifiedName + ".<locals>." + name;
        }
        return module + "." + name;
    }

    private static boolean isMainGuard(If_stmtContext i) {
        String condition = i.named_expression().getText().replace('\'', '"');
        return condition.equals("__name__==\"__main__\"") || condition.equals("\"__main__\"==__name__");
    }

    private static boolean isAsync(For_stmtContext f) {
        return f.getParent() instanceof Async_stmtContext;
    }

    // ---------- imports ----------

    private void importStmt(Import_stmtContext i, Scope scope) {
        Simple_stmtsContext line = (Simple_stmtsContext) i.getParent().getParent();
        int stmtStart = src.start(i);
        int stmtEnd = src.end(i);
        int lineStart = src.start(line);
        int lineEnd = src.end(line);
        boolean topLevel = scope.function() < 0 && scope.cls() < 0 && scope.context() == Context.IMPORT_TIME;
        boolean alone = line.simple_stmt().size() == 1;
        if (i.import_name() != null) {
            List<Dotted_as_nameContext> names = i.import_name().dotted_as_name();
            for (int k = 0; k < names.size(); k++) {
                Dotted_as_nameContext d = names.get(k);
                imports.add(new ImportFact(d.dotted_name().getText(), null, d.name() == null ? null : d.name().getText(),
                        0, stmtStart, stmtEnd, lineStart, lineEnd, topLevel, alone && names.size() == 1,
                        src.start(d), src.end(d), k > 0 ? src.end(names.get(k - 1)) : -1,
                        k + 1 < names.size() ? src.start(names.get(k + 1)) : -1));
            }
            return;
        }
        Import_fromContext f = i.import_from();
        int level = f.DOT().size() + 3 * f.ELLIPSIS().size();
        String from = f.dotted_name() == null ? "" : f.dotted_name().getText();
        if (f.STAR() != null) {
            imports.add(new ImportFact(from, "*", null, level, stmtStart, stmtEnd, lineStart, lineEnd, topLevel, alone,
                    -1, -1, -1, -1));
            return;
        }
        List<Import_as_nameContext> names = f.import_as_name();
        for (int k = 0; k < names.size(); k++) {
            Import_as_nameContext n = names.get(k);
            imports.add(new ImportFact(from, n.name(0).getText(), n.name().size() > 1 ? n.name(1).getText() : null,
                    level, stmtStart, stmtEnd, lineStart, lineEnd, topLevel, alone && names.size() == 1,
                    src.start(n), src.end(n), k > 0 ? src.end(names.get(k - 1)) : -1,
                    k + 1 < names.size() ? src.start(names.get(k + 1)) : -1));
        }
    }

    // ---------- assignments, with, for ----------

    private void assignment(Expr_stmtContext e, Scope scope) {
        List<Assigned_valueContext> values = e.assigned_value();
        ParserRuleContext valueNode = null;
        if (e.annotation() != null) {
            valueNode = values.isEmpty() ? null : values.get(0);
        } else if (e.augassign() == null && values.size() == 1) {
            valueNode = values.get(0);
        }
        Chain value = valueNode == null ? null : chainOf(valueNode);
        if (value == null && e.annotation() != null) {
            value = chainOf(e.annotation().expression());
            if (value != null) {
                // `x: T` says x holds an instance of T: mark it as a call of T.
                value = annotationAsInstance(value);
            }
        }
        if (value == null) {
            return;
        }
        PrimaryContext target = primaryOf(e.star_expressions());
        if (target == null) {
            return;
        }
        List<TrailerContext> trailers = target.trailer();
        String root = target.atom().name() == null ? null : target.atom().name().getText();
        if (root == null) {
            return;
        }
        if (trailers.isEmpty()) {
            Map<String, List<Chain>> bucket;
            if (scope.function() >= 0) {
                bucket = functions.get(scope.function()).locals;
            } else if (scope.cls() >= 0) {
                bucket = classes.get(scope.cls()).classAttributes;
            } else {
                bucket = moduleAssignments;
            }
            bucket.computeIfAbsent(root, k -> new ArrayList<>()).add(value);
        } else if (trailers.size() == 1 && trailers.get(0).DOT() != null && scope.function() >= 0) {
            FunctionBuilder fn = functions.get(scope.function());
            if (fn.owner >= 0 && !fn.params.isEmpty() && fn.params.get(0).name().equals(root)) {
                fn.selfAttributes.computeIfAbsent(trailers.get(0).name().getText(), k -> new ArrayList<>()).add(value);
            }
        }
    }

    /** An annotation read as "an instance of": the chain of the annotation followed by a call step. */
    private static Chain annotationAsInstance(Chain annotation) {
        List<Chain.Step> steps = new ArrayList<>(annotation.steps());
        steps.add(new Chain.Call(-1));
        return new Chain(annotation.root(), steps);
    }

    private void withItem(With_stmtContext w, With_itemContext item, Scope scope) {
        Chain manager = chainOf(item.expression());
        if (manager == null) {
            return;
        }
        String target = null;
        if (item.target() != null && item.target().STAR() == null) {
            PrimaryContext t = item.target().primary();
            if (t.trailer().isEmpty() && t.atom().name() != null) {
                target = t.atom().name().getText();
            }
        }
        boolean isAsync = w.getParent() instanceof Async_stmtContext;
        Chain.Step last = manager.steps().isEmpty() ? null : manager.steps().get(manager.steps().size() - 1);
        int call = last instanceof Chain.Call c ? c.call() : -1;
        withItems.add(new WithFact(scope.function(), manager, target, src.start(w.WITH().getSymbol()), isAsync,
                src.line(src.start(item)), call));
        if (target != null && scope.function() >= 0) {
            functions.get(scope.function()).locals.computeIfAbsent(target, k -> new ArrayList<>()).add(manager);
        }
    }

    private void loop(Token forToken, ParserRuleContext iterable, boolean isAsync, Scope scope) {
        Chain c = chainOf(iterable);
        if (c != null) {
            loops.add(new ForFact(scope.function(), c, src.start(forToken), isAsync, src.line(src.start(forToken)),
                    scope.context()));
        }
    }

    // ---------- primaries: calls and references ----------

    private void primary(PrimaryContext p, Scope scope) {
        AtomContext atom = p.atom();
        String root = atom.name() != null ? atom.name().getText() : Chain.OPAQUE;
        if (atom.name() == null) {
            visit(atom, scope);
        }
        List<TrailerContext> trailers = p.trailer();
        List<Chain.Step> steps = new ArrayList<>();
        int primaryStart = src.start(p);
        int lastNameStart = src.start(atom);
        int prevEnd = src.end(atom);
        for (int k = 0; k < trailers.size(); k++) {
            TrailerContext t = trailers.get(k);
            boolean last = k == trailers.size() - 1;
            if (t.DOT() != null) {
                steps.add(new Chain.Attr(t.name().getText()));
                lastNameStart = src.start(t.name());
                TrailerContext next = last ? null : trailers.get(k + 1);
                if (!root.equals(Chain.OPAQUE) && (next == null || next.LPAR() == null)) {
                    reference(new Chain(root, steps), p, scope, primaryStart, lastNameStart, src.end(t),
                            next != null && next.DOT() != null);
                }
            } else if (t.LPAR() != null) {
                int index = calls.size();
                calls.add(null);
                callAtParen.put(src.start(t), index);
                Chain callee = new Chain(root, steps);
                Use use = last ? useOf(p) : Use.OTHER;
                calls.set(index, callFact(index, callee, p, t, scope, primaryStart, prevEnd, lastNameStart, !last, use));
                steps.add(new Chain.Call(index));
                if (t.arguments() != null) {
                    visit(t.arguments(), scope);
                }
            } else {
                steps.add(new Chain.Index(stringKey(t.slices())));
                visit(t.slices(), scope);
            }
            prevEnd = src.end(t);
        }
        if (trailers.isEmpty() && atom.name() != null) {
            reference(new Chain(root, List.of()), p, scope, primaryStart, primaryStart, src.end(atom), false);
        }
    }

    private void reference(Chain chain, PrimaryContext p, Scope scope, int start, int nameStart, int end,
                           boolean trailing) {
        int offset = nameStart;
        references.add(new ReferenceFact(chain, scope.function(), scope.context(), start, nameStart, end,
                src.line(offset), src.column(offset), !trailing && isCallArgument(p), trailing, !trailing && caught(p)));
    }

    /** Whether the primary is (part of) the exception type of an {@code except} clause. */
    private static boolean caught(PrimaryContext p) {
        ParserRuleContext child = p;
        for (ParserRuleContext n = p.getParent(); n != null; child = n, n = n.getParent()) {
            if (n instanceof Except_clauseContext e) {
                return e.expression().contains(child);
            }
            if (n instanceof BlockContext || n instanceof StmtContext || n instanceof ArgumentContext) {
                return false;
            }
        }
        return false;
    }

    private boolean isCallArgument(PrimaryContext p) {
        ParserRuleContext top = climb(p);
        return top.getParent() instanceof ArgumentContext;
    }

    private CallFact callFact(int index, Chain callee, PrimaryContext p, TrailerContext call, Scope scope,
                              int primaryStart, int calleeEnd, int lastNameStart, boolean trailing, Use use) {
        List<Argument> args = new ArrayList<>();
        if (call.arguments() != null) {
            for (ArgumentContext a : call.arguments().argument()) {
                boolean star = a.STAR() != null || a.DOUBLESTAR() != null;
                if (a.EQUAL() != null) {
                    ExpressionContext kw = a.expression(0);
                    args.add(new Argument(kw.getText(), src.start(kw), src.end(kw), src.start(a.expression(1)),
                            src.end(a.expression(1)), false, chainOf(a.expression(1))));
                } else {
                    args.add(new Argument(null, -1, -1, src.start(a), src.end(a), star,
                            star || a.comprehension() != null || a.COLONEQUAL() != null ? null : chainOf(a.expression(0))));
                }
            }
        }
        Simple_stmtContext stmt = enclosing(p, Simple_stmtContext.class);
        int stmtStart = -1;
        int stmtEnd = -1;
        int blockEnd = -1;
        boolean simple = false;
        if (stmt != null) {
            stmtStart = src.start(stmt);
            stmtEnd = src.end(stmt);
            Simple_stmtsContext line = (Simple_stmtsContext) stmt.getParent();
            simple = line.simple_stmt().size() == 1 && !(line.getParent() instanceof BlockContext b && b.INDENT() == null);
            ParserRuleContext holder = line.getParent() == null ? null : line.getParent().getParent();
            if (holder instanceof BlockContext || holder instanceof File_inputContext) {
                blockEnd = lastStatementEnd(holder);
            }
        }
        int[] useRange = useRange(p, use);
        int offset = src.start(call);
        Context context = scope.context();
        return new CallFact(index, callee, scope.function(), context, use, primaryStart, calleeEnd, lastNameStart,
                src.start(call), src.end(call), trailing, args, src.line(offset), src.column(primaryStart), stmtStart,
                stmtEnd, blockEnd, simple, useRange[0], useRange[1], assignedName(p));
    }

    /** The end of the last statement of a block (or file), before its closing DEDENT. */
    private int lastStatementEnd(ParserRuleContext holder) {
        StmtContext last = null;
        for (int i = 0; i < holder.getChildCount(); i++) {
            if (holder.getChild(i) instanceof StmtContext s) {
                last = s;
            }
        }
        return last == null ? -1 : src.end(last);
    }

    /** How the value of a whole primary is used (see {@link Use}). */
    private Use useOf(PrimaryContext p) {
        if (p.getParent() instanceof PrimaryExprContext pe && pe.AWAIT() != null) {
            return Use.AWAITED;
        }
        ParserRuleContext top = climb(p);
        ParserRuleContext parent = top.getParent();
        if (parent instanceof Expr_stmtContext e && e.getChildCount() == 1) {
            return Use.STATEMENT;
        }
        if (parent instanceof For_stmtContext f && f.star_expressions() == top) {
            return Use.FOR_ITERABLE;
        }
        if (parent instanceof For_if_clauseContext f && f.disjunction(0) == top) {
            return Use.FOR_ITERABLE;
        }
        if (parent instanceof With_itemContext) {
            return Use.WITH_ITEM;
        }
        if (parent instanceof Yield_exprContext y && y.FROM() != null) {
            return Use.YIELD_FROM;
        }
        if (parent instanceof ArgumentContext a && a.getChildCount() == 1
                && a.getParent() instanceof ArgumentsContext args && args.argument().size() == 1
                && args.getParent() instanceof TrailerContext t) {
            PrimaryContext outer = (PrimaryContext) t.getParent();
            if (outer.trailer().size() == 1 && outer.atom().name() != null && outer.atom().getText().equals("list")) {
                return Use.LIST_ARGUMENT;
            }
        }
        return Use.OTHER;
    }

    /** The offsets a use-specific edit needs: the `for`/`with` keyword, or the `list(...)` call around the call. */
    private int[] useRange(PrimaryContext p, Use use) {
        ParserRuleContext top = climb(p);
        ParserRuleContext parent = top.getParent();
        return switch (use) {
            case FOR_ITERABLE -> {
                Token f = parent instanceof For_stmtContext fs ? fs.FOR().getSymbol()
                        : ((For_if_clauseContext) parent).FOR().getSymbol();
                yield new int[] {src.start(f), src.start(f)};
            }
            case WITH_ITEM -> {
                With_stmtContext w = (With_stmtContext) parent.getParent();
                yield new int[] {src.start(w.WITH().getSymbol()), src.start(w.WITH().getSymbol())};
            }
            case LIST_ARGUMENT -> {
                PrimaryContext outer = (PrimaryContext) parent.getParent().getParent().getParent();
                yield new int[] {src.start(outer), src.end(outer)};
            }
            case YIELD_FROM -> new int[] {src.start(parent), src.end(parent)};
            default -> new int[] {-1, -1};
        };
    }

    /** The name assigned when the primary is the whole right-hand side of {@code name = …}. */
    private String assignedName(PrimaryContext p) {
        ParserRuleContext top = climb(p);
        if (top.getParent() instanceof Assigned_valueContext v && v.getParent() instanceof Expr_stmtContext e
                && e.assigned_value().size() == 1) {
            PrimaryContext target = primaryOf(e.star_expressions());
            if (target != null && target.trailer().isEmpty() && target.atom().name() != null) {
                return target.atom().name().getText();
            }
        }
        return null;
    }

    /** Climbs from a primary through the single-child expression levels to the node that uses its value. */
    private static ParserRuleContext climb(PrimaryContext p) {
        ParserRuleContext node = p;
        if (node.getParent() instanceof PrimaryExprContext pe) {
            if (pe.AWAIT() != null) {
                return pe;
            }
            node = pe;
        }
        while (node.getParent() != null && isWrapper(node.getParent())) {
            node = node.getParent();
        }
        return node;
    }

    private static boolean isWrapper(ParserRuleContext n) {
        if (n.getChildCount() != 1) {
            return false;
        }
        return n instanceof InversionContext || n instanceof ConjunctionContext || n instanceof DisjunctionContext
                || n instanceof ExpressionContext || n instanceof Named_expressionContext
                || n instanceof Star_expressionContext || n instanceof Star_expressionsContext
                || n instanceof Star_named_expressionContext;
    }

    private static <T extends ParserRuleContext> T enclosing(ParserRuleContext node, Class<T> type) {
        for (ParserRuleContext n = node.getParent(); n != null; n = n.getParent()) {
            if (type.isInstance(n)) {
                return type.cast(n);
            }
            if (n instanceof LambdefContext || n instanceof Function_defContext) {
                return null;
            }
        }
        return null;
    }

    private static String stringKey(SlicesContext s) {
        String text = s.getText();
        if (s.slice().size() == 1 && text.length() >= 2 && (text.startsWith("\"") || text.startsWith("'"))
                && text.charAt(text.length() - 1) == text.charAt(0) && text.indexOf(text.charAt(0), 1) == text.length() - 1) {
            return text.substring(1, text.length() - 1);
        }
        return null;
    }

    // ---------- chains ----------

    /** The chain an expression is, when it is a single (possibly awaited) primary made of names and trailers. */
    private Chain chainOf(ParserRuleContext expr) {
        PrimaryContext p = primaryOf(expr);
        if (p == null || p.atom().name() == null) {
            return null;
        }
        return chainFromCalls(p);
    }

    /** A subscripted base ({@code Generic[T]}, {@code models.Manager["Project"]}) is its class at run time. */
    private static Chain withoutTypeArguments(Chain base) {
        if (base == null || base.steps().isEmpty() || !(base.steps().get(base.steps().size() - 1) instanceof Chain.Index)) {
            return base;
        }
        return new Chain(base.root(), base.steps().subList(0, base.steps().size() - 1));
    }

    /** Rebuilds the chain of a primary already visited (its calls are in {@link #calls}) or not yet visited. */
    private Chain chainFromCalls(PrimaryContext p) {
        List<Chain.Step> steps = new ArrayList<>();
        for (TrailerContext t : p.trailer()) {
            if (t.DOT() != null) {
                steps.add(new Chain.Attr(t.name().getText()));
            } else if (t.LPAR() != null) {
                steps.add(new Chain.Call(callIndexAt(src.start(t))));
            } else {
                steps.add(new Chain.Index(stringKey(t.slices())));
            }
        }
        return new Chain(p.atom().getText(), steps);
    }

    /**
     * Calls are numbered as the walk meets them, which is after assignments and with items are recorded; so a
     * chain refers to its calls by the offset of their '(' and the planner maps offsets to calls.
     */
    private int callIndexAt(int openParenOffset) {
        return -2 - openParenOffset;
    }

    private CallFact fixArguments(CallFact c) {
        List<Argument> args = c.arguments().stream().map(a -> new Argument(a.keyword(), a.keywordStart(),
                a.keywordEnd(), a.start(), a.end(), a.star(), fix(a.value()))).toList();
        return new CallFact(c.index(), c.callee(), c.function(), c.context(), c.use(), c.primaryStart(),
                c.calleeEnd(), c.lastNameStart(), c.openParen(), c.callEnd(), c.trailing(), args, c.line(), c.column(),
                c.stmtStart(), c.stmtEnd(), c.blockEnd(), c.stmtIsSimple(), c.useStart(), c.useEnd(), c.assignedTo());
    }

    private int fix(int call) {
        return callAtParen.getOrDefault(-2 - call, -1);
    }

    /** Replaces offset-based call references (made before the calls were numbered) by call indexes. */
    private Chain fix(Chain chain) {
        if (chain == null) {
            return null;
        }
        List<Chain.Step> steps = new ArrayList<>(chain.steps().size());
        for (Chain.Step step : chain.steps()) {
            steps.add(step instanceof Chain.Call c && c.call() < -1 ? new Chain.Call(fix(c.call())) : step);
        }
        return new Chain(chain.root(), steps);
    }

    private static Map<String, List<Chain>> fixAll(Map<String, List<Chain>> map,
                                                   java.util.function.UnaryOperator<Chain> fix) {
        Map<String, List<Chain>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, v.stream().map(fix).toList()));
        return out;
    }

    static PrimaryContext primaryOf(ParseTree node) {
        ParseTree n = node;
        while (true) {
            if (n instanceof PrimaryContext p) {
                return p;
            }
            if (n instanceof PrimaryExprContext pe) {
                return pe.primary();
            }
            if (n instanceof TerminalNode || n.getChildCount() != 1) {
                if (n instanceof Assigned_valueContext || n instanceof ExprContext) {
                    return n.getChildCount() == 1 ? primaryOf(n.getChild(0)) : null;
                }
                return null;
            }
            n = n.getChild(0);
        }
    }

    // ---------- layout ----------

    private String indentUnit() {
        for (Token t : src.tokens()) {
            if (t.getType() == PythonLexer.INDENT) {
                int start = src.start(t);
                int lineStart = src.lineStart(src.line(start));
                String unit = src.text().substring(lineStart, start);
                if (!unit.isEmpty() && unit.isBlank()) {
                    return unit;
                }
            }
        }
        return "    ";
    }

    /** After the docstring and `from __future__` imports; before the first other statement. */
    private int[] importInsertPoint() {
        File_inputContext file = src.tree();
        int after = -1;
        boolean first = true;
        for (StmtContext stmt : file.stmt()) {
            Simple_stmtsContext s = stmt.simple_stmts();
            boolean docstring = first && s != null && s.simple_stmt().size() == 1
                    && s.simple_stmt(0).expr_stmt() != null && s.simple_stmt(0).expr_stmt().getChildCount() == 1
                    && s.simple_stmt(0).getText().matches("(?s)[rRuU]?(\"|').*");
            boolean future = s != null && s.simple_stmt(0).import_stmt() != null
                    && s.simple_stmt(0).import_stmt().import_from() != null
                    && "__future__".equals(s.simple_stmt(0).import_stmt().import_from().dotted_name() == null ? null
                    : s.simple_stmt(0).import_stmt().import_from().dotted_name().getText());
            first = false;
            if (docstring || future) {
                after = src.end(stmt);
                continue;
            }
            int start = src.start(stmt);
            List<Token> comments = src.leadingComments(stmt);
            if (after < 0 && !comments.isEmpty()) {
                // Keep a header comment block (licence, shebang) above the new imports.
                return new int[] {src.lineStart(src.line(start)), 0};
            }
            return new int[] {src.lineStart(src.line(start)), 0};
        }
        if (after >= 0) {
            return new int[] {after, 0};
        }
        String text = src.text();
        return new int[] {text.length(), text.isEmpty() || text.endsWith("\n") || text.endsWith("\r") ? 0 : 1};
    }

    // ---------- builders ----------

    private static final class FunctionBuilder {
        int index;
        String name;
        String qualifiedName;
        int owner;
        int parent;
        boolean isAsync;
        boolean generator;
        final List<Chain> decorators = new ArrayList<>();
        final List<String> decoratorTexts = new ArrayList<>();
        final List<Param> params = new ArrayList<>();
        Chain returnAnnotation;
        final List<Chain> returns = new ArrayList<>();
        final Map<String, List<Chain>> locals = new LinkedHashMap<>();
        final Map<String, List<Chain>> selfAttributes = new LinkedHashMap<>();
        int defStart;
        int nameStart;
        int nameEnd;
        int line;
        int stmtStart;

        FunctionFact build(java.util.function.UnaryOperator<Chain> fix) {
            return new FunctionFact(index, name, qualifiedName, owner, parent, isAsync, generator,
                    decorators.stream().map(fix).toList(), decoratorTexts,
                    params.stream().map(p -> new Param(p.name(), fix.apply(p.annotation()), p.star())).toList(),
                    fix.apply(returnAnnotation), returns.stream().map(fix).toList(), fixAll(locals, fix),
                    fixAll(selfAttributes, fix), defStart, nameStart, nameEnd, line, stmtStart);
        }
    }

    private static final class ClassBuilder {
        int index;
        String name;
        String qualifiedName;
        final List<Chain> bases = new ArrayList<>();
        final List<String> decoratorTexts = new ArrayList<>();
        int parentFunction;
        int nameEnd;
        int basesOpen = -1;
        int basesClose = -1;
        boolean hasBases;
        int line;
        final Map<String, List<Chain>> classAttributes = new LinkedHashMap<>();

        ClassFact build(java.util.function.UnaryOperator<Chain> fix) {
            return new ClassFact(index, name, qualifiedName, bases.stream().map(fix).toList(), parentFunction, nameEnd,
                    basesOpen, basesClose, hasBases, line, fixAll(classAttributes, fix), decoratorTexts);
        }
    }
}
