package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The engine is pure (DESIGN.md §2): nothing in it imports GitHub, git, the web server or the App's packages. */
class EngineIndependenceTest {
    private static final List<String> ENGINE = List.of("python", "analysis", "migrate", "rules");
    private static final List<String> FORBIDDEN = List.of("org.kohsuke", "org.eclipse.jgit", "io.javalin",
            "dev.unblock.bot", "dev.unblock.github", "dev.unblock.git.", "dev.unblock.server", "dev.unblock.jobs",
            "dev.unblock.cli");

    @Test
    void engineSourcesImportNothingOfTheApp() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pkg : ENGINE) {
            Path dir = Path.of("src/main/java/dev/unblock", pkg);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        if (line.startsWith("import ") && FORBIDDEN.stream().anyMatch(line::contains)) {
                            violations.add(f + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
