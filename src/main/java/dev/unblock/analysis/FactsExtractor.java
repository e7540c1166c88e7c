package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FactBuilders.ClassBuilder;
import dev.unblock.analysis.FactBuilders.FunctionBuilder;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.FileFacts.ForFact;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.analysis.FileFacts.Param;
import dev.unblock.analysis.FileFacts.ReferenceFact;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.python.PythonParser;
import dev.unblock.python.PythonParser.ArgumentContext;
import dev.unblock.python.PythonParser.Async_stmtContext;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.ComprehensionContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.For_if_clauseContext;
import dev.unblock.python.PythonParser.For_stmtContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.If_stmtContext;
import dev.unblock.python.PythonParser.Import_stmtContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import dev.unblock.python.PythonParser.StringsContext;
import dev.unblock.python.PythonParser.With_itemContext;
import dev.unblock.python.PythonParser.With_stmtContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Walks one syntax tree and writes down its {@link FileFacts}: the walk and the definitions here; primaries
 * ({@link PrimaryFacts}), statements ({@link StatementFacts}), names spelt in strings ({@link NameStrings}), chains
 * ({@link ChainReader}) and layout ({@link FileLayout}) in their own classes.
 */
public final class FactsExtractor {
    private final SourceFile src;
    private final String module;
    final List<ImportFact> imports = new ArrayList<>();
    final List<FunctionBuilder> functions = new ArrayList<>();
    final List<ClassBuilder> classes = new ArrayList<>();
    final List<CallFact> calls = new ArrayList<>();
    final List<ReferenceFact> references = new ArrayList<>();
    final List<WithFact> withItems = new ArrayList<>();
    final List<ForFact> loops = new ArrayList<>();
    final Map<String, List<Chain>> moduleAssignments = new LinkedHashMap<>();
    /** The names the module's top-level code binds, gathered as a function's are ({@link NameBindings}). */
    private final FunctionBuilder moduleScope = new FunctionBuilder();
    /** {@code __all__ = [...]} at top level: its names, null when it is not a literal list of strings. */
    List<String> dunderAll;
    private final ChainReader chains;
    private final PrimaryFacts primaries;
    private final StatementFacts statements;
    private final NameStrings nameStrings = new NameStrings();

    private FactsExtractor(SourceFile src, String module) {
        this.src = src;
        this.module = module;
        this.chains = new ChainReader(src);
        this.primaries = new PrimaryFacts(this, src, chains);
        this.statements = new StatementFacts(this, src, chains);
    }

    public static FileFacts extract(SourceFile src, String path, String module, boolean isPackage) {
        FactsExtractor x = new FactsExtractor(src, module);
        x.visit(src.tree(), new Scope(-1, -1, Context.IMPORT_TIME));
        return x.build(path, isPackage);
    }

    /** The facts, with every chain's calls referred to by index (see {@link ChainReader}). */
    private FileFacts build(String path, boolean isPackage) {
        int[] insert = FileLayout.importInsertPoint(src);
        ChainReader c = chains;
        return new FileFacts(path, module, isPackage, FileLayout.indentUnit(src), imports,
                functions.stream().map(f -> f.build(c::fix, path)).toList(),
                classes.stream().map(k -> k.build(c::fix)).toList(),
                calls.stream().map(c::fixArguments).toList(), references,
                withItems.stream().map(w -> new WithFact(w.function(), c.fix(w.manager()), w.target(), w.withStart(),
                        w.isAsync(), w.line(), w.call() < -1 ? c.fix(w.call()) : w.call())).toList(),
                loops.stream().map(l -> new ForFact(l.function(), c.fix(l.iterable()), l.forStart(), l.isAsync(),
                        l.line(), l.context())).toList(),
                FactBuilders.fixAll(moduleAssignments, c::fix), insert[0], insert[1] == 1, nameStrings.names(),
                Set.copyOf(moduleScope.bindings.keySet()), readableAll());
    }

