package dev.unblock.migrate.catalog;

import java.util.List;

/**
 * How module-level calls of a family ({@code requests.get}) get a client with a correct lifetime: the statement
 * is wrapped in {@code async with <constructor> as <variable>:} and the call goes through that variable.
 * Keyword arguments that the async library takes on the client ({@code verify=}) move to the constructor.
 * {@code wrapsRestOfBlock}: the response must be read while the client is open (aiohttp), so the
 * {@code async with} holds the rest of the block, and a response that escapes it (returned) is not rewritten.
 */
public record OneOffClient(String family, String constructor, String variable, List<String> imports,
                           java.util.Set<String> clientKeywords, boolean wrapsRestOfBlock) {
    public OneOffClient {
        imports = List.copyOf(imports);
        clientKeywords = java.util.Set.copyOf(clientKeywords);
    }

    /** The constructor call with extra keyword arguments (moved from the call) before its closing parenthesis. */
    public String constructorWith(List<String> extra) {
        if (extra.isEmpty()) {
            return constructor;
        }
        String inner = constructor.substring(constructor.indexOf('(') + 1, constructor.length() - 1).strip();
        String head = constructor.substring(0, constructor.indexOf('(') + 1);
        return head + (inner.isEmpty() ? "" : inner + ", ") + String.join(", ", extra) + ")";
    }
}
