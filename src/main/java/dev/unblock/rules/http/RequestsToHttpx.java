package dev.unblock.rules.http;

import java.util.List;
import java.util.Map;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.Knowledge;
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

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        String x = targets.http();
        if (!x.equals("httpx") && !x.equals("httpx2")) {
            return;
        }
        String why = "requests blocks the event loop; " + x + ".AsyncClient is its async counterpart";
        // A test's mock.patch("requests.get") follows one-off calls that migrate without changing their arguments.
        for (String verb : List.of("get", "post", "put", "patch", "delete", "options")) {
            catalog.knowledge().patchMove(new Knowledge.PatchMove("requests." + verb, x + ".AsyncClient." + verb, 1,
                    java.util.Set.of("params", "json", "headers", "cookies", "timeout"), ID));
        }
        // Tests that intercept requests with these keep what they reach on requests.
        catalog.knowledge().mockingLibrary(new Knowledge.MockingLibrary("responses", null, "requests", "respx mocks httpx"));
        catalog.knowledge().mockingLibrary(new Knowledge.MockingLibrary("requests_mock", "requests_mock", "requests",
                "respx mocks httpx"));
        Map<String, String> perCallUnsupported = Map.of(
                "stream", "stream=True has no per-request flag in httpx: use `async with client.stream(...)`",
                "hooks", "httpx has event_hooks on the client, not per request",
                "verify", "httpx takes verify= on the client, not per request",
                "cert", "httpx takes cert= on the client, not per request",
                "proxies", proxiesReason(targets, x));
        for (String verb : VERBS) {
            Map<String, String> oneOffUnsupported = new java.util.HashMap<>(perCallUnsupported);
            oneOffUnsupported.keySet().removeAll(java.util.Set.of("verify", "cert"));
            CallSpec oneOff = new CallSpec(ID, Kind.ONE_OFF, verb, null, RENAMED, oneOffUnsupported, RESPONSE,
                    List.of("import " + x), why)
                    .withArguments(RequestsArguments.of(RequestsArguments.Library.HTTPX, x, verb, false));
            catalog.function("requests." + verb, oneOff);
            // where requests defines them (`from requests.api import request`); requests re-exports them
            catalog.function("requests.api." + verb, oneOff);
            catalog.method(SESSION, verb, new CallSpec(ID, Kind.AWAIT, null, null, Map.of(), perCallUnsupported,
                    RESPONSE, List.of(), why)
                    .withRewriter(RequestsArguments.of(RequestsArguments.Library.HTTPX, x, verb, true).awaited(why)));
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
        catalog.type(new TypeSpec(RESPONSE, false, false, Map.of("ok", "not is_error", "reason", "reason_phrase"),
                Map.of(), null, ID));
        catalog.method(RESPONSE, "json", CallSpec.of(ID, Kind.SYNC, null, null, ""));
        catalog.method(RESPONSE, "raise_for_status", CallSpec.of(ID, Kind.IN_ASYNC_ONLY, null, null, "")
                .withRewriter(new RaiseForStatusOnErrors()));
        catalog.method(RESPONSE, "iter_content", CallSpec.of(ID, Kind.FLAG, null, null,
                "streaming a body needs `async with client.stream(...)` and `aiter_bytes()` in httpx"));
        catalog.method(RESPONSE, "iter_lines", CallSpec.of(ID, Kind.FLAG, null, null,
                "streaming a body needs `async with client.stream(...)` and `aiter_lines()` in httpx"));
        exceptions(catalog, x, targets);
        OneOffClient oneOffClient = new OneOffClient("http", x + ".AsyncClient(follow_redirects=True)", "client",
                List.of("import " + x), java.util.Set.of("verify", "cert"), false);
        catalog.oneOffClient("requests", oneOffClient);
        catalog.oneOffClient("requests.api", oneOffClient);
        catalog.replacesModule("requests");
        catalog.dependency(ID, new DependencyChange(x, "requests",
                "requests has no async API; " + x + ".AsyncClient replaces it"));
    }

    /**
     * Proxies are client settings in httpx: {@code proxies=} (keys like {@code "http://"}) up to 0.25,
     * {@code proxy=}/{@code mounts=} from 0.26 on.
     */
    static String proxiesReason(Targets targets, String x) {
        String pinned = targets.pinnedVersion(x);
        boolean old = pinned != null && !Targets.atLeast(pinned, 0, 26);
        return old ? x + " " + pinned + " takes proxies= on the AsyncClient, keyed \"http://\" and \"https://\" (not "
                + "\"http\"), not per request: move it there by hand"
                : x + " takes proxy= (one URL) or mounts= on the AsyncClient, not per request: move it there by hand";
    }

    private static void exceptions(Catalog catalog, String x, Targets targets) {
        // httpx raises UnsupportedProtocol for a URL without or with another scheme, and (before 0.24, which
        // parses URLs itself) for URLs requests calls invalid too
        String pinned = targets.pinnedVersion(x);
        boolean parsesUrls = pinned == null || Targets.atLeast(pinned, 0, 24);
        Map<String, String> map = Map.ofEntries(
                Map.entry("RequestException", "HTTPError"),
                Map.entry("HTTPError", "HTTPStatusError"),
                Map.entry("ConnectionError", "ConnectError"),
                Map.entry("Timeout", "TimeoutException"),
                Map.entry("ConnectTimeout", "ConnectTimeout"),
                Map.entry("ReadTimeout", "ReadTimeout"),
                Map.entry("TooManyRedirects", "TooManyRedirects"),
                Map.entry("InvalidURL", parsesUrls ? "InvalidURL" : "UnsupportedProtocol"),
                Map.entry("MissingSchema", "UnsupportedProtocol"),
                Map.entry("InvalidSchema", "UnsupportedProtocol"),
                Map.entry("ProxyError", "ProxyError"),
                Map.entry("SSLError", "ConnectError"),
                Map.entry("ContentDecodingError", "DecodingError"));
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
