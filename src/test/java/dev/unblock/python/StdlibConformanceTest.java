package dev.unblock.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.unblock.testing.Python3;
import org.junit.jupiter.api.Test;

/**
 * Conformance on code nobody here wrote: every file of the CPython standard library on this machine (its
 * test tree included, site-packages excluded) that CPython compiles must parse and give its bytes back from
 * its tokens; files CPython rejects should be rejected too.
 */
class StdlibConformanceTest {

    @Test
    void everyFileCPythonCompilesParsesAndRoundTrips() throws Exception {
        Optional<String> python = Python3.executable();
        assumeTrue(python.isPresent(), "no python3 on this machine: the standard library conformance test is skipped");
        Path stdlib = dev.unblock.testing.Python3.stdlib(python.get());
        List<Path> files = stdlibFiles(stdlib);
        assertThat(files).as("Python files under %s", stdlib).hasSizeGreaterThan(500);

        Map<Path, String> rejectedByCPython = cpythonRejections(python.get(), files);

        List<String> problems = new ArrayList<>();
        int alsoRejected = 0;
        long lines = 0;
        List<String> acceptedInvalid = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            String cpython = rejectedByCPython.get(file);
            try {
                SourceFile source = PythonSource.parse(file.toString(), bytes);
                lines += source.lineCount();
                if (cpython != null) {
                    acceptedInvalid.add(file + " (CPython: " + cpython + ")");
                    continue;
                }
                if (!source.joinedTokens().equals(source.text())) {
                    problems.add(file + ": tokens do not rebuild the text");
                } else if (!java.util.Arrays.equals(source.joinedTokens().getBytes(source.charset()), bytes)) {
                    problems.add(file + ": tokens do not rebuild the bytes");
                }
            } catch (PythonSyntaxError e) {
                if (cpython != null) {
                    alsoRejected++;
                } else {
                    problems.add(e.getMessage());
                }
            }
        }
        System.out.printf("stdlib conformance: %d files, %d lines; CPython rejects %d, we reject %d of them%n",
                files.size(), lines, rejectedByCPython.size(), alsoRejected);
        acceptedInvalid.forEach(f -> System.out.println("  accepted, but CPython rejects: " + f));
        assertThat(problems).as("files CPython compiles that do not parse or round-trip").isEmpty();
    }

    static List<Path> stdlibFiles(Path stdlib) throws IOException {
        try (Stream<Path> walk = Files.walk(stdlib)) {
            return walk.filter(p -> p.toString().endsWith(".py"))
                    .filter(p -> !p.toString().contains("site-packages") && !p.toString().contains("dist-packages"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    static Map<Path, String> cpythonRejections(String python, List<Path> files) throws Exception {
        Path checker = Python3.script("/python/compile_check.py");
        StringBuilder stdin = new StringBuilder();
        files.forEach(f -> stdin.append(f).append('\n'));
        Map<Path, String> rejected = new HashMap<>();
        for (String line : Python3.run(python, List.of(checker.toString()), stdin.toString()).split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                rejected.put(Path.of(line.substring(0, tab)), line.substring(tab + 1));
            }
        }
        return rejected;
    }
}
