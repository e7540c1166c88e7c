package dev.unblock.rules.http;

import java.util.List;
import java.util.Map;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.NameSpec;
import dev.unblock.migrate.catalog.OneOffClient;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * {@code requests} (module functions and sessions) → {@code httpx.AsyncClient}, or the same API under the
 * {@code httpx2} module (Pydantic's maintained fork) when that is the target.
 */
@RuleInfo(id = "UB101", name = "requests-to-httpx",
        summary = "Calls and sessions of requests become awaited httpx.AsyncClient (or httpx2) calls.")
public final class RequestsToHttpx implements Rule {
    static final String ID = "UB101";
    static final String SESSION = "requests.Session";
    static final String RESPONSE = "requests.Response";
    private static final List<String> VERBS = List.of("get", "post", "put", "patch", "delete", "head", "options",
            "request");
    private static final Map<String, String> RENAMED = Map.of("allow_redirects", "follow_redirects");
    private static final Map<String, String> PER_CALL_UNSUPPORTED = Map.of(
            "stream", "stream=True has no per-request flag in httpx: use `async with client.stream(...)`",
            "hooks", "httpx has event_hooks on the client, not per request",
            "verify", "httpx takes verify= on the client, not per request",
            "cert", "httpx takes cert= on the client, not per request",
            "proxies", "httpx takes proxy settings on the client, not per request");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        String x = targets.http();
        if (!x.equals("httpx") && !x.equals("httpx2")) {
            return;
        }
        String why = "requests blocks the event loop; " + x + ".AsyncClient is its async counterpart";
        for (String verb : VERBS) {
            Map<String, String> oneOffUnsupported = new java.util.HashMap<>(PER_CALL_UNSUPPORTED);
            oneOffUnsupported.keySet().removeAll(java.util.Set.of("verify", "cert"));
            catalog.function("requests." + verb, new CallSpec(ID, Kind.ONE_OFF, verb, null, RENAMED,
                    oneOffUnsupported, RESPONSE, List.of("import " + x), why));
            catalog.method(SESSION, verb, new CallSpec(ID, Kind.AWAIT, null, null, RENAMED, PER_CALL_UNSUPPORTED,
                    RESPONSE, List.of(), why));
        }
        CallSpec constructor = new CallSpec(ID, Kind.CONSTRUCTOR, x + ".AsyncClient", "follow_redirects=True",
                Map.of(), Map.of(), SESSION, List.of("import " + x),
                "requests.Session → " + x + ".AsyncClient (redirects followed, as requests does)");
        catalog.function("requests.Session", constructor);
        catalog.function("requests.session", constructor);
        catalog.function("requests.sessions.Session", constructor);
        catalog.method(SESSION, "send", CallSpec.of(ID, Kind.AWAIT, null, RESPONSE, why));
        catalog.method(SESSION, "close", CallSpec.of(ID, Kind.AWAIT, "aclose", null,
                "an httpx.AsyncClient is closed with `await client.aclose()`"));
        catalog.method(SESSION, "mount", CallSpec.of(ID, Kind.FLAG, null, null,
                "requests transport adapters have no direct httpx equivalent: configure an httpx transport"));
        catalog.type(new TypeSpec(SESSION, true, false, Map.of(), Map.of(), null, ID));
        catalog.type(new TypeSpec(RESPONSE, false, false, Map.of("ok", "is_success", "reason", "reason_phrase"),
                Map.of(), null, ID));
        catalog.method(RESPONSE, "json", CallSpec.of(ID, Kind.SYNC, null, null, ""));
        catalog.method(RESPONSE, "raise_for_status", CallSpec.of(ID, Kind.SYNC, null, null, ""));
        catalog.method(RESPONSE, "iter_content", CallSpec.of(ID, Kind.FLAG, null, null,
                "streaming a body needs `async with client.stream(...)` and `aiter_bytes()` in httpx"));
        catalog.method(RESPONSE, "iter_lines", CallSpec.of(ID, Kind.FLAG, null, null,
                "streaming a body needs `async with client.stream(...)` and `aiter_lines()` in httpx"));
        exceptions(catalog, x);
        catalog.oneOffClient("requests", new OneOffClient("http", x + ".AsyncClient(follow_redirects=True)", "client",
                List.of("import " + x), java.util.Set.of("verify", "cert"), false));
        catalog.replacesModule("requests");
        catalog.dependency(ID, new DependencyChange(x, "requests",
                "requests has no async API; " + x + ".AsyncClient replaces it"));
    }

    private static void exceptions(Catalog catalog, String x) {
        Map<String, String> map = Map.of(
                "RequestException", "HTTPError",
                "HTTPError", "HTTPStatusError",
                "ConnectionError", "ConnectError",
                "Timeout", "TimeoutException",
                "ConnectTimeout", "ConnectTimeout",
                "ReadTimeout", "ReadTimeout",
                "TooManyRedirects", "TooManyRedirects",
                "InvalidURL", "InvalidURL");
        map.forEach((name, replacement) -> {
            for (String module : List.of("requests.", "requests.exceptions.")) {
                catalog.name(new NameSpec(module + name, x + "." + replacement, List.of("import " + x), ID));
            }
        });
        for (String module : List.of("requests.", "requests.exceptions.")) {
            catalog.name(new NameSpec(module + "JSONDecodeError", "json.JSONDecodeError", List.of("import json"), ID));
        }
    }
}
