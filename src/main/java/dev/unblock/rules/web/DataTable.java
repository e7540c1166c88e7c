package dev.unblock.rules.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The rows of a tab-separated table of knowledge shipped beside these rules ({@code #} lines are comments). */
final class DataTable {
    private DataTable() {
    }

    static List<String[]> rows(String name, int columns) {
        var in = DataTable.class.getResourceAsStream("/dev/unblock/rules/web/" + name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the jar");
        }
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != columns) {
                    throw new IllegalStateException(name + ": " + columns + " columns expected in: " + line);
                }
                out.add(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
