package dev.unblock.migrate;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Include/exclude globs over repository paths, read as {@code .gitignore} lines are: a pattern without a slash
 * matches a name at any depth ({@code *.py}, {@code legacy}); one with a slash is anchored at the root
 * ({@code src/legacy}, {@code /setup.py}); {@code **} stands for any number of folders, none included
 * ({@code **}{@code /*.py} matches {@code a.py}); a pattern that matches a folder matches everything in it; a
 * trailing {@code /} matches folders only; {@code !} negates an earlier match of the same list (the last
 * matching pattern decides). No includes means everything.
 */
public final class PathGlobs {
    private final List<Glob> include;
    private final List<Glob> exclude;

    public PathGlobs(List<String> include, List<String> exclude) {
        this.include = include.stream().map(Glob::of).toList();
        this.exclude = exclude.stream().map(Glob::of).toList();
    }

    public static PathGlobs everything() {
        return new PathGlobs(List.of(), List.of());
    }

    /** A repository-relative file path ('/' separators) inside the globs. */
    public boolean matches(String path) {
        boolean in = include.isEmpty() || lastMatch(include, path) == Boolean.TRUE;
        return in && lastMatch(exclude, path) != Boolean.TRUE;
    }

    /** A Python source file inside the globs. */
    public boolean selectsPython(String path) {
        return path.endsWith(".py") && matches(path);
    }

    /** True or false from the last pattern matching the path (false for a negated one), null when none does. */
    private static Boolean lastMatch(List<Glob> globs, String path) {
        Boolean result = null;
        for (Glob g : globs) {
            if (g.pattern().matcher(path).matches()) {
                result = !g.negated();
            }
        }
        return result;
    }

    /** One pattern compiled to a regular expression over the whole path. */
    private record Glob(Pattern pattern, boolean negated) {
        /** Throws IllegalArgumentException naming the problem for a malformed pattern. */
        static Glob of(String glob) {
            String g = glob.strip();
            boolean negated = g.startsWith("!");
            if (negated) {
                g = g.substring(1);
            }
            boolean folderOnly = g.endsWith("/");
            while (g.endsWith("/")) {
                g = g.substring(0, g.length() - 1);
            }
            if (g.isEmpty()) {
                throw new IllegalArgumentException("empty pattern");
            }
            boolean anchored = g.contains("/");
            if (g.startsWith("/")) {
                g = g.substring(1);
            }
            StringBuilder re = new StringBuilder(anchored ? "" : "(?:.*/)?");
            translate(g, re);
            // What matches a folder matches everything inside it; a trailing '/' asks for a folder.
            re.append(folderOnly ? "/.+" : "(?:/.+)?");
            return new Glob(Pattern.compile(re.toString()), negated);
        }

        private static void translate(String g, StringBuilder re) {
            int n = g.length();
            for (int i = 0; i < n; i++) {
                char c = g.charAt(i);
                boolean segmentStart = i == 0 || g.charAt(i - 1) == '/';
                if (c == '*' && i + 1 < n && g.charAt(i + 1) == '*' && segmentStart
                        && (i + 2 == n || g.charAt(i + 2) == '/')) {
                    if (i + 2 == n) {
                        re.append(".*");
                        i += 1;
                    } else {
                        re.append("(?:.*/)?");
                        i += 2;
                    }
                } else if (c == '*') {
                    re.append("[^/]*");
                } else if (c == '?') {
                    re.append("[^/]");
                } else if (c == '[') {
                    i = characterClass(g, i, re);
                } else if (c == '\\') {
                    if (i + 1 == n) {
                        throw new IllegalArgumentException("trailing backslash");
                    }
                    re.append(Pattern.quote(String.valueOf(g.charAt(++i))));
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
        }

        /** Copies {@code [...]} (with {@code !} or {@code ^} negating) and returns the index of its ']'. */
        private static int characterClass(String g, int open, StringBuilder re) {
            int i = open + 1;
            StringBuilder cls = new StringBuilder("[");
            if (i < g.length() && (g.charAt(i) == '!' || g.charAt(i) == '^')) {
                cls.append('^');
                i++;
            }
            int first = i;
            for (; i < g.length(); i++) {
                char c = g.charAt(i);
                if (c == ']' && i > first) {
                    re.append(cls).append("&&[^/]]");
                    return i;
                }
                if (c == '/') {
                    break;
                }
                if (c == '\\' || c == '[' || c == '&' || c == '^') {
                    cls.append('\\');
                }
                cls.append(c);
            }
            throw new IllegalArgumentException("unclosed character class at index " + open);
        }
    }
}
