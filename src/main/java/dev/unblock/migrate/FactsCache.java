package dev.unblock.migrate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.unblock.analysis.FactsExtractor;
import dev.unblock.analysis.FileFacts;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import dev.unblock.python.SourceFile;

/**
 * Parsed facts per file, keyed by path, module name and content hash: a later run over a mostly unchanged
 * project parses only the files that changed. Bounded (least recently used entries go first).
 */
public final class FactsCache {
    /** A parsed file: its decoded text and facts, or the syntax error it has. */
    public record Entry(String text, java.nio.charset.Charset charset, FileFacts facts, PythonSyntaxError error) {
    }

    private final Map<String, Entry> entries;
    private final java.time.Duration parseLimit;
    private long parses;

    public FactsCache(int capacity) {
        this(capacity, java.time.Duration.ofSeconds(20));
    }

    /** @param parseLimit how long one file may take to parse before it is reported instead (null: no limit) */
    public FactsCache(int capacity, java.time.Duration parseLimit) {
        this.parseLimit = parseLimit;
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized Entry get(String path, String module, boolean isPackage, byte[] bytes) {
        String key = path + '\0' + module + '\0' + sha256(bytes);
        Entry e = entries.get(key);
        if (e == null) {
            e = parse(path, module, isPackage, bytes);
            entries.put(key, e);
        }
        return e;
    }

    /** How many files were parsed (not served from the cache) so far. */
    public synchronized long parses() {
        return parses;
    }

    private Entry parse(String path, String module, boolean isPackage, byte[] bytes) {
        parses++;
        try {
            SourceFile src = PythonSource.parse(path, bytes, parseLimit);
            return new Entry(src.text(), src.charset(), FactsExtractor.extract(src, path, module, isPackage), null);
        } catch (PythonSyntaxError e) {
            return new Entry(new String(bytes, StandardCharsets.UTF_8), StandardCharsets.UTF_8, null, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
