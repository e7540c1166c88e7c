package dev.unblock.migrate.plan;

import dev.unblock.migrate.ProjectSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The functions that installed scripts and plugins call: {@code module:function} entry points declared in
 * {@code pyproject.toml} ({@code [project.scripts]}, {@code [tool.poetry.scripts]}, entry-point groups),
 * {@code setup.cfg} ({@code [options.entry_points]}) and {@code setup.py} ({@code entry_points=}). Their callers
 * are outside the project and synchronous: such a function keeps a sync signature.
 */
public final class EntryPoints {
    private static final Pattern ENTRY = Pattern.compile(
            "=\\s*[\"']?\\s*([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)\\s*:\\s*([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)");
    private static final List<String> FILES = List.of("pyproject.toml", "setup.cfg", "setup.py");

    private EntryPoints() {
    }

    /** Qualified names ({@code pkg.cli.main}) of the declared entry points. */
    public static Set<String> read(ProjectSnapshot project) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String file : FILES) {
            if (!project.exists(file)) {
                continue;
            }
            Matcher m = ENTRY.matcher(new String(project.read(file), StandardCharsets.UTF_8));
            while (m.find()) {
                out.add(m.group(1) + "." + m.group(2));
            }
        }
        return out;
    }
}
