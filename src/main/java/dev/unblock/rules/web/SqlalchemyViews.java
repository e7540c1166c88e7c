package dev.unblock.rules.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.BlockContext;
import dev.unblock.python.PythonParser.Class_defContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.Function_defContext;
import dev.unblock.python.PythonParser.PrimaryContext;
import dev.unblock.python.PythonParser.StmtContext;
import dev.unblock.python.PythonParser.TrailerContext;
import dev.unblock.python.PythonParser.With_stmtContext;
import org.antlr.v4.runtime.tree.ParseTree;

/**
 * UB807 in views and at start-up: each view using the db gets an {@code AsyncSession} per request and awaits its
 * queries ({@code async def} when nothing else calls it); {@code db.init_app(app)} and {@code db.create_all()} move to
 * the app's start-up.
 */
final class SqlalchemyViews {
    private static final String ID = FlaskSqlalchemy.ID;
    private static final Set<String> QUERY_METHODS = Set.of("filter", "filter_by", "order_by", "limit", "offset");
    private static final Set<String> SESSION_AWAITED = Set.of("commit", "delete", "flush", "get", "execute", "scalar",
            "scalars", "refresh");
    private static final Set<String> SESSION_PLAIN = Set.of("add", "add_all", "expunge");
    /** Flask-SQLAlchemy 3's db.X_or_404(…) → the support module's helper, and how many arguments each takes. */
    private static final Map<String, Integer> OR_404 = Map.of("get_or_404", 2, "first_or_404", 1, "one_or_404", 1);
    private static final Map<String, String> OR_404_HELPERS = Map.of("get_or_404", "sqlalchemy_get_or_404",
            "first_or_404", "sqlalchemy_scalar_or_404", "one_or_404", "sqlalchemy_one_or_404");

    private final SqlalchemyPort sqla;

    SqlalchemyViews(SqlalchemyPort sqla) {
        this.sqla = sqla;
    }

    /** {@code db.init_app(app)} alone on its line, where the app is made: the engine opens at the app's start-up. */
    void initApp(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        ModulePort port = sqla.ports.get(m.path());
        StmtContext stmt = Py.ancestor(p, StmtContext.class);
        AtomContext app = p.trailer().size() == 2 && Py.args(p.trailer(1)).positional.size() == 1
                && Py.args(p.trailer(1)).size() == 1 ? Py.atom(Py.args(p.trailer(1)).positional.get(0)) : null;
        Expr_stmtContext alone = stmt.simple_stmts() == null ? null : stmt.simple_stmts().simple_stmt(0).expr_stmt();
        if (port == null || app == null || !appHere(port, Py.name(app), stmt) || alone == null
                || !alone.assigned_value().isEmpty() || Py.primary(alone.star_expressions()) != p
                || !port.removableLine(stmt, null)) {
            throw sqla.refuse(m, a, FlaskModule.describe(p, 2), "it is not a statement of its own beside the app it "
                    + "is handed");
        }
        port.consume(app);
        port.removeStatementLine(stmt, ID);
    }

    /** True when a statement lies at the level where the app of that name is made (module or factory body). */
    private static boolean appHere(ModulePort port, String var, StmtContext stmt) {
        for (FlaskModule.AppDecl app : port.module.apps) {
            if (app.var().equals(var)) {
                return app.factory() == null ? stmt.getParent() instanceof File_inputContext
                        : stmt.getParent() == app.factory().block();
            }
        }
        return false;
    }

