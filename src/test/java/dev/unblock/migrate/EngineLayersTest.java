package dev.unblock.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The engine's stages as DESIGN.md §3 draws them: python (parse) → analysis (facts, resolve) → migrate/plan →
 * migrate/edit, with knowledge as data in migrate/catalog that rules contribute. No package imports one downstream
 * of it, and the engine never names a rule: migrate knows rules only through the Rule interface and the catalog.
 */
class EngineLayersTest {
    /** A package (folder under dev/unblock) and the packages its sources must not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "python", List.of("dev.unblock.analysis", "dev.unblock.migrate", "dev.unblock.rules"),
            "analysis", List.of("dev.unblock.migrate", "dev.unblock.rules"),
            "migrate/catalog", List.of("dev.unblock.migrate.plan", "dev.unblock.migrate.edit", "dev.unblock.rules"),
            "migrate/plan", List.of("dev.unblock.migrate.edit", "dev.unblock.rules"),
            "migrate/edit", List.of("dev.unblock.rules"),
            "migrate/deps", List.of("dev.unblock.migrate.plan", "dev.unblock.migrate.edit", "dev.unblock.rules"));

    @Test
    void noStageImportsOneDownstreamOfItAndTheEngineNamesNoRule() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : FORBIDDEN.entrySet()) {
            for (Path f : sources(Path.of("src/main/java/dev/unblock", e.getKey()))) {
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("import ") && e.getValue().stream().anyMatch(line::contains)) {
                        violations.add(f + ": " + line);
                    }
                }
            }
        }
        // migrate's own top-level classes (Engine, Rule, …) reach rules only through Rules' service list.
        for (Path f : sources(Path.of("src/main/java/dev/unblock/migrate"))) {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("import dev.unblock.rules")) {
                    violations.add(f + ": " + line);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
