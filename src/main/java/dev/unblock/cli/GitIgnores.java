package dev.unblock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiPredicate;

import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * What git would ignore below a folder: the {@code .gitignore} files from the repository's top (the folder
 * holding {@code .git}) down to each path, and {@code .git/info/exclude}; outside a repository, the
 * {@code .gitignore} files from the project root down. The innermost file that has a say decides, as in git.
 */
final class GitIgnores implements BiPredicate<Path, Boolean> {
    private final Path top;
    private final IgnoreNode infoExclude;
    private final Map<Path, IgnoreNode> nodes = new HashMap<>();

    /** @param top the repository's top folder, or the project root outside a repository */
    GitIgnores(Path top, boolean repository) {
        this.top = top.toAbsolutePath().normalize();
        Path exclude = this.top.resolve(".git/info/exclude");
        this.infoExclude = repository && Files.isRegularFile(exclude) ? parse(exclude) : null;
    }

    /** True when git ignores this file or folder (an absolute path below the top). */
    @Override
    public boolean test(Path path, Boolean isFolder) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(top) || p.equals(top)) {
            return false;
        }
        for (Path dir = p.getParent(); dir != null && dir.startsWith(top); dir = dir.getParent()) {
            IgnoreNode node = nodes.computeIfAbsent(dir, d -> {
                Path file = d.resolve(".gitignore");
                return Files.isRegularFile(file) ? parse(file) : null;
            });
            if (node != null) {
                Boolean ignored = node.checkIgnored(relative(dir, p), isFolder);
                if (ignored != null) {
                    return ignored;
                }
            }
        }
        if (infoExclude != null) {
            Boolean ignored = infoExclude.checkIgnored(relative(top, p), isFolder);
            return ignored != null && ignored;
        }
        return false;
    }

    private static String relative(Path dir, Path p) {
        return dir.relativize(p).toString().replace('\\', '/');
    }

    private static IgnoreNode parse(Path file) {
        IgnoreNode node = new IgnoreNode();
        try (InputStream in = Files.newInputStream(file)) {
            node.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return node;
    }
}
