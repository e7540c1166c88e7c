package dev.unblock.rules.mongo;

import java.util.List;
import java.util.Map;

import dev.unblock.analysis.FileFacts.Use;
import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallRewriter.CallSite;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * {@code pymongo.MongoClient} → motor's {@code AsyncIOMotorClient} (default) or PyMongo's own
 * {@code AsyncMongoClient}: database and collection methods awaited, cursors iterated with {@code async for},
 * {@code list(cursor)} → {@code await cursor.to_list(None)}.
 */
@RuleInfo(id = "UB301", name = "pymongo-to-async",
        summary = "PyMongo clients become motor (or PyMongo async) clients; operations are awaited, cursors async.")
public final class PymongoToAsync implements Rule {
    static final String ID = "UB301";
    static final String CLIENT = "pymongo.MongoClient";
    static final String DATABASE = "pymongo.database.Database";
    static final String COLLECTION = "pymongo.collection.Collection";
    static final String CURSOR = "pymongo.cursor.Cursor";
    static final String CHANGE_STREAM = "pymongo.change_stream.ChangeStream";

    private static final List<String> COLLECTION_IO = List.of("insert_one", "insert_many", "find_one", "update_one",
            "update_many", "replace_one", "delete_one", "delete_many", "count_documents", "estimated_document_count",
            "distinct", "create_index", "create_indexes", "drop_index", "drop_indexes", "drop", "find_one_and_update",
            "find_one_and_delete", "find_one_and_replace", "bulk_write", "index_information", "rename", "options",
            "create_search_index", "drop_search_index");
    private static final List<String> CURSOR_CHAIN = List.of("sort", "limit", "skip", "batch_size", "hint",
            "max_time_ms", "collation", "comment", "allow_disk_use", "where", "max", "min", "project");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        boolean motor = target(targets).equals("motor");
        String why = motor ? "PyMongo blocks the event loop; motor runs the same operation as a coroutine"
                : "PyMongo's sync client blocks the event loop; AsyncMongoClient has the same operation as a coroutine";
        String constructor = motor ? "motor.motor_asyncio.AsyncIOMotorClient" : "pymongo.AsyncMongoClient";
        List<String> imports = List.of(motor ? "import motor.motor_asyncio" : "import pymongo");
        for (String sync : List.of("pymongo.MongoClient", "pymongo.mongo_client.MongoClient")) {
            catalog.function(sync, new CallSpec(ID, Kind.CONSTRUCTOR, constructor, null, Map.of(), Map.of(), CLIENT,
                    imports, "the client becomes " + constructor));
        }
        catalog.method(CLIENT, "start_session", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "sessions are opened differently by motor (`async with await client.start_session()`) and PyMongo "
                        + "async: rewrite by hand"));
        for (String m : List.of("list_database_names", "server_info", "drop_database")) {
            catalog.method(CLIENT, m, CallSpec.of(ID, Kind.AWAIT, null, null, why));
        }
        catalog.method(CLIENT, "close", motor ? CallSpec.of(ID, Kind.SYNC, null, null, "")
                : CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(CLIENT, "get_database", CallSpec.of(ID, Kind.SYNC, null, DATABASE, ""));
        catalog.method(CLIENT, "get_default_database", CallSpec.of(ID, Kind.SYNC, null, DATABASE, ""));
        catalog.type(new TypeSpec(CLIENT, false, false, Map.of(), Map.of(), DATABASE, ID).withAnyAttributeType(DATABASE));

        for (String m : List.of("command", "list_collection_names", "create_collection", "drop_collection",
                "validate_collection", "dereference")) {
            catalog.method(DATABASE, m, CallSpec.of(ID, Kind.AWAIT, null, null, why));
        }
        catalog.method(DATABASE, "get_collection", CallSpec.of(ID, Kind.SYNC, null, COLLECTION, ""));
        catalog.type(new TypeSpec(DATABASE, false, false, Map.of(), Map.of(), COLLECTION, ID)
                .withAnyAttributeType(COLLECTION));

        for (String m : COLLECTION_IO) {
            catalog.method(COLLECTION, m, CallSpec.of(ID, Kind.AWAIT, null, null, why));
        }
        catalog.method(COLLECTION, "find", CallSpec.of(ID, Kind.SYNC, null, CURSOR, ""));
        catalog.method(COLLECTION, "find_raw_batches", CallSpec.of(ID, Kind.SYNC, null, CURSOR, ""));
        // motor: aggregate() and list_indexes() return a cursor at once; PyMongo async: they are awaited first.
        for (String m : List.of("aggregate", "list_indexes", "aggregate_raw_batches")) {
            catalog.method(COLLECTION, m, motor ? CallSpec.of(ID, Kind.SYNC, null, CURSOR, "")
                    : CallSpec.of(ID, Kind.AWAIT, null, CURSOR, why).withRewriter(PymongoToAsync::awaitedCursor));
        }
        catalog.method(COLLECTION, "watch", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "change streams are opened with `async with` (and awaited in PyMongo async): rewrite by hand"));
        catalog.method(COLLECTION, "with_options", CallSpec.of(ID, Kind.SYNC, null, COLLECTION, ""));
        catalog.type(new TypeSpec(COLLECTION, false, false, Map.of(), Map.of(), COLLECTION, ID)
                .withAnyAttributeType(COLLECTION));

        for (String m : CURSOR_CHAIN) {
            catalog.method(CURSOR, m, CallSpec.of(ID, Kind.SYNC, null, CURSOR, ""));
        }
        catalog.method(CURSOR, "close", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(CURSOR, "distinct", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(CURSOR, "explain", CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(CURSOR, "next", CallSpec.of(ID, Kind.KEEPS_SYNC, null, null,
                "cursor.next() becomes `await cursor.next()` only on some drivers: use `async for` or to_list()"));
        catalog.method(CURSOR, "clone", CallSpec.of(ID, Kind.SYNC, null, CURSOR, ""));
        catalog.type(new TypeSpec(CURSOR, false, true, Map.of(), Map.of(), null, ID)
                .withListTemplate("await {}.to_list(None)"));
        catalog.replacesModule("pymongo");
        dependencies(catalog, targets, motor);
    }

    /** Config, else motor when the project pins it, else PyMongo async when pymongo ≥ 4.10 is pinned, else motor. */
    static String target(Targets targets) {
        String chosen = targets.choices().get("mongo");
        if (chosen != null) {
            return chosen;
        }
        if (targets.pinnedVersion("motor") != null) {
            return "motor";
        }
        String pymongo = targets.pinnedVersion("pymongo");
        if (pymongo != null && Targets.atLeast(pymongo, 4, 10)) {
            return "pymongo-async";
        }
        return "motor";
    }

    /** PyMongo async: {@code await coll.aggregate(p)}; {@code list(coll.aggregate(p))} → to_list(None). */
    static void awaitedCursor(CallSite site) {
        var call = site.fact();
        if (call.use() == Use.LIST_ARGUMENT) {
            site.replace(call.useStart(), call.primaryStart(), "await (await ", "the cursor is read with to_list()");
            site.replace(call.callEnd(), call.useEnd(), ").to_list(None)", "");
        } else {
            site.await("AsyncMongoClient opens the cursor with await");
        }
    }

    private static void dependencies(Catalog catalog, Targets targets, boolean motor) {
        if (motor) {
            catalog.dependency(ID, new DependencyChange("motor", null,
                    "motor wraps PyMongo with an asyncio API (it keeps pymongo as its own dependency)"));
        } else if (targets.pinnedVersion("pymongo") == null || !Targets.atLeast(targets.pinnedVersion("pymongo"), 4, 10)) {
            catalog.dependency(ID, new DependencyChange("pymongo>=4.10", "pymongo",
                    "AsyncMongoClient is part of PyMongo from 4.10 on"));
        }
    }
}
