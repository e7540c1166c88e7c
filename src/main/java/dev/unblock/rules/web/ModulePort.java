package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.DecoratedContext;
import dev.unblock.python.PythonParser.DecoratorContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.NameContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.Return_stmtContext;
import dev.unblock.python.PythonParser.StmtContext;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * The port of one module that imports flask. Every use of a name imported from flask, and of the apps and blueprints
 * the module creates, must be one the port maps; anything else is a problem (a finding), and then the app this module
 * belongs to is left as it is.
 */
final class ModulePort {
    static final String HANDED_TO_OTHER_CODE = "the app is handed to other code";

    final FlaskModule module;
    final FlaskProject project;
    final FileEdits edits;
    final NewImports imports;
    final List<NotPortable> problems = new ArrayList<>();
    final List<Handler> handlers = new ArrayList<>();
    final List<ViewPort> views = new ArrayList<>();
    /** The clients each app of the module opens at start-up (UB804), decided before the handlers are written. */
    final java.util.Map<FlaskModule.AppDecl, List<FlaskClientsAtStartup.Client>> clients = new java.util.HashMap<>();
    /** Clients other parts of the port open at the app's start-up (UB807's database sessions). */
    final java.util.Map<FlaskModule.AppDecl, List<FlaskClientsAtStartup.Client>> startupClients = new java.util.HashMap<>();
    /** Whether the module renders templates (it then gets its module-level templates object). */
    boolean templatesUsed;
    /** Atoms (names) whose use has been mapped. */
    private final Set<AtomContext> consumed = new HashSet<>();
    private final SourceLayout layout;

    ModulePort(FlaskModule module, FlaskProject project, FileEdits edits, String compatModule) {
        this.layout = new SourceLayout(module.src);
        this.module = module;
        this.project = project;
        this.edits = edits;
        this.imports = new NewImports(compatModule);
    }

    String path() {
        return module.path();
    }

    int start(ParserRuleContext node) {
        return edits.src.start(node);
    }

    int end(ParserRuleContext node) {
        return edits.src.end(node);
    }

    int start(TerminalNode node) {
        return edits.src.start(node.getSymbol());
    }

    int end(TerminalNode node) {
        return edits.src.end(node.getSymbol());
    }

    NotPortable refuse(ParserRuleContext at, String ruleId, String message) {
        return new NotPortable(path(), Py.line(at), ruleId, "not ported to FastAPI: " + message);
    }

    void consume(AtomContext atom) {
        consumed.add(atom);
    }

    /** Runs one step; a problem is recorded and the port goes on, to report every problem at once. */
    private void attempt(Step step) {
        try {
            step.run();
        } catch (NotPortable e) {
            problems.add(e);
        }
    }

    private interface Step {
        void run() throws NotPortable;
    }

    private boolean prepared;

    /** Reads the views (their endpoints are known project-wide before any url_for is mapped). */
    void prepare() {
        if (!module.flaskModuleImports.isEmpty()) {
            problems.add(refuse(module.flaskModuleImports.get(0), FlaskToFastapi.ID,
                    "flask is imported as a module (import flask); only from flask import … is mapped"));
            return;
        }
        if (module.flaskNames.containsKey("*")) {
            problems.add(refuse(module.flaskImports.get(0), FlaskToFastapi.ID, "from flask import * is not mapped"));
            return;
        }
        String requestName = module.localFor("request");
        for (FlaskModule.Route r : module.routes) {
            attempt(() -> {
                Handler h = new Handler(Handler.Kind.VIEW, r.decorated(), r.function(),
                        requestName == null ? "request" : requestName);
                handlers.add(h);
                views.add(new ViewPort(this, r, h));
            });
        }
        prepared = true;
    }

