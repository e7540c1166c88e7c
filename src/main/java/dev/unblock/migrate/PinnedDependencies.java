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
 * The project's declared dependency versions, from {@code requirements*.txt}, {@code pyproject.toml} (PEP 621 and
 * Poetry), {@code setup.cfg} and {@code setup.py}: {@code name==1.4.2} pins 1.4.2; {@code name>=2.0} or {@code ~=}
 * gives the lower bound, as do Poetry's {@code name = "^2.0"} and {@code name = {version = "~2.0", ...}}.
 */
public final class PinnedDependencies {
    private static final Pattern REQUIREMENT = Pattern.compile(
            "(?m)^[\\s\"']*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\\[[^\\]]*\\])?\\s*(==|>=|~=|===)\\s*([0-9][0-9A-Za-z.*+!-]*)");
    /** A Poetry dependency line: {@code django = "^4.2"}, {@code django = {version = ">=4.2", extras = [...]}}. */
    private static final Pattern POETRY = Pattern.compile(
            "^\\s*\"?([A-Za-z0-9][A-Za-z0-9._-]*)\"?\\s*=\\s*(?:\\{[^}]*?\\bversion\\s*=\\s*)?\"\\s*(\\^|~=?|>=|==)?\\s*"
                    + "([0-9][0-9A-Za-z.*+!-]*)");
    private static final Pattern POETRY_SECTION = Pattern.compile(
            "^\\s*\\[tool\\.poetry\\.(?:dependencies|dev-dependencies|group\\.[^.\\]]+\\.dependencies)\\]\\s*$");
    private static final List<String> FILES = List.of("requirements.txt", "requirements-dev.txt",
            "requirements/base.txt", "requirements/prod.txt", "requirements/production.txt", "pyproject.toml",
            "setup.cfg", "setup.py");

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
                out.putIfAbsent(normalized(m.group(1)), m.group(3));
            }
            if (file.equals("pyproject.toml")) {
                poetry(text, out);
            }
        }
        return out;
    }

    /** The lines of Poetry's dependency tables ({@code python = "^3.10"} is the interpreter, not a package). */
    private static void poetry(String text, Map<String, String> out) {
        boolean inSection = false;
        for (String line : text.split("\n")) {
            if (line.strip().startsWith("[")) {
                inSection = POETRY_SECTION.matcher(line).matches();
                continue;
            }
            Matcher m = inSection ? POETRY.matcher(line) : null;
            if (m != null && m.find() && !m.group(1).equalsIgnoreCase("python")) {
                out.putIfAbsent(normalized(m.group(1)), m.group(3));
            }
        }
    }

    private static String normalized(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
