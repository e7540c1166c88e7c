package dev.unblock.migrate.plan;

import dev.unblock.analysis.ModuleNames;
import dev.unblock.migrate.ProjectSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packages a project publishes for other code to import: a library's API, whose callers are outside the
 * project and call it synchronously. A project publishes when its packaging metadata builds a distribution
 * ({@code setup.py} calling {@code setup(}, {@code setup.cfg} with a {@code [metadata]} name, {@code pyproject.toml}
 * with {@code [project]} or Poetry's table, not {@code package-mode = false}) and it is not a Django site (no
 * {@code manage.py} at the root); a top-level package counts when its {@code __init__.py} presents an API (it
 * imports from its own modules, sets {@code __all__} or defines public functions or classes), which a command-line
 * tool's usually does not; so does a single module the metadata names ({@code py_modules=[...]},
 * {@code py-modules = [...]}). Test, documentation and example folders never count. (The planner also leaves out a package that makes a web application: rule knowledge.)
 */
public final class PublishedPackages {
    private static final Set<String> NOT_API = Set.of("test", "tests", "testing", "docs", "doc", "example",
            "examples", "scripts", "benchmarks", "bench", "tools");
    private static final Pattern SETUP_CALL = Pattern.compile("\\bsetup\\s*\\(");
    private static final Pattern CFG_NAME = Pattern.compile("(?ms)^\\[metadata\\][^\\[]*^name\\s*=");
    private static final Pattern PROJECT_TABLE = Pattern.compile("(?m)^\\[(project|tool\\.poetry|tool\\.flit\\.metadata)\\]");
    private static final Pattern NO_PACKAGE = Pattern.compile("(?m)^package-mode\\s*=\\s*false");
    private static final Pattern PY_MODULES = Pattern.compile("py[_-]modules\\s*=\\s*\\[([^\\]]*)\\]");
    /** {@code name = "x"} in the {@code [project]} or Poetry table (lines before the next table header). */
    private static final Pattern TOML_NAME = Pattern.compile(
            "(?m)^\\[(?:project|tool\\.poetry)\\][ \\t]*\\R(?:(?!\\[)[^\\n]*\\R)*?name\\s*=\\s*[\"']([^\"'\\n]+)[\"']");
    private static final Pattern CFG_NAME_VALUE = Pattern.compile(
            "(?m)^\\[metadata\\][ \\t]*\\R(?:(?!\\[)[^\\n]*\\R)*?name\\s*=\\s*([\\w.-]+)");
    private static final Pattern SETUP_NAME = Pattern.compile("\\bsetup\\s*\\([^)]*?\\bname\\s*=\\s*[\"']([^\"']+)[\"']",
            Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("[\"']([A-Za-z_]\\w*)[\"']");

    /** What the project publishes: top-level package name → the metadata file that says so. */
    private final Map<String, String> packages;

    private PublishedPackages(Map<String, String> packages) {
        this.packages = packages;
    }

    public static PublishedPackages none() {
        return new PublishedPackages(Map.of());
    }

    /** @param texts the decoded text of each Python file that parsed, by path (the package inits are read there) */
    public static PublishedPackages read(ProjectSnapshot project, Collection<String> pythonPaths, Map<String, String> texts)
            throws IOException {
        String metadata = distributionFile(project);
        if (metadata == null || project.exists("manage.py")) {
            return none();
        }
        Set<String> all = Set.copyOf(pythonPaths);
        Map<String, String> out = new TreeMap<>();
        String metadataText = text(project, metadata);
        Set<String> modules = namedModules(metadataText);
        String distribution = distributionName(metadata, metadataText);
        for (String path : pythonPaths) {
            String rel = path.substring(ModuleNames.sourceRoot(path, all).length());
            String[] parts = rel.split("/");
            if (parts.length == 2 && parts[1].equals("__init__.py") && !NOT_API.contains(parts[0])
                    && !isPrivate(parts[0]) && texts.containsKey(path) && presentsApi(parts[0], texts.get(path))) {
                out.put(parts[0], metadata);
            } else if (parts.length == 1) {
                String module = parts[0].replaceFirst("\\.py$", "");
                if (modules.contains(module) || module.toLowerCase(java.util.Locale.ROOT).equals(distribution)) {
                    out.put(module, metadata);
                }
            }
        }
        return new PublishedPackages(out);
    }

    private static String distributionFile(ProjectSnapshot project) throws IOException {
        if (project.exists("pyproject.toml")) {
            String toml = text(project, "pyproject.toml");
            if (PROJECT_TABLE.matcher(toml).find() && !NO_PACKAGE.matcher(toml).find()) {
                return "pyproject.toml";
            }
        }
        if (project.exists("setup.cfg") && CFG_NAME.matcher(text(project, "setup.cfg")).find()) {
            return "setup.cfg";
        }
        if (project.exists("setup.py") && SETUP_CALL.matcher(text(project, "setup.py")).find()) {
            return "setup.py";
        }
        return null;
    }

    /**
     * The distribution's name as a module name (PEP 503 normalized, {@code -}/{@code .} as {@code _}), or null: a
     * single module of that name beside the metadata is what hatchling, flit and setuptools' discovery put in the
     * wheel without a list (tldr's {@code tldr.py}).
     */
    public static String distributionName(String file, String metadata) {
        Matcher m = (file.equals("pyproject.toml") ? TOML_NAME : file.equals("setup.cfg") ? CFG_NAME_VALUE : SETUP_NAME)
                .matcher(metadata);
        return m.find() ? m.group(1).toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "_") : null;
    }

    /** The single-file modules a distribution lists ({@code py_modules=["tool"]}). */
    private static Set<String> namedModules(String metadata) {
        Set<String> out = new java.util.HashSet<>();
        Matcher lists = PY_MODULES.matcher(metadata);
        while (lists.find()) {
            QUOTED.matcher(lists.group(1)).results().forEach(m -> out.add(m.group(1)));
        }
        return out;
    }

    /**
     * An {@code __init__.py} that imports from its own package or lists {@code __all__}, also under an {@code if} or
     * {@code try} (you-get's {@code if sys.version_info[0] == 3: from .__main__ import *}), or that defines a public
     * function or class itself (schedule's {@code run_all} and {@code Scheduler} live in its {@code __init__.py}).
     */
    private static boolean presentsApi(String pkg, String init) {
        return Pattern.compile("(?m)^([ \\t]*(from\\s+(\\.|" + Pattern.quote(pkg) + "\\.)|__all__\\s*[:=+])"
                + "|(async\\s+)?def\\s+[A-Za-z]|class\\s+[A-Za-z])").matcher(init).find();
    }

    private static String text(ProjectSnapshot project, String path) throws IOException {
        return new String(project.read(path), StandardCharsets.UTF_8);
    }

    /** A name Python code treats as private: a leading underscore, unless it is a dunder. */
    static boolean isPrivate(String name) {
        return name.startsWith("_") && !(name.startsWith("__") && name.endsWith("__") && name.length() > 4);
    }

    /**
     * The metadata file that publishes the module's package when the module is part of the published API (no
     * private or test segment), else null.
     */
    String publisher(String module) {
        if (packages.isEmpty()) {
            return null;
        }
        String[] parts = module.split("\\.");
        String metadata = packages.get(parts[0]);
        if (metadata == null) {
            return null;
        }
        for (String part : parts) {
            if (isPrivate(part) || NOT_API.contains(part) || part.startsWith("test_") || part.endsWith("_test")
                    || part.equals("conftest") || part.equals("__main__")) {
                return null;
            }
        }
        return metadata;
    }
}
