package dev.unblock.rules.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.unblock.migrate.ProjectFiles;

/**
 * How a project runs pytest, read from its files: the ini options pytest itself reads (from {@code pytest.ini},
 * {@code pyproject.toml}'s {@code [tool.pytest.ini_options]}, {@code tox.ini}'s {@code [pytest]} or
 * {@code setup.cfg}'s {@code [tool:pytest]}, the first that has them, as pytest does), and which async plugin its
 * dependency and config files name.
 *
 * @param options    the ini options (key → raw value)
 * @param plugin     the asyncio plugin the project uses
 * @param pluginVersion the version the dependency files give pytest-asyncio ({@code ==}, {@code >=}, {@code ~=}), or null
 * @param trioMode   pytest-trio runs every async test with trio
 * @param django     pytest-django runs the tests (a dependency, or its settings option in the config)
 */
record PytestSetup(Map<String, String> options, Plugin plugin, String pluginVersion, boolean trioMode,
                   boolean django) {
    enum Plugin { PYTEST_ASYNCIO, ANYIO, NONE }

    /** Files that list a project's (test) dependencies. */
    static final List<String> DEPENDENCY_FILES = List.of("requirements.txt", "requirements-dev.txt",
            "requirements_dev.txt", "requirements-test.txt", "requirements_test.txt", "requirements-tests.txt",
            "requirements_tests.txt", "requirements-testing.txt", "test-requirements.txt", "test_requirements.txt",
            "tests-requirements.txt", "dev-requirements.txt", "dev_requirements.txt", "requirements/dev.txt",
            "requirements/development.txt", "requirements/test.txt", "requirements/tests.txt",
            "requirements/testing.txt", "requirements/ci.txt", "requirements/base.txt", "requirements-dev.in",
            "requirements-test.in", "requirements/dev.in", "requirements/test.in", "tests/requirements.txt",
            "pyproject.toml", "setup.cfg", "setup.py", "tox.ini", "Pipfile", "environment.yml", "noxfile.py");
    private static final List<String> CONFTESTS = List.of("conftest.py", "tests/conftest.py", "test/conftest.py",
            "testing/conftest.py");
    private static final Pattern PYTEST_ASYNCIO = Pattern.compile(
            "(?im)^[^#\\n]*?\\bpytest[-_]asyncio\\b(?:\\[[^\\]]*\\])?\\s*[\"']?\\s*(?:(==|>=|~=|\\^|=)\\s*[\"']?v?([0-9][0-9.]*))?");
    private static final Pattern PYTEST_TRIO = Pattern.compile("(?im)^[^#\\n]*\\bpytest[-_]trio\\b");
    private static final Pattern PYTEST_DJANGO = Pattern.compile("(?im)^[^#\\n]*\\bpytest[-_]django\\b");

    static PytestSetup read(ProjectFiles files) {
        Map<String, String> options = options(files);
        String version = null;
        boolean asyncio = false;
        boolean trio = false;
        boolean django = false;
        for (String path : DEPENDENCY_FILES) {
            String text = files.read(path);
            if (text == null) {
                continue;
            }
            Matcher m = PYTEST_ASYNCIO.matcher(text);
            if (m.find()) {
                asyncio = true;
                if (version == null && m.group(2) != null) {
                    version = m.group(2);
                }
            }
            trio |= PYTEST_TRIO.matcher(text).find();
            django |= PYTEST_DJANGO.matcher(text).find();
        }
        django |= options.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("DJANGO_SETTINGS_MODULE"))
                || options.getOrDefault("addopts", "").contains("--ds");
        asyncio |= options.containsKey("asyncio_mode") || options.getOrDefault("addopts", "").contains("--asyncio-mode");
        boolean anyio = false;
        for (String path : CONFTESTS) {
            String text = files.read(path);
            anyio |= text != null && (text.contains("anyio_backend") || text.contains("pytest.mark.anyio"));
        }
        boolean trioMode = trio && options.getOrDefault("trio_mode", "").strip().equalsIgnoreCase("true");
        Plugin plugin = asyncio ? Plugin.PYTEST_ASYNCIO : anyio ? Plugin.ANYIO : Plugin.NONE;
        return new PytestSetup(options, plugin, version, trioMode, django);
    }

    /** pytest-asyncio's mode: {@code auto} awaits every coroutine test and fixture; strict needs markers. */
    boolean autoMode() {
        if (plugin != Plugin.PYTEST_ASYNCIO) {
            return false;
        }
        String mode = options.get("asyncio_mode");
        Matcher m = Pattern.compile("--asyncio-mode[= ]\\s*(\\w+)").matcher(options.getOrDefault("addopts", ""));
        if (m.find()) {
            mode = m.group(1);
        }
        if (mode != null) {
            return mode.strip().equals("auto") || mode.strip().equals("legacy");
        }
        return false;
    }

    /** Before 0.17 pytest-asyncio had no {@code pytest_asyncio.fixture}: plain fixtures were awaited (legacy mode). */
    boolean legacyFixtures() {
        return pluginVersion != null && compare(pluginVersion, "0.17") < 0;
    }

    /** pytest's name patterns for test files, classes and functions ({@code python_files} etc.), or the defaults. */
    List<String> patterns(String option, List<String> defaults) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            return defaults;
        }
        List<String> out = new ArrayList<>();
        for (String p : value.replaceAll("[\\[\\],\"']", " ").trim().split("\\s+")) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out.isEmpty() ? defaults : out;
    }

    private static Map<String, String> options(ProjectFiles files) {
        String ini = files.read("pytest.ini");
        if (ini != null) {
            return iniSection(ini, "pytest");
        }
        String pyproject = files.read("pyproject.toml");
        if (pyproject != null && pyproject.contains("[tool.pytest.ini_options]")) {
            return tomlTable(pyproject, "tool.pytest.ini_options");
        }
        String tox = files.read("tox.ini");
        if (tox != null && tox.matches("(?s).*(?m:^\\[pytest\\]).*")) {
            return iniSection(tox, "pytest");
        }
        String cfg = files.read("setup.cfg");
        if (cfg != null && cfg.matches("(?s).*(?m:^\\[tool:pytest\\]).*")) {
            return iniSection(cfg, "tool:pytest");
        }
        return Map.of();
    }

    /** {@code key = value} lines of one ini section, continuation lines joined. */
    static Map<String, String> iniSection(String text, String section) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        String key = null;
        for (String line : text.split("\\r?\\n|\\r")) {
            String stripped = line.strip();
            if (stripped.startsWith("[")) {
                in = stripped.equals("[" + section + "]");
                key = null;
                continue;
            }
            if (!in || stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith(";")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0)) && key != null) {
                out.put(key, out.get(key) + " " + stripped);
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep > 0) {
                key = line.substring(0, sep).strip();
                out.put(key, line.substring(sep + 1).strip());
            }
        }
        return out;
    }

    /** The keys of one TOML table: strings, booleans and arrays of strings (as their raw text). */
    static Map<String, String> tomlTable(String text, String table) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher header = Pattern.compile("(?m)^\\s*\\[" + Pattern.quote(table) + "\\]\\s*$").matcher(text);
        if (!header.find()) {
            return out;
        }
        Matcher next = Pattern.compile("(?m)^\\s*\\[").matcher(text);
        int end = next.find(header.end()) ? next.start() : text.length();
        String body = text.substring(header.end(), end);
        Matcher kv = Pattern.compile("(?m)^\\s*([A-Za-z0-9_-]+)\\s*=\\s*(\\[[^\\]]*\\]|\"\"\"(?s:.*?)\"\"\"|\"[^\"\\n]*\"|'[^'\\n]*'|[^#\\n]*)")
                .matcher(body);
        while (kv.find()) {
            String v = kv.group(2).strip();
            if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                v = v.replaceAll("^(\"\"\"|\"|')|(\"\"\"|\"|')$", "");
            }
            out.put(kv.group(1), v);
        }
        return out;
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length && !x[i].isEmpty() ? Integer.parseInt(x[i]) : 0;
            int q = i < y.length && !y[i].isEmpty() ? Integer.parseInt(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }
}
