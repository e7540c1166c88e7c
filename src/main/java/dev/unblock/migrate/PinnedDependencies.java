package dev.unblock.migrate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's declared dependency versions, from {@code requirements*.txt}, {@code pyproject.toml} and
 * {@code setup.cfg}: {@code name==1.4.2} pins 1.4.2; {@code name>=2.0} or {@code ~=} gives the lower bound.
 */
public final class PinnedDependencies {
    private static final Pattern REQUIREMENT = Pattern.compile(
            "(?m)^[\\s\"']*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\\[[^\\]]*\\])?\\s*(==|>=|~=|===)\\s*([0-9][0-9A-Za-z.*+!-]*)");
    private static final List<String> FILES = List.of("requirements.txt", "requirements-dev.txt",
            "requirements/base.txt", "requirements/prod.txt", "requirements/production.txt", "pyproject.toml",
            "setup.cfg");

    private PinnedDependencies() {
    }

    public static Map<String, String> read(ProjectSnapshot project) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (String file : FILES) {
            if (!project.exists(file)) {
                continue;
            }
            String text = new String(project.read(file), StandardCharsets.UTF_8);
            Matcher m = REQUIREMENT.matcher(text);
            while (m.find()) {
                out.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'), m.group(3));
            }
        }
        return out;
    }
}
