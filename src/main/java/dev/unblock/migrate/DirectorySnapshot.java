package dev.unblock.migrate;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * A project on disk. Virtual environments, caches, VCS folders and other tools' folders are not part of it,
 * and symbolic links are not followed. A front end may ignore more (what {@code .gitignore} lists).
 */
public final class DirectorySnapshot implements ProjectSnapshot {
    private static final Set<String> SKIPPED = Set.of(".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv",
            "env", "__pycache__", "node_modules", "site-packages", "dist-packages", ".mypy_cache", ".pytest_cache",
            "build", "dist", ".eggs");
    private final Path root;
    private final BiPredicate<Path, Boolean> ignored;

    public DirectorySnapshot(Path root) {
        this(root, (path, isFolder) -> false);
    }

    /** @param ignored files and folders (absolute path, is a folder) that are not part of the project */
    public DirectorySnapshot(Path root, BiPredicate<Path, Boolean> ignored) {
        this.root = root.toAbsolutePath().normalize();
        this.ignored = ignored;
    }

    public Path root() {
        return root;
    }

    @Override
    public String rootPackage() {
        Path name = root.getFileName();
        return name != null && Files.isRegularFile(root.resolve("__init__.py"))
                && name.toString().matches("[A-Za-z_][A-Za-z0-9_]*") ? name.toString() : null;
    }

    @Override
    public SortedSet<String> pythonFiles() throws IOException {
        SortedSet<String> out = new TreeSet<>();
        // A root that is a symbolic link (given on the command line) is walked where it points; links inside the
        // project are not followed. Paths are seen as under the root given.
        Path start = Files.isSymbolicLink(root) ? root.toRealPath() : root;
        Files.walkFileTree(start, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path walked, BasicFileAttributes attrs) {
                Path dir = underRoot(start, walked);
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                return !dir.equals(root) && (SKIPPED.contains(name) || name.endsWith(".egg-info")
                        || ignored.test(dir, true)) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path walked, BasicFileAttributes attrs) {
                Path file = underRoot(start, walked);
                if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".py")
                        && !ignored.test(file, false)) {
                    out.add(relative(file));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    @Override
    public boolean exists(String path) {
        return Files.exists(resolve(path));
    }

    @Override
    public boolean hasFolder(String path) {
        return Files.isDirectory(resolve(path));
    }

    @Override
    public byte[] read(String path) throws IOException {
        return Files.readAllBytes(resolve(path));
    }

    private Path resolve(String path) {
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("path outside the project: " + path);
        }
        return p;
    }

    /** A path the walk met below {@code start} (the root, or where it links to), as a path below the root. */
    private Path underRoot(Path start, Path walked) {
        return start == root ? walked : root.resolve(start.relativize(walked));
    }

    private String relative(Path file) {
        return relative(root, file);
    }

    /**
     * A path below a folder (both absolute and normalized), relative to it, with {@code /} between names: cut from
     * its text, where {@code Path.relativize} compares name by name (a third of walking a project's files).
     */
    public static String relative(Path folder, Path below) {
        String rest = below.toString().substring(folder.toString().length());
        return (rest.startsWith(below.getFileSystem().getSeparator()) ? rest.substring(1) : rest).replace('\\', '/');
    }
}
