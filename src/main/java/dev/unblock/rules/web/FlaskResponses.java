package dev.unblock.rules.web;

import java.util.List;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.ExpressionContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import dev.unblock.python.PythonParser.Simple_stmtContext;
import dev.unblock.python.PythonParser.Star_expressionContext;
import dev.unblock.python.PythonParser.Star_expressionsContext;
import dev.unblock.python.PythonParser.TrailerContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * What a Flask view returns, and Flask's response helpers, in FastAPI's terms: a dict, list or {@code jsonify(x)}
 * becomes the value itself (FastAPI encodes it as JSON); {@code return x, 201} and {@code (body, status, headers)}
 * become a {@code JSONResponse} or {@code HTMLResponse} with that status and those headers; a string is an HTML
 * response as in Flask; {@code abort(404)} raises {@code HTTPException(404)}; {@code @app.errorhandler(404)} becomes
 * an exception handler returning the same body; {@code redirect} a {@code RedirectResponse} with Flask's 302;
 * {@code url_for} the route's path from {@code request.app.url_path_for}; {@code make_response} and values whose
 * kind is known only at run time go through the support module's {@code flask_response}, which turns them into a
 * response exactly as Flask does.
 */
@RuleInfo(id = FlaskResponses.ID, name = "flask-responses",
        summary = "Flask responses, aborts and error handlers become FastAPI's with the same statuses and bodies.")
