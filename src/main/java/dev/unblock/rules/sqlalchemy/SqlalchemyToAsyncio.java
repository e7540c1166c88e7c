package dev.unblock.rules.sqlalchemy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallRewriter;
import dev.unblock.migrate.catalog.CallRewriter.CallSite;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * SQLAlchemy engines, connections and ORM sessions → {@code sqlalchemy.ext.asyncio}: {@code create_engine} →
 * {@code create_async_engine} with an async driver in the URL, {@code sessionmaker} → {@code async_sessionmaker}
 * (2.x) or {@code sessionmaker(class_=AsyncSession)} (1.4), {@code Session} → {@code AsyncSession}; I/O methods
 * awaited; {@code metadata.create_all(engine)} run through {@code conn.run_sync}; legacy {@code session.query()}
 * chains rewritten to {@code select()} where simple, else run through {@code session.run_sync}.
 */
@RuleInfo(id = "UB501", name = "sqlalchemy-to-asyncio",
        summary = "SQLAlchemy engines and sessions become their asyncio versions; database calls are awaited.")
public final class SqlalchemyToAsyncio implements Rule {
    static final String ID = "UB501";
    static final String ENGINE = "sqlalchemy.engine.Engine";
    static final String CONNECTION = "sqlalchemy.engine.Connection";
    static final String TRANSACTION = "sqlalchemy.engine.Transaction";
    static final String SESSION = "sqlalchemy.orm.Session";
    static final String MAKER = "sqlalchemy.orm.sessionmaker";
    static final String QUERY = "sqlalchemy.orm.Query";
    static final String METADATA = "sqlalchemy.MetaData";
    static final String BASE = "sqlalchemy.orm.DeclarativeBase";
    /** What declarative_base() returns (a class; only its metadata matters here). */
    static final String DECLARATIVE = "sqlalchemy.orm.declarative_base()";
    private static final String ASYNCIO = "sqlalchemy.ext.asyncio";
    private static final String WHY = "the database call blocks the event loop; the asyncio extension awaits it";

    /** Query methods that have the same meaning on a select(). */
    static final Set<String> SELECT_METHODS = Set.of("filter", "filter_by", "where", "order_by", "limit", "offset",
            "join", "outerjoin", "options", "distinct", "group_by", "having");
    private static final Set<String> QUERY_METHODS = Set.of("filter", "filter_by", "where", "order_by", "limit",
            "offset", "join", "outerjoin", "options", "distinct", "group_by", "having", "select_from", "with_entities",
            "add_columns", "add_entity", "correlate", "execution_options", "populate_existing", "params", "slice",
            "from_self", "union", "union_all", "with_for_update", "yield_per", "enable_eagerloads", "autoflush",
            "reset_joinpoint", "subquery", "cte", "exists");
    static final Set<String> QUERY_TERMINALS = Set.of("all", "first", "one", "one_or_none", "scalar", "count",
            "get", "delete", "update");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        // Alembic imports each migration script and calls upgrade()/downgrade() synchronously.
        catalog.knowledge().externalCaller("(.*/)?versions/[^/]*\\.py", "upgrade*",
                "Alembic calls a migration script's upgrade() synchronously");
        catalog.knowledge().externalCaller("(.*/)?versions/[^/]*\\.py", "downgrade*",
                "Alembic calls a migration script's downgrade() synchronously");
        // An AsyncSession's objects cannot load a lazy relationship on first read (MissingGreenlet): sessions stay
        // sync while the project reads one ("selectin", "joined"... load with the object)
        for (String relationship : List.of("sqlalchemy.orm.relationship", "sqlalchemy.orm.relation",
                "sqlalchemy.orm.relationships.relationship")) {
            catalog.knowledge().lazyAttribute(new Knowledge.LazyAttribute(relationship, "lazy",
                    Set.of("selectin", "joined", "subquery", "immediate", "raise", "raise_on_sql", "noload"),
                    Set.of("backref"), SESSION, "a relationship that loads on first read, which objects of an "
                    + "AsyncSession cannot do (MissingGreenlet)"));
        }
        boolean v2 = isTwo(targets);
        CallSpec engine = new CallSpec(ID, Kind.CONSTRUCTOR, "create_async_engine", null, Map.of(), Map.of(), ENGINE,
                List.of("from " + ASYNCIO + " import create_async_engine"),
                "create_async_engine with an async driver").withRewriter(SqlalchemyToAsyncio::createEngine);
        catalog.function("sqlalchemy.create_engine", engine);
        catalog.function("sqlalchemy.engine.create_engine", engine);
        CallSpec maker = new CallSpec(ID, Kind.CONSTRUCTOR, null, null, Map.of(), Map.of(), MAKER,
                List.of(v2 ? "from " + ASYNCIO + " import async_sessionmaker" : "from " + ASYNCIO + " import AsyncSession"),
                "a factory of async sessions").withRewriter(site -> sessionmaker(site, v2));
        catalog.function("sqlalchemy.orm.sessionmaker", maker);
        catalog.function("sqlalchemy.orm.session.sessionmaker", maker);
        CallSpec session = new CallSpec(ID, Kind.CONSTRUCTOR, "AsyncSession", null, Map.of(), Map.of(), SESSION,
                List.of("from " + ASYNCIO + " import AsyncSession"), "an async session")
                .withRewriter(SqlalchemyToAsyncio::sessionConstructor);
        catalog.function("sqlalchemy.orm.Session", session);
        catalog.function("sqlalchemy.orm.session.Session", session);
        for (String f : List.of("sqlalchemy.orm.declarative_base", "sqlalchemy.ext.declarative.declarative_base")) {
            catalog.function(f, CallSpec.of(ID, Kind.SYNC, null, DECLARATIVE, ""));
        }
        catalog.type(new TypeSpec(DECLARATIVE, false, false, Map.of(), Map.of("metadata", METADATA), null, ID));
        catalog.function("sqlalchemy.MetaData", CallSpec.of(ID, Kind.SYNC, null, METADATA, ""));
        catalog.function("sqlalchemy.schema.MetaData", CallSpec.of(ID, Kind.SYNC, null, METADATA, ""));

