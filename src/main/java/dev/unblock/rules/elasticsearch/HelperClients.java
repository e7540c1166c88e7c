package dev.unblock.rules.elasticsearch;

import java.util.function.Consumer;
import java.util.function.IntFunction;

import dev.unblock.analysis.FileFacts.Argument;
import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.migrate.catalog.CallRewriter;
import dev.unblock.migrate.catalog.CallRewriter.CallSite;

/**
 * The async helpers ({@code async_bulk}, {@code async_scan}, ...) await the client they are given: a helper call
 * changes only when its client (and a reindex's {@code target_client}) is known to be an Elasticsearch client of
 * this migration. The helpers keep the sync helpers' parameters (checked with elasticsearch 7.17).
 */
final class HelperClients {
    private HelperClients() {
    }

    static CallRewriter rewriter(Consumer<CallSite> rewrite) {
        return new CallRewriter() {
            @Override
            public void rewrite(CallSite site) {
                rewrite.accept(site);
            }

            @Override
            public String refusal(CallFact call, String text, IntFunction<String> argumentType) {
                return HelperClients.refusal(call, text, argumentType);
            }
        };
    }

    static String refusal(CallFact call, String text, IntFunction<String> argumentType) {
        int positional = 0;
        for (int i = 0; i < call.arguments().size(); i++) {
            Argument a = call.arguments().get(i);
            boolean client = a.keyword() == null && !a.star() && positional++ == 0
                    || "client".equals(a.keyword()) || "target_client".equals(a.keyword());
            if (client && !ElasticsearchToAsync.CLIENT.equals(argumentType.apply(i))) {
                return "the client passed to " + call.callee() + "() (" + text.substring(a.start(), a.end())
                        + ") is not known to be an Elasticsearch client that becomes AsyncElasticsearch, and the "
                        + "async helper awaits it";
            }
        }
        return positional == 0 && call.arguments().stream().noneMatch(a -> "client".equals(a.keyword()))
                ? "the client of " + call.callee() + "() cannot be told" : null;
    }
}
