package dev.unblock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diff {@code unblock migrate} prints is a patch that {@code git apply} and {@code patch -p1} take, and
 * applying it gives exactly what {@code --write} writes: for every behaviour program, and for the shapes that
 * trip diff writers (last line without a line break, CRLF line ends, a new file, a Latin-1 file).
 */
class DiffAppliesIT {
    private static final Path BEHAVIOUR = Path.of("src/test/resources/behaviour");

    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> theDiffAppliesWithGitAndPatch() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        try (Stream<Path> cases = Files.list(BEHAVIOUR)) {
            for (Path c : cases.filter(Files::isDirectory).sorted().toList()) {
                tests.add(DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c.getFileName().toString(),
                        copyOf(c))));
            }
        }
        tests.add(DynamicTest.dynamicTest("last line without a line break", () -> check("no-eol", project(
                "jobs.py", "import time\n\n\ndef nap():\n    time.sleep(1)"))));
        tests.add(DynamicTest.dynamicTest("CRLF line ends", () -> check("crlf", project(
                "jobs.py", "import time\r\n\r\n\r\ndef nap():\r\n    time.sleep(1)\r\n\r\n\r\ndef run():\r\n    nap()\r\n"))));
        tests.add(DynamicTest.dynamicTest("a new file next to a changed one", () -> check("new-file", project(
                "settings.py", "import requests\n\n\nclass Settings:\n    def __init__(self):\n"
                        + "        self.data = requests.get(\"http://example.com/settings\").json()\n",
                "main.py", "from settings import Settings\n\n\ndef main():\n    print(Settings().data)\n\n\n"
                        + "if __name__ == \"__main__\":\n    main()\n"))));
        tests.add(DynamicTest.dynamicTest("a Latin-1 file", () -> {
            Path dir = project();
            Files.write(dir.resolve("caf\u00e9.py"), ("# -*- coding: latin-1 -*-\nimport time\n\nNAME = \"caf\u00e9\"\n\n\n"
                    + "def nap():\n    time.sleep(1)\n").getBytes(StandardCharsets.ISO_8859_1));
            check("latin-1", dir);
        }));
        return tests.stream();
    }

    private void check(String name, Path original) throws Exception {
        Path patched = copy(original, work.resolve(name + "-patched"));
        Path written = copy(original, work.resolve(name + "-written"));

        CliJar.Run run = CliJar.unblock(original, "migrate", "--root", ".");
        assertThat(run.exit()).as(run.err()).isZero();
        if (run.out().isEmpty()) {
            // A program the engine leaves synchronous (its findings say why): nothing to apply.
            assertThat(run.summary()).as(name).startsWith("0 files would change");
            return;
        }
        assertThat(run.out()).as("%s changes something", name).contains("diff --git a/");
        Path diff = work.resolve(name + ".diff");
        Files.write(diff, run.outBytes());

        CliJar.Run gitCheck = CliJar.run(patched, List.of("git", "apply", "--check", "-v", diff.toString()), null);
        assertThat(gitCheck.exit()).as("git apply --check:\n%s\n%s", gitCheck.err(), run.out()).isZero();
        CliJar.Run patchCheck = CliJar.run(patched, List.of("patch", "-p1", "--dry-run", "-i", diff.toString()), null);
        assertThat(patchCheck.exit()).as("patch --dry-run:\n%s%s", patchCheck.out(), patchCheck.err()).isZero();
        assertThat(patchCheck.out()).doesNotContain("fuzz").doesNotContain("offset");

        CliJar.Run apply = CliJar.run(patched, List.of("git", "apply", diff.toString()), null);
        assertThat(apply.exit()).as(apply.err()).isZero();
        assertThat(Main.run("migrate", "--write", "--root", written.toString())).isZero();
        assertThat(tree(patched)).as("git apply gives what --write writes").isEqualTo(tree(written));
    }

    private Path project(String... pathsAndTexts) throws IOException {
        Path dir = Files.createTempDirectory(work, "case");
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            CliJar.write(dir, pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return dir;
    }

    private Path copyOf(Path source) throws IOException {
        return copy(source, Files.createTempDirectory(work, source.getFileName().toString()));
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    private static TreeMap<String, String> tree(Path dir) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return out;
    }
}
