package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Django {@code path()} route as a FastAPI path: {@code <int:pk>/} → {@code /{pk:int}/}, {@code <str:s>} and
 * {@code <s>} → {@code {s}}, {@code <uuid:u>} → {@code {u:uuid}} (Starlette's pattern is Django's), {@code <slug:s>}
 * and {@code <path:p>} → the convertors the support module registers with Django's exact patterns. Custom
 * converters and {@code re_path} are not mapped.
 *
 * @param path   the FastAPI path, with its leading slash
 * @param params each variable and its Python type annotation ("" when none is written)
 */
record DjangoRoute(String path, List<Param> params) {
    /** A route variable: its name, the annotation its handler parameter needs ("" when none), its converter. */
    record Param(String name, String annotation, String converter) {
        /** True when a view's own annotation of this variable says what FastAPI will hand it. */
        boolean accepts(String written) {
            return switch (converter) {
                case "int" -> written.equals("int");
                case "uuid" -> written.equals("UUID") || written.equals("uuid.UUID");
                default -> written.equals("str");
            };
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("<(?:([^>:]+):)?([^>]+)>");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** The FastAPI path of a route written under {@code prefix} (both as Django writes them, without a leading slash). */
    static DjangoRoute of(String route) throws IllegalArgumentException {
        if (route.startsWith("/")) {
            throw new IllegalArgumentException("a route starting with a slash never matches in Django");
        }
        Matcher m = VARIABLE.matcher(route);
        StringBuilder out = new StringBuilder("/");
        List<Param> params = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            out.append(RoutePath.literal(route.substring(last, m.start())));
            String converter = m.group(1) == null ? "str" : m.group(1);
            String name = m.group(2);
            if (!IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("the variable <" + m.group() + "> is not a Python name");
            }
            String convertor = switch (converter) {
                case "str" -> "";
                case "int" -> "int";
                case "uuid" -> "uuid";
                case "slug" -> "django_slug";
                case "path" -> "django_path";
                default -> throw new IllegalArgumentException("the converter " + converter
                        + " is the project's own; FastAPI has none of that name");
            };
            params.add(new Param(name, converter.equals("int") ? "int" : "", converter));
            out.append('{').append(name).append(convertor.isEmpty() ? "" : ":" + convertor).append('}');
            last = m.end();
        }
        out.append(RoutePath.literal(route.substring(last)));
        return new DjangoRoute(out.toString(), params);
    }

    /** The prefix an {@code include} gives, as FastAPI's {@code include_router} takes it ("" or "/polls"). */
    static String prefix(String route) throws IllegalArgumentException {
        if (route.isEmpty()) {
            return "";
        }
        if (!route.endsWith("/") || route.startsWith("/") || route.indexOf('<') >= 0) {
            throw new IllegalArgumentException("an include under \"" + route + "\" (only literal prefixes ending "
                    + "with a slash are mapped)");
        }
        return "/" + RoutePath.literal(route.substring(0, route.length() - 1));
    }

    boolean usesSupportConvertors() {
        return path.contains(":django_");
    }

    /** The literal start of a path() route: up to its first variable. */
    static String literalPrefix(String route) {
        int at = route.indexOf('<');
        return at < 0 ? route : route.substring(0, at);
    }

    /** The literal start of a regular expression Django searches from the start of the path ("" when unknown). */
    static String regexPrefix(String regex) {
        if (!regex.startsWith("^")) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (".^$*+?{}[]|()".indexOf(c) >= 0) {
                // a quantifier makes the character before it optional
                return "*?{".indexOf(c) >= 0 && out.length() > 0 ? out.substring(0, out.length() - 1) : out.toString();
            }
            if (c == '\\') {
                if (i + 1 < regex.length() && "./-_".indexOf(regex.charAt(i + 1)) >= 0) {
                    out.append(regex.charAt(++i));
                    continue;
                }
                return out.toString();
            }
            out.append(c);
        }
        return out.toString();
    }
}
