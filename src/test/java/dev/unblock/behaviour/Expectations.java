package dev.unblock.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A case's {@code expect.yml}: which functions must be coroutines after migration ({@code async}) and
 * which must still be plain functions ({@code cpu_only}), each as {@code file.py:Qual.name}; what the case
 * needs to run ({@code needs}: Python modules, {@code redis-server}).
 */
record Expectations(List<String> async, List<String> cpuOnly, List<String> needs) {
    private static final Set<String> KEYS = Set.of("async", "cpu_only", "needs");

    static Expectations read(Path caseDir) {
        Path file = caseDir.resolve("expect.yml");
        if (!Files.exists(file)) {
            return new Expectations(List.of(), List.of(), List.of());
        }
        try {
            Object loaded = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
            if (loaded == null) {
                return new Expectations(List.of(), List.of(), List.of());
            }
            if (!(loaded instanceof Map<?, ?> map) || !KEYS.containsAll(map.keySet())) {
                throw new IllegalArgumentException(file + ": expected a map with keys " + KEYS + ", got " + loaded);
            }
            return new Expectations(names(map.get("async"), file), names(map.get("cpu_only"), file),
                    needs(map.get("needs"), file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Python modules (and {@code redis-server}) the case needs; without them it is skipped with the reason. */
    private static List<String> needs(Object value, Path file) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String)) {
            throw new IllegalArgumentException(file + ": needs: expected a list of module names, got " + value);
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static List<String> names(Object value, Path file) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list) || !list.stream().allMatch(v -> v instanceof String s && s.contains(":"))) {
            throw new IllegalArgumentException(file + ": expected a list of file.py:function, got " + value);
        }
        return list.stream().map(String.class::cast).toList();
    }
}
