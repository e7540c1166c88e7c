package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether two Flask rules ({@code /items/<int:id>}, {@code /files/<path:p>}) may match a common path. In a partial
 * port the moved routes answer before the mounted Flask app, so a moved route must not take a path a route left on
 * Flask matches (Werkzeug orders rules by how specific they are, not as FastAPI does). When unsure it says they
 * overlap: the route then stays on Flask.
 */
final class FlaskRuleOverlap {
    private static final Pattern VARIABLE = Pattern.compile("<(?:([a-zA-Z_][a-zA-Z0-9_]*)(\\([^)]*\\))?:)?[a-zA-Z_][a-zA-Z0-9_]*>");

    private FlaskRuleOverlap() {
    }

    /** True when some path may be matched by both rules (trailing slashes ignored: Flask redirects between them). */
    static boolean overlap(String a, String b) {
        List<String> x = segments(a);
        List<String> y = segments(b);
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
            if (hasPath(x.get(i)) || hasPath(y.get(i))) {
                return true; // a path convertor takes the rest, slashes included
            }
            if (!segmentsOverlap(x.get(i), y.get(i))) {
                return false;
            }
        }
        return x.size() == y.size();
    }

    private static List<String> segments(String rule) {
        String r = rule;
        while (r.endsWith("/") && r.length() > 1) {
            r = r.substring(0, r.length() - 1);
        }
        List<String> out = new ArrayList<>(List.of(r.split("/", -1)));
        if (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        return out;
    }

    private static boolean hasPath(String segment) {
        Matcher m = VARIABLE.matcher(segment);
        while (m.find()) {
            if ("path".equals(m.group(1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean segmentsOverlap(String x, String y) {
        boolean xv = VARIABLE.matcher(x).find();
        boolean yv = VARIABLE.matcher(y).find();
        if (!xv && !yv) {
            return x.equals(y);
        }
        if (xv && yv) {
            return true; // two variable segments: assume they can meet
        }
        String literal = xv ? y : x;
        return regex(xv ? x : y).matcher(literal).matches();
    }

    /** The segment as Werkzeug matches it (convertors it does not know match anything). */
    private static Pattern regex(String segment) {
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(segment);
        int at = 0;
        while (m.find()) {
            out.append(Pattern.quote(segment.substring(at, m.start())));
            String conv = m.group(1) == null ? "default" : m.group(1);
            out.append(switch (conv) {
                case "int" -> "\\d+";
                case "float" -> "\\d+\\.\\d+";
                case "uuid" -> "[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}";
                default -> ".+";
            });
            at = m.end();
        }
        out.append(Pattern.quote(segment.substring(at)));
        return Pattern.compile(out.toString());
    }
}