        engine(catalog);
        connection(catalog);
        session(catalog);
        query(catalog);
        // 1.4's MetaData.bind and Session.bind name the engine: they make these types one family, sync or async
        // together in a file.
        catalog.type(new TypeSpec(METADATA, false, false, Map.of(), Map.of("bind", ENGINE), null, ID));
        catalog.type(new TypeSpec(BASE, false, false, Map.of(), Map.of(), null, ID)
                .withClassAttributeTypes(Map.of("metadata", METADATA)));
        for (String ddl : List.of("create_all", "drop_all")) {
            catalog.method(METADATA, ddl, CallSpec.of(ID, Kind.AWAIT, null, null,
                    "DDL runs on an async connection through run_sync")
                    .withRewriter(new CallRewriter() {
                        @Override
                        public void rewrite(CallSite site) {
                            ddl(site);
                        }

                        @Override
                        public String refusal(dev.unblock.analysis.FileFacts.CallFact call, String text,
                                              java.util.function.IntFunction<String> argumentType) {
                            return ddlRefusal(call, text, argumentType);
                        }
                    }));
        }
        catalog.method(METADATA, "reflect", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "metadata.reflect() needs `await conn.run_sync(metadata.reflect)`: rewrite by hand"));
        catalog.replacesModule("sqlalchemy");
        dependencies(catalog, targets);
    }

    /** Config, else the pinned SQLAlchemy (1.x → 1.4), else 2.0. */
    static boolean isTwo(Targets targets) {
        String chosen = targets.choices().get("sqlalchemy");
        if (chosen != null) {
            return chosen.startsWith("2");
        }
        String pinned = targets.pinnedVersion("sqlalchemy");
        return pinned == null || !pinned.startsWith("1.") && !pinned.startsWith("0.");
    }

    private static void engine(Catalog catalog) {
        // `with engine.connect() as conn` → `async with`; `conn = engine.connect()` → `conn = await engine.connect()`
        // both check a connection out of the pool (connecting when it has none): blocking where they stay sync
        catalog.method(ENGINE, "connect", CallSpec.of(ID, Kind.SYNC, null, CONNECTION, "")
                .withRewriter(SqlalchemyToAsyncio::begin).withIoWhenSync());
        catalog.method(ENGINE, "begin", CallSpec.of(ID, Kind.SYNC, null, CONNECTION, "").withRewriter(
                CallRewriter.of(site -> { }, (call, text) -> call.use() == Use.WITH_ITEM ? null
                        : "engine.begin() outside a `with` has no async form: use `async with engine.begin() as conn`"))
                .withIoWhenSync());
        catalog.method(ENGINE, "dispose", CallSpec.of(ID, Kind.AWAIT, null, null, WHY));
        for (String m : List.of("execute", "raw_connection", "scalar", "table_names", "has_table", "run_callable",
                "transaction")) {
            catalog.method(ENGINE, m, CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                    "engine." + m + "() has no AsyncEngine equivalent: use `async with engine.connect() as conn`"));
        }
        catalog.type(new TypeSpec(ENGINE, false, false, Map.of(), Map.of(), null, ID));
    }

    private static void connection(Catalog catalog) {
        for (String m : List.of("execute", "scalar", "scalars", "commit", "rollback", "close", "run_sync",
                "exec_driver_sql", "invalidate", "get_raw_connection")) {
            catalog.method(CONNECTION, m, CallSpec.of(ID, Kind.AWAIT, null, null, WHY));
        }
        CallSpec begin = CallSpec.of(ID, Kind.SYNC, null, TRANSACTION, "").withRewriter(SqlalchemyToAsyncio::begin);
        catalog.method(CONNECTION, "begin", begin);
        catalog.method(CONNECTION, "begin_nested", begin);
        catalog.method(CONNECTION, "in_transaction", CallSpec.of(ID, Kind.SYNC, null, null, ""));
        catalog.type(new TypeSpec(CONNECTION, true, false, Map.of(), Map.of("engine", ENGINE), null, ID));
        catalog.method(TRANSACTION, "commit", CallSpec.of(ID, Kind.AWAIT, null, null, WHY));
        catalog.method(TRANSACTION, "rollback", CallSpec.of(ID, Kind.AWAIT, null, null, WHY));
        catalog.method(TRANSACTION, "close", CallSpec.of(ID, Kind.AWAIT, null, null, WHY));
        catalog.type(new TypeSpec(TRANSACTION, true, false, Map.of(), Map.of(), null, ID));
    }

    private static void session(Catalog catalog) {
        for (String m : List.of("execute", "scalar", "scalars", "get", "commit", "rollback", "flush", "refresh",
                "close", "delete", "merge", "connection", "run_sync", "invalidate")) {
            catalog.method(SESSION, m, CallSpec.of(ID, Kind.AWAIT, null, null, WHY));
        }
        for (String m : List.of("add", "add_all", "expunge", "expunge_all", "expire", "expire_all", "in_transaction",
                "is_modified")) {
            catalog.method(SESSION, m, CallSpec.of(ID, Kind.SYNC, null, null, ""));
        }
        CallSpec begin = CallSpec.of(ID, Kind.SYNC, null, TRANSACTION, "").withRewriter(SqlalchemyToAsyncio::begin);
        catalog.method(SESSION, "begin", begin);
        catalog.method(SESSION, "begin_nested", begin);
        catalog.method(SESSION, "get_bind", CallSpec.of(ID, Kind.SYNC, null, ENGINE, ""));
        for (String m : List.of("bulk_save_objects", "bulk_insert_mappings", "bulk_update_mappings")) {
            catalog.method(SESSION, m, CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                    "session." + m + "() has no AsyncSession method: use `await session.run_sync(...)` by hand"));
        }
        catalog.type(new TypeSpec(SESSION, true, false, Map.of(), Map.of("bind", ENGINE), null, ID));
        catalog.method(MAKER, "__call__", CallSpec.of(ID, Kind.SYNC, null, SESSION, ""));
        CallSpec scoped = CallSpec.of(ID, Kind.SYNC, null, MAKER, "").withRewriter(CallRewriter.of(site -> { },
                (call, text) -> "scoped_session() becomes async_scoped_session(factory, scopefunc=asyncio.current_task), "
                        + "which changes how sessions are shared: set it up by hand"));
        catalog.function("sqlalchemy.orm.scoped_session", scoped);
        catalog.function("sqlalchemy.orm.scoping.scoped_session", scoped);
        catalog.method(MAKER, "begin", CallSpec.of(ID, Kind.SYNC, null, SESSION, ""));
        catalog.type(new TypeSpec(MAKER, false, false, Map.of(), Map.of(), null, ID));
    }

    private static void query(Catalog catalog) {
        catalog.method(SESSION, "query", CallSpec.of(ID, Kind.SYNC, null, QUERY, "")
                .withRewriter(CallRewriter.of(site -> { }, LegacyQuery::startRefusal)));
        for (String m : QUERY_METHODS) {
            catalog.method(QUERY, m, CallSpec.of(ID, Kind.SYNC, null, QUERY, ""));
        }
        for (String m : QUERY_TERMINALS) {
            catalog.method(QUERY, m, CallSpec.of(ID, Kind.AWAIT, null, null,
                    "AsyncSession has no query(): the query runs as a select()")
                    .withRewriter(CallRewriter.of(LegacyQuery::rewrite, LegacyQuery::terminalRefusal)));
        }
        catalog.type(new TypeSpec(QUERY, false, false, Map.of(), Map.of(), null, ID));
    }

    // ---------------------------------------------------------------------------------------------- rewriters

    /** create_engine("sqlite:///x") → create_async_engine("sqlite+aiosqlite:///x"). */
    static void createEngine(CallSite site) {
        site.replaceCallee("create_async_engine", "create_async_engine with an async driver");
        site.imports("from " + ASYNCIO + " import create_async_engine");
        Argument url = urlArgument(site);
        if (url == null) {
            site.finding("create_engine() without a URL argument: make sure the engine uses an async driver", null);
            return;
        }
        String text = site.text();
        int quote = url.start();
        while (quote < url.end() && "rRfFbBuU".indexOf(text.charAt(quote)) >= 0) {
            quote++;
        }
        if (quote >= url.end() || (text.charAt(quote) != '"' && text.charAt(quote) != '\'')) {
            site.finding("the database URL is not a literal: make sure it names an async driver "
                    + "(sqlite+aiosqlite, postgresql+asyncpg, mysql+aiomysql)", null);
            return;
        }
        int schemeStart = quote + (text.startsWith("\"\"\"", quote) || text.startsWith("'''", quote) ? 3 : 1);
        int schemeEnd = text.indexOf("://", schemeStart);
        if (schemeEnd < 0 || schemeEnd > url.end()) {
            site.finding("cannot read the scheme of the database URL: make sure it names an async driver", null);
            return;
        }
        String scheme = text.substring(schemeStart, schemeEnd);
        String async = asyncScheme(scheme);
        if (async == null) {
            site.finding("no known async driver for `" + scheme + "`: choose one in the URL", null);
        } else if (!async.equals(scheme)) {
            site.replace(schemeStart, schemeEnd, async, scheme + " → " + async + " (an async driver)");
        }
    }

    /** The async dialect+driver for a URL scheme; the scheme itself when it already is one; null when unknown. */
    static String asyncScheme(String scheme) {
        return switch (scheme) {
            case "sqlite", "sqlite+pysqlite" -> "sqlite+aiosqlite";
            case "postgresql", "postgres", "postgresql+psycopg2", "postgresql+pg8000", "postgresql+psycopg2cffi" ->
                    "postgresql+asyncpg";
            case "mysql", "mysql+pymysql", "mysql+mysqldb", "mysql+mysqlconnector" -> "mysql+aiomysql";
            case "sqlite+aiosqlite", "postgresql+asyncpg", "postgresql+psycopg", "postgresql+psycopg_async",
                 "mysql+aiomysql", "mysql+asyncmy" -> scheme;
            default -> null;
        };
    }

    private static Argument urlArgument(CallSite site) {
        for (Argument a : site.fact().arguments()) {
            if (a.star()) {
                return null;
            }
            if (a.keyword() == null || a.keyword().equals("url")) {
                return a;
            }
        }
        return null;
    }

    /** 2.x: sessionmaker(...) → async_sessionmaker(...); 1.4: sessionmaker(..., class_=AsyncSession). */
    static void sessionmaker(CallSite site, boolean v2) {
        if (v2) {
            site.replaceCallee("async_sessionmaker", "async_sessionmaker makes AsyncSession objects");
            site.imports("from " + ASYNCIO + " import async_sessionmaker");
        } else if (!hasKeyword(site, "class_")) {
            appendArgument(site, "class_=AsyncSession", "SQLAlchemy 1.4: the factory makes AsyncSession objects");
            site.imports("from " + ASYNCIO + " import AsyncSession");
        }
        expireOnCommit(site);
    }

    /** Session(engine) → AsyncSession(engine, expire_on_commit=False). */
    static void sessionConstructor(CallSite site) {
        site.replaceCallee("AsyncSession", "an async session");
        site.imports("from " + ASYNCIO + " import AsyncSession");
        expireOnCommit(site);
    }

    /** Attributes expired by commit() would be loaded lazily on access, which an async session cannot do. */
    private static void expireOnCommit(CallSite site) {
        if (!hasKeyword(site, "expire_on_commit")) {
            appendArgument(site, "expire_on_commit=False",
                    "an async session cannot reload expired attributes on access");
        }
    }

    private static boolean hasKeyword(CallSite site, String keyword) {
        return site.fact().arguments().stream().anyMatch(a -> keyword.equals(a.keyword()) || a.star());
    }

    private static void appendArgument(CallSite site, String argument, String message) {
        List<Argument> args = site.fact().arguments();
        int close = site.fact().callEnd() - 1;
        if (args.isEmpty()) {
            site.insert(close, argument, message);
        } else {
            site.insert(args.get(args.size() - 1).end(), ", " + argument, message);
        }
    }

    /** `with conn.begin():` stays as `async with`; elsewhere the transaction is started with `await`. */
    static void begin(CallSite site) {
        if (site.fact().use() != Use.WITH_ITEM) {
            site.await("an async transaction is started by awaiting it");
        }
    }

    /**
     * metadata.create_all(engine) → {@code async with engine.begin() as conn:} +
     * {@code await conn.run_sync(metadata.create_all)}.
     */
    static void ddl(CallSite site) {
        var call = site.fact();
        String text = site.text();
        Argument bind = bindArgument(call);
        StringBuilder rest = new StringBuilder();
        for (Argument a : call.arguments()) {
            if (a != bind) {
                rest.append(", ").append(text, a.keyword() != null ? a.keywordStart() : a.start(), a.end());
            }
        }
        String method = text.substring(call.lastNameStart(), call.calleeEnd());
        String engine = text.substring(bind.start(), bind.end());
        String metadataText = text.substring(call.primaryStart(), call.lastNameStart() - 1);
        String run = ".run_sync(" + metadataText + "." + method + rest + ")";
        if (CONNECTION.equals(site.argumentType(call.arguments().indexOf(bind)))) {
            site.replace(call.primaryStart(), call.callEnd(), "await " + engine + run,
                    "DDL runs on the async connection through run_sync");
            return;
        }
        String indent = site.statementIndent();
        String nl = site.newline();
        String conn = engine.equals("conn") ? "connection" : "conn";
        String replacement = "async with " + engine + ".begin() as " + conn + ":" + nl + indent + site.indentUnit()
                + "await " + conn + run;
        site.replace(call.stmtStart(), call.callEnd(), replacement,
                "DDL runs on an async connection through run_sync");
    }

    private static Argument bindArgument(dev.unblock.analysis.FileFacts.CallFact call) {
        for (Argument a : call.arguments()) {
            if (!a.star() && (a.keyword() == null || a.keyword().equals("bind"))) {
                return a;
            }
        }
        return null;
    }

    /** create_all/drop_all: rewritten only as a statement of its own that names the engine. */
    static String ddlRefusal(dev.unblock.analysis.FileFacts.CallFact call, String text,
                             java.util.function.IntFunction<String> argumentType) {
        String method = text.substring(call.lastNameStart(), call.calleeEnd());
        Argument bind = bindArgument(call);
        String type = bind == null ? null : argumentType.apply(call.arguments().indexOf(bind));
        if (bind != null && !ENGINE.equals(type) && !CONNECTION.equals(type)) {
            return "cannot tell whether `" + text.substring(bind.start(), bind.end()) + "` is an engine or a "
                    + "connection: run metadata." + method + " through `await conn.run_sync(...)` by hand";
        }
        if (bind != null && call.use() == Use.STATEMENT && call.stmtIsSimple() && call.stmtStart() >= 0) {
            return null;
        }
        return "metadata." + method + "() must run on an async connection, which is written by hand here: "
                + "`async with engine.begin() as conn: await conn.run_sync(metadata." + method + ")`";
    }

    private static void dependencies(Catalog catalog, Targets targets) {
        catalog.dependency(ID, new DependencyChange("greenlet", null,
                "SQLAlchemy's asyncio extension needs greenlet (sqlalchemy[asyncio])"));
        boolean any = false;
        if (targets.pinnedVersion("psycopg2") != null || targets.pinnedVersion("psycopg2-binary") != null) {
            catalog.dependency(ID, new DependencyChange("asyncpg", "psycopg2", "the async PostgreSQL driver"));
            any = true;
        }
        if (targets.pinnedVersion("pymysql") != null || targets.pinnedVersion("mysqlclient") != null) {
            catalog.dependency(ID, new DependencyChange("aiomysql", "pymysql", "the async MySQL driver"));
            any = true;
        }
        if (!any) {
            catalog.dependency(ID, new DependencyChange("aiosqlite", null,
                    "the async SQLite driver (postgresql+asyncpg and mysql+aiomysql need asyncpg or aiomysql)"));
        }
        String pinned = targets.pinnedVersion("sqlalchemy");
        if (pinned != null && (pinned.startsWith("0.") || pinned.matches("1\\.[0-3](\\..*)?"))) {
            catalog.dependency(ID, new DependencyChange("sqlalchemy>=1.4", "sqlalchemy==" + pinned,
                    "the asyncio extension exists from SQLAlchemy 1.4 on"));
        }
    }
}
