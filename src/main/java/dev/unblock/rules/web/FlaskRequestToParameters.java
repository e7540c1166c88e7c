package dev.unblock.rules.web;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;

/**
 * Flask's request data read through the {@code request} global becomes what FastAPI hands a handler: query and form
 * fields as parameters, the JSON body from a dependency, the {@code Request} object for headers, cookies and the
 * method. Where FastAPI would answer differently the support module keeps Flask's answer: fields come from
 * dependencies ({@code query_arg}, {@code form_field}) that take a repeated key's first value and keep an empty form
 * field as "" (FastAPI's {@code Query} takes the last value, its {@code Form} takes "" for missing and a file for a
 * value); {@code convert} returns the default on a bad {@code type=int} value, {@code require} answers 400 for a
 * missing key, {@code json_body} answers 400 for a missing or malformed JSON body.
 */
@RuleInfo(id = FlaskRequestToParameters.ID, name = "flask-request-to-parameters",
        summary = "Flask request data becomes FastAPI handler parameters that answer bad input as Flask did.")
public final class FlaskRequestToParameters implements Rule {
    static final String ID = "UB802";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // carried out by the port of UB801, which reads this rule's switch
    }

    /** Converts one {@code request…} expression in a handler's body. */
    static void convert(ModulePort port, Handler h, PrimaryContext p) throws NotPortable {
        FileEdits e = port.edits;
        int start = port.start(p);
        String what = FlaskModule.describe(p, 3);
        if (p.trailer().isEmpty() || p.trailer(0).DOT() == null) {
            throw port.refuse(p, ID, "the request object itself is used (" + what + "); FastAPI's Request differs");
        }
        String attr = p.trailer(0).name().getText();
        TrailerContext t1 = p.trailer().size() > 1 ? p.trailer(1) : null;
        TrailerContext t2 = p.trailer().size() > 2 ? p.trailer(2) : null;
        switch (attr) {
            case "args", "form" -> multiDict(port, h, p, attr, t1, t2);
            case "json" -> jsonBody(port, h, p, "json_body", 1);
            case "get_json" -> {
                if (t1 == null || !Py.isCall(t1)) {
                    throw port.refuse(p, ID, "request.get_json is used without being called");
                }
                Py.Args args = Py.args(t1);
                boolean silent = flag(port, p, args, "silent", 1);
                boolean force = flag(port, p, args, "force", 0);
                for (String k : args.keywords.keySet()) {
                    if (!k.equals("silent") && !k.equals("force") && !k.equals("cache")) {
                        throw port.refuse(p, ID, "request.get_json(" + k + "=…) is not mapped");
                    }
                }
                if (args.positional.size() > 2 || args.starred) {
                    throw port.refuse(p, ID, "request.get_json with these arguments is not mapped");
                }
                String dependency = silent ? "json_body_or_none" : force ? "json_body_forced" : "json_body";
                jsonBody(port, h, p, dependency, 2);
            }
            case "data" -> {
                port.imports.fastapi("Depends");
                port.imports.compat("raw_body");
                String name = h.need(start, "data", wanted(port, h, p, 1, "body"), n -> n + ": bytes = Depends(raw_body)",
                        assignedName(port, h, p, 1) != null);
                replaceWithName(port, h, p, 1, name);
            }
            case "get_data" -> {
                if (t1 == null || !Py.isCall(t1) || Py.args(t1).size() > 0) {
                    throw port.refuse(p, ID, "request.get_data with arguments is not mapped");
                }
                port.imports.fastapi("Depends");
                port.imports.compat("raw_body");
                String name = h.need(start, "data", wanted(port, h, p, 2, "body"), n -> n + ": bytes = Depends(raw_body)",
                        assignedName(port, h, p, 2) != null);
                replaceWithName(port, h, p, 2, name);
            }
            case "headers", "cookies" -> {
                requestObject(port, h, start);
                if (t1 != null && t1.LSQB() != null) {
                    // request.headers["X"] answers 400 when missing in Flask, a KeyError (500) in Starlette
                    port.imports.compat("require");
                    String key = e.take(port.start(t1.slices()), port.end(t1.slices()), ID);
                    e.replace(start, port.end(t1), "require(" + e.take(start, port.end(p.trailer(0)), ID)
                            + ".get(" + key + "))", ID, "a missing key answers 400, as in Flask");
                }
            }
            case "method" -> requestObject(port, h, start);
            case "path" -> {
                requestObject(port, h, start);
                e.replace(port.start(p.trailer(0).name()), port.end(p.trailer(0).name()), "url.path", ID,
                        "request.path is request.url.path in FastAPI");
            }
            case "url" -> {
                requestObject(port, h, start);
                e.replace(start, port.end(p.trailer(0)), "str(" + h.requestName + ".url)", ID,
                        "request.url is a URL object in FastAPI");
            }
            case "remote_addr" -> {
                requestObject(port, h, start);
                e.replace(port.start(p.trailer(0).name()), port.end(p.trailer(0).name()), "client.host", ID,
                        "request.remote_addr is request.client.host in FastAPI");
            }
            case "is_json" -> {
                requestObject(port, h, start);
                port.imports.compat("is_json");
                e.replace(start, port.end(p.trailer(0)), "is_json(" + h.requestName + ")", ID,
                        "Flask's is_json test");
            }
            case "files" -> throw port.refuse(p, ID, "request.files is not mapped: werkzeug's FileStorage and "
                    + "FastAPI's UploadFile differ (read() is async, there is no save())");
            default -> throw port.refuse(p, ID, "request." + attr + " is not mapped to FastAPI");
        }
    }

    /** request.args / request.form: get, [key], getlist. */
    private static void multiDict(ModulePort port, Handler h, PrimaryContext p, String attr, TrailerContext t1,
                                  TrailerContext t2) throws NotPortable {
        FileEdits e = port.edits;
        int start = port.start(p);
        boolean form = attr.equals("form");
        String one = form ? "form_field" : "query_arg";
        String all = form ? "form_list" : "query_list";
        port.imports.fastapi("Depends");
        if (wholeRead(h, p, t1, t2)) {
            whole(port, h, p, form);
            return;
        }
        if (t1 != null && t1.LSQB() != null) {
            String key = Py.string(t1.slices());
            if (key == null || t1.slices().slice().size() != 1) {
                throw port.refuse(p, ID, "request." + attr + "[…] with a key that is not a string literal");
            }
            port.imports.typing("Optional");
            port.imports.compat("require");
            String assigned = assignedName(port, h, p, 2);
            port.imports.compat(one);
            String name = h.need(start, attr + ":" + key, assigned != null ? assigned : key,
                    n -> n + ": Optional[str] = " + field(one, key, null), assigned != null);
            e.replace(start, port.end(t1), "require(" + name + ")", ID, "a missing key answers 400, as in Flask");
            return;
        }
        if (t1 == null || t1.DOT() == null || t2 == null || !Py.isCall(t2)) {
            throw port.refuse(p, ID, "request." + attr + " is used whole other than through the reads the support "
                    + "module's FlaskArgs answers as Werkzeug's MultiDict does (get, getlist, [key], in, a for loop over "
                    + "its keys, keys/values/items, to_dict, dict(...)), directly or through a local name bound once to it");
        }
        String method = t1.name().getText();
        Py.Args args = Py.args(t2);
        String key = Py.string(args.get(0, "key"));
        if (key == null || args.starred) {
            throw port.refuse(p, ID, "request." + attr + "." + method + " with a key that is not a string literal");
        }
        if (method.equals("getlist")) {
            if (args.size() != 1) {
                throw port.refuse(p, ID, "request." + attr + ".getlist with a type is not mapped");
            }
            port.imports.typing("List");
            String wanted = wanted(port, h, p, 3, key);
            port.imports.compat(all);
            String name = h.need(start, attr + "[]:" + key, wanted,
                    n -> n + ": List[str] = " + field(all, key, null), !wanted.equals(key));
            replaceWithName(port, h, p, 3, name);
            return;
        }
        if (!method.equals("get")) {
            throw port.refuse(p, ID, "request." + attr + "." + method + " is not mapped");
        }
        ExpressionContext dflt = args.get(1, "default");
        ExpressionContext type = args.get(2, "type");
        for (String k : args.keywords.keySet()) {
            if (!k.equals("key") && !k.equals("default") && !k.equals("type")) {
                throw port.refuse(p, ID, "request." + attr + ".get(" + k + "=…) is not mapped");
            }
        }
        String assigned = assignedName(port, h, p, 3);
        String wanted = assigned != null ? assigned : key;
        boolean free = assigned != null;
        port.imports.compat(one);
        if (type == null && (dflt == null || Py.isConstant(dflt)) && readsOfKey(port, h, attr, key) == 1) {
            // the default goes into the parameter, where FastAPI applies it as Flask does
            String value = dflt == null ? "None" : e.take(port.start(dflt), port.end(dflt), ID);
            // a constant default is an atom, or a negative number (`-1`), which has none
            String annotation = dflt == null || Py.atom(dflt) != null && Py.atom(dflt).NONE() != null ? "Optional[str]"
                    : Py.string(dflt) != null ? "str" : null;
            if (annotation == null) {
                port.imports.typing("Union");
            } else if (annotation.startsWith("Optional")) {
                port.imports.typing("Optional");
            }
            String type0 = annotation == null ? "Union[str, " + pythonType(dflt) + "]" : annotation;
            String name = h.need(start, attr + ":" + key, wanted,
                    n -> n + ": " + type0 + " = " + field(one, key, value), free);
            replaceWithName(port, h, p, 3, name);
            return;
        }
        port.imports.typing("Optional");
        String name = h.need(start, attr + ":" + key, wanted,
                n -> n + ": Optional[str] = " + field(one, key, null), free);
        String replacement;
        if (type != null) {
            port.imports.compat("convert");
            replacement = "convert(" + name + ", " + e.take(port.start(type), port.end(type), ID) + ", "
                    + (dflt == null ? "None" : e.take(port.start(dflt), port.end(dflt), ID)) + ")";
        } else if (dflt != null) {
            replacement = "(" + name + " if " + name + " is not None else "
                    + e.take(port.start(dflt), port.end(dflt), ID) + ")";
        } else {
            replacement = name;
        }
        if (replacement.equals(name)) {
            replaceWithName(port, h, p, 3, name);
        } else {
            e.replace(start, port.end(t2), replacement, ID, "Flask's fallback to the default is kept");
        }
    }

    /**
     * Whether this use of request.args or request.form reads it whole: in place (a key that is not a string literal,
     * {@code in}, a loop, to_dict…), or through a local name only read (see FlaskWholeArgs); get, getlist and [key]
     * of a literal key keep their own parameters.
     */
    private static boolean wholeRead(Handler h, PrimaryContext p, TrailerContext t1, TrailerContext t2) {
        if (t1 == null) {
            return FlaskWholeArgs.reads(p, 1) || FlaskWholeArgs.readsThroughLocal(h, p);
        }
        if (t1.LSQB() != null) {
            return Py.string(t1.slices()) == null || t1.slices().slice().size() != 1;
        }
        if (t1.DOT() == null || t2 == null || !Py.isCall(t2) || !FlaskWholeArgs.READS.contains(t1.name().getText())) {
            return false;
        }
        String method = t1.name().getText();
        Py.Args args = Py.args(t2);
        boolean keyed = method.equals("get") || method.equals("getlist");
        return !keyed || Py.string(args.get(0, "key")) == null || args.starred;
    }

    /**
     * {@code request.args} / {@code request.form} → a parameter holding the whole query or the form's text fields,
     * read as Werkzeug's MultiDict (FlaskArgs, filled by {@code request_args} / {@code request_form}).
     */
    private static void whole(ModulePort port, Handler h, PrimaryContext p, boolean form) throws NotPortable {
        String dependency = form ? "request_form" : "request_args";
        port.imports.compat(dependency);
        String assigned = assignedName(port, h, p, 1);
        String name = h.need(port.start(p), form ? "form" : "args", assigned != null ? assigned
                : form ? "form_fields" : "query_args", n -> n + "=Depends(" + dependency + ")", assigned != null);
        replaceWithName(port, h, p, 1, name);
    }

    /** The Python type name of a constant default, for the annotation. */
    private static String pythonType(ExpressionContext dflt) {
        var atom = Py.atom(dflt);
        if (atom == null) {
            // a negative number (`-1`, `-0.5`)
            return dflt.getText().matches(".*[.eEjJ].*") ? "float" : "int";
        }
        if (atom.TRUE() != null || atom.FALSE() != null) {
            return "bool";
        }
        return atom.NUMBER() != null && atom.NUMBER().getText().matches(".*[.eEjJ].*") ? "float" : "int";
    }

    /** How many times the handler reads one key of request.args / request.form. */
    private static int readsOfKey(ModulePort port, Handler h, String attr, String key) {
        int n = 0;
        for (PrimaryContext q : Py.descendants(h.function.block(), PrimaryContext.class)) {
            if (q.atom().name() != null && q.atom().name().getText().equals(h.requestName) && q.trailer().size() >= 2
                    && q.trailer(0).DOT() != null && q.trailer(0).name().getText().equals(attr)) {
                TrailerContext t1 = q.trailer(1);
                String k = null;
                if (t1.LSQB() != null) {
                    k = Py.string(t1.slices());
                } else if (t1.DOT() != null && q.trailer().size() >= 3 && Py.isCall(q.trailer(2))) {
                    k = Py.string(Py.args(q.trailer(2)).get(0, "key"));
                }
                if (key.equals(k)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static void jsonBody(ModulePort port, Handler h, PrimaryContext p, String dependency, int trailers)
            throws NotPortable {
        port.imports.fastapi("Depends");
        port.imports.compat(dependency);
        String assigned = assignedName(port, h, p, trailers);
        String name = h.need(port.start(p), dependency, assigned != null ? assigned : "body",
                n -> n + "=Depends(" + dependency + ")", assigned != null);
        replaceWithName(port, h, p, trailers, name);
    }

    private static boolean flag(ModulePort port, PrimaryContext p, Py.Args args, String name, int position)
            throws NotPortable {
        ExpressionContext v = args.get(position, name);
        if (v == null) {
            return false;
        }
        var atom = Py.atom(v);
        if (atom == null || atom.TRUE() == null && atom.FALSE() == null) {
            throw port.refuse(p, ID, "request.get_json(" + name + "=…) with a value that is not True or False");
        }
        return atom.TRUE() != null;
    }

    /** The handler needs the Request object itself. */
    static void requestObject(ModulePort port, Handler h, int at) {
        h.needRequest(at);
    }

    /**
     * {@code Depends(query_arg("key"))}: the support module's dependency reading one key; {@code dflt} is a constant's
     * source text, or null.
     */
    private static String field(String dependency, String key, String dflt) {
        String more = dflt == null || dflt.equals("None") ? "" : ", " + dflt;
        return "Depends(" + dependency + "(" + PyString.literal(key) + more + "))";
    }

    /**
     * The name assigned by a statement {@code name = <this expression>} when that is where the name first appears in
     * the handler, so the parameter can take the name; else null.
     */
    static String assignedName(ModulePort port, Handler h, PrimaryContext p, int trailers) {
        if (p.trailer().size() != trailers) {
            return null;
        }
        Expr_stmtContext stmt = assignmentOf(p);
        if (stmt == null) {
            return null;
        }
        String target = Py.nameOf(stmt.star_expressions());
        if (target == null || target.equals(h.requestName)) {
            return null;
        }
        for (NameContext n : Py.descendants(h.function, NameContext.class)) {
            if (n.getText().equals(target)) {
                return n.getStart().getStartIndex() == stmt.star_expressions().getStart().getStartIndex()
                        ? target : null;
            }
        }
        return null;
    }

    /** The parameter name to ask for: the assigned name, when free, else one made from {@code key}. */
    private static String wanted(ModulePort port, Handler h, PrimaryContext p, int trailers, String key) {
        String assigned = assignedName(port, h, p, trailers);
        return assigned != null ? assigned : key;
    }

    /** The statement {@code name = p} whose whole value p is, or null. */
    private static Expr_stmtContext assignmentOf(PrimaryContext p) {
        Expr_stmtContext stmt = Py.ancestor(p, Expr_stmtContext.class);
        if (stmt == null || stmt.assigned_value().size() != 1 || stmt.annotation() != null
                || stmt.augassign() != null || Py.primary(stmt.assigned_value(0).star_expressions()) != p) {
            return null;
        }
        return stmt;
    }

    /**
     * Replaces the expression by the parameter's name; a statement {@code name = <expression>} that would become
     * {@code name = name} is removed when it is alone on its line.
     */
    private static void replaceWithName(ModulePort port, Handler h, PrimaryContext p, int trailers, String name)
            throws NotPortable {
        int end = port.end(p.trailer(trailers - 1));
        Expr_stmtContext stmt = assignmentOf(p);
        if (stmt != null && p.trailer().size() == trailers && name.equals(Py.nameOf(stmt.star_expressions()))) {
            StmtContext whole = Py.ancestor(stmt, StmtContext.class);
            if (whole != null && port.removableLine(whole, h)) {
                port.removeStatementLine(whole, ID);
                return;
            }
        }
        port.edits.replace(port.start(p), end, name, ID, "FastAPI passes it to the handler as a parameter");
    }

    static boolean isDirectlyIn(Function_defContext f, StmtContext s) {
        return s.getParent() != null && s.getParent().getParent() == f;
    }
}