public final class FlaskResponses implements Rule {
    static final String ID = "UB803";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // carried out by the port of UB801, which reads this rule's switch
    }

    enum Kind { JSONIFY, JSON, TEXT, TEMPLATE, RESPONSE, UNKNOWN }

    /** jsonify(...) that is not a returned body: a JSONResponse of the same value. */
    static void jsonify(ModulePort port, PrimaryContext p) throws NotPortable {
        TrailerContext call = call(port, p, "jsonify");
        port.imports.responses("JSONResponse");
        port.imports.add("fastapi.encoders", "jsonable_encoder");
        FileEdits e = port.edits;
        String[] wrap = jsonifyWrap(port, p, call);
        if (wrap == null) {
            e.replace(port.start(p), port.end(call), "JSONResponse(None)", ID, "jsonify() is JSON null");
            return;
        }
        e.replace(port.start(p), port.end(call.LPAR()), "JSONResponse(jsonable_encoder(" + wrap[0], ID,
                "jsonify(x) is a JSONResponse of x");
        e.replace(port.start(call.RPAR()), port.end(call.RPAR()), wrap[1] + "))", ID, "");
    }

    /** How jsonify's arguments become one value: {"", ""} for one, dict(…) for keywords, […] for several; null: none. */
    private static String[] jsonifyWrap(ModulePort port, PrimaryContext p, TrailerContext call) throws NotPortable {
        Py.Args args = Py.args(call);
        if (args.starred) {
            throw port.refuse(p, ID, "jsonify with *args or **kwargs is not mapped");
        }
        if (args.size() == 0) {
            return null;
        }
        if (!args.positional.isEmpty() && !args.keywords.isEmpty()) {
            throw port.refuse(p, ID, "jsonify with both positional and keyword arguments fails in Flask too");
        }
        if (!args.keywords.isEmpty()) {
            return new String[] {"dict(", ")"};
        }
        return args.positional.size() == 1 ? new String[] {"", ""} : new String[] {"[", "]"};
    }

    /** The value jsonify(...) serializes, as text (the arguments taken with their edits). */
    private static String jsonifyValue(ModulePort port, PrimaryContext p) throws NotPortable {
        TrailerContext call = call(port, p, "jsonify");
        if (p.trailer().size() != 1) {
            throw port.refuse(p, ID, "jsonify(...) followed by more is not mapped");
        }
        String[] wrap = jsonifyWrap(port, p, call);
        if (wrap == null) {
            return "None";
        }
        return wrap[0] + port.edits.take(port.start(call.arguments()), port.end(call.arguments()), ID) + wrap[1];
    }

    /**
     * render_template(name, **context) that is not a returned body: the same text, from the app's templates
     * ({@code templates.get_template(name).render(request=request, **context)}).
     */
    static void renderTemplate(ModulePort port, Handler h, PrimaryContext p) throws NotPortable {
        Template t = template(port, h, p);
        port.edits.replace(port.start(p), port.end(p.trailer(0)), "templates.get_template(" + t.name() + ").render("
                + t.context() + ")", ID, "render_template's text, from the app's templates");
    }

    /** A template's name and its context ({@code request=request, …}), as text. */
    private record Template(String name, String context) {
    }

    /**
     * The arguments of {@code templates.TemplateResponse}: the template's name and {@code dict(request=request, …)}
     * with render_template's keywords, each taken with its edits. Checks the template reads nothing Flask alone gives.
     */
    private static String templateArguments(ModulePort port, Handler h, PrimaryContext p) throws NotPortable {
        Template t = template(port, h, p);
        return t.name() + ", dict(" + t.context() + ")";
    }

    private static Template template(ModulePort port, Handler h, PrimaryContext p) throws NotPortable {
        TrailerContext call = call(port, p, "render_template");
        Py.Args args = Py.args(call);
        ExpressionContext nameArg = args.get(0, "template_name_or_list");
        String name = Py.string(nameArg);
        if (name == null || args.positional.size() != 1 || p.trailer().size() != 1) {
            throw port.refuse(p, ID, "render_template with a template name that is not a string literal");
        }
        String problem = port.project.templateProblem(name);
        if (problem != null) {
            throw port.refuse(p, ID, "render_template(\"" + name + "\"): " + problem);
        }
        port.imports.compat("flask_templates");
        port.imports.module("os");
        port.templatesUsed = true;
        FlaskRequestToParameters.requestObject(port, h, port.start(p));
        FileEdits e = port.edits;
        String nameText = e.take(port.start(nameArg), port.end(nameArg), ID);
        var all = call.arguments().argument();
        String rest = all.size() > 1 ? ", " + e.take(port.start(all.get(1)), port.end(all.get(all.size() - 1)), ID) : "";
        return new Template(nameText, "request=" + h.requestName + rest);
    }

    /** abort(code[, description]) as a statement: raise HTTPException(code[, detail]). */
    static void abort(ModulePort port, PrimaryContext p) throws NotPortable {
        TrailerContext call = call(port, p, "abort");
        if (p.trailer().size() != 1 || !isStatement(p)) {
            throw port.refuse(p, ID, "abort(...) is used inside an expression; only a statement abort(...) is mapped");
        }
        Py.Args args = Py.args(call);
        ExpressionContext code = args.get(0, "status");
        if (args.starred || code == null || !isStatusCode(code) || args.size() > 2
                || args.keywords.keySet().stream().anyMatch(k -> !k.equals("description") && !k.equals("status"))) {
            throw port.refuse(p, ID, "abort(...) with a response or other arguments is not mapped; only "
                    + "abort(code) and abort(code, description) are");
        }
        port.imports.fastapi("HTTPException");
        FileEdits e = port.edits;
        e.replace(port.start(p), port.end(p.atom()), "raise HTTPException", ID,
                "abort(code) raises FastAPI's HTTPException(code)");
        for (var a : args.all) {
            if (a.EQUAL() != null) {
                String k = a.expression(0).getText();
                e.replace(port.start(a.expression(0)), port.end(a.expression(0)),
                        k.equals("status") ? "status_code" : "detail", ID, "");
            }
        }
    }

    /** redirect(location[, code]) → RedirectResponse(location, status_code=code or 302). */
    static void redirect(ModulePort port, PrimaryContext p) throws NotPortable {
        TrailerContext call = call(port, p, "redirect");
        Py.Args args = Py.args(call);
        if (args.starred || args.size() == 0 || args.size() > 2
                || args.keywords.keySet().stream().anyMatch(k -> !k.equals("location") && !k.equals("code"))) {
            throw port.refuse(p, ID, "redirect(...) with these arguments is not mapped");
        }
        port.imports.responses("RedirectResponse");
        FileEdits e = port.edits;
        e.replace(port.start(p), port.end(p.atom()), "RedirectResponse", ID,
                "redirect is RedirectResponse; the status stays Flask's 302 (Starlette's default is 307)");
        ExpressionContext code = args.get(1, "code");
        if (code == null) {
            e.insert(port.start(call.RPAR()), (trailingComma(call) ? " " : ", ") + "status_code=302", ID, "", 0);
        } else if (args.keywords.containsKey("code")) {
            for (var a : args.all) {
                if (a.EQUAL() != null && a.expression(0).getText().equals("code")) {
                    e.replace(port.start(a.expression(0)), port.end(a.expression(0)), "status_code", ID, "");
                }
            }
        } else {
            e.insert(port.start(code), "status_code=", ID, "", -1);
        }
    }

    /** make_response(...) → flask_response(...), which builds the response as Flask does. */
    static void makeResponse(ModulePort port, PrimaryContext p) throws NotPortable {
        call(port, p, "make_response");
        port.imports.compat("flask_response");
        port.edits.replace(port.start(p), port.end(p.atom()), "flask_response", ID,
                "make_response builds the response as Flask does");
    }

    /** A handler's return statement. */
    static void convertReturn(ModulePort port, Handler h, Return_stmtContext r) throws NotPortable {
        Star_expressionsContext value = r.star_expressions();
        if (value == null) {
            return;
        }
        boolean errorHandler = h.kind == Handler.Kind.ERROR_HANDLER;
        List<Star_expressionContext> parts = value.star_expression();
        ParseTree body;
        List<? extends ParserRuleContext> rest;
        if (parts.size() > 1 || !value.COMMA().isEmpty()) {
            body = parts.get(0);
            rest = parts.subList(1, parts.size());
        } else {
            AtomContext tuple = Py.atom(value);
            if (tuple != null && tuple.LPAR() != null && tuple.testlist_comp() != null
                    && tuple.testlist_comp().comprehension() == null && !tuple.testlist_comp().COMMA().isEmpty()) {
                var elements = tuple.testlist_comp().star_named_expression();
                body = elements.get(0);
                rest = elements.subList(1, elements.size());
            } else {
                body = value;
                rest = List.of();
            }
        }
        if (body instanceof Star_expressionContext se && se.STAR() != null) {
            throw port.refuse(r, ID, "a return of a starred tuple is not mapped");
        }
        FileEdits e = port.edits;
        int start = port.start(value);
        int end = port.end(value);
        Kind kind = kind(port, h, body);
        boolean plain = rest.isEmpty();
        if (plain && (kind == Kind.RESPONSE || kind == Kind.JSON && !errorHandler)) {
            return; // FastAPI sends it as it is
        }
        boolean typed = kind != Kind.UNKNOWN && kind != Kind.RESPONSE && (plain
                || rest.size() == 1 && (isStatusCode(rest.get(0)) || isDictDisplay(rest.get(0)))
                || rest.size() == 2 && isStatusCode(rest.get(0)) && isDictDisplay(rest.get(1)));
        if (rest.size() > 2) {
            throw port.refuse(r, ID, "a view returning a tuple of " + (rest.size() + 1) + " fails in Flask too");
        }
        if (!typed) {
            port.imports.compat("flask_response");
            e.replace(start, end, "flask_response(" + e.take(start, end, ID) + ")", ID,
                    "the value's kind is known only at run time: flask_response answers as Flask would");
            return;
        }
        // every part is taken (with the edits inside it) exactly once, in source order
        String bodyValue = kind == Kind.JSONIFY ? jsonifyValue(port, Py.primary(body))
                : kind == Kind.TEMPLATE ? templateArguments(port, h, Py.primary(body))
                : e.take(port.start((ParserRuleContext) body), port.end((ParserRuleContext) body), ID);
        String status = null;
        String headers = null;
        for (ParserRuleContext part : rest) {
            String text = e.take(port.start(part), port.end(part), ID);
            if (isStatusCode(part)) {
                status = text;
            } else {
                headers = text;
            }
        }
        String extra = (status == null ? "" : ", status_code=" + status) + (headers == null ? "" : ", headers=" + headers);
        if (kind == Kind.TEMPLATE) {
            e.replace(start, end, "templates.TemplateResponse(" + bodyValue + extra + ")", ID,
                    "render_template's page as a template response");
            return;
        }
        if (kind == Kind.TEXT) {
            port.imports.responses("HTMLResponse");
            e.replace(start, end, "HTMLResponse(" + bodyValue + extra + ")", ID,
                    "Flask sends a returned string as an HTML page");
            return;
        }
        if (plain && !errorHandler) {
            e.replace(start, end, bodyValue, ID, "FastAPI encodes a returned value as JSON");
            return;
        }
        port.imports.responses("JSONResponse");
        port.imports.add("fastapi.encoders", "jsonable_encoder");
        e.replace(start, end, "JSONResponse(jsonable_encoder(" + bodyValue + ")" + extra + ")", ID,
                "the status and headers go with the JSON response");
    }

    /** What a returned body is, from its syntax alone. */
    static Kind kind(ModulePort port, Handler handler, ParseTree body) {
        AtomContext atom = Py.atom(body);
        if (atom != null) {
            if (atom.LBRACE() != null && (atom.dict_or_set() == null || atom.dict_or_set().COLON() != null
                    || atom.dict_or_set().DOUBLESTAR() != null)) {
                return Kind.JSON;
            }
            if (atom.LSQB() != null) {
                return Kind.JSON;
            }
            if (atom.strings() != null) {
                boolean bytes = atom.strings().getText().matches("(?is)^[a-z]*b[a-z]*['\"].*");
                return bytes ? Kind.UNKNOWN : Kind.TEXT;
            }
            String name = Py.name(atom);
            ParseTree value = name == null || handler == null ? null : LocalValue.single(handler.function, name);
            Kind held = value == null ? Kind.UNKNOWN : kind(port, null, value);
            // the call the local holds is ported where it stands: jsonify(…) becomes a JSONResponse, render_template(…)
            // the page's text
            return held == Kind.JSONIFY ? Kind.RESPONSE : held == Kind.TEMPLATE ? Kind.TEXT : held;
        }
        PrimaryContext p = Py.primary(body);
        if (p == null || p.atom().name() == null || p.trailer().size() != 1 || !Py.isCall(p.trailer(0))) {
            return Kind.UNKNOWN;
        }
        String local = p.atom().name().getText();
        String flask = port.module.flaskName(local);
        if ("jsonify".equals(flask)) {
            return Kind.JSONIFY;
        }
        if ("render_template".equals(flask)) {
            return Kind.TEMPLATE;
        }
        if ("redirect".equals(flask) || "make_response".equals(flask)) {
            return Kind.RESPONSE;
        }
        if (flask == null && (local.equals("dict") || local.equals("list")) && !port.bindsAtModuleLevel(local)) {
            return Kind.JSON;
        }
        return Kind.UNKNOWN;
    }

    /** An int literal status, or {@code HTTPStatus.X}. */
    static boolean isStatusCode(ParseTree node) {
        if (Py.integer(node) != null) {
            return true;
        }
        PrimaryContext p = Py.primary(node);
        if (p == null) {
            return false;
        }
        List<String> names = Py.leadingNames(p);
        return names.size() == p.trailer().size() + 1 && names.size() >= 2
                && names.get(names.size() - 2).equals("HTTPStatus");
    }

    private static boolean isDictDisplay(ParseTree node) {
        AtomContext atom = Py.atom(node);
        return atom != null && atom.LBRACE() != null && (atom.dict_or_set() == null
                || atom.dict_or_set().COLON() != null || atom.dict_or_set().DOUBLESTAR() != null);
    }

    /** An expression statement that is the whole of {@code p}. */
    private static boolean isStatement(PrimaryContext p) {
        Simple_stmtContext s = Py.ancestor(p, Simple_stmtContext.class);
        return s != null && s.expr_stmt() != null && s.expr_stmt().assigned_value().isEmpty()
                && s.expr_stmt().annotation() == null && s.expr_stmt().augassign() == null
                && Py.primary(s.expr_stmt().star_expressions()) == p;
    }

    private static boolean trailingComma(TrailerContext call) {
        return call.arguments() != null && call.arguments().COMMA().size() >= call.arguments().argument().size();
    }

    /** The call trailer right after the name, or a refusal naming the helper. */
    static TrailerContext call(ModulePort port, PrimaryContext p, String helper) throws NotPortable {
        if (p.trailer().isEmpty() || !Py.isCall(p.trailer(0))) {
            throw port.refuse(p, ID, helper + " is used without being called (passed or stored)");
        }
        return p.trailer(0);
    }
}
