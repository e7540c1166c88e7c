package dev.unblock.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code app-manifest.yml} (the repository root's, packaged with the server), filled for one server. */
public final class AppManifest {
    /** The placeholder origin in the file; every URL starting with it is moved to the server's public URL. */
    static final String PLACEHOLDER = "https://unblock.example.com";
    static final String RESOURCE = "/dev/unblock/server/app-manifest.yml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppManifest() {
    }

    /** The manifest as written in the file. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> template() {
        try (InputStream in = AppManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return (Map<String, Object>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest JSON GitHub's app-creation form takes: URLs on {@code publicBase}, the given App name. */
    public static String json(String publicBase, String name) {
        Map<String, Object> manifest = template();
        Object filled = fill(manifest, publicBase);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) filled;
        map.put("name", name);
        try {
            return JSON.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object fill(Object value, String base) {
        if (value instanceof String s && s.startsWith(PLACEHOLDER)) {
            return base + s.substring(PLACEHOLDER.length());
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), fill(v, base)));
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(fill(v, base)));
            return out;
        }
        return value;
    }
}
