package dev.unblock.migrate;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/** Include/exclude globs over repository paths ({@code **} crosses directories); no includes means all. */
public final class PathGlobs {
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    public PathGlobs(List<String> include, List<String> exclude) {
        this.include = include.stream().map(PathGlobs::matcher).toList();
        this.exclude = exclude.stream().map(PathGlobs::matcher).toList();
    }

    public static PathGlobs everything() {
        return new PathGlobs(List.of(), List.of());
    }

    /** Throws IllegalArgumentException with the glob's error for a malformed pattern. */
    private static PathMatcher matcher(String glob) {
        return FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }

    public boolean matches(String path) {
        Path p = Path.of(path);
        boolean in = include.isEmpty() || include.stream().anyMatch(m -> m.matches(p));
        return in && exclude.stream().noneMatch(m -> m.matches(p));
    }

    /** A Python source file inside the globs. */
    public boolean selectsPython(String path) {
        return path.endsWith(".py") && matches(path);
    }
}
