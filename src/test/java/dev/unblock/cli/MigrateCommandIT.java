package dev.unblock.cli;

import static dev.unblock.cli.CliJar.unblock;
import static dev.unblock.cli.CliJar.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code unblock migrate} through the packaged jar: exit codes, summary, arguments, ignores, globs. */
class MigrateCommandIT {
    private static final String SLEEPER = "import time\n\n\ndef nap():\n    time.sleep(1)\n";
    private static final String CALLER = "from pkg.jobs import nap\n\n\ndef run():\n    nap()\n";

    @TempDir
    Path dir;

    @Test
    void checkExitsOneWhenSomethingWouldChangeAndZeroWhenNothingWould() throws Exception {
        write(dir, "pyproject.toml", "[project]\nname = \"demo\"\n");
        write(dir, "jobs.py", SLEEPER);
        CliJar.Run changes = unblock(dir, "migrate", "--check");
        assertThat(changes.exit()).isEqualTo(1);
        assertThat(changes.out()).contains("+async def nap():");
        assertThat(changes.summary()).isEqualTo("1 file would change, 4 edits, 0 findings");
        assertThat(Files.readString(dir.resolve("jobs.py"))).isEqualTo(SLEEPER);

        CliJar.Run exitZero = unblock(dir, "migrate", "--check", "--exit-zero");
        assertThat(exitZero.exit()).isZero();

        CliJar.Run written = unblock(dir, "migrate", "--write");
        assertThat(written.exit()).isZero();
        assertThat(written.out()).isEmpty();
        assertThat(written.summary()).isEqualTo("1 file changed, 4 edits, 0 findings");

        CliJar.Run clean = unblock(dir, "migrate", "--check");
        assertThat(clean.exit()).isZero();
        assertThat(clean.out()).isEmpty();
        assertThat(clean.summary()).isEqualTo("0 files would change, 0 edits, 0 findings");
    }

    @Test
    void everyFormatEndsWithTheSummaryOnStderr() throws Exception {
        write(dir, "jobs.py", SLEEPER);
        for (String format : List.of("diff", "json", "sarif", "github")) {
            CliJar.Run run = unblock(dir, "migrate", "--format", format, ".");
            assertThat(run.exit()).as(format + ": " + run.err()).isZero();
            assertThat(run.summary()).as(format).isEqualTo("1 file would change, 4 edits, 0 findings");
            assertThat(run.out()).as(format).isNotEmpty();
        }
    }

    @Test
    void aFileThatDoesNotParseMakesTheExitStatusOneUnlessExitZero() throws Exception {
        write(dir, "setup.cfg", "[metadata]\nname = demo\n");
        write(dir, "jobs.py", SLEEPER);
        write(dir, "broken.py", "def f(:\n    pass\n");
        CliJar.Run run = unblock(dir, "migrate");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("broken.py:1: UB008 not migrated");
        assertThat(run.out()).contains("+async def nap():");
        assertThat(run.summary()).isEqualTo("1 file would change, 4 edits, 1 finding");
        assertThat(unblock(dir, "migrate", "--exit-zero").exit()).isZero();
    }

    @Test
    void filesAndFoldersAreStartingPointsInTheProjectFoundUpward() throws Exception {
        write(dir, "pyproject.toml", "[project]\nname = \"demo\"\n");
        write(dir, "pkg/__init__.py", "");
        write(dir, "pkg/jobs.py", SLEEPER);
        write(dir, "pkg/runner.py", CALLER);
        write(dir, "other/slow.py", SLEEPER);
        write(dir, "tools/nap.py", SLEEPER);
        // Run from a subfolder: the root is where pyproject.toml is, so `pkg.jobs` resolves.
        CliJar.Run run = unblock(dir.resolve("pkg"), "migrate", "jobs.py", "../tools");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("+++ b/pkg/jobs.py").contains("+++ b/pkg/runner.py")
                .contains("+    await nap()").contains("+++ b/tools/nap.py").doesNotContain("other/slow.py");

        CliJar.Run rooted = unblock(dir, "migrate", "--root", "pkg", "pkg/jobs.py");
        assertThat(rooted.out()).as("with --root pkg the paths are relative to pkg").contains("+++ b/jobs.py");

        CliJar.Run outside = unblock(dir, "migrate", "--root", "pkg", "other/slow.py");
        assertThat(outside.exit()).isEqualTo(2);
        assertThat(outside.err()).contains("outside the project root");
        CliJar.Run missing = unblock(dir, "migrate", "nope.py");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or folder: nope.py");
    }

