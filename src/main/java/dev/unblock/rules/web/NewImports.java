package dev.unblock.rules.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The imports a ported module needs, grouped by module, written in place of its {@code from flask import …}. */
final class NewImports {
    private final Map<String, Set<String>> from = new LinkedHashMap<>();
    private final Set<String> plain = new TreeSet<>();
    private final String compatModule;

    NewImports(String compatModule) {
        this.compatModule = compatModule;
    }

    void fastapi(String name) {
        add("fastapi", name);
    }

    void responses(String name) {
        add("fastapi.responses", name);
    }

    void typing(String name) {
        add("typing", name);
    }

    /** A helper of the support module (flask_compat). */
    void compat(String name) {
        add(compatModule, name);
    }

    void add(String module, String name) {
        from.computeIfAbsent(module, k -> new TreeSet<>()).add(name);
    }

    void module(String name) {
        plain.add(name);
    }

    /** Every name these imports bind. */
    Set<String> boundNames() {
        Set<String> out = new TreeSet<>(plain);
        from.values().forEach(out::addAll);
        return out;
    }

    /** Whether the module reads form fields (FastAPI parses forms with python-multipart). */
    boolean readsForm() {
        Set<String> names = from.getOrDefault(compatModule, Set.of());
        return names.contains("form_field") || names.contains("form_list") || names.contains("request_form");
    }

    boolean isEmpty() {
        return from.isEmpty() && plain.isEmpty();
    }

    /** The import lines: standard library first, then fastapi and uvicorn, then the support module. */
    List<String> lines() {
        List<String> stdlib = new ArrayList<>();
        List<String> third = new ArrayList<>();
        List<String> first = new ArrayList<>();
        for (String m : plain) {
            if (m.equals(compatModule) && from.containsKey(compatModule)) {
                continue; // importing a name from it runs it too
            }
            (m.equals("os") ? stdlib : m.equals(compatModule) ? first : third).add("import " + m);
        }
        for (Map.Entry<String, Set<String>> e : new java.util.TreeMap<>(from).entrySet()) {
            String line = "from " + e.getKey() + " import " + String.join(", ", e.getValue());
            if (e.getKey().equals("typing") || e.getKey().equals("contextlib")) {
                stdlib.add(line);
            } else if (e.getKey().equals(compatModule) || e.getKey().endsWith("sqlalchemy_compat")) {
                first.add(line);
            } else {
                third.add(line);
            }
        }
        List<String> out = new ArrayList<>(stdlib);
        out.addAll(third);
        out.addAll(first);
        return out;
    }
}