    void port() {
        if (!prepared) {
            return;
        }
        String requestName = module.localFor("request");
        List<DecoratorContext> errorDecorators = new ArrayList<>();
        for (DecoratedContext d : Py.descendants(module.src.tree(), DecoratedContext.class)) {
            for (DecoratorContext dec : d.decorator()) {
                if (FlaskRequestHooks.isAfterRequest(this, dec)) {
                    attempt(() -> FlaskRequestHooks.afterRequest(this, dec, project.afterRequestHooks));
                }
                if (FlaskTeardown.isTeardown(this, dec)) {
                    attempt(() -> FlaskTeardown.teardown(this, dec));
                }
                if (FlaskErrorHandlers.isErrorHandlerDecorator(this, dec)) {
                    errorDecorators.add(dec);
                    Function_defContext f = d.function_def() != null ? d.function_def()
                            : d.async_stmt() != null ? d.async_stmt().function_def() : null;
                    if (f == null || d.decorator().size() != 1) {
                        problems.add(refuse(dec, FlaskResponses.ID, "an error handler with other decorators"));
                        continue;
                    }
                    handlers.add(new Handler(Handler.Kind.ERROR_HANDLER, d, f,
                            requestName == null ? "request" : requestName));
                }
            }
        }
        expressions();
        attempt(() -> FlaskCors.port(this));
        for (FlaskModule.AppDecl app : module.apps) {
            attempt(() -> {
                List<FlaskClientsAtStartup.Client> moved = new ArrayList<>(FlaskClientsAtStartup.move(this, app));
                moved.addAll(startupClients.getOrDefault(app, List.of()));
                clients.put(app, moved);
            });
        }
        for (Handler h : handlers) {
            if (h.kind == Handler.Kind.ERROR_HANDLER) {
                attempt(() -> FlaskErrorHandlers.errorHandlerBody(this, h));
            }
        }
        for (Handler h : handlers) {
            for (Return_stmtContext r : h.returns) {
                attempt(() -> FlaskResponses.convertReturn(this, h, r));
            }
        }
        for (DecoratorContext dec : errorDecorators) {
            Handler h = handlers.stream().filter(x -> x.decorated == FlaskErrorHandlers.decoratedOf(dec)).findFirst()
                    .orElse(null);
            if (h == null) {
                continue;
            }
            attempt(() -> {
                PrimaryContext p = Py.primary(dec.named_expression());
                consume(p.atom());
                if (module.blueprint(p.atom().name().getText()) != null && !FlaskErrorHandlers.isAppWide(p)) {
                    throw refuse(dec, FlaskResponses.ID, "an error handler of a blueprint's own views (FastAPI "
                            + "routers have none)");
                }
                if (h.needs.stream().anyMatch(n -> !n.name().equals(h.requestName))) {
                    throw refuse(dec, FlaskResponses.ID, "the error handler reads request data, which FastAPI does "
                            + "not pass to exception handlers");
                }
                FlaskErrorHandlers.errorHandler(this, h, dec);
            });
        }
        for (ViewPort v : views) {
            attempt(v::finish);
        }
        FlaskToFastapi.portDeclarations(this);
        leftovers();
        if (problems.isEmpty()) {
            attempt(() -> ModuleImports.write(this));
        }
    }

    /** Converts the uses of flask's helpers and of request, wherever they are. */
    private void expressions() {
        for (AtomContext atom : module.nameAtoms()) {
            String flask = module.flaskName(atom.name().getText());
            if (flask == null || consumed.contains(atom)) {
                continue;
            }
            PrimaryContext p = FlaskModule.primaryOf(atom);
            Handler h = handlerAt(start(atom));
            attempt(() -> {
                if (p == null) {
                    throw refuse(atom, FlaskToFastapi.ID, flask + " is used in a way the port does not read");
                }
                String rule = flask.equals("request") ? FlaskRequestToParameters.ID : FlaskResponses.ID;
                if (!flask.equals("Flask") && !flask.equals("Blueprint") && !project.enabledRules.contains(rule)) {
                    throw refuse(atom, rule, flask + " needs rule " + rule + ", which the config disables");
                }
                switch (flask) {
                    case "request" -> {
                        if (h == null) {
                            throw refuse(atom, FlaskRequestToParameters.ID, "request is used outside a view ("
                                    + FlaskModule.describe(p, 2) + "); FastAPI has no global request");
                        }
                        FlaskRequestToParameters.convert(this, h, p);
                    }
                    case "jsonify" -> {
                        if (h == null || !h.returnBodies.contains(p)) {
                            FlaskResponses.jsonify(this, p);
                        }
                    }
                    case "abort" -> FlaskResponses.abort(this, p);
                    case "redirect" -> FlaskResponses.redirect(this, p);
                    case "make_response" -> FlaskResponses.makeResponse(this, p);
                    case "render_template" -> {
                        if (h == null) {
                            throw refuse(atom, FlaskResponses.ID, "render_template is used outside a view; FastAPI's "
                                    + "templates need the request");
                        }
                        if (!h.returnBodies.contains(p)) {
                            FlaskResponses.renderTemplate(this, h, p);
                        }
                    }
                    case "current_app" -> {
                        if (h == null || p.trailer().isEmpty() || p.trailer(0).DOT() == null
                                || !p.trailer(0).name().getText().equals("config")) {
                            throw refuse(atom, FlaskToFastapi.ID, "current_app is used outside a view or for more "
                                    + "than its config (" + FlaskModule.describe(p, 2) + ")"
                                    + FlaskRequestHooks.bridge("current_app"));
                        }
                        FlaskRequestToParameters.requestObject(this, h, start(p));
                        edits.replace(start(p), end(p.trailer(0)), h.requestName + ".app.state.config",
                                FlaskToFastapi.ID, "the app's config lives on app.state");
                    }
                    case "url_for" -> {
                        if (h == null) {
                            throw refuse(atom, FlaskResponses.ID, "url_for is used outside a view; FastAPI builds "
                                    + "URLs from the request's app");
                        }
                        FlaskUrlFor.urlFor(this, h, p);
                    }
                    case "Flask", "Blueprint" -> {
                        return; // read as declarations
                    }
                    default -> throw refuse(atom, FlaskRequestHooks.BRIDGES.containsKey(flask) ? FlaskRequestHooks.ID
                            : FlaskToFastapi.ID, "flask's " + flask + " is not mapped to FastAPI"
                            + (FlaskRequestHooks.BRIDGES.containsKey(flask) ? FlaskRequestHooks.bridge(flask)
                            : FlaskWays.of(flask, false)));
                }
                consume(atom);
            });
        }
    }

