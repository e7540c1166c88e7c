package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FactBuilders.FunctionBuilder;
import dev.unblock.analysis.FactsExtractor.Scope;
import dev.unblock.analysis.FileFacts.Context;
import dev.unblock.analysis.FileFacts.ForFact;
import dev.unblock.analysis.FileFacts.ImportFact;
import dev.unblock.analysis.FileFacts.WithFact;
import dev.unblock.python.PythonParser.Assigned_valueContext;
import dev.unblock.python.PythonParser.Async_stmtContext;
import dev.unblock.python.PythonParser.Dotted_as_nameContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.For_if_clauseContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.Import_as_nameContext;
import dev.unblock.python.PythonParser.Import_fromContext;
import dev.unblock.python.PythonParser.Import_stmtContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Simple_stmtsContext;
import dev.unblock.python.PythonParser.TargetsContext;
import dev.unblock.python.PythonParser.TrailerContext;
import dev.unblock.python.PythonParser.With_itemContext;
import dev.unblock.python.PythonParser.With_stmtContext;
import dev.unblock.python.SourceFile;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;

/** The facts of statements: imports, assignments (what a name may hold), {@code with} items and loops. */
final class StatementFacts {
    private final FactsExtractor x;
    private final SourceFile src;
    private final ChainReader chains;
    private final LoopElementTypes loopElements;

    StatementFacts(FactsExtractor x, SourceFile src, ChainReader chains) {
        this.x = x;
        this.src = src;
        this.chains = chains;
        this.loopElements = new LoopElementTypes(src);
    }

    /** Once a function's body has been read: the locals its loops type (see {@link LoopElementTypes}). */
    void functionRead(Function_defContext f, FunctionBuilder fn) {
        loopElements.finish(f, fn);
    }

