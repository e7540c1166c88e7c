package dev.unblock.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the project is and what part of it the command line named. The root is {@code --root}, else the
 * nearest folder, from the paths given upward, holding {@code pyproject.toml}, {@code setup.cfg},
 * {@code setup.py} or {@code .git}; without one, the folder the paths have in common. The whole project is
 * read (callers in other files must be found); the paths say where the migration starts.
 *
 * @param root     the project root (absolute, normalized)
 * @param gitTop   the folder holding {@code .git} at or above the root, or null outside a repository
 * @param selected the paths given, relative to the root ('/' separators; "" is the root itself)
 * @param folders  which of {@code selected} are folders
 */
record ProjectLocation(Path root, Path gitTop, List<String> selected, List<Boolean> folders) {
    private static final List<String> MARKERS = List.of("pyproject.toml", "setup.cfg", "setup.py", ".git");

    /** Thrown for a path that does not exist or lies outside the root; the message is for the user. */
    static final class BadPath extends Exception {
        BadPath(String message) {
            super(message);
        }
    }

    static ProjectLocation of(List<Path> paths, Path rootOption) throws BadPath {
        List<Path> given = new ArrayList<>();
        for (Path p : paths.isEmpty() ? List.of(rootOption == null ? Path.of(".") : rootOption) : paths) {
            if (!Files.exists(p)) {
                throw new BadPath("no such file or folder: " + p);
            }
            given.add(p.toAbsolutePath().normalize());
        }
        Path root;
        if (rootOption != null) {
            if (!Files.isDirectory(rootOption)) {
                throw new BadPath("--root: not a folder: " + rootOption);
            }
            root = rootOption.toAbsolutePath().normalize();
        } else {
            Path common = commonFolder(given);
            root = nearestMarked(common);
            if (root == null) {
                root = common;
            }
        }
        List<String> selected = new ArrayList<>();
        List<Boolean> folders = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Path p = given.get(i);
            if (!p.startsWith(root)) {
                throw new BadPath(paths.isEmpty() ? "not inside the root" : paths.get(i) + " is outside the project root " + root);
            }
            selected.add(root.relativize(p).toString().replace('\\', '/'));
            folders.add(Files.isDirectory(p));
        }
        Path top = root;
        while (top != null && !Files.exists(top.resolve(".git"))) {
            top = top.getParent();
        }
        return new ProjectLocation(root, top, List.copyOf(selected), List.copyOf(folders));
    }

    /** True when the paths name the whole project. */
    boolean wholeProject() {
        return selected.contains("");
    }

    /** True when a project file (relative path) lies in what the command line named. */
    boolean selects(String path) {
        for (int i = 0; i < selected.size(); i++) {
            String s = selected.get(i);
            if (s.isEmpty() || s.equals(path) || folders.get(i) && path.startsWith(s + "/")) {
                return true;
            }
        }
        return false;
    }

    private static Path commonFolder(List<Path> paths) {
        Path common = null;
        for (Path p : paths) {
            Path folder = Files.isDirectory(p) ? p : p.getParent();
            if (common == null) {
                common = folder;
            } else {
                while (!folder.startsWith(common)) {
                    common = common.getParent();
                }
            }
        }
        return common;
    }

    private static Path nearestMarked(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            for (String marker : MARKERS) {
                if (Files.exists(dir.resolve(marker))) {
                    return dir;
                }
            }
        }
        return null;
    }
}
