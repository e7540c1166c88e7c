package dev.unblock.migrate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.unblock.analysis.FactsExtractor;
import dev.unblock.analysis.FileFacts;
import dev.unblock.python.PythonSource;
import dev.unblock.python.PythonSyntaxError;
import dev.unblock.python.SourceDecoder;
import dev.unblock.python.SourceFile;

/**
 * Parsed facts per file, keyed by path and module name and kept while the file's decoded text is the same: a later
 * run over a mostly unchanged project parses only the files that changed. (The text is decoded for the parse
 * anyway; comparing it costs less than hashing the bytes did.) Bounded (least recently used entries go first). Thread-safe; files
 * are parsed outside the lock, on all cores ({@link #getAll}).
 */
public final class FactsCache {
    /** A parsed file: its decoded text and facts, or the syntax error it has. */
    public record Entry(String text, java.nio.charset.Charset charset, FileFacts facts, PythonSyntaxError error) {
    }

    /** A file to parse: its path, module name, whether it is a package's {@code __init__.py}, and its bytes. */
    public record Source(String path, String module, boolean isPackage, byte[] bytes) {
    }

    /**
     * Parsing threads shared by every engine in the process (daemons: they never keep it alive). Their stacks are
     * the JVM's default ({@code -Xss}), as the threads that called the engine before parsing moved here had.
     */
    private static final ExecutorService PARSERS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "unblock-parse");
                t.setDaemon(true);
                return t;
            });

    private final Map<String, Entry> entries;
    private final java.time.Duration parseLimit;
    private final AtomicLong parses = new AtomicLong();

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

    public Entry get(String path, String module, boolean isPackage, byte[] bytes) {
        SourceDecoder.Decoded decoded;
        try {
            decoded = SourceDecoder.decode(path, bytes);
        } catch (PythonSyntaxError e) {
            return new Entry(new String(bytes, StandardCharsets.UTF_8), StandardCharsets.UTF_8, null, e);
        }
        String key = path + '\0' + module;
        Entry e;
        synchronized (this) {
            e = entries.get(key);
        }
        if (e == null || !e.text().equals(decoded.text()) || !e.charset().equals(decoded.charset())) {
            e = parse(path, module, isPackage, decoded);
            synchronized (this) {
                entries.put(key, e);
            }
        }
        return e;
    }

    /**
     * The entries of many files, in their order, parsed in parallel; {@code times} gets the wall time, the
     * number of files parsed and the time the parsing threads spent.
     */
    public List<Entry> getAll(List<Source> sources, StageTimes times) {
        long started = System.nanoTime();
        long parsesBefore = parses.get();
        AtomicLong work = new AtomicLong();
        List<Future<Entry>> pending = new ArrayList<>(sources.size());
        for (Source s : sources) {
            pending.add(PARSERS.submit(() -> {
                long t0 = System.nanoTime();
                try {
                    return get(s.path(), s.module(), s.isPackage(), s.bytes());
                } finally {
                    work.addAndGet(System.nanoTime() - t0);
                }
            }));
        }
        List<Entry> out = new ArrayList<>(sources.size());
        try {
            for (Future<Entry> f : pending) {
                out.add(await(f));
            }
        } finally {
            pending.forEach(f -> f.cancel(false));
        }
        times.add(StageTimes.Stage.PARSE, System.nanoTime() - started);
        times.parsed((int) (parses.get() - parsesBefore), work.get());
        return out;
    }

    private static Entry await(Future<Entry> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        } catch (ExecutionException e) {
            // What a parse on the calling thread would have thrown (a deep tree's StackOverflowError included).
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** How many files were parsed (not served from the cache) so far. */
    public long parses() {
        return parses.get();
    }

    private Entry parse(String path, String module, boolean isPackage, SourceDecoder.Decoded decoded) {
        parses.incrementAndGet();
        try {
            SourceFile src = PythonSource.parse(path, decoded, parseLimit);
            return new Entry(src.text(), src.charset(), FactsExtractor.extract(src, path, module, isPackage), null);
        } catch (PythonSyntaxError e) {
            return new Entry(decoded.text(), decoded.charset(), null, e);
        }
    }
}
