package dev.unblock.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Python modules the migration adds to a project when its rewrites need them (under
 * {@code src/main/resources/dev/unblock/support/}): {@code async_mixin.py} for awaitable constructors,
 * {@code async_subprocess.py} for subprocess calls.
 */
public final class SupportFiles {
    public static final String ASYNC_MIXIN = "/dev/unblock/support/async_mixin.py";

    private SupportFiles() {
    }

    /** The text of a support module on the classpath. */
    public static String read(String resource) {
        try (InputStream in = SupportFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing support module " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
