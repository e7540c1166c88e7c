package dev.unblock.rules.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.Knowledge.AsyncVariant;
import dev.unblock.migrate.catalog.Knowledge.Patcher;
import dev.unblock.migrate.catalog.Knowledge.RunnerCall;

/**
 * unittest migrates with the code: a test case whose test methods (or setUp/tearDown) must await becomes an
 * {@code IsolatedAsyncioTestCase}, which awaits coroutine test methods, {@code asyncSetUp} and {@code asyncTearDown}
 * (and still runs the sync ones). What unittest calls synchronously ({@code setUpClass}, {@code setUpModule}, the
 * test case's own API) stays sync. With {@code tests: pin} every method of a test case stays sync, as does what
 * it calls.
 */
@RuleInfo(id = UnittestAsyncTests.ID, name = "unittest-async-tests",
        summary = "Unittest test cases whose tests await become IsolatedAsyncioTestCase, with asyncSetUp and asyncTearDown.")
public final class UnittestAsyncTests implements Rule {
    public static final String ID = "UB011";

    /** What unittest.TestCase itself defines and calls on a test case (Python 3.8 to 3.13), besides test methods. */
    static final List<String> TEST_CASE_API = List.of("__init__", "__call__", "_addExpectedFailure",
            "_addUnexpectedSuccess", "_addSkip", "_baseAssertEqual", "_callCleanup", "_callSetUp", "_callTearDown",
            "_callTestMethod", "_deprecate", "_feedErrorsToResult", "_formatMessage", "_getAssertEqualityFunc",
            "_truncateMessage", "_getAssertEqualityFunc", "run", "debug", "setUp", "tearDown",
            "setUpClass", "tearDownClass", "addCleanup", "addClassCleanup", "doCleanups", "doClassCleanups",
            "enterContext", "enterClassContext", "addTypeEqualityFunc", "countTestCases", "defaultTestResult", "id",
            "shortDescription", "skipTest", "subTest", "fail", "failureException", "assertAlmostEqual",
            "assertAlmostEquals", "assertCountEqual", "assertDictContainsSubset", "assertDictEqual", "assertEqual",
            "assertEquals", "assertFalse", "assertGreater", "assertGreaterEqual", "assertIn", "assertIs",
            "assertIsInstance", "assertIsNone", "assertIsNot", "assertIsNotNone", "assertLess", "assertLessEqual",
            "assertListEqual", "assertLogs", "assertMultiLineEqual", "assertNoLogs", "assertNotAlmostEqual",
            "assertNotAlmostEquals", "assertNotEqual", "assertNotEquals", "assertNotIn", "assertNotIsInstance",
            "assertNotRegex", "assertNotRegexpMatches", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp",
            "assertRegex", "assertRegexpMatches", "assertSequenceEqual", "assertSetEqual", "assertTrue",
            "assertTupleEqual", "assertWarns", "assertWarnsRegex", "assert_", "failIf", "failIfAlmostEqual",
            "failIfEqual", "failUnless", "failUnlessAlmostEqual", "failUnlessEqual", "failUnlessRaises",
            "assertStartsWith", "assertEndsWith", "assertNotStartsWith", "assertNotEndsWith", "assertHasAttr",
            "assertNotHasAttr", "assertIsSubclass", "assertNotIsSubclass");
    /** What IsolatedAsyncioTestCase adds. */
    static final List<String> ASYNC_TEST_CASE_API = List.of("asyncSetUp", "asyncTearDown", "addAsyncCleanup",
            "enterAsyncContext", "_callAsync", "_callMaybeAsync", "_setupAsyncioRunner", "_tearDownAsyncioRunner",
            "_setupAsyncioLoop", "_tearDownAsyncioLoop", "_asyncioLoopRunner");

    private static final String ISOLATED = "unittest.IsolatedAsyncioTestCase";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        Knowledge k = catalog.knowledge();
        for (String base : List.of("unittest.TestCase", "unittest.case.TestCase")) {
            if (targets.pinTests()) {
                k.syncCaller(base, "*");
                k.bridge(base, "tests: pin in the config keeps tests synchronous");
                continue;
            }
            k.syncCaller(base, TEST_CASE_API.toArray(String[]::new));
            k.bridge(base, "IsolatedAsyncioTestCase awaits only test methods, asyncSetUp and asyncTearDown");
            k.asyncVariant(new AsyncVariant(base, ISOLATED, "from unittest import IsolatedAsyncioTestCase",
                    List.of("test*"), Map.of("setUp", "asyncSetUp", "tearDown", "asyncTearDown"), ID));
        }
        if (targets.pinTests()) {
            return;
        }
        for (String base : List.of(ISOLATED, "unittest.async_case.IsolatedAsyncioTestCase")) {
            List<String> api = new ArrayList<>(TEST_CASE_API);
            api.addAll(ASYNC_TEST_CASE_API);
            k.syncCaller(base, api.toArray(String[]::new));
            k.bridge(base, "it awaits only test methods, asyncSetUp and asyncTearDown");
            k.asyncVariant(new AsyncVariant(base, null, null, List.of("test*", "asyncSetUp", "asyncTearDown"),
                    Map.of("setUp", "asyncSetUp", "tearDown", "asyncTearDown"), ID));
        }
        // Decorators that hand back the test method, or wrap a coroutine function in a coroutine function (3.8+).
        for (String module : List.of("unittest", "unittest.case")) {
            for (String d : List.of("skip", "skipIf", "skipUnless", "expectedFailure")) {
                k.asyncSafeDecorator(module + "." + d);
            }
        }
        for (String d : List.of("unittest.mock.patch", "unittest.mock.patch.object", "unittest.mock.patch.multiple")) {
            k.asyncSafeDecorator(d);
        }
        // unittest calls these module functions of a test module itself.
        String tests = "(.*/)?[^/]*\\.py";
        for (String name : List.of("setUpModule", "tearDownModule", "load_tests")) {
            k.runnerCall(new RunnerCall(java.util.regex.Pattern.compile(tests), null, name, null, null,
                    "unittest calls " + name + "() synchronously", ID));
        }
        // mock.patch("pkg.mod.name", new) and patch.object(obj, "name", new): the code that uses what they replace
        // must still call it the way the replacement expects.
        k.patcher(new Patcher("unittest.mock.patch", null, null, false, 0, 1, "new", ID, "return_value", "MagicMock",
                "from unittest.mock import MagicMock"));
        k.patcher(new Patcher("unittest.mock.patch.object", null, null, true, 0, 2, "new", ID));
    }
}
