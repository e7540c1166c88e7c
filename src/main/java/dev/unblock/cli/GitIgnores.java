package dev.unblock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.ignore.IgnoreNode;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import dev.unblock.migrate.DirectorySnapshot;

/**
 * What git would ignore below a folder: the {@code .gitignore} files from the repository's top (the folder
 * holding {@code .git}) down to each path, and {@code .git/info/exclude}; outside a repository, the
 * {@code .gitignore} files from the project root down. The innermost file that has a say decides, as in git. A file
 * the repository tracks is never ignored, as in git: you-get's {@code .gitignore} says {@code _*}, which matches
 * every {@code __init__.py} it commits.
 */
final class GitIgnores implements BiPredicate<Path, Boolean> {
    private final Path top;
    private final IgnoreNode infoExclude;
    private final Map<Path, IgnoreNode> nodes = new HashMap<>();
    /** Paths (relative to the top) of the files the index tracks, and of every folder above them. */
    private final Set<String> tracked;

    /** @param top the repository's top folder, or the project root outside a repository */
    GitIgnores(Path top, boolean repository) {
        this.top = top.toAbsolutePath().normalize();
        Path exclude = this.top.resolve(".git/info/exclude");
        this.infoExclude = repository && Files.isRegularFile(exclude) ? parse(exclude) : null;
        this.tracked = repository ? tracked(this.top) : Set.of();
    }

    /** The index's files and their folders; none when the index cannot be read (then the patterns alone decide). */
    private static Set<String> tracked(Path top) {
        Set<String> out = new HashSet<>();
        try (Repository repo = new FileRepositoryBuilder().setWorkTree(top.toFile()).readEnvironment().setMustExist(true)
                .findGitDir(top.toFile()).build()) {
            DirCache index = repo.readDirCache();
            for (int i = 0; i < index.getEntryCount(); i++) {
                String path = index.getEntry(i).getPathString();
                while (out.add(path) && path.lastIndexOf('/') > 0) {
                    path = path.substring(0, path.lastIndexOf('/'));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
        return out;
    }

    /** True when git ignores this file or folder (an absolute path below the top). */
    @Override
    public boolean test(Path path, Boolean isFolder) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(top) || p.equals(top) || tracked.contains(relative(top, p))) {
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
        return DirectorySnapshot.relative(dir, p);
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
