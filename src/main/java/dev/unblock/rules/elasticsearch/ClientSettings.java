package dev.unblock.rules.elasticsearch;

import java.util.Map;

import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;

/**
 * Settings of {@code Elasticsearch(...)} that {@code AsyncElasticsearch} cannot take as they are. Both pass their
 * keywords to the transport and the connection; the async transport awaits its connection, so a sync connection
 * or transport class breaks every request ({@code TypeError: object tuple can't be used in 'await' expression},
 * checked with elasticsearch 7.17), and the async connection ignores what only the urllib3 one reads.
 */
final class ClientSettings {
    private static final Map<String, String> SYNC_ONLY = Map.of(
            "connection_class", "a sync connection class (RequestsHttpConnection, Urllib3HttpConnection) blocks in "
                    + "the async transport and its results cannot be awaited; AsyncElasticsearch uses "
                    + "AIOHttpConnection",
            "transport_class", "a custom transport class is sync; AsyncElasticsearch needs an AsyncTransport",
            "node_class", "the node class picks the HTTP library; AsyncElasticsearch needs an async one (\"aiohttp\" "
                    + "or \"httpxasync\")",
            "ssl_assert_hostname", "only the urllib3 connection reads ssl_assert_hostname; the aiohttp one ignores "
                    + "it and checks the certificate against the host name");

    private ClientSettings() {
    }

    /** Why this constructor call cannot become AsyncElasticsearch(...), or null. */
    static String refusal(CallFact call, String text) {
        int positional = 0;
        for (Argument a : call.arguments()) {
            if (a.star()) {
                return "Elasticsearch(" + text.substring(a.start(), a.end()) + ") cannot become AsyncElasticsearch: which settings it passes cannot be told "
                        + "(connection_class= and transport_class= need async versions)";
            }
            if (a.keyword() == null && ++positional > 1) {
                return "Elasticsearch(hosts, <transport class>) cannot become AsyncElasticsearch: a custom "
                        + "transport class is sync";
            }
            String reason = a.keyword() == null ? null : SYNC_ONLY.get(a.keyword());
            if (reason != null) {
                return "Elasticsearch(" + a.keyword() + "=...) cannot become AsyncElasticsearch: " + reason;
            }
        }
        return null;
    }
}
