package dev.unblock.rules.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.CallSpec;
import dev.unblock.migrate.catalog.CallSpec.Kind;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.Knowledge.AsyncVariant;
import dev.unblock.migrate.catalog.TypeSpec;

/**
 * Django's test cases run {@code async def} test methods themselves from Django 3.1 on (each in an event loop of its
 * own, through {@code async_to_sync}), while {@code setUp}, {@code setUpTestData} and the rest stay synchronous. So
 * when the project pins Django 3.1 or later, a test method of a {@code SimpleTestCase}, {@code TestCase} or
 * {@code TransactionTestCase} that must await becomes {@code async def} in the class it is in. Database work such a
 * test keeps synchronous would be refused on the event loop: the planner keeps any test that would keep some sync
 * (the same proof as for any function made async, UB601), and Django's synchronous test client ({@code self.client},
 * {@code Client()}) is refused there too, so a test that uses it stays synchronous, and so does what it calls. The
 * async ORM runs in the test's thread (thread-sensitive), inside the test's transaction. Live-server test cases keep
 * their tests sync. Without a pinned Django 3.1+ every method of a Django test case stays synchronous, with the reason.
 */
@RuleInfo(id = DjangoAsyncTests.ID, name = "django-async-tests",
        summary = "Django test methods that must await become async def in place; live-server test cases stay sync.")
public final class DjangoAsyncTests implements Rule {
    public static final String ID = "UB013";

    /** Django's test case classes, under the names a project imports them by. */
    static final List<String> BASES = List.of("django.test.SimpleTestCase", "django.test.TransactionTestCase",
            "django.test.TestCase", "django.test.LiveServerTestCase", "django.test.testcases.SimpleTestCase",
            "django.test.testcases.TransactionTestCase", "django.test.testcases.TestCase",
            "django.test.testcases.LiveServerTestCase", "django.contrib.staticfiles.testing.StaticLiveServerTestCase");
    /** What Django's test cases add to unittest's and call or offer synchronously (Django 3.1 to 5.x). */
    static final List<String> DJANGO_API = List.of("setUpTestData", "_pre_setup", "_post_teardown", "_fixture_setup",
            "_fixture_teardown", "_setup_and_call", "_enter_atomics", "_rollback_atomics", "_reset_sequences",
            "_should_reload_connections", "_should_check_constraints", "_databases_names", "_validate_databases",
            "_add_databases_failures", "_remove_databases_failures", "_tearDownClassInternal", "_create_server_thread",
            "settings", "modify_settings", "captureOnCommitCallbacks", "assertContains", "assertNotContains",
            "assertRedirects", "assertTemplateUsed", "assertTemplateNotUsed", "assertFormError", "assertFormsetError",
            "assertFormSetError", "assertRaisesMessage", "assertWarnsMessage", "assertFieldOutput", "assertHTMLEqual",
            "assertHTMLNotEqual", "assertInHTML", "assertNotInHTML", "assertJSONEqual", "assertJSONNotEqual",
            "assertXMLEqual", "assertXMLNotEqual", "assertURLEqual", "assertNumQueries", "assertQuerysetEqual",
            "assertQuerySetEqual", "client_class", "async_client_class", "server_thread_class", "static_handler");
    /**
     * Why live-server test cases stay sync: their tests drive a server thread (often through a browser driver) with
     * synchronous clients, and the engine does not follow what reaches the server.
     */
    static final String LIVE_SERVER_TESTS = "a live-server test case drives a server thread with synchronous clients "
            + "(a browser driver, the test client); its tests stay sync";
    static final String CLIENT = "django.test.client.Client";
    /** The sync test client's methods that run the request (or touch the session store) in the calling thread. */
    static final List<String> CLIENT_METHODS = List.of("get", "post", "head", "options", "put", "patch", "delete",
            "trace", "generic", "request", "login", "force_login", "logout");
    static final String CLIENT_REASON = "is Django's synchronous test client: it raises SynchronousOnlyOperation on an "
            + "event loop (an async test would use self.async_client and await it)";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        Knowledge k = catalog.knowledge();
        String pinned = targets.pinnedVersion("django");
        boolean async = !targets.pinTests() && pinned != null && Targets.atLeast(pinned, 3, 1);
        for (String base : BASES) {
            if (!async) {
                k.syncCaller(base, "*");
                k.bridge(base, targets.pinTests() ? "tests: pin in the config keeps tests synchronous"
                        : "Django runs async def test methods from 3.1 on, and the project does not pin Django "
                                + (pinned == null ? "(requirements: django>=3.1)" : "3.1 or later (it pins " + pinned + ")"));
                continue;
            }
            catalog.type(new TypeSpec(base, false, false, Map.of(), Map.of(), null, ID)
                    .withClassAttributeTypes(Map.of("client", CLIENT)));
            if (base.contains("LiveServer")) {
                k.syncCaller(base, "*");
                k.bridge(base, LIVE_SERVER_TESTS);
                continue;
            }
            List<String> api = new ArrayList<>(UnittestAsyncTests.TEST_CASE_API);
            api.addAll(DJANGO_API);
            k.syncCaller(base, api.toArray(String[]::new));
            k.bridge(base, "Django's test cases await only test methods (setUp and the rest run synchronously)");
            k.asyncVariant(new AsyncVariant(base, null, null, List.of("test*"), Map.of(), ID));
        }
        if (!async) {
            return;
        }
        if (Targets.atLeast(pinned, 3, 2)) {
            // TestContextDecorator wraps a coroutine function in a coroutine function (read in Django 3.2's source);
            // on a class it changes setUpClass/setUp only.
            for (String module : List.of("django.test.", "django.test.utils.")) {
                for (String d : List.of("override_settings", "modify_settings")) {
                    k.asyncSafeDecorator(module + d);
                }
            }
        }
        k.refusedOnEventLoop(ID, "uses Django's synchronous test client");
        catalog.type(new TypeSpec(CLIENT, false, false, Map.of(), Map.of(), null, ID));
        for (String constructor : List.of("django.test.Client", CLIENT)) {
            catalog.function(constructor, CallSpec.of(ID, Kind.SYNC, null, CLIENT, ""));
        }
        for (String method : CLIENT_METHODS) {
            catalog.method(CLIENT, method, CallSpec.of(ID, Kind.SYNC_ONLY, null, null, CLIENT_REASON));
        }
    }
}
