package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.LambdefContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.ParameterContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * A function FastAPI will call: a view (route handler) or an error handler. It collects what its body needs from
 * the request, as parameters FastAPI fills in: {@code request: Request}, query and form fields, the parsed JSON body.
 * Each need records where in the body it arises, so that a view split per method gets only its own parameters.
 */
final class Handler {
    enum Kind { VIEW, ERROR_HANDLER }

    /** A parameter the body needs, first needed at offset {@code at}. */
    record Need(int at, String name, String declaration) {
    }

    final Kind kind;
    final DecoratedContext decorated;
    final Function_defContext function;
    final List<Need> needs = new ArrayList<>();
    /** The names the function already uses (parameters, locals, globals it reads): new parameters avoid them. */
    final Set<String> usedNames = new HashSet<>();
    /** Key (e.g. "args:page") → the parameter name chosen for it. */
    final Map<String, String> keyed = new LinkedHashMap<>();
    /** The returned values that are the view's response (not those of nested functions). */
    final List<Return_stmtContext> returns = new ArrayList<>();
    /** Primaries that are a returned body ({@code return jsonify(x), 201}): converted with the return. */
    final Set<PrimaryContext> returnBodies = new HashSet<>();
    final String requestName;

    Handler(Kind kind, DecoratedContext decorated, Function_defContext function, String requestName) {
        this.kind = kind;
        this.decorated = decorated;
        this.function = function;
        this.requestName = requestName;
        for (NameContext n : Py.descendants(function, NameContext.class)) {
            usedNames.add(n.getText());
        }
        collectReturns(function.block());
    }

    private void collectReturns(ParseTree node) {
        for (int i = 0; i < node.getChildCount(); i++) {
            ParseTree c = node.getChild(i);
            if (c instanceof Function_defContext || c instanceof LambdefContext
                    || c instanceof dev.unblock.python.PythonParser.Class_defContext) {
                continue;
            }
            if (c instanceof Return_stmtContext r) {
                returns.add(r);
                if (r.star_expressions() != null) {
                    var elements = r.star_expressions().star_expression();
                    ParseTree body = elements.size() > 1 || r.star_expressions().COMMA().size() > 0
                            ? elements.get(0) : r.star_expressions();
                    PrimaryContext p = Py.primary(body);
                    if (p == null && elements.size() == 1) {
                        p = tupleFirst(elements.get(0));
                    }
                    if (p != null) {
                        returnBodies.add(p);
                    }
                }
            }
            collectReturns(c);
        }
    }

    /** The first element of a parenthesized tuple {@code (body, status)}, as a primary. */
    private static PrimaryContext tupleFirst(ParseTree node) {
        var atom = Py.atom(node);
        if (atom == null || atom.LPAR() == null || atom.testlist_comp() == null
                || atom.testlist_comp().comprehension() != null || atom.testlist_comp().COMMA().isEmpty()) {
            return null;
        }
        return Py.primary(atom.testlist_comp().star_named_expression(0));
    }

    /** The start of the whole definition, decorators included. */
    int start() {
        return decorated != null ? decorated.getStart().getStartIndex() : function.getStart().getStartIndex();
    }

    /** True when an offset lies in the function's body. */
    boolean contains(int offset) {
        return offset >= function.block().getStart().getStartIndex()
                && offset <= function.block().getStop().getStopIndex();
    }

    /** The Flask-side parameter names (the path variables a view receives). */
    List<String> parameterNames() {
        List<String> out = new ArrayList<>();
        if (function.parameters() != null) {
            for (ParameterContext p : function.parameters().parameter()) {
                out.add(p.name() == null ? null : p.name().getText());
            }
        }
        return out;
    }

    /** The body needs the request object (at an offset, for the split per method). */
    void needRequest(int at) {
        needs.add(new Need(at, requestName, requestName + ": Request"));
    }

    /**
     * A parameter for a request value identified by {@code key}, preferably named {@code wanted} (taken as it is when
     * {@code wantedIsFree}: the function assigns it from this very value first); the same key gives the same
     * parameter. {@code declaration} writes the parameter for the chosen name.
     */
    String need(int at, String key, String wanted, java.util.function.UnaryOperator<String> declaration,
                boolean wantedIsFree) {
        String name = keyed.get(key);
        if (name == null) {
            name = wantedIsFree && !keyed.containsValue(wanted) && !wanted.equals(requestName) ? wanted
                    : freeName(wanted);
            keyed.put(key, name);
            usedNames.add(name);
        }
        needs.add(new Need(at, name, declaration.apply(name)));
        return name;
    }

    /** A name the function does not use yet, from {@code base}. */
    String freeName(String base) {
        String stem = PyString.isIdentifier(base) ? base : "value";
        if (!usedNames.contains(stem) && !stem.equals(requestName)) {
            return stem;
        }
        for (int i = 0; ; i++) {
            String candidate = stem + "_arg" + (i == 0 ? "" : String.valueOf(i + 1));
            if (!usedNames.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** The declarations of the parameters needed in [from, to), request first, each once. */
    List<String> declarations(java.util.function.IntPredicate inScope) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Need n : needs) {
            if (n.name().equals(requestName) && inScope.test(n.at()) && seen.add(n.name())) {
                out.add(n.declaration());
            }
        }
        for (Need n : needs) {
            if (inScope.test(n.at()) && seen.add(n.name())) {
                out.add(n.declaration());
            }
        }
        return out;
    }
}
