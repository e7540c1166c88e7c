package dev.unblock.migrate.deps;

import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEP 508 requirement as written ({@code name[extras] spec ; marker}), editable without losing what is
 * around it. Names compare normalized (PEP 503: case and runs of {@code -_.} do not matter).
 */
record Requirement(String name, String extras, String spec, String marker) {
    private static final Pattern FORM = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9._-]*)\\s*(\\[[^\\]]*\\])?\\s*([^;]*?)\\s*(;.*)?");

    /** Null when the text is not a plain requirement (an option, a URL, a path). */
    static Requirement parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches() || m.group(3).contains("@") || m.group(3).contains("/")) {
            return null;
        }
        String spec = m.group(3).strip();
        if (!spec.isEmpty() && !spec.matches("[<>=!~(].*")) {
            return null;
        }
        return new Requirement(m.group(1), m.group(2) == null ? "" : m.group(2), spec,
                m.group(4) == null ? "" : m.group(4));
    }

    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    String key() {
        return normalize(name);
    }

    /** {@code name[extras]spec; marker} (a space before the marker's semicolon, as pip writes it). */
    String text() {
        return name + extras + spec + (marker.isEmpty() ? "" : " " + marker);
    }

    /** This requirement with another package in its place: the marker stays, extras and version go. */
    Requirement replacedBy(Requirement other) {
        return new Requirement(other.name, other.extras, other.spec, marker);
    }

    /** The extras of both. */
    Requirement withExtras(String more) {
        if (more.isEmpty()) {
            return this;
        }
        TreeSet<String> all = new TreeSet<>();
        for (String e : (extras + more).replace("[", ",").replace("]", ",").split(",")) {
            if (!e.isBlank()) {
                all.add(e.strip());
            }
        }
        return new Requirement(name, "[" + String.join(",", all) + "]", spec, marker);
    }

    /**
     * At least {@code minimum} (a version such as 4.2), in the style the requirement already has: an exact pin
     * moves to the first version that has what is needed ({@code ==4.1.0} → {@code ==4.2.0}), {@code ~=} and
     * {@code >=} move their bound; a bound that already allows nothing older stays; no version gets {@code >=}.
     */
    Requirement atLeast(String minimum) {
        Matcher single = Pattern.compile("(==|~=|>=|\\^|~)?\\s*([0-9][0-9.]*)").matcher(spec);
        if (spec.isEmpty()) {
            return new Requirement(name, extras, ">=" + minimum, marker);
        }
        if (!single.matches()) {
            return new Requirement(name, extras, ">=" + minimum, marker);
        }
        String current = single.group(2);
        if (Versions.compare(current, minimum) >= 0) {
            return this;
        }
        String op = single.group(1) == null ? "" : single.group(1);
        return new Requirement(name, extras, op + Versions.padded(minimum, current), marker);
    }
}
