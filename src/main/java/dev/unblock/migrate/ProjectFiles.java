package dev.unblock.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What rules may read of a project besides its Python modules: small text files at known paths (pytest.ini,
 * pyproject.toml, requirements-dev.txt), to learn how the project runs its tests.
 */
@FunctionalInterface
public interface ProjectFiles {
    /** Files larger than this are not read (config files are small). */
    int MAX_BYTES = 1024 * 1024;

    ProjectFiles NONE = path -> null;

    /** The file's text (UTF-8), or null when it does not exist or cannot be read. */
    String read(String path);

    static ProjectFiles of(ProjectSnapshot project) {
        return path -> {
            try {
                if (!project.exists(path)) {
                    return null;
                }
                byte[] bytes = project.read(path);
                return bytes.length > MAX_BYTES ? null : new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        };
    }
}
