package dev.unblock.analysis;

import java.util.Set;

/**
 * Module names from file paths, as Python would import them when the project root (or its {@code src/}
 * folder, in a src layout) is on {@code sys.path}: {@code pkg/sub/mod.py} → {@code pkg.sub.mod},
 * {@code pkg/__init__.py} → {@code pkg}. Folders without {@code __init__.py} are namespace packages and
 * count the same; a top-level script is a module of its own name.
 */
public final class ModuleNames {
    private ModuleNames() {
    }

    /** The folder prefix ("" or "src/") that is the import root of a path. */
    public static String sourceRoot(String path, Set<String> allPaths) {
        if (path.startsWith("src/") && !allPaths.contains("src/__init__.py")) {
            return "src/";
        }
        return "";
    }

    public static String moduleName(String path, Set<String> allPaths) {
        String rel = path.substring(sourceRoot(path, allPaths).length());
        if (rel.endsWith(".py")) {
            rel = rel.substring(0, rel.length() - 3);
        }
        if (rel.endsWith("/__init__")) {
            rel = rel.substring(0, rel.length() - "/__init__".length());
        } else if (rel.equals("__init__")) {
            rel = "";
        }
        return rel.replace('/', '.');
    }

    public static boolean isPackage(String path) {
        return path.endsWith("/__init__.py") || path.equals("__init__.py");
    }

    /**
     * The absolute module of a relative import: {@code level} dots from {@code module} (a package's own
     * name counts as its first level).
     */
    public static String resolveRelative(String module, boolean isPackage, int level, String name) {
        if (level == 0) {
            return name;
        }
        String base = module;
        int up = isPackage ? level - 1 : level;
        for (int i = 0; i < up; i++) {
            int dot = base.lastIndexOf('.');
            base = dot < 0 ? "" : base.substring(0, dot);
        }
        if (name == null || name.isEmpty()) {
            return base;
        }
        return base.isEmpty() ? name : base + "." + name;
    }
}
