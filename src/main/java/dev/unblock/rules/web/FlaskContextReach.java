package dev.unblock.rules.web;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which project module a module imports, directly or through others, that needs Flask's request or application
 * context: one importing a flask name other than {@code Flask}/{@code Blueprint}, or an extension ({@code flask_*}).
 * A route moved to FastAPI runs without that context, so its module must reach none of them (their functions would
 * raise "working outside of request context", or read another request's state).
 */
final class FlaskContextReach {
    private static final Pattern FROM_IMPORT = Pattern.compile("(?m)^[ \\t]*from[ \\t]+(\\.*)([\\w.]*)[ \\t]+import[ \\t]+(\\([^)]*\\)|[\\w \\t,]+)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^[ \\t]*import[ \\t]+([\\w.]+)");
    private static final Pattern FLASK_NAMES = Pattern.compile("(?m)^[ \\t]*from[ \\t]+flask[ \\t]+import[ \\t]+(\\([^)]*\\)|[\\w \\t,]+)");
    private static final Pattern EXTENSION = Pattern.compile("(?m)^\\s*(?:from|import)\\s+(flask_(?!compat\\b)\\w+|flaskext)\\b");
    private static final Pattern IMPORT_FLASK = Pattern.compile("(?m)^\\s*import\\s+flask\\b");
    private static final Set<String> CONTEXT_FREE = Set.of("Flask", "Blueprint");

    private final Set<String> files;
    private final Function<String, String> reader;

    FlaskContextReach(Set<String> files, Function<String, String> reader) {
        this.files = files;
        this.reader = reader;
    }

    /**
     * The first module needing Flask's context that {@code path} imports (itself excluded), or null; {@code opaque} is
     * neither checked nor followed (the module declaring the blueprint, whose copy binds only the router).
     */
    String firstBound(String path, String root, String opaque) {
        Set<String> seen = new HashSet<>(List.of(path, opaque));
        ArrayDeque<String> todo = new ArrayDeque<>(imported(path, root));
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (!seen.add(p)) {
                continue;
            }
            String why = bound(p);
            if (why != null) {
                return p + " (" + why + ")";
            }
            todo.addAll(imported(p, root));
        }
        return null;
    }

    /** Why a module needs Flask's context, or null. */
    private String bound(String path) {
        String text = reader.apply(path);
        if (text == null) {
            return null;
        }
        Matcher e = EXTENSION.matcher(text);
        if (e.find()) {
            return "it imports " + e.group(1);
        }
        Matcher m = FLASK_NAMES.matcher(text);
        while (m.find()) {
            for (String n : m.group(1).replaceAll("[()]", " ").split("[\\s,]+")) {
                String name = n.trim();
                if (!name.isEmpty() && !name.equals("as") && !CONTEXT_FREE.contains(name)) {
                    return "it uses flask." + name;
                }
            }
        }
        if (IMPORT_FLASK.matcher(text).find()) {
            return "it imports flask";
        }
        return null;
    }

    /** The project files a module's imports name (a package's __init__.py and the named submodules). */
    private Set<String> imported(String path, String root) {
        Set<String> out = new HashSet<>();
        String text = reader.apply(path);
        if (text == null) {
            return out;
        }
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
        Matcher f = FROM_IMPORT.matcher(text);
        while (f.find()) {
            String base;
            if (!f.group(1).isEmpty()) {
                String d = dir;
                for (int i = 1; i < f.group(1).length() && d.contains("/"); i++) {
                    d = d.substring(0, d.substring(0, d.length() - 1).lastIndexOf('/') + 1);
                }
                base = d + f.group(2).replace('.', '/');
            } else {
                base = root + f.group(2).replace('.', '/');
            }
            String stem = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            add(out, stem);
            for (String n : f.group(3).replaceAll("[()]", " ").split("[\\s,]+")) {
                if (!n.isBlank() && !n.equals("as")) {
                    add(out, (stem.isEmpty() ? "" : stem + "/") + n.trim());
                }
            }
        }
        Matcher i = IMPORT.matcher(text);
        while (i.find()) {
            add(out, root + i.group(1).replace('.', '/'));
        }
        return out;
    }

    private void add(Set<String> out, String stem) {
        if (files.contains(stem + ".py")) {
            out.add(stem + ".py");
        }
        if (files.contains(stem + "/__init__.py")) {
            out.add(stem + "/__init__.py");
        }
    }
}
