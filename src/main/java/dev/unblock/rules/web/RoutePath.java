package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flask (werkzeug) URL rule as a FastAPI path: {@code <name>} → {@code {name}}, {@code <int:id>} →
 * {@code {id:int}}, {@code <path:p>} → {@code {p:path}}; {@code <float:x>} and {@code <uuid:u>} use the convertors
 * the support module registers, because Starlette's accept other strings ({@code 3} as a float, upper-case hex is
 * refused in a UUID). The trailing slash is kept as written. A converter with arguments ({@code <int(min=1):x>}),
 * {@code any(...)} or a custom converter is not mapped.
 */
record RoutePath(String path, List<Param> params) {
    /** A path parameter; {@code annotation} is the Python type the handler receives (empty for str). */
    record Param(String name, String converter, String annotation) {
    }

    private static final Pattern VARIABLE = Pattern.compile("<(?:([a-zA-Z_][a-zA-Z0-9_]*)(\\([^)]*\\))?:)?([a-zA-Z_][a-zA-Z0-9_]*)>");

    /** The FastAPI path of a rule; the message of the exception says why a rule cannot be mapped. */
    static RoutePath of(String rule) throws IllegalArgumentException {
        Matcher m = VARIABLE.matcher(rule);
        StringBuilder out = new StringBuilder();
        List<Param> params = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            out.append(literal(rule.substring(last, m.start())));
            String converter = m.group(1) == null ? "default" : m.group(1);
            String name = m.group(3);
            if (m.group(2) != null) {
                throw new IllegalArgumentException("the converter " + converter + m.group(2)
                        + " takes arguments, which FastAPI's path convertors do not");
            }
            Param p = switch (converter) {
                case "default", "string" -> new Param(name, "", "");
                case "int" -> new Param(name, "int", "int");
                case "float" -> new Param(name, "flask_float", "float");
                case "path" -> new Param(name, "path", "");
                case "uuid" -> new Param(name, "flask_uuid", "");
                default -> throw new IllegalArgumentException("the converter " + converter
                        + " has no FastAPI counterpart");
            };
            params.add(p);
            out.append('{').append(name).append(p.converter().isEmpty() ? "" : ":" + p.converter()).append('}');
            last = m.end();
        }
        out.append(literal(rule.substring(last)));
        return new RoutePath(out.toString(), params);
    }

    /** A literal part of a rule: no variable, and no braces FastAPI would read as one. */
    static String literal(String part) {
        if (part.indexOf('<') >= 0 || part.indexOf('>') >= 0) {
            throw new IllegalArgumentException("the rule has a variable part this port does not read");
        }
        if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
            throw new IllegalArgumentException("braces in the rule would be read as parameters by FastAPI");
        }
        return part;
    }

    /**
     * The other path a rule with strict_slashes=False answers (its trailing slash added or taken away), or null
     * when there is none: the root, and a rule ending in a path variable (which takes the slash itself).
     */
    static String slashAlias(String path) {
        if (path.equals("/") || path.matches(".*(:path\\}|<path:\\w+>)")) {
            return null;
        }
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
    }

    boolean usesSupportConvertors() {
        return params.stream().anyMatch(p -> p.converter().startsWith("flask_"));
    }
}
