package dev.unblock.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real GitHub examples (octokit/webhooks payloads, REST request schemas) in ../shared/fixtures. */
public final class Fixtures {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Path root() {
        String configured = System.getProperty("unblock.fixtures");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("the shared fixtures are missing: expected " + root.toAbsolutePath()
                    + " (or set -Dunblock.fixtures=DIR)");
        }
        return root;
    }

    /** A webhook payload, e.g. {@code webhook("pull_request/opened.payload.json")}, as a mutable tree. */
    public static ObjectNode webhook(String name) {
        try {
            return (ObjectNode) JSON.readTree(root().resolve("github-webhooks").resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
