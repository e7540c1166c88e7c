package dev.unblock.rules.tests;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.Rule;
import dev.unblock.migrate.RuleInfo;
import dev.unblock.migrate.Targets;
import dev.unblock.migrate.catalog.Catalog;
import dev.unblock.migrate.catalog.Knowledge;
import dev.unblock.migrate.catalog.Knowledge.Awaiting;
import dev.unblock.migrate.catalog.Knowledge.Patcher;
import dev.unblock.migrate.catalog.Knowledge.RunnerCall;

/**
 * pytest suites migrate with the code: test functions (and methods of {@code Test*} classes) that must await become
 * {@code async def}, run by the project's asyncio plugin. With pytest-asyncio in strict mode (its default) they get
 * {@code @pytest.mark.asyncio}, and fixtures that must await use {@code @pytest_asyncio.fixture}; in auto mode they
 * need nothing; with anyio's plugin tests get {@code @pytest.mark.anyio} (its async fixtures serve only anyio tests,
 * so fixtures stay sync). A project without a plugin gets pytest-asyncio as a test dependency. What pytest calls
 * synchronously (hooks, xunit-style setup, fixtures with a wider scope) stays sync, as does all of it under
 * pytest-trio's trio mode or with {@code tests: pin}.
 */
@RuleInfo(id = PytestAsyncTests.ID, name = "pytest-async-tests",
        summary = "Pytest tests and fixtures that await become async def, run by the project's plugin (pytest-asyncio, anyio).")
public final class PytestAsyncTests implements Rule {
    public static final String ID = "UB012";

    /** Where test runners may collect tests, whatever the project's config says (folders and file names). */
    static final String TEST_FILES = "(.*/)?((tests?|testing)/.*|test_[^/]*|[^/]*_tests?|conftest|tests)\\.py";

    @Override
    public void contribute(Catalog catalog, Targets targets) {
        Knowledge k = catalog.knowledge();
        // Marks hand back the function they mark.
        k.asyncSafeDecorator("pytest.mark.*");
        // monkeypatch.setattr("pkg.mod.name", value) or (obj, "name", value); pytest-mock's mocker.patch(...).
        k.patcher(new Patcher("pytest.MonkeyPatch.setattr", "monkeypatch", "setattr", false, 0, -1, "value", ID));
        k.patcher(new Patcher("pytest_mock.MockerFixture.patch", "mocker", "patch", false, 0, 1, "new", ID,
                "return_value", "MagicMock", null));
        k.patcher(new Patcher("pytest_mock.MockerFixture.patch.object", "mocker", "patch.object", true, 0, 2, "new", ID));
        if (targets.pinTests()) {
            return; // every function of a test file stays sync, as does what it calls
        }
        k.testFilesDescribed();
        PytestSetup setup = PytestSetup.read(targets.files());
        Pattern files = Pattern.compile(TEST_FILES + "|" + globs(setup.patterns("python_files", List.of())));
        Pattern anywhere = Pattern.compile("(.*/)?[^/]*\\.py");
        String sync = "pytest calls it synchronously";
        // Hooks and xunit-style setup are always called synchronously.
        k.runnerCall(new RunnerCall(anywhere, null, "pytest_*", null, null, "it is a pytest hook, " + sync, ID));
        for (String name : List.of("setup_module", "teardown_module", "setup_function", "teardown_function", "setup",
                "teardown")) {
            k.runnerCall(new RunnerCall(files, null, name, null, null, sync + " (" + name + ")", ID));
        }
        for (String name : List.of("setup_method", "teardown_method", "setup_class", "teardown_class", "setup",
                "teardown")) {
            k.runnerCall(new RunnerCall(files, "*", name, null, null, sync + " (" + name + ")", ID));
        }
        Awaiting tests;
        Awaiting fixtures;
        String syncTests = null;
        if (setup.trioMode()) {
            syncTests = "pytest-trio's trio_mode runs async tests with trio, not asyncio";
            tests = null;
            fixtures = null;
        } else if (setup.django()) {
            syncTests = "pytest-django runs it: an async test's queries would run on another thread, outside the test's "
                    + "database transaction, and its client fixtures refuse to run on an event loop";
            tests = null;
            fixtures = null;
        } else if (setup.plugin() == PytestSetup.Plugin.ANYIO) {
            tests = new Awaiting("pytest.mark.anyio", Map.of(), List.of("import pytest"));
            fixtures = null;
        } else if (setup.autoMode()) {
            tests = new Awaiting(null, Map.of(), List.of());
            fixtures = wideScopesStaySync(new Awaiting(null, Map.of(), List.of()));
        } else {
            tests = new Awaiting("pytest.mark.asyncio", Map.of(), List.of("import pytest"));
            fixtures = wideScopesStaySync(setup.legacyFixtures() ? new Awaiting(null, Map.of(), List.of())
                    : new Awaiting(null, Map.of("pytest.fixture", "pytest_asyncio.fixture"), List.of("import pytest_asyncio")));
            if (setup.plugin() == PytestSetup.Plugin.NONE) {
                catalog.dependency(ID, new DependencyChange("pytest-asyncio", null,
                        "pytest runs the async tests with it", true));
            }
        }
        String syncFixtures = setup.plugin() == PytestSetup.Plugin.ANYIO
                ? "anyio's pytest plugin awaits async fixtures only for anyio tests, and sync tests may use it"
                : syncTests;
        for (String fn : setup.patterns("python_functions", List.of("test*"))) {
            String name = fn.endsWith("*") || fn.contains("?") ? fn : fn + "*";
            k.runnerCall(new RunnerCall(files, null, name, null, tests, syncTests, ID));
            for (String cls : setup.patterns("python_classes", List.of("Test*"))) {
                k.runnerCall(new RunnerCall(files, cls.endsWith("*") ? cls : cls + "*", name, null, tests, syncTests, ID));
            }
        }
        for (String d : List.of("pytest.fixture", "pytest_asyncio.fixture")) {
            Awaiting a = d.startsWith("pytest_asyncio") && fixtures != null ? new Awaiting(null, Map.of(), List.of()) : fixtures;
            k.runnerCall(new RunnerCall(anywhere, null, null, d, a, syncFixtures == null ? "pytest calls fixtures synchronously"
                    : syncFixtures, ID));
            if (a != null) {
                k.asyncSafeDecorator(d);
            }
        }
        k.runnerCall(new RunnerCall(anywhere, null, null, "pytest.yield_fixture", null, "pytest calls yield_fixture fixtures "
                + "synchronously", ID));
    }

    /** A fixture with a scope wider than a test would need an event loop as wide: it stays sync. */
    private static Awaiting wideScopesStaySync(Awaiting a) {
        return new Awaiting(a.marker(), a.replacedDecorators(), a.imports(),
                ".*\\bscope\\s*=\\s*(?![\"']function[\"']).*",
                "it is a fixture with a scope wider than one test, which would need an event loop as wide");
    }

    /** pytest's python_files globs as one regex over the path's last part. */
    private static String globs(List<String> patterns) {
        if (patterns.isEmpty()) {
            return "(?!)";
        }
        StringBuilder out = new StringBuilder("(.*/)?(");
        for (int i = 0; i < patterns.size(); i++) {
            if (i > 0) {
                out.append('|');
            }
            for (char c : patterns.get(i).toCharArray()) {
                out.append(c == '*' ? "[^/]*" : c == '?' ? "[^/]" : Pattern.quote(String.valueOf(c)));
            }
        }
        return out.append(')').toString();
    }
}