    /** The handler whose body holds an offset (the innermost one), or null. */
    Handler handlerAt(int offset) {
        Handler found = null;
        for (Handler h : handlers) {
            if (h.contains(offset) && (found == null || h.function.getStart().getStartIndex()
                    > found.function.getStart().getStartIndex())) {
                found = h;
            }
        }
        return found;
    }

    /** Uses of flask names, apps and blueprints that no mapping consumed. */
    private void leftovers() {
        for (AtomContext atom : module.nameAtoms()) {
            if (consumed.contains(atom)) {
                continue;
            }
            String name = atom.name().getText();
            String flask = module.flaskName(name);
            if (flask != null && !flask.equals("Flask") && !flask.equals("Blueprint")) {
                continue; // reported by expressions() already
            }
            if (flask == null && module.isAppOrBlueprint(name) && ShadowingLocal.isLocal(atom, name, module::isAppOrBlueprint)
                    && !declaredAround(atom, name)) {
                continue; // the function's own local of that name, not the app or blueprint
            }
            if (flask != null || module.isAppOrBlueprint(name)) {
                PrimaryContext p = FlaskModule.primaryOf(atom);
                String use = p == null ? name : FlaskModule.describe(p, 2);
                String attr = p != null && !p.trailer().isEmpty() && p.trailer(0).DOT() != null
                        ? p.trailer(0).name().getText() : "";
                if (FlaskRequestHooks.BRIDGES.containsKey(attr)) {
                    problems.add(refuse(atom, FlaskRequestHooks.ID, use + " is not mapped to FastAPI"
                            + FlaskRequestHooks.bridge(attr)));
                } else if (isArgument(atom)) {
                    problems.add(refuse(atom, FlaskToFastapi.ID, HANDED_TO_OTHER_CODE + " (" + callOf(atom)
                            + "), an extension or helper written for Flask"));
                } else if (flask == null && shadowedIn(atom, name) != null) {
                    problems.add(refuse(atom, FlaskToFastapi.ID, "a local " + name + " is bound inside "
                            + shadowedIn(atom, name) + ", and the port cannot tell whether this use is that local or the module's "
                            + (module.isApp(name) ? "app" : "blueprint") + " (a nested scope, global or nonlocal, an import "
                            + "of it, or a value naming the app or a blueprint); "
                            + "renaming the local lets it follow the " + (module.isApp(name) ? "app" : "blueprint")));
                } else {
                    problems.add(refuse(atom, FlaskToFastapi.ID, use + " is not mapped to FastAPI"
                            + FlaskWays.of(flask != null ? flask : attr, flask == null && module.isApp(name))));
                }
            }
        }
    }

