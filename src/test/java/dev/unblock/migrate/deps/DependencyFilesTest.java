package dev.unblock.migrate.deps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.unblock.migrate.DependencyChange;
import dev.unblock.migrate.FileChange;
import org.junit.jupiter.api.Test;

/** Dependency changes written into each kind of dependency file, keeping its comments and style. */
class DependencyFilesTest {
    private static final DependencyChange HTTPX = new DependencyChange("httpx", "requests", "requests has no async API");
    private static final DependencyChange REDIS = new DependencyChange("redis>=4.2", "redis==4.1.0", "redis.asyncio");
    private static final DependencyChange ES = new DependencyChange("elasticsearch[async]", "elasticsearch", "aiohttp");
    private static final DependencyChange AIOFILES = new DependencyChange("aiofiles", null, "async files");

    private record Out(Map<String, String> files, List<String> notes) {
    }

    private static Out edit(Map<String, String> files, DependencyChange... changes) throws Exception {
        DependencyFiles.Result r = DependencyFiles.edit(List.copyOf(files.keySet()), files::get, List.of(changes));
        Map<String, String> out = new TreeMap<>();
        for (FileChange c : r.changes()) {
            out.put(c.path(), c.after());
        }
        return new Out(out, r.notes());
    }

    @Test
    void requirementsTxtKeepsCommentsMarkersAndPinStyle() throws Exception {
        Out out = edit(Map.of("requirements.txt", "# web\nrequests==2.31.0  # http client\nredis==4.1.0 ; python_version >= \"3.8\"\n"
                + "elasticsearch>=8,<9\n-e ./vendored\n"), HTTPX, REDIS, ES, AIOFILES);
        assertThat(out.files().get("requirements.txt")).isEqualTo("# web\nhttpx  # http client\n"
                + "redis==4.2.0 ; python_version >= \"3.8\"\nelasticsearch[async]>=8,<9\n-e ./vendored\naiofiles\n");
        assertThat(out.notes()).isEmpty();
    }

    @Test
    void devRequirementsAreEditedInPlaceButNeverGrow() throws Exception {
        Out out = edit(Map.of("requirements.txt", "flask\n", "requirements-dev.txt", "pytest\nrequests\n"), HTTPX,
                AIOFILES);
        assertThat(out.files().get("requirements-dev.txt")).isEqualTo("pytest\nhttpx\n");
        assertThat(out.files().get("requirements.txt")).isEqualTo("flask\naiofiles\n");
    }

    @Test
    void pep621DependenciesKeepQuotesIndentationAndTrailingCommas() throws Exception {
        String toml = "[project]\nname = \"svc\"\ndependencies = [\n    'requests>=2',  # http\n    'redis==4.1.0',\n]\n\n"
                + "[project.optional-dependencies]\ntest = ['requests']\n";
        Out out = edit(Map.of("pyproject.toml", toml), HTTPX, REDIS, AIOFILES);
        assertThat(out.files().get("pyproject.toml")).isEqualTo("[project]\nname = \"svc\"\ndependencies = [\n"
                + "    'httpx',  # http\n    'redis==4.2.0',\n    'aiofiles',\n]\n\n"
                + "[project.optional-dependencies]\ntest = ['requests']\n");
    }

    private static final DependencyChange PYTEST_ASYNCIO = new DependencyChange("pytest-asyncio", null, "async tests",
            true);

    @Test
    void aTestDependencyGoesWithTheTestRequirements() throws Exception {
        Out txt = edit(Map.of("requirements.txt", "flask\n", "test-requirements.txt", "pytest\n"), PYTEST_ASYNCIO);
        assertThat(txt.files()).containsOnlyKeys("test-requirements.txt");
        assertThat(txt.files().get("test-requirements.txt")).isEqualTo("pytest\npytest-asyncio\n");

        String toml = "[project]\nname = \"svc\"\ndependencies = ['flask']\n\n"
                + "[project.optional-dependencies]\ndocs = ['sphinx']\ntest = [\n    'pytest',\n]\n";
        assertThat(edit(Map.of("pyproject.toml", toml), PYTEST_ASYNCIO).files().get("pyproject.toml"))
                .isEqualTo(toml.replace("    'pytest',\n", "    'pytest',\n    'pytest-asyncio',\n"));

        String poetry = "[tool.poetry.dependencies]\npython = \"^3.9\"\nflask = \"^2.2\"\n\n"
                + "[tool.poetry.group.dev.dependencies]\npytest = \"^7.2\"\n";
        assertThat(edit(Map.of("pyproject.toml", poetry), PYTEST_ASYNCIO).files().get("pyproject.toml"))
                .isEqualTo(poetry.replace("pytest = \"^7.2\"\n", "pytest = \"^7.2\"\npytest-asyncio = \"*\"\n"));
    }

