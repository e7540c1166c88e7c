package dev.unblock.migrate.edit;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.unblock.analysis.FileFacts;
import dev.unblock.analysis.FileFacts.Context;

/**
 * Where the modules Unblock adds ({@code async_mixin.py}, {@code async_subprocess.py}) go, and how a file imports
 * them: next to the file that uses them, imported relatively when that folder is a package (so an installed
 * package finds them), by name when it is a folder of scripts (a script's folder is on {@code sys.path}).
 */
public final class SupportModules {
    private SupportModules() {
    }

    /** The folder of a path, with its trailing slash ("" at the root). */
    public static String folder(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash + 1);
    }

    static boolean inPackage(String path, Set<String> paths) {
        return paths.contains(folder(path) + "__init__.py");
    }

    /**
     * The file's import lines, with those of support modules made relative inside a package. A module of a package
     * that may also run as a script ({@code python utils/changelog.py}: a main guard, and no relative import of its
     * own that would fail there) gets both: the relative import, and the import by name where it fails.
     */
    public static Set<String> localized(Set<String> imports, String path, Set<String> paths, Set<String> supportModules,
                                        FileFacts facts) {
        if (!inPackage(path, paths)) {
            return imports;
        }
        boolean script = facts != null && facts.calls().stream().anyMatch(c -> c.context() == Context.MAIN_GUARD)
                && facts.imports().stream().noneMatch(i -> i.level() > 0);
        Set<String> out = new LinkedHashSet<>();
        for (String line : imports) {
            String relative = localized(line, supportModules);
            out.add(script && !relative.equals(line) ? eitherWay(relative, line) : relative);
        }
        return out;
    }

    private static String localized(String line, Set<String> supportModules) {
        for (String m : supportModules) {
            if (line.equals("import " + m)) {
                return "from . import " + m;
            }
            if (line.startsWith("from " + m + " import ")) {
                return "from ." + line.substring("from ".length());
            }
        }
        return line;
    }

    /** The relative import, and the one by name when the file runs as a script (no package: an ImportError). */
    private static String eitherWay(String relative, String byName) {
        return "try:\n    " + relative + "\nexcept ImportError:  # run as a script: its folder is on sys.path\n    "
                + byName;
    }
}
