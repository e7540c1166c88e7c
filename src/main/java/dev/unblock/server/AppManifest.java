package dev.unblock.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

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

    /** A permission the App asks for: its name, the access ({@code read}/{@code write}) and why (the line's comment). */
    public record Permission(String name, String access, String why) {
    }

    /** A webhook event the App subscribes to, and why (the line's comment). */
    public record Event(String name, String why) {
    }

    /** The manifest as written in the file. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> template() {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text());
    }

    private static String text() {
        try (InputStream in = AppManifest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code default_permissions}, in the file's order, each with the comment on its line as the reason. */
    public static List<Permission> permissions() {
        List<Permission> out = new ArrayList<>();
        if (section("default_permissions") instanceof MappingNode map) {
            for (NodeTuple entry : map.getValue()) {
                out.add(new Permission(scalar(entry.getKeyNode()), scalar(entry.getValueNode()), comment(entry.getValueNode())));
            }
        }
        return out;
    }

    /** {@code default_events}, in the file's order, each with the comment on its line as the reason. */
    public static List<Event> events() {
        List<Event> out = new ArrayList<>();
        if (section("default_events") instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                out.add(new Event(scalar(item), comment(item)));
            }
        }
        return out;
    }

    private static Node section(String key) {
        Node root = new Compose(LoadSettings.builder().setParseComments(true).build()).composeString(text()).orElse(null);
        if (root instanceof MappingNode map) {
            for (NodeTuple entry : map.getValue()) {
                if (key.equals(scalar(entry.getKeyNode()))) {
                    return entry.getValueNode();
                }
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : String.valueOf(node);
    }

    private static String comment(Node node) {
        List<CommentLine> comments = node.getInLineComments();
        if (comments == null || comments.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (CommentLine line : comments) {
            out.append(out.length() == 0 ? "" : " ").append(line.getValue().strip());
        }
        return out.toString();
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