    /**
     * The names of {@code __all__} when one literal list of strings is all the module does with it: null when it is
     * bound again ({@code +=}, a second assignment) or changed in place ({@code __all__.extend(...)}).
     */
    private List<String> readableAll() {
        if (dunderAll == null || moduleScope.bindings.getOrDefault("__all__", 0) != 1) {
            return null;
        }
        for (CallFact call : calls) {
            if (call.callee().root().equals("__all__") && !call.callee().steps().isEmpty()) {
                return null;
            }
        }
        return List.copyOf(dunderAll);
    }

    /** Where the walk is: enclosing function and class (indexes, -1 for none) and the evaluation context. */
    record Scope(int function, int cls, Context context) {
        Scope with(Context c) {
            return new Scope(function, cls, c);
        }
    }

    /** Visits a node: by its rule, the facts it holds, then (for most) its children. */
    void visit(ParseTree node, Scope scope) {
        if (!(node instanceof ParserRuleContext rule)) {
            visitChildren(node, scope);
            return;
        }
        if (scope.function() >= 0) {
            NameBindings.visit(rule, functions.get(scope.function()));
        } else if (scope.cls() < 0 && (scope.context() == Context.IMPORT_TIME || scope.context() == Context.MAIN_GUARD)
                && rule.getRuleIndex() != PythonParser.RULE_for_if_clause) {
            // a comprehension's variables are its own, not the module's
            NameBindings.visit(rule, moduleScope);
        }
        switch (rule.getRuleIndex()) {
            case PythonParser.RULE_function_def -> function((Function_defContext) rule, scope);
            case PythonParser.RULE_class_def -> classDef((Class_defContext) rule, scope);
            case PythonParser.RULE_decorated -> {
                DecoratedContext d = (DecoratedContext) rule;
                // Decorators run at definition time, in the enclosing scope.
                for (DecoratorContext dec : d.decorator()) {
                    visit(dec, scope.with(Context.DEFINITION_TIME));
                }
                visit(d.getChild(d.getChildCount() - 1), scope);
            }
            case PythonParser.RULE_if_stmt -> ifStatement((If_stmtContext) rule, scope);
            case PythonParser.RULE_lambdef -> visitChildren(rule, scope.with(Context.LAMBDA));
            case PythonParser.RULE_atom -> {
                AtomContext a = (AtomContext) rule;
                if (a.LPAR() != null && a.testlist_comp() != null && a.testlist_comp().comprehension() != null) {
                    generatorExpression(a.testlist_comp().star_named_expression(0), a.testlist_comp().comprehension(),
                            scope);
                } else {
                    visitChildren(a, scope);
                }
            }
            case PythonParser.RULE_argument -> {
                ArgumentContext a = (ArgumentContext) rule;
                if (a.comprehension() != null) {
                    generatorExpression(a.expression(0), a.comprehension(), scope);
                } else {
                    visitChildren(a, scope);
                }
            }
            case PythonParser.RULE_primary -> primaries.primary((PrimaryContext) rule, scope);
            case PythonParser.RULE_strings -> {
                nameStrings.read((StringsContext) rule, scope.cls() >= 0
                        && classes.get(scope.cls()).parentFunction == scope.function()
                        && scope.context() != Context.FUNCTION);
                visitChildren(rule, scope);
            }
            case PythonParser.RULE_import_stmt -> {
                statements.importStmt((Import_stmtContext) rule, scope);
                visitChildren(rule, scope);
            }
            case PythonParser.RULE_expr_stmt -> {
                statements.assignment((Expr_stmtContext) rule, scope);
                visitChildren(rule, scope);
            }
            case PythonParser.RULE_with_stmt -> {
                With_stmtContext w = (With_stmtContext) rule;
                for (With_itemContext item : w.with_item()) {
                    statements.withItem(w, item, scope);
                }
                visitChildren(w, scope);
            }
            case PythonParser.RULE_for_stmt -> {
                For_stmtContext f = (For_stmtContext) rule;
                statements.loop(f.FOR().getSymbol(), f.targets(), f.star_expressions(),
                        f.getParent() instanceof Async_stmtContext, scope, null);
                visitChildren(f, scope);
            }
            case PythonParser.RULE_for_if_clause -> {
                For_if_clauseContext f = (For_if_clauseContext) rule;
                statements.loop(f.FOR().getSymbol(), f.targets(), f.disjunction(0), f.ASYNC() != null, scope, f);
                visitChildren(f, scope);
            }
            case PythonParser.RULE_return_stmt -> {
                Return_stmtContext r = (Return_stmtContext) rule;
                if (scope.function() >= 0 && r.star_expressions() != null) {
                    Chain c = chains.chainOf(r.star_expressions());
                    if (c != null) {
                        functions.get(scope.function()).returns.add(c);
                    }
                }
                visitChildren(r, scope);
            }
            case PythonParser.RULE_yield_expr -> {
                if (scope.function() >= 0 && scope.context() != Context.LAMBDA) {
                    functions.get(scope.function()).generator = true;
                }
                visitChildren(rule, scope);
            }
            default -> visitChildren(rule, scope);
        }
    }

