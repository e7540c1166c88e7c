package dev.unblock.rules.elasticsearch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * {@code elasticsearch.Elasticsearch} → {@code AsyncElasticsearch}: every API call awaited, on the client and on its
 * namespaces ({@code es.indices.create}); {@code helpers.bulk/scan/streaming_bulk/reindex} → the async helpers.
 */
@RuleInfo(id = "UB401", name = "elasticsearch-to-async",
        summary = "Elasticsearch clients become AsyncElasticsearch; API calls and helpers are awaited.")
public final class ElasticsearchToAsync implements Rule {
    static final String ID = "UB401";
    static final String CLIENT = "elasticsearch.Elasticsearch";
    static final String NAMESPACE = "elasticsearch.client.NamespacedClient";
    static final String ASYNC_ITERATOR = "elasticsearch.helpers.<async iterator>";
    /** The API namespaces of the client (each an object whose every method is a request). */
    static final List<String> NAMESPACES = List.of("indices", "cluster", "cat", "nodes", "snapshot", "ingest",
            "tasks", "security", "ml", "license", "xpack", "transform", "watcher", "ilm", "slm", "sql",
            "async_search", "enrich", "eql", "esql", "graph", "ccr", "rollup", "migration", "features", "fleet",
            "logstash", "monitoring", "searchable_snapshots", "shutdown", "text_structure", "autoscaling",
            "dangling_indices", "ssl", "query_rules", "query_ruleset", "search_application", "synonyms",
            "connector", "inference");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        String why = "the request blocks the event loop; AsyncElasticsearch sends it as a coroutine";
        for (String sync : List.of("elasticsearch.Elasticsearch", "elasticsearch.client.Elasticsearch")) {
            catalog.function(sync, new CallSpec(ID, Kind.CONSTRUCTOR, "AsyncElasticsearch", null, Map.of(), Map.of(),
                    CLIENT, List.of("from elasticsearch import AsyncElasticsearch"),
                    "AsyncElasticsearch takes the same settings").withRewriter(CallRewriter.of(
                    site -> site.replaceCallee("AsyncElasticsearch", "AsyncElasticsearch takes the same settings"),
                    ClientSettings::refusal)));
        }
        catalog.method(CLIENT, Catalog.ANY_METHOD, CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.method(CLIENT, "options", CallSpec.of(ID, Kind.SYNC, null, CLIENT, ""));
        Map<String, String> namespaces = new HashMap<>();
        NAMESPACES.forEach(n -> namespaces.put(n, NAMESPACE));
        catalog.type(new TypeSpec(CLIENT, true, false, Map.of(), namespaces, null, ID));
        catalog.method(NAMESPACE, Catalog.ANY_METHOD, CallSpec.of(ID, Kind.AWAIT, null, null, why));
        catalog.type(new TypeSpec(NAMESPACE, false, false, Map.of(), Map.of(), null, ID));

        for (String module : List.of("elasticsearch.helpers.", "elasticsearch.helpers.actions.")) {
            catalog.function(module + "bulk", helper("async_bulk", Kind.AWAIT, null)
                    .withRewriter(HelperClients.rewriter(site -> awaited(site, "async_bulk"))));
            catalog.function(module + "reindex", helper("async_reindex", Kind.AWAIT, null)
                    .withRewriter(HelperClients.rewriter(site -> awaited(site, "async_reindex"))));
            catalog.function(module + "scan", helper("async_scan", Kind.SYNC, ASYNC_ITERATOR)
                    .withRewriter(HelperClients.rewriter(site -> asyncGenerator(site, "async_scan"))));
            catalog.function(module + "streaming_bulk", helper("async_streaming_bulk", Kind.SYNC, ASYNC_ITERATOR)
                    .withRewriter(HelperClients.rewriter(site -> asyncGenerator(site, "async_streaming_bulk"))));
            catalog.function(module + "parallel_bulk", CallSpec.of(ID, Kind.FLAG, null, null,
                    "parallel_bulk() has no async helper: use async_streaming_bulk() (or async_bulk) instead"));
        }
        catalog.type(new TypeSpec(ASYNC_ITERATOR, false, true, Map.of(), Map.of(), null, ID));
        catalog.replacesModule("elasticsearch");
        catalog.dependency(ID, new DependencyChange("elasticsearch[async]", "elasticsearch",
                "AsyncElasticsearch needs the async extra (aiohttp)"));
    }

    private static CallSpec helper(String name, Kind kind, String resultType) {
        return new CallSpec(ID, kind, name, null, Map.of(), Map.of(), resultType,
                List.of("from elasticsearch.helpers import " + name), "the async helper for AsyncElasticsearch");
    }

    /** bulk()/reindex() → their awaited async versions. */
    static void awaited(CallSite site, String name) {
        site.replaceCallee(name, "the async helper for AsyncElasticsearch");
        site.imports("from elasticsearch.helpers import " + name);
        site.await("the async helper is a coroutine");
    }

    /** scan()/streaming_bulk() → their async generators; list(...) of one → a comprehension. */
    static void asyncGenerator(CallSite site, String name) {
        var call = site.fact();
        site.replaceCallee(name, "the async helper is an async generator");
        site.imports("from elasticsearch.helpers import " + name);
        if (call.use() == Use.LIST_ARGUMENT) {
            site.replace(call.useStart(), call.primaryStart(), "[item async for item in ", "");
            site.replace(call.callEnd(), call.useEnd(), "]", "");
        } else if (call.use() != Use.FOR_ITERABLE) {
            site.finding("the result of " + name + "() is an async generator: iterate it with `async for`", null);
        }
    }
}