    void importStmt(Import_stmtContext i, Scope scope) {
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
                x.imports.add(new ImportFact(d.dotted_name().getText().intern(), null,
                        d.name() == null ? null : TreeShapes.name(d.name()),
                        0, stmtStart, stmtEnd, lineStart, lineEnd, topLevel, alone && names.size() == 1,
                        src.start(d), src.end(d), k > 0 ? src.end(names.get(k - 1)) : -1,
                        k + 1 < names.size() ? src.start(names.get(k + 1)) : -1));
            }
            return;
        }
        Import_fromContext f = i.import_from();
        int level = f.DOT().size() + 3 * f.ELLIPSIS().size();
        String from = f.dotted_name() == null ? "" : f.dotted_name().getText().intern();
        if (f.STAR() != null) {
            x.imports.add(new ImportFact(from, "*", null, level, stmtStart, stmtEnd, lineStart, lineEnd, topLevel, alone,
                    -1, -1, -1, -1));
            return;
        }
        List<Import_as_nameContext> names = f.import_as_name();
        for (int k = 0; k < names.size(); k++) {
            Import_as_nameContext n = names.get(k);
            x.imports.add(new ImportFact(from, TreeShapes.name(n.name(0)),
                    n.name().size() > 1 ? TreeShapes.name(n.name(1)) : null,
                    level, stmtStart, stmtEnd, lineStart, lineEnd, topLevel, alone && names.size() == 1,
                    src.start(n), src.end(n), k > 0 ? src.end(names.get(k - 1)) : -1,
                    k + 1 < names.size() ? src.start(names.get(k + 1)) : -1));
        }
    }

    /**
     * {@code name = chain}, {@code self.name = chain} in a method, {@code name: T}, {@code a = b = chain}: what the
     * names may hold.
     */
    void assignment(Expr_stmtContext e, Scope scope) {
        List<Assigned_valueContext> values = e.assigned_value();
        if (e.augassign() != null) {
            return;
        }
        ParserRuleContext valueNode = values.isEmpty() ? null : values.get(e.annotation() != null ? 0 : values.size() - 1);
        if (scope.function() < 0 && scope.cls() < 0 && values.size() == 1 && e.star_expressions().getText().equals("__all__")) {
            x.dunderAll = TreeShapes.stringList(valueNode);
        }
        Chain value = valueNode == null ? null : chains.chainOf(valueNode);
        if (value == null && e.annotation() != null) {
            value = chains.chainOf(e.annotation().expression());
            if (value != null) {
                // `x: T` says x holds an instance of T: mark it as a call of T.
                value = annotationAsInstance(value);
            }
        }
        assign(e.star_expressions(), value, valueNode, scope);
        for (int i = 0; i + 1 < values.size() && e.annotation() == null; i++) {
            assign(values.get(i), value, valueNode, scope);
        }
    }

    private void assign(ParserRuleContext targetNode, Chain value, ParserRuleContext valueNode, Scope scope) {
        PrimaryContext target = TreeShapes.primaryOf(targetNode);
        if (target == null) {
            // `self.a, self.b = …`: what each attribute gets is not followed, but it still counts (see below)
            unpackedSelfAttributes(targetNode, scope);
            return;
        }
        String attribute = selfAttribute(target, scope);
        boolean variable = target.trailer().isEmpty() && (scope.function() >= 0 || scope.cls() < 0);
        if (value == null && valueNode != null && (attribute != null || variable) && !TreeShapes.isNone(valueNode)) {
            // `self.x = a or b`, `x = a or b`: a value of its own the resolver cannot follow, which must still
            // count (a client switched for one assignment would break the others); None is no client and no
            // conflict.
            value = new Chain(Chain.OPAQUE, List.of());
        }
        if (value == null) {
            return;
        }
        List<TrailerContext> trailers = target.trailer();
        String root = target.atom().name() == null ? null : TreeShapes.name(target.atom().name());
        if (root == null) {
            return;
        }
        Chain assigned = value;
        if (trailers.isEmpty()) {
            Map<String, List<Chain>> bucket;
            if (scope.function() >= 0) {
                bucket = x.functions.get(scope.function()).locals;
            } else if (scope.cls() >= 0) {
                bucket = x.classes.get(scope.cls()).classAttributes;
            } else {
                bucket = x.moduleAssignments;
            }
            bucket.computeIfAbsent(root, k -> new ArrayList<>()).add(assigned);
        } else if (attribute != null) {
            x.functions.get(scope.function()).selfAttributes.computeIfAbsent(attribute, k -> new ArrayList<>())
                    .add(assigned);
        }
    }

    /** {@code self.name} in a method (its first parameter, one attribute): the name, else null. */
    private String selfAttribute(PrimaryContext target, Scope scope) {
        List<TrailerContext> trailers = target.trailer();
        if (scope.function() < 0 || trailers.size() != 1 || trailers.get(0).DOT() == null || target.atom().name() == null) {
            return null;
        }
        FunctionBuilder fn = x.functions.get(scope.function());
        boolean self = fn.owner >= 0 && !fn.params.isEmpty()
                && fn.params.get(0).name().equals(TreeShapes.name(target.atom().name()));
        return self ? TreeShapes.name(trailers.get(0).name()) : null;
    }

    /** The {@code self.x} inside a tuple or list target: each holds a value the facts do not follow. */
    private void unpackedSelfAttributes(ParseTree node, Scope scope) {
        if (node instanceof PrimaryContext p) {
            String attribute = selfAttribute(p, scope);
            if (attribute != null) {
                x.functions.get(scope.function()).selfAttributes.computeIfAbsent(attribute, k -> new ArrayList<>())
                        .add(new Chain(Chain.OPAQUE, List.of()));
            } else if (p.trailer().isEmpty()) {
                unpackedSelfAttributes(p.atom(), scope);
            }
            return;
        }
        for (int i = 0; i < node.getChildCount(); i++) {
            unpackedSelfAttributes(node.getChild(i), scope);
        }
    }

    /** An annotation read as "an instance of": the chain of the annotation followed by a call step. */
    private static Chain annotationAsInstance(Chain annotation) {
        List<Chain.Step> steps = new ArrayList<>(annotation.steps());
        steps.add(new Chain.Call(-1));
        return new Chain(annotation.root(), steps);
    }

    void withItem(With_stmtContext w, With_itemContext item, Scope scope) {
        Chain manager = chains.chainOf(item.expression());
        String target = null;
        if (item.target() != null && item.target().STAR() == null) {
            PrimaryContext t = item.target().primary();
            if (t.trailer().isEmpty() && t.atom().name() != null) {
                target = TreeShapes.name(t.atom().name());
            }
        }
        if (manager == null) {
            if (target != null && scope.function() >= 0) {
                // `with a or b as x`: x holds what the resolver cannot follow, which must count (see assign)
                x.functions.get(scope.function()).locals.computeIfAbsent(target, k -> new ArrayList<>())
                        .add(new Chain(Chain.OPAQUE, List.of()));
            }
            return;
        }
        boolean isAsync = w.getParent() instanceof Async_stmtContext;
        Chain.Step last = manager.steps().isEmpty() ? null : manager.steps().get(manager.steps().size() - 1);
        int call = last instanceof Chain.Call c ? c.call() : -1;
        x.withItems.add(new WithFact(scope.function(), manager, target, src.start(w.WITH().getSymbol()), isAsync,
                src.line(src.start(item)), call));
        if (target != null && scope.function() >= 0) {
            x.functions.get(scope.function()).locals.computeIfAbsent(target, k -> new ArrayList<>()).add(manager);
        }
    }

    /** {@code clause}: the comprehension clause the loop is, null for a {@code for} statement. */
    void loop(Token forToken, TargetsContext targets, ParserRuleContext iterable, boolean isAsync, Scope scope,
              For_if_clauseContext clause) {
        Chain c = chains.chainOf(iterable);
        loopElements.loop(scope.function(), targets, c, clause);
        if (c != null) {
            x.loops.add(new ForFact(scope.function(), c, src.start(forToken), isAsync, src.line(src.start(forToken)),
                    scope.context()));
        }
    }
}