    @Test
    void optionsGoAnywhereAndChangedDoesNotSwallowThePath() throws Exception {
        write(dir, "setup.py", "from setuptools import setup\n\nsetup(name=\"demo\")\n");
        write(dir, "pkg/jobs.py", SLEEPER);
        write(dir, "pkg/runner.py", CALLER);
        write(dir, "pkg/other.py", SLEEPER.replace("nap", "doze"));
        CliJar.Run run = unblock(dir, "migrate", "--changed", "pkg/jobs.py", ".", "--format", "json");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"path\" : \"pkg/jobs.py\"").contains("\"path\" : \"pkg/runner.py\"")
                .doesNotContain("pkg/other.py");
        CliJar.Run after = unblock(dir, "migrate", ".", "--check", "--changed=pkg/jobs.py");
        assertThat(after.exit()).isEqualTo(1);
        assertThat(after.out()).contains("+++ b/pkg/jobs.py").doesNotContain("pkg/other.py");
    }

    @Test
    void gitignoredFilesAreNotPartOfTheProject() throws Exception {
        Files.createDirectories(dir.resolve(".git/info"));
        write(dir, ".git/info/exclude", "scratch.py\n");
        write(dir, ".gitignore", "generated/\n*_gen.py\n");
        write(dir, "app/.gitignore", "local/*\n!local/keep.py\n");
        write(dir, "jobs.py", SLEEPER);
        write(dir, "generated/out.py", SLEEPER);
        write(dir, "app/models_gen.py", SLEEPER);
        write(dir, "app/local/mine.py", SLEEPER);
        write(dir, "app/local/keep.py", SLEEPER);
        write(dir, "scratch.py", SLEEPER);
        CliJar.Run run = unblock(dir, "migrate");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("+++ b/jobs.py").contains("+++ b/app/local/keep.py")
                .doesNotContain("generated/out.py").doesNotContain("models_gen.py").doesNotContain("mine.py")
                .doesNotContain("scratch.py");
        CliJar.Run named = unblock(dir, "migrate", "scratch.py");
        assertThat(named.err()).contains("skipped scratch.py: ignored").contains("no Python files selected");
        assertThat(named.exit()).isZero();
    }

    @Test
    void filesTheRepositoryTracksArePartOfTheProjectWhateverItsIgnorePatterns() throws Exception {
        git("init", "-q");
        write(dir, ".gitignore", "_*\n");
        write(dir, "pkg/__init__.py", SLEEPER);
        write(dir, "pkg/_scratch.py", SLEEPER);
        git("add", "-f", "pkg/__init__.py");
        CliJar.Run run = unblock(dir, "migrate");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).as("tracked, as git sees it, though _* matches it").contains("+++ b/pkg/__init__.py")
                .doesNotContain("_scratch.py");
    }

    private void git(String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    @Test
    void configGlobsAreGitignoreStyle() throws Exception {
        write(dir, "setup.cfg", "[metadata]\nname = demo\n");
        write(dir, ".github/unblock.yml", "paths:\n  include: [\"**/*.py\"]\n  exclude: [legacy, \"/scripts/*.py\"]\n");
        write(dir, "jobs.py", SLEEPER);
        write(dir, "lib/legacy/old.py", SLEEPER);
        write(dir, "scripts/tool.py", SLEEPER);
        write(dir, "lib/scripts/tool.py", SLEEPER);
        CliJar.Run run = unblock(dir, "migrate");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).as("**/*.py matches a top-level file").contains("+++ b/jobs.py")
                .contains("+++ b/lib/scripts/tool.py").doesNotContain("legacy/old.py")
                .doesNotContain("+++ b/scripts/tool.py");
    }

    @Test
    void anEmptySelectionSaysSo() throws Exception {
        write(dir, "README.md", "no Python here\n");
        Files.createDirectories(dir.resolve("docs"));
        CliJar.Run run = unblock(dir, "migrate", "docs");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("unblock migrate: no Python files selected in")
                .endsWith("0 files would change, 0 edits, 0 findings\n");
    }

    @Test
    void newImportsGoToTheirIsortSection() throws Exception {
        write(dir, "pyproject.toml", "[project]\nname = \"demo\"\n");
        write(dir, "jobs.py", SLEEPER);
        write(dir, "main.py", "import os\n\nimport jobs\n\n\ndef main():\n    jobs.nap()\n    print(os.sep)\n\n\n"
                + "if __name__ == \"__main__\":\n    main()\n");
        CliJar.Run run = unblock(dir, "migrate", "--write");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readString(dir.resolve("main.py"))).startsWith("import asyncio\nimport os\n\nimport jobs\n\n\n");
        assertThat(Files.readString(dir.resolve("jobs.py"))).startsWith("import asyncio\n\n\nasync def nap():");
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        write(dir, "jobs.py", SLEEPER);
        assertThat(unblock(dir, "migrate", "--write", "--check").exit()).isEqualTo(2);
        assertThat(unblock(dir, "migrate", "--format", "xml").exit()).isEqualTo(2);
        write(dir, ".github/unblock.yml", "mode: sometimes\n");
        CliJar.Run badConfig = unblock(dir, "migrate");
        assertThat(badConfig.exit()).isEqualTo(2);
        assertThat(badConfig.err()).contains("unblock.yml");
    }

    @Test
    void versionAndTheLauncherScript() throws Exception {
        CliJar.Run version = unblock(dir, "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).matches("unblock \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R");
        write(dir, "jobs.py", SLEEPER);
        CliJar.Run launched = CliJar.run(dir, List.of("sh", CliJar.LAUNCHER.toString(), "migrate", "--check"), null);
        assertThat(launched.exit()).as(launched.err()).isEqualTo(1);
        assertThat(launched.out()).contains("+async def nap():");
        CliJar.Run help = CliJar.run(dir, List.of("sh", CliJar.LAUNCHER.toString(), "--help"), null);
        assertThat(help.out()).startsWith("Usage: unblock ");
        CliJar.Run explain = CliJar.run(dir, List.of("sh", CliJar.LAUNCHER.toString(), "explain"), null);
        assertThat(explain.out().lines()).hasSize(dev.unblock.migrate.Rules.all().size())
                .allMatch(l -> l.matches("UB\\d{3}  [a-z0-9-]+ +[A-Z].*\\."));
    }
}