    @Test
    void aTestDependencyAlreadyDeclaredOrWithoutATestListIsANote() throws Exception {
        Out declared = edit(Map.of("requirements.txt", "flask\n", "requirements-dev.txt", "pytest-asyncio==0.20\n"),
                PYTEST_ASYNCIO);
        assertThat(declared.files()).isEmpty();
        assertThat(declared.notes()).isEmpty();
        Out none = edit(Map.of("requirements.txt", "flask\n"), PYTEST_ASYNCIO);
        assertThat(none.files()).isEmpty();
        assertThat(none.notes()).containsExactly("add pytest-asyncio to the project's test dependencies (async tests)");
    }

    @Test
    void aOneLineListGrowsOnItsLine() throws Exception {
        Out out = edit(Map.of("pyproject.toml", "[project]\ndependencies = [\"flask\"]\n"), AIOFILES);
        assertThat(out.files().get("pyproject.toml")).isEqualTo("[project]\ndependencies = [\"flask\", \"aiofiles\"]\n");
    }

    @Test
    void poetryKeepsCaretsAndGainsExtrasAsAnInlineTable() throws Exception {
        String toml = "[tool.poetry.dependencies]\npython = \"^3.10\"\nrequests = \"^2.31\"  # http\nredis = \"^4.1.0\"\n"
                + "elasticsearch = \"^8.1\"\n\n[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n";
        Out out = edit(Map.of("pyproject.toml", toml), HTTPX, REDIS, ES, AIOFILES);
        assertThat(out.files().get("pyproject.toml")).isEqualTo("[tool.poetry.dependencies]\npython = \"^3.10\"\n"
                + "httpx = \"*\"  # http\nredis = \"^4.2.0\"\nelasticsearch = {version = \"^8.1\", extras = [\"async\"]}\n"
                + "aiofiles = \"*\"\n\n[tool.poetry.group.dev.dependencies]\npytest = \"*\"\n");
    }

    @Test
    void setupCfgAndALiteralSetupPy() throws Exception {
        Out out = edit(Map.of(
                "setup.cfg", "[metadata]\nname = svc\n\n[options]\ninstall_requires =\n    requests>=2\n    click\n\n[flake8]\nx = 1\n",
                "setup.py", "from setuptools import setup\n\nsetup(\n    name=\"svc\",\n    install_requires=[\"requests\", \"click\"],\n)\n"),
                HTTPX, AIOFILES);
        assertThat(out.files().get("setup.cfg")).isEqualTo(
                "[metadata]\nname = svc\n\n[options]\ninstall_requires =\n    httpx\n    click\n    aiofiles\n\n[flake8]\nx = 1\n");
        assertThat(out.files().get("setup.py")).isEqualTo("from setuptools import setup\n\nsetup(\n    name=\"svc\",\n"
                + "    install_requires=[\"httpx\", \"click\", \"aiofiles\"],\n)\n");
    }

    @Test
    void whatCannotBeEditedSafelyIsLeftWithANote() throws Exception {
        Out out = edit(Map.of("setup.py", "from setuptools import setup\n\nsetup(install_requires=open('r.txt').read().split())\n",
                "requirements.txt", "# This file is autogenerated by pip-compile\nrequests==2.31.0 \\\n    --hash=sha256:abc\n",
                "requirements.in", "requests\n"), HTTPX);
        assertThat(out.files()).containsOnlyKeys("requirements.in");
        assertThat(out.files().get("requirements.in")).isEqualTo("httpx\n");
        assertThat(out.notes()).anyMatch(n -> n.startsWith("setup.py: install_requires is not one list of plain strings"))
                .anyMatch(n -> n.startsWith("requirements.txt is generated") && n.contains("pip-compile"));
    }

    @Test
    void withoutAnyDependencyFileTheNoteSaysWhatToAdd() throws Exception {
        Out out = edit(Map.of(), HTTPX);
        assertThat(out.files()).isEmpty();
        assertThat(out.notes()).containsExactly("add httpx to the project's dependencies (requests has no async API)");
    }
}
