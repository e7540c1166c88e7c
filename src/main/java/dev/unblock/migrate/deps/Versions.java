package dev.unblock.migrate.deps;

/** Plain dotted release numbers (4.2, 1.4.0): comparing and padding. */
final class Versions {
    private Versions() {
    }

    static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** {@code version} with zeros added to have as many parts as {@code like} (4.2 like 4.1.0 → 4.2.0). */
    static String padded(String version, String like) {
        StringBuilder out = new StringBuilder(version);
        for (int n = version.split("\\.").length; n < like.split("\\.").length; n++) {
            out.append(".0");
        }
        return out.toString();
    }

    private static int part(String[] parts, int i) {
        if (i >= parts.length || parts[i].isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(parts[i]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