    /** Whether the app or blueprint of that name is made in the function around the use (an app factory). */
    private boolean declaredAround(AtomContext atom, String name) {
        var f = Py.ancestor(atom, dev.unblock.python.PythonParser.Function_defContext.class);
        List<ParserRuleContext> made = new ArrayList<>();
        module.apps.stream().filter(a -> a.var().equals(name)).forEach(a -> made.add(a.stmt()));
        module.blueprints.stream().filter(b -> b.var().equals(name)).forEach(b -> made.add(b.stmt()));
        for (ParserRuleContext stmt : made) {
            for (ParseTree n = stmt; n != null; n = n.getParent()) {
                if (n == f) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The name of the function around a use that also assigns the name somewhere in it (not the factory making the
     * app or blueprint), or null. */
    private String shadowedIn(AtomContext atom, String name) {
        var f = ShadowingLocal.assignedAround(atom, name);
        return f != null && !declaredAround(atom, name) ? f.name().getText() : null;
    }

    /** True when a name is (the whole of) an argument of a call. */
    private static boolean isArgument(AtomContext atom) {
        var arg = Py.ancestor(atom, dev.unblock.python.PythonParser.ArgumentContext.class);
        return arg != null && Py.atom(arg.expression(arg.expression().size() - 1)) == atom;
    }

    /** The text of the call an argument belongs to, shortened. */
    private String callOf(AtomContext atom) {
        var arg = Py.ancestor(atom, dev.unblock.python.PythonParser.ArgumentContext.class);
        var call = arg == null ? null : Py.ancestor(arg, dev.unblock.python.PythonParser.PrimaryContext.class);
        String text = call == null ? atom.getText() : module.src.text(call);
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    /** True when a module-level statement binds the name (a def, class, import or assignment). */
    boolean bindsAtModuleLevel(String name) {
        for (StmtContext s : module.src.tree().stmt()) {
            for (NameContext n : Py.descendants(s, NameContext.class)) {
                if (n.getText().equals(name) && (n.getParent() instanceof dev.unblock.python.PythonParser.Function_defContext
                        || n.getParent() instanceof dev.unblock.python.PythonParser.Class_defContext
                        || n.getParent() instanceof dev.unblock.python.PythonParser.Import_as_nameContext)) {
                    return true;
                }
            }
        }
        return false;
    }

    String newline() {
        return layout.newline();
    }

    /** The offset just past the line end after a statement's last visible token. */
    int lineEndOfLastToken(ParserRuleContext stmt) {
        return layout.lineEndOfLastToken(stmt);
    }

    /** The end of a node's last token that has text and is not a line end or comment. */
    int lastVisibleEnd(ParserRuleContext node) {
        return layout.lastVisibleEnd(node);
    }

    int lineStart(int offset) {
        return layout.lineStart(offset);
    }

    int lineEndWithNewline(int offset) {
        return layout.lineEndWithNewline(offset);
    }

    /** A simple statement alone on its line (no comment after it) that is not the only one of its block. */
    boolean removableLine(StmtContext stmt, Handler h) {
        if (stmt.simple_stmts() == null || stmt.simple_stmts().simple_stmt().size() != 1) {
            return false;
        }
        int from = start(stmt);
        int to = lineEndOfLastToken(stmt);
        String t = module.src.text();
        if (!t.substring(lineStart(from), from).isBlank() || !t.substring(lastVisibleEnd(stmt), to).isBlank()) {
            return false;
        }
        if (!(stmt.getParent() instanceof dev.unblock.python.PythonParser.BlockContext block)) {
            return !(stmt.getParent() instanceof dev.unblock.python.PythonParser.File_inputContext fi)
                    || fi.stmt().size() > 1;
        }
        return block.stmt().size() > 1;
    }

    /** Removes a statement's whole line (and the blank lines before it, when nothing follows it). */
    void removeStatementLine(StmtContext stmt, String ruleId) throws NotPortable {
        removeStatementLine(stmt, ruleId, "the value arrives as a parameter");
    }

    /** Removes a statement's whole line, saying why. */
    void removeStatementLine(StmtContext stmt, String ruleId, String why) throws NotPortable {
        int from = lineStart(start(stmt));
        int to = lineEndWithNewline(lastVisibleEnd(stmt));
        String t = module.src.text();
        if (t.substring(to).isBlank()) {
            while (from > 0 && t.substring(lineStart(from - 1), from).isBlank()) {
                from = lineStart(from - 1);
            }
        }
        edits.replace(from, to, "", ruleId, why);
    }
}
