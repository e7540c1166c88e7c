package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.python.PythonParser.AtomContext;
import dev.unblock.python.PythonParser.Expr_stmtContext;
import dev.unblock.python.PythonParser.File_inputContext;
import dev.unblock.python.PythonParser.Global_stmtContext;
import dev.unblock.python.PythonParser.StmtContext;

/**
 * Async clients the app's module creates at import time ({@code session = httpx.AsyncClient()}, what the async
 * migration makes of {@code requests.Session()}; Redis, aiohttp, Motor, Elasticsearch clients, async SQLAlchemy
 * engines) are created once at start-up instead, kept on {@code app.state}, closed at shut-down, and handed to the
 * handlers that use them with {@code Depends}. FastAPI 0.92 (Debian's) runs start-up and shut-down handlers
 * ({@code @app.on_event}); a project pinning FastAPI 0.93 or later gets a {@code lifespan} instead.
 */
@RuleInfo(id = FlaskClientsAtStartup.ID, name = "clients-at-startup",
        summary = "Async clients made at import time open at start-up, live on app.state and are injected with Depends.")
public final class FlaskClientsAtStartup implements Rule {
    static final String ID = "UB804";

    /** How each async client constructor's client is closed ({} is the client). */
    private static final Map<String, String> CLOSE = Map.ofEntries(
            Map.entry("httpx.AsyncClient(", "await {}.aclose()"),
            Map.entry("httpx2.AsyncClient(", "await {}.aclose()"),
            Map.entry("aiohttp.ClientSession(", "await {}.close()"),
            Map.entry("redis.asyncio.", "await {}.close()"),
            Map.entry("aioredis.", "await {}.close()"),
            Map.entry("motor.motor_asyncio.AsyncIOMotorClient(", "{}.close()"),
            Map.entry("AsyncIOMotorClient(", "{}.close()"),
            Map.entry("AsyncElasticsearch(", "await {}.close()"),
            Map.entry("elasticsearch.AsyncElasticsearch(", "await {}.close()"),
            Map.entry("create_async_engine(", "await {}.dispose()"),
            Map.entry("sqlalchemy.ext.asyncio.create_async_engine(", "await {}.dispose()"));

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // carried out by the port of UB801, which reads this rule's switch
    }

    /**
     * A client moved to start-up: its name, creation (with the migration's edits) and how it is closed ({} is the
     * client). {@code injected}: handlers get it from a dependency get_name written here; otherwise the port made the
     * client itself (UB807) and {app} in its creation stands for the app.
     */
    record Client(String name, String creation, String close, boolean injected) {
        String creation(String app) {
            return injected ? creation : creation.replace("{app}", app);
        }
    }

    /**
     * Moves the module's movable clients out of import time: removes their assignments and gives every handler
     * using one a parameter {@code name=Depends(get_name)}. The caller writes the start-up code.
     */
    static List<Client> move(ModulePort port, FlaskModule.AppDecl app) throws NotPortable {
        List<Client> out = new ArrayList<>();
        if (!port.project.enabledRules.contains(ID)) {
            return out;
        }
        File_inputContext file = port.module.src.tree();
        for (StmtContext stmt : file.stmt()) {
            Expr_stmtContext s = stmt.simple_stmts() == null || stmt.simple_stmts().simple_stmt().size() != 1 ? null
                    : stmt.simple_stmts().simple_stmt(0).expr_stmt();
            if (s == null || s.assigned_value().size() != 1 || Py.nameOf(s.star_expressions()) == null) {
                continue;
            }
            String name = Py.nameOf(s.star_expressions());
            var value = s.assigned_value(0).star_expressions();
            String creation = port.edits.peek(port.start(value), port.end(value));
            String close = CLOSE.entrySet().stream().filter(e -> creation.startsWith(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (close == null || !onlyHandlersUse(port, name, s) || port.bindsAtModuleLevel("get_" + name)
                    || importedElsewhere(port, name) || !port.removableLine(stmt, null)) {
                continue;
            }
            for (AtomContext a : port.module.nameAtoms()) {
                if (a.name().getText().equals(name) && a != Py.atom(s.star_expressions())) {
                    Handler h = port.handlerAt(port.start(a));
                    h.need(port.start(a), "client:" + name, name, n -> n + "=Depends(get_" + name + ")", true);
                }
            }
            String taken = port.edits.take(port.start(value), port.end(value), ID);
            port.removeStatementLine(stmt, ID);
            port.imports.fastapi("Depends");
            port.imports.fastapi("Request");
            out.add(new Client(name, taken, close, true));
        }
        return out;
    }

    /** Every use of the name is in a view's body, where it is not rebound, and nothing declares it global. */
    private static boolean onlyHandlersUse(ModulePort port, String name, Expr_stmtContext assignment) {
        for (Global_stmtContext g : Py.descendants(port.module.src.tree(), Global_stmtContext.class)) {
            if (g.name().stream().anyMatch(n -> n.getText().equals(name))) {
                return false;
            }
        }
        boolean used = false;
        for (AtomContext a : port.module.nameAtoms()) {
            if (!a.name().getText().equals(name) || a == Py.atom(assignment.star_expressions())) {
                continue;
            }
            Handler h = port.handlerAt(port.start(a));
            if (h == null || h.kind != Handler.Kind.VIEW || h.parameterNames().contains(name)
                    || LocalValue.binds(h.function, name)) {
                return false;
            }
            used = true;
        }
        return used;
    }

    /** Conservatively: another file mentions both the module and the name (it may import the client). */
    private static boolean importedElsewhere(ModulePort port, String name) {
        String module = port.module.module;
        String last = module.contains(".") ? module.substring(module.lastIndexOf('.') + 1) : module;
        java.util.regex.Pattern word = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name) + "\\b");
        java.util.regex.Pattern mod = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(last) + "\\b");
        for (String text : port.project.otherTexts(port.path())) {
            if (word.matcher(text).find() && mod.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The start-up code for an app created by {@code app = FastAPI()}: the event handlers (on_event) that open and
     * close the clients, and one dependency per client. Opening awaits nothing, so it is a plain function (Starlette
     * calls it on the event loop); closing awaits. The text follows the app's line, without its line end.
     */
    static String onEvents(String app, String indent, String nl, List<Client> clients, boolean nested) {
        Blocks out = new Blocks(indent, nl, nested);
        boolean awaits = clients.stream().anyMatch(c -> c.creation().startsWith("await "));
        out.block("@" + app + ".on_event(\"startup\")", (awaits ? "async " : "") + "def open_clients():");
        for (Client c : clients) {
            out.line("    " + app + ".state." + c.name() + " = " + c.creation(app));
        }
        out.block("@" + app + ".on_event(\"shutdown\")", "async def close_clients():");
        for (Client c : clients) {
            out.line("    " + c.close().replace("{}", app + ".state." + c.name()));
        }
        dependencies(out, clients);
        return out.text();
    }

    /** A lifespan for FastAPI 0.93 and later, inserted at the start of the app's line (it ends with a blank gap). */
    static String lifespan(String indent, String nl, List<Client> clients, boolean nested) {
        StringBuilder out = new StringBuilder();
        out.append(indent).append("@asynccontextmanager").append(nl).append(indent).append("async def lifespan(app):")
                .append(nl);
        for (Client c : clients) {
            out.append(indent).append("    app.state.").append(c.name()).append(" = ").append(c.creation("app")).append(nl);
        }
        out.append(indent).append("    yield").append(nl);
        for (Client c : clients) {
            out.append(indent).append("    ").append(c.close().replace("{}", "app.state." + c.name())).append(nl);
        }
        out.append(nl);
        if (!nested) {
            out.append(nl);
        }
        return out.toString();
    }

    /** The dependencies that hand the clients to handlers, following the app's line. */
    static String dependencies(String indent, String nl, List<Client> clients, boolean nested) {
        Blocks out = new Blocks(indent, nl, nested);
        dependencies(out, clients);
        return out.text();
    }

    private static void dependencies(Blocks out, List<Client> clients) {
        for (Client c : clients) {
            if (!c.injected()) {
                continue;
            }
            out.block("def get_" + c.name() + "(request: Request):");
            out.line("    return request.app.state." + c.name());
        }
    }

    /** Definitions one after another, separated as PEP 8 says (two blank lines at module level, one inside). */
    private static final class Blocks {
        private final StringBuilder text = new StringBuilder();
        private final String indent;
        private final String nl;
        private final boolean nested;

        Blocks(String indent, String nl, boolean nested) {
            this.indent = indent;
            this.nl = nl;
            this.nested = nested;
        }

        void block(String... headerLines) {
            text.append(nl).append(nl);
            if (!nested) {
                text.append(nl);
            }
            for (int i = 0; i < headerLines.length; i++) {
                text.append(i == 0 ? "" : nl).append(indent).append(headerLines[i]);
            }
        }

        void line(String line) {
            text.append(nl).append(indent).append(line);
        }

        String text() {
            return text.toString();
        }
    }
}
