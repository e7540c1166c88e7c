package dev.unblock.rules.http;

import java.util.HashMap;
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
 * {@code requests} → {@code aiohttp.ClientSession} when the HTTP target is aiohttp. Its responses are read
 * while the session is open, so one-off calls hold the rest of their block inside {@code async with}.
 */
@RuleInfo(id = "UB102", name = "requests-to-aiohttp",
        summary = "Calls and sessions of requests become awaited aiohttp.ClientSession calls (target http: aiohttp).")
public final class RequestsToAiohttp implements Rule {
    static final String ID = "UB102";
    private static final List<String> VERBS = List.of("get", "post", "put", "patch", "delete", "head", "options",
            "request");
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "stream", "aiohttp always streams; read the body with `await resp.content.read(n)` or iter_chunked",
            "hooks", "aiohttp has trace configs on the session, not per-request hooks",
            "verify", "aiohttp takes ssl= (False, or an SSLContext for a CA bundle): choose by hand",
            "cert", "aiohttp takes client certificates through an SSLContext in ssl=",
            "proxies", "aiohttp takes one proxy= URL per request, not a mapping",
            "files", "aiohttp uploads files through an aiohttp.FormData passed as data=: build it by hand");

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        if (!targets.http().equals("aiohttp")) {
            return;
        }
        String why = "requests blocks the event loop; aiohttp.ClientSession is its async counterpart";
        // Tests that intercept requests with these keep what they reach on requests.
        catalog.knowledge().mockingLibrary(new Knowledge.MockingLibrary("responses", null, "requests", "aioresponses mocks aiohttp"));
        catalog.knowledge().mockingLibrary(new Knowledge.MockingLibrary("requests_mock", "requests_mock", "requests",
                "aioresponses mocks aiohttp"));
        for (String verb : VERBS) {
            CallSpec oneOff = new CallSpec(ID, Kind.ONE_OFF, verb, null, Map.of(), UNSUPPORTED,
                    RequestsToHttpx.RESPONSE, List.of("import aiohttp"), why)
                    .withArguments(RequestsArguments.of(RequestsArguments.Library.AIOHTTP, "aiohttp", verb, false));
            catalog.function("requests." + verb, oneOff);
            catalog.function("requests.api." + verb, oneOff); // where requests defines them
            catalog.method(RequestsToHttpx.SESSION, verb, new CallSpec(ID, Kind.AWAIT, null, null, Map.of(),
                    UNSUPPORTED, RequestsToHttpx.RESPONSE, List.of(), why).withRewriter(
                    RequestsArguments.of(RequestsArguments.Library.AIOHTTP, "aiohttp", verb, true).awaited(why)));
        }
        CallSpec constructor = CallSpec.of(ID, Kind.CONSTRUCTOR, "aiohttp.ClientSession", RequestsToHttpx.SESSION,
                "requests.Session → aiohttp.ClientSession", "import aiohttp");
        catalog.function("requests.Session", constructor);
        catalog.function("requests.session", constructor);
        catalog.function("requests.sessions.Session", constructor);
        catalog.method(RequestsToHttpx.SESSION, "close", CallSpec.of(ID, Kind.AWAIT, null, null,
                "an aiohttp session is closed with `await session.close()`"));
        for (String flagged : List.of("send", "mount")) {
            catalog.method(RequestsToHttpx.SESSION, flagged, CallSpec.of(ID, Kind.FLAG, null, null,
                    "session." + flagged + " has no aiohttp equivalent"));
        }
        catalog.type(new TypeSpec(RequestsToHttpx.SESSION, true, false, Map.of(), Map.of(), null, ID));
        catalog.type(new TypeSpec(RequestsToHttpx.RESPONSE, false, false, Map.of("status_code", "status"), Map.of(),
                null, ID).withAwaitedAttributes(Map.of("text", "text()", "content", "read()")));
        // requests parses any body as JSON; aiohttp checks the content type unless told not to.
        catalog.method(RequestsToHttpx.RESPONSE, "json", new CallSpec(ID, Kind.AWAIT, null, "content_type=None",
                Map.of(), Map.of(), null, List.of(), "aiohttp reads the body asynchronously"));
        catalog.method(RequestsToHttpx.RESPONSE, "raise_for_status", CallSpec.of(ID, Kind.SYNC, null, null, ""));
        for (String flagged : List.of("iter_content", "iter_lines")) {
            catalog.method(RequestsToHttpx.RESPONSE, flagged, CallSpec.of(ID, Kind.FLAG, null, null,
                    "streaming a body in aiohttp goes through `resp.content` (iter_chunked, readline)"));
        }
        exceptions(catalog);
        OneOffClient oneOffClient = new OneOffClient("http", "aiohttp.ClientSession()", "session",
                List.of("import aiohttp"), java.util.Set.of(), true);
        catalog.oneOffClient("requests", oneOffClient);
        catalog.oneOffClient("requests.api", oneOffClient);
        catalog.replacesModule("requests");
        catalog.dependency(ID, new DependencyChange("aiohttp", "requests",
                "requests has no async API; aiohttp.ClientSession replaces it"));
    }

    private static void exceptions(Catalog catalog) {
        Map<String, String> map = new HashMap<>();
        map.put("RequestException", "aiohttp.ClientError");
        map.put("HTTPError", "aiohttp.ClientResponseError");
        map.put("ConnectionError", "aiohttp.ClientConnectionError");
        map.put("TooManyRedirects", "aiohttp.TooManyRedirects");
        map.put("InvalidURL", "aiohttp.InvalidURL");
        map.forEach((name, replacement) -> {
            for (String module : List.of("requests.", "requests.exceptions.")) {
                catalog.name(new NameSpec(module + name, replacement, List.of("import aiohttp"), ID));
            }
        });
        for (String timeout : List.of("Timeout", "ConnectTimeout", "ReadTimeout")) {
            for (String module : List.of("requests.", "requests.exceptions.")) {
                catalog.name(new NameSpec(module + timeout, "asyncio.TimeoutError", List.of("import asyncio"), ID));
            }
        }
        for (String module : List.of("requests.", "requests.exceptions.")) {
            catalog.name(new NameSpec(module + "JSONDecodeError", "json.JSONDecodeError", List.of("import json"), ID));
        }
        // a URL without a scheme; aiohttp decodes bodies while reading them
        catalog.name(new NameSpec("requests.exceptions.MissingSchema", "aiohttp.InvalidURL", List.of("import aiohttp"),
                ID));
        catalog.name(new NameSpec("requests.exceptions.ContentDecodingError", "aiohttp.ClientPayloadError",
                List.of("import aiohttp"), ID));
        catalog.name(new NameSpec("requests.exceptions.SSLError", "aiohttp.ClientSSLError", List.of("import aiohttp"),
                ID));
    }
}