    /** The body of {@code if __name__ == "__main__":} at module level runs as a program, not at import time. */
    private void ifStatement(If_stmtContext i, Scope scope) {
        if (scope.function() >= 0 || scope.cls() >= 0 || !TreeShapes.isMainGuard(i)) {
            visitChildren(i, scope);
            return;
        }
        visit(i.named_expression(), scope);
        visit(i.block(), scope.with(Context.MAIN_GUARD));
        for (int k = 2; k < i.getChildCount(); k++) {
            if (i.getChild(k) instanceof ParserRuleContext rc && rc != i.block()) {
                visit(rc, scope);
            }
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
            statements.loop(clause.FOR().getSymbol(), clause.targets(), clause.disjunction(0), clause.ASYNC() != null,
                    lazy, clause);
            visit(clause.targets(), lazy);
            visit(clause.disjunction(0), scope);
            for (int k = 1; k < clause.disjunction().size(); k++) {
                visit(clause.disjunction(k), lazy);
            }
        }
    }

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
        ParserRuleContext stmt = TreeShapes.definitionStatement(f);
        FunctionBuilder fn = new FunctionBuilder();
        fn.index = functions.size();
        fn.name = TreeShapes.name(f.name());
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
                fn.decoratorTexts.add(src.text(dec.named_expression()).intern());
                Chain c = chains.chainOf(dec.named_expression());
                fn.decorators.add(c == null ? new Chain(Chain.OPAQUE, List.of()) : c);
            }
        }
        if (f.expression() != null) {
            fn.returnAnnotation = chains.chainOf(f.expression());
            visit(f.expression(), scope.with(Context.DEFINITION_TIME));
        }
        functions.add(fn);
        if (f.parameters() != null) {
            for (ParameterContext p : f.parameters().parameter()) {
                if (p.name() != null) {
                    Chain annotation = p.COLON() == null ? null
                            : chains.chainOf(p.expression().isEmpty() ? p.star_expression() : p.expression(0));
                    fn.params.add(new Param(TreeShapes.name(p.name()), annotation, p.STAR() != null || p.DOUBLESTAR() != null));
                }
                // Annotations and defaults are evaluated when the def runs.
                visitChildren(p, scope.with(Context.DEFINITION_TIME));
            }
        }
        visit(f.block(), new Scope(fn.index, -1, Context.FUNCTION));
        statements.functionRead(f, fn);
    }

    private void classDef(Class_defContext c, Scope scope) {
        ClassBuilder cls = new ClassBuilder();
        cls.index = classes.size();
        cls.name = TreeShapes.name(c.name());
        cls.qualifiedName = qualify(scope, cls.name);
        cls.parentFunction = scope.function();
        cls.nameEnd = src.end(c.name());
        cls.line = src.line(src.start(c));
        cls.hasBases = c.LPAR() != null;
        if (c.getParent() instanceof DecoratedContext d) {
            for (DecoratorContext dec : d.decorator()) {
                cls.decoratorTexts.add(src.text(dec.named_expression()).intern());
            }
        }
        if (cls.hasBases) {
            cls.basesOpen = src.start(c.LPAR().getSymbol());
            cls.basesClose = src.start(c.RPAR().getSymbol());
            if (c.arguments() != null) {
                for (ArgumentContext a : c.arguments().argument()) {
                    if (a.EQUAL() == null && a.STAR() == null && a.DOUBLESTAR() == null) {
                        Chain base = ChainReader.withoutTypeArguments(chains.chainOf(a.expression(0)));
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
}