    /** {@code with app.app_context(): db.create_all()} → the tables are created at start-up. */
    void createAll(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        ModulePort port = sqla.ports.get(m.path());
        StmtContext stmt = Py.ancestor(p, StmtContext.class);
        With_stmtContext with = stmt.getParent() instanceof BlockContext b && b.stmt().size() == 1
                && b.getParent() instanceof With_stmtContext w ? w : null;
        PrimaryContext context = with == null || with.with_item().size() != 1 || with.with_item(0).target() != null
                ? null : Py.primary(with.with_item(0).expression());
        StmtContext withStmt = with == null ? null : Py.ancestor(with, StmtContext.class);
        if (port == null || p.trailer().size() != 2 || p.trailer(1).arguments() != null || context == null
                || context.atom().name() == null || context.trailer().size() != 2
                || !context.trailer(0).getText().equals(".app_context") || context.trailer(1).arguments() != null
                || !appHere(port, context.atom().name().getText(), withStmt) || !removable(withStmt)) {
            throw sqla.refuse(m, a, FlaskModule.describe(p, 2), "only `with app.app_context(): db.create_all()` where "
                    + "the app is made is mapped (to the app's start-up)");
        }
        port.consume(context.atom());
        // the with statement's lines, and the blank lines after it when blank lines also precede it
        FileEdits e = port.edits;
        int from = port.lineStart(port.start(withStmt));
        int to = port.lineEndWithNewline(port.lastVisibleEnd(withStmt));
        if (from > 0 && e.text.substring(port.lineStart(from - 1), from).isBlank()) {
            while (to < e.text.length() && e.text.substring(to, port.lineEndWithNewline(to)).isBlank()) {
                to = port.lineEndWithNewline(to);
            }
        }
        e.replace(from, to, "", ID, "the tables are created at the app's start-up");
        sqla.createAll = true;
        sqla.needBase.add(m);
    }

    private static boolean removable(StmtContext stmt) {
        return stmt.getParent() instanceof File_inputContext f ? f.stmt().size() > 1
                : stmt.getParent() instanceof BlockContext b && b.stmt().size() > 1;
    }

    /** The view whose own body (no nested function, lambda or comprehension) holds the atom. */
    private Handler viewAt(FlaskModule m, AtomContext a, String what, boolean awaits) throws NotPortable {
        ModulePort port = sqla.ports.get(m.path());
        Handler h = port == null ? null : port.handlerAt(port.start(a));
        if (h == null || h.kind != Handler.Kind.VIEW) {
            throw sqla.refuse(m, a, what, "it is used outside a view, where no session per request reaches it");
        }
        ParseTree child = a;
        for (ParseTree n = a.getParent(); n != h.function; child = n, n = n.getParent()) {
            if (n instanceof Function_defContext || n instanceof Class_defContext
                    || n instanceof dev.unblock.python.PythonParser.LambdefContext
                    || comprehension(n) && !firstIterable(n, child, a)) {
                throw sqla.refuse(m, a, what, "it is used in a nested function, lambda or comprehension of the view");
            }
        }
        if (awaits) {
            sqla.asyncViews.put(h.function, port);
        }
        return h;
    }

    /**
     * True when {@code child} (a child of the comprehension's container) is the comprehension and the atom lies in
     * its first iterable, which the enclosing function evaluates (an await there is the view's, in a list, set or
     * dict comprehension; a generator expression is left alone).
     */
    private static boolean firstIterable(ParseTree container, ParseTree child, AtomContext a) {
        boolean listLike = container instanceof dev.unblock.python.PythonParser.Testlist_compContext t
                && t.getParent() instanceof AtomContext at && at.LSQB() != null
                || container instanceof dev.unblock.python.PythonParser.Dict_or_setContext;
        if (!listLike) {
            return false;
        }
        ParseTree c = child;
        if (c instanceof dev.unblock.python.PythonParser.Dict_restContext r) {
            c = r.comprehension();
        } else if (c instanceof dev.unblock.python.PythonParser.Set_restContext r) {
            c = r.comprehension();
        }
        return c instanceof dev.unblock.python.PythonParser.ComprehensionContext comp && inside(a,
                comp.for_if_clause(0).disjunction(0));
    }

