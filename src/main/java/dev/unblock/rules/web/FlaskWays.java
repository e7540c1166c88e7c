package dev.unblock.rules.web;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FastAPI's way for the Flask names and app or blueprint attributes the port does not map (data:
 * {@code flask-ways.tsv}), quoted by their findings so that each says what to write instead.
 */
final class FlaskWays {
    private static final Map<String, String> WAYS = load();

    private FlaskWays() {
    }

    /**
     * "; FastAPI's way: …" for a flask name or an attribute of an app or blueprint; for another attribute of an app
     * (one the project sets, such as {@code app.redis}), app.state; else nothing.
     */
    static String of(String name, boolean appAttribute) {
        String way = WAYS.get(name);
        if (way == null && appAttribute && !name.isEmpty()) {
            way = "app.state." + name + " (read as request.app.state." + name + " in handlers)";
        }
        return way == null ? "" : "; FastAPI's way: " + way;
    }

    private static Map<String, String> load() {
        Map<String, String> out = new LinkedHashMap<>();
        DataTable.rows("flask-ways.tsv", 2).forEach(f -> out.put(f[0], f[1]));
        return Map.copyOf(out);
    }
}
