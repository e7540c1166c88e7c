package dev.unblock.cli;

import static dev.unblock.cli.CliJar.unblock;
import static dev.unblock.cli.CliJar.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dependency files follow the code: shown in the diff, written by --write, through the packaged jar. */
class DependencyEditsIT {
    @TempDir
    Path dir;

    @Test
    void theDiffShowsDependencyEditsAndWriteAppliesThem() throws Exception {
        write(dir, "requirements.txt", "# runtime\nrequests==2.31.0  # http client\nclick==8.1.7\n");
        write(dir, "pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\n    \"requests>=2.31\",\n    \"click\",\n]\n");
        write(dir, "api.py", "import requests\n\n\ndef status(url):\n    return requests.head(url).status_code\n");
        CliJar.Run diff = unblock(dir, "migrate");
        assertThat(diff.exit()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("--- a/requirements.txt\n+++ b/requirements.txt\n")
                .contains("-requests==2.31.0  # http client\n+httpx  # http client\n")
                .contains("-    \"requests>=2.31\",\n+    \"httpx\",\n");
        assertThat(diff.summary()).startsWith("3 files would change");
        Path patch = Files.write(dir.resolve("../migration.diff"), diff.outBytes());
        CliJar.Run check = CliJar.run(dir, List.of("git", "apply", "--check", patch.toString()), null);
        assertThat(check.exit()).as(check.err()).isZero();

        CliJar.Run written = unblock(dir, "migrate", "--write");
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(Files.readString(dir.resolve("requirements.txt")))
                .isEqualTo("# runtime\nhttpx  # http client\nclick==8.1.7\n");
        assertThat(Files.readString(dir.resolve("pyproject.toml"))).contains("    \"httpx\",\n    \"click\",\n");
        assertThat(unblock(dir, "migrate", "--check").exit()).as("nothing left to change").isZero();
    }

    @Test
    void aReplacedLibraryStillImportedSomewhereStays() throws Exception {
        write(dir, "requirements.txt", "requests==2.31.0\n");
        write(dir, "api.py", "import requests\n\n\ndef status(url):\n    return requests.head(url).status_code\n");
        // A callback stays synchronous, so requests is still needed.
        write(dir, "crawl.py", "import requests\n\n\ndef fetch(url):\n    return requests.get(url).text\n\n\n"
                + "def fetch_all(urls):\n    return list(map(fetch, urls))\n");
        CliJar.Run json = unblock(dir, "migrate", "--format", "json");
        assertThat(json.out()).contains("\"add\" : \"httpx\"").contains("\"replaces\" : null")
                .contains("requests stays: still imported by crawl.py");
        CliJar.Run diff = unblock(dir, "migrate");
        assertThat(diff.out()).contains(" requests==2.31.0\n+httpx\n").doesNotContain("-requests==2.31.0");
    }

    @Test
    void poetryAndANoteForWhatCannotBeEdited() throws Exception {
        write(dir, "requirements.txt", "redis==3.5.3\n");
        write(dir, "pyproject.toml", "[tool.poetry.dependencies]\npython = \"^3.11\"\nredis = \"^3.5.3\"\n");
        write(dir, "setup.py", "from setuptools import setup\n\nsetup(install_requires=open(\"req.txt\").read().split())\n");
        write(dir, "cache.py", "import redis\n\nr = redis.Redis()\n\n\ndef hit(key):\n    return r.incr(key)\n");
        CliJar.Run run = unblock(dir, "migrate");
        assertThat(run.out()).contains("-redis = \"^3.5.3\"\n+redis = \"^4.2.0\"\n")
                .contains("-redis==3.5.3\n+redis==4.2.0\n");
        assertThat(run.err()).contains("unblock migrate: setup.py: install_requires is not one list of plain strings");
    }

    @Test
    void aDependencyFileThatIsNotUtf8IsLeftAloneWithANote() throws Exception {
        byte[] utf16 = "requests==2.31.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_16);
        Files.write(dir.resolve("requirements.txt"), utf16);
        write(dir, "api.py", "import requests\n\n\ndef status(url):\n    return requests.head(url).status_code\n");
        CliJar.Run written = unblock(dir, "migrate", "--write");
        assertThat(written.exit()).as(written.err()).isZero();
        assertThat(written.err()).contains("requirements.txt is not UTF-8 text: its dependencies are left as they are");
        assertThat(Files.readAllBytes(dir.resolve("requirements.txt"))).isEqualTo(utf16);
        assertThat(Files.readString(dir.resolve("api.py"))).contains("import httpx");
    }
}