    private static boolean inside(ParseTree node, ParseTree ancestor) {
        for (ParseTree n = node; n != null; n = n.getParent()) {
            if (n == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static boolean comprehension(ParseTree n) {
        return n instanceof dev.unblock.python.PythonParser.Testlist_compContext t && t.comprehension() != null
                || n instanceof dev.unblock.python.PythonParser.ArgumentContext g && g.comprehension() != null
                || n instanceof dev.unblock.python.PythonParser.Dict_or_setContext d
                && (d.dict_rest() != null && d.dict_rest().comprehension() != null
                || d.set_rest() != null && d.set_rest().comprehension() != null);
    }

    /** {@code db.session.commit()} → {@code await session.commit()}; add/add_all/expunge stay calls. */
    void session(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        String what = FlaskModule.describe(p, 3);
        List<TrailerContext> t = p.trailer();
        if (t.size() < 3 || t.get(1).DOT() == null || !Py.isCall(t.get(2))) {
            throw sqla.refuse(m, a, what, "the session is used other than by calling its methods");
        }
        String method = t.get(1).name().getText();
        boolean awaited = SESSION_AWAITED.contains(method);
        if (!awaited && !SESSION_PLAIN.contains(method)) {
            throw sqla.refuse(m, a, what, method.equals("rollback") ? "a rollback expires every object, which an "
                    + "AsyncSession cannot reload lazily" : "the port does not map session." + method);
        }
        Handler h = viewAt(m, a, what, awaited);
        ModulePort port = sqla.ports.get(m.path());
        String s = sessionParameter(port, h, a);
        boolean wrap = awaited && t.size() > 3;
        FileEdits e = port.edits;
        e.replace(SqlalchemyPort.start(e, a), SqlalchemyPort.end(e, t.get(1)), (wrap ? "(" : "") + (awaited ? "await " : "") + s + "." + method, ID,
                "the request's AsyncSession");
        if (wrap) {
            e.insert(SqlalchemyPort.end(e, t.get(2)), ")", ID, "the awaited result", 0);
        }
    }

    /** Flask-SQLAlchemy 3's {@code db.get_or_404(Model, id)}, {@code db.first_or_404(stmt)}, {@code db.one_or_404(stmt)}. */
    void or404(FlaskModule m, AtomContext a, PrimaryContext p, String attr) throws NotPortable {
        String what = FlaskModule.describe(p, 3);
        List<TrailerContext> t = p.trailer();
        if (t.size() < 2 || !Py.isCall(t.get(1)) || !positionalAndDescription(Py.args(t.get(1)), OR_404.get(attr))) {
            throw sqla.refuse(m, a, what, "only db." + attr + " called with its positional arguments (and description=) "
                    + "is mapped");
        }
        Handler h = viewAt(m, a, what, true);
        ModulePort port = sqla.ports.get(m.path());
        String s = sessionParameter(port, h, a);
        String helper = OR_404_HELPERS.get(attr);
        port.imports.add(sqla.support, helper);
        boolean wrap = t.size() > 2;
        FileEdits e = port.edits;
        e.replace(SqlalchemyPort.start(e, a), e.src.end(t.get(1).LPAR().getSymbol()), (wrap ? "(" : "") + "await " + helper + "(" + s
                + ", ", ID, "the request's AsyncSession");
        if (wrap) {
            e.insert(SqlalchemyPort.end(e, t.get(1)), ")", ID, "the awaited result", 0);
        }
    }

    private String sessionParameter(ModulePort port, Handler h, AtomContext a) {
        port.imports.fastapi("Depends");
        port.imports.add(sqla.support, "sqlalchemy_session");
        // "session" is free when the view never reads or binds the name (db.session's attribute is no use of it)
        boolean free = !h.parameterNames().contains("session") && Py.descendants(h.function, AtomContext.class).stream()
                .noneMatch(x -> "session".equals(Py.name(x)));
        return h.need(port.start(a), "sqlalchemy:session", "session", n -> n + "=Depends(sqlalchemy_session)", free);
    }

    /** {@code Model.query…} in a view → the AsyncSession's get, or a select() it executes. */
    void query(FlaskModule m, AtomContext a, PrimaryContext p) throws NotPortable {
        String what = FlaskModule.describe(p, 3);
        List<TrailerContext> t = p.trailer();
        int i = 1;
        while (i + 1 < t.size() && t.get(i).DOT() != null && QUERY_METHODS.contains(t.get(i).name().getText())
                && Py.isCall(t.get(i + 1))) {
            i += 2;
        }
        if (i + 1 >= t.size() || t.get(i).DOT() == null || !Py.isCall(t.get(i + 1))) {
            throw sqla.refuse(m, a, what, "the port maps only Model.query's filter, filter_by, order_by, limit and offset ended by get, "
                    + "get_or_404, all, first, first_or_404, one, one_or_none or count");
        }
        String term = t.get(i).name().getText();
        TrailerContext call = t.get(i + 1);
        boolean rest = t.size() > i + 2;
        Py.Args args = Py.args(call);
        boolean byKey = term.equals("get") || term.equals("get_or_404");
        boolean arity = term.equals("get") ? args.size() == 1 && args.positional.size() == 1
                : term.equals("get_or_404") ? positionalAndDescription(args, 1)
                : term.equals("first_or_404") ? positionalAndDescription(args, 0) : args.size() == 0;
        if (!arity || byKey && i != 1 || !byKey
                && !Set.of("all", "first", "first_or_404", "one", "one_or_none", "count").contains(term)) {
            throw sqla.refuse(m, a, what, "the port does not map query." + term + " used this way");
        }
        Handler h = viewAt(m, a, what, true);
        ModulePort port = sqla.ports.get(m.path());
        String s = sessionParameter(port, h, a);
        String model = a.getText();
        FileEdits e = port.edits;
        if (byKey) {
            boolean orAbort = term.equals("get_or_404");
            if (orAbort) {
                port.imports.add(sqla.support, "sqlalchemy_get_or_404");
            }
            e.replace(SqlalchemyPort.start(e, a), e.src.end(call.LPAR().getSymbol()), (rest ? "(" : "") + "await "
                    + (orAbort ? "sqlalchemy_get_or_404(" + s + ", " : s + ".get(") + model + ", ", ID, "the AsyncSession's get");
            if (rest) {
                e.insert(SqlalchemyPort.end(e, call), ")", ID, "the awaited result", 0);
            }
            return;
        }
        sqla.needSa.add(m);
        String open;
        String close;
        switch (term) {
            case "count" -> {
                open = "(await " + s + ".execute(sa.select(sa.func.count()).select_from(";
                close = ".subquery()))).scalar_one()";
            }
            case "first_or_404" -> {
                port.imports.add(sqla.support, "sqlalchemy_first_or_404");
                open = (rest ? "(" : "") + "await sqlalchemy_first_or_404(" + s + ", ";
                close = rest ? "))" : ")";
            }
            default -> {
                open = "(await " + s + ".execute(";
                close = switch (term) {
                    case "first" -> ".limit(1))).scalars().first()";
                    case "one" -> ")).scalar_one()";
                    case "one_or_none" -> ")).scalar_one_or_none()";
                    default -> ")).scalars().all()";
                };
            }
        }
        e.replace(SqlalchemyPort.start(e, a), SqlalchemyPort.end(e, t.get(0)), open + "sa.select(" + model + ")", ID, "a select() the AsyncSession "
                + "executes");
        if (call.arguments() != null) { // first_or_404(description=…): the argument goes to the helper as it is
            e.replace(SqlalchemyPort.start(e, t.get(i)), e.src.end(call.LPAR().getSymbol()), ", ", ID, "the query's result");
            if (rest) {
                e.insert(SqlalchemyPort.end(e, call), ")", ID, "the awaited result", 0);
            }
            return;
        }
        e.replace(SqlalchemyPort.start(e, t.get(i)), SqlalchemyPort.end(e, call), close, ID, "the query's result");
    }

    /** A call with exactly {@code positional} positional arguments and at most a description= keyword. */
    private static boolean positionalAndDescription(Py.Args args, int positional) {
        return !args.starred && args.positional.size() == positional
                && args.keywords.keySet().stream().allMatch("description"::equals)
                && args.size() == positional + args.keywords.size();
    }

    /**
     * A view that now awaits becomes {@code async def}: only when nothing but its route refers to it (no caller that
     * would get a coroutine) and it runs no event loop of its own.
     */
    void makeAsync(ModulePort port, Function_defContext f) throws NotPortable {
        String name = f.name().getText();
        FlaskModule m = port.module;
        for (AtomContext a : m.nameAtoms()) {
            if (a.name().getText().equals(name) && !localOfItsFunction(a, name) && !assignedTo(a)) {
                throw SqlalchemyPort.refuseView(m, f, "the module refers to it (a caller would get a coroutine)");
            }
        }
        String last = m.module.contains(".") ? m.module.substring(m.module.lastIndexOf('.') + 1) : m.module;
        var word = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b");
        var mod = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(last) + "\\b");
        for (String text : sqla.project.otherTexts(port.path())) {
            if (word.matcher(text).find() && mod.matcher(text).find()) {
                throw SqlalchemyPort.refuseView(m, f, "another module may call it (and would get a coroutine)");
            }
        }
        FileEdits e = port.edits;
        for (var y : Py.descendants(f.block(), dev.unblock.python.PythonParser.Yield_exprContext.class)) {
            if (Py.ancestor(y, Function_defContext.class) == f
                    && Py.ancestor(y, dev.unblock.python.PythonParser.LambdefContext.class) == null) {
                throw SqlalchemyPort.refuseView(m, f, "it is a generator, which async def would make an async one");
            }
        }
        String body = e.peek(SqlalchemyPort.start(e, f), SqlalchemyPort.end(e, f));
        if (body.contains("asyncio.run(") || body.contains("run_until_complete(") || body.contains("async_to_sync(")) {
            throw SqlalchemyPort.refuseView(m, f, "it runs an event loop of its own, which an async view cannot");
        }
        boolean async = f.getParent() instanceof dev.unblock.python.PythonParser.Async_stmtContext
                || e.plannedIn(SqlalchemyPort.start(e, f), SqlalchemyPort.start(e, f)).stream().anyMatch(x -> x.text().contains("async"));
        if (!async) {
            e.insert(SqlalchemyPort.start(e, f), "async ", ID, "the view awaits its queries", 0);
        }
    }

    /** True when the atom is the whole target of an assignment (a store calls nothing). */
    private static boolean assignedTo(AtomContext a) {
        Expr_stmtContext s = Py.ancestor(a, Expr_stmtContext.class);
        return s != null && !s.assigned_value().isEmpty() && Py.atom(s.star_expressions()) == a;
    }

    /**
     * True when the name, where the atom uses it, is a local of the function around it: a parameter, or assigned by
     * a statement of that function itself (not of a nested one), with no global declaration.
     */
    private static boolean localOfItsFunction(AtomContext a, String name) {
        Function_defContext f = Py.ancestor(a, Function_defContext.class);
        if (f == null || Py.ancestor(a, dev.unblock.python.PythonParser.LambdefContext.class) != null
                && Py.ancestor(Py.ancestor(a, dev.unblock.python.PythonParser.LambdefContext.class),
                Function_defContext.class) == f) {
            return false;
        }
        if (f.parameters() != null && f.parameters().parameter().stream()
                .anyMatch(p -> p.name() != null && p.name().getText().equals(name))) {
            return true;
        }
        for (var g : Py.descendants(f.block(), dev.unblock.python.PythonParser.Global_stmtContext.class)) {
            if (g.name().stream().anyMatch(n -> n.getText().equals(name))) {
                return false;
            }
        }
        for (Expr_stmtContext s : Py.descendants(f.block(), Expr_stmtContext.class)) {
            if (!s.assigned_value().isEmpty() && name.equals(Py.nameOf(s.star_expressions()))
                    && Py.ancestor(s, Function_defContext.class) == f) {
                return true;
            }
        }
        return false;
    }
}
