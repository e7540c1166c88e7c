package dev.unblock.migrate.edit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import dev.unblock.analysis.ModuleNames;

/**
 * The sections isort and ruff ({@code I001}) sort imports into: {@code __future__}, the standard library, third
 * party, first party (the project's own top-level modules and the support modules the migration adds), and
 * relative imports. Within a section, {@code import x} lines come before {@code from x import y} lines, each
 * sorted by module name ignoring case.
 */
public final class ImportSections {
    public static final int FUTURE = 0;
    public static final int STDLIB = 1;
    public static final int THIRD_PARTY = 2;
    public static final int FIRST_PARTY = 3;
    public static final int LOCAL = 4;

    private static final Set<String> STDLIB_MODULES = readStdlib();
    private final Set<String> firstParty;

    public ImportSections(Set<String> firstParty) {
        this.firstParty = Set.copyOf(firstParty);
    }

    /** For a project: the top-level names of its modules, its root package, and the modules the migration adds. */
    public static ImportSections of(Collection<String> paths, String rootPackage, Collection<String> newFiles,
                                    Collection<String> supportModules) {
        Set<String> names = new HashSet<>(supportModules);
        Set<String> all = new HashSet<>(paths);
        all.addAll(newFiles);
        for (String path : all) {
            if (!path.endsWith(".py")) {
                continue;
            }
            String module = ModuleNames.moduleName(path, all);
            if (!module.isEmpty()) {
                names.add(root(module));
            }
        }
        if (rootPackage != null) {
            names.add(rootPackage);
        }
        return new ImportSections(names);
    }

    /** The section of an import of {@code module} with {@code level} leading dots. */
    public int section(String module, int level) {
        if (level > 0) {
            return LOCAL;
        }
        String root = root(module);
        if (root.equals("__future__")) {
            return FUTURE;
        }
        if (firstParty.contains(root)) {
            return FIRST_PARTY;
        }
        return STDLIB_MODULES.contains(root) ? STDLIB : THIRD_PARTY;
    }

    /** The order of two imports (straight before from within a section, then module name ignoring case). */
    public int compare(int sectionA, boolean fromA, String moduleA, int sectionB, boolean fromB, String moduleB) {
        if (sectionA != sectionB) {
            return Integer.compare(sectionA, sectionB);
        }
        if (fromA != fromB) {
            return fromA ? 1 : -1;
        }
        int c = moduleA.toLowerCase(Locale.ROOT).compareTo(moduleB.toLowerCase(Locale.ROOT));
        return c != 0 ? c : moduleA.compareTo(moduleB);
    }

    /**
     * The order of names in one {@code from} import, as isort's order-by-type: CONSTANTS, then Classes, then the
     * rest, each alphabetically ignoring case.
     */
    public static int compareNames(String a, String b) {
        int c = Integer.compare(type(a), type(b));
        if (c != 0) {
            return c;
        }
        c = a.toLowerCase(Locale.ROOT).compareTo(b.toLowerCase(Locale.ROOT));
        return c != 0 ? c : a.compareTo(b);
    }

    private static int type(String name) {
        if (name.length() > 1 && name.equals(name.toUpperCase(Locale.ROOT)) && !name.equals(name.toLowerCase(Locale.ROOT))) {
            return 0;
        }
        return Character.isUpperCase(name.charAt(0)) ? 1 : 2;
    }

    private static String root(String module) {
        int dot = module.indexOf('.');
        return dot < 0 ? module : module.substring(0, dot);
    }

    private static Set<String> readStdlib() {
        try (InputStream in = ImportSections.class.getResourceAsStream("/dev/unblock/migrate/stdlib-modules.txt")) {
            Set<String> out = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    out.add(name);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
