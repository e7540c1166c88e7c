package dev.unblock.behaviour;

import java.util.List;
import java.util.Map;

/** Just enough JSON writing for the test server; the programs do the parsing. */
final class Json {
    private Json() {
    }

    /** Writes strings, numbers, booleans, null, lists, maps and {@link Raw} text already in JSON. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** JSON text that goes in as it is (a request body echoed back). */
    record Raw(String text) {
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Raw raw) {
            out.append(raw.text());
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(sep);
                quote(out, e.getKey().toString());
                out.append(": ");
                append(out, e.getValue());
                sep = ", ";
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            String sep = "";
            for (Object item : list) {
                out.append(sep);
                append(out, item);
                sep = ", ";
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass());
        }
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
