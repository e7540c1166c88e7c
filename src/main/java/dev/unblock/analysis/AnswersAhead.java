package dev.unblock.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.unblock.analysis.FileFacts.CallFact;
import dev.unblock.analysis.FileFacts.ReferenceFact;

/**
 * Works out ahead, on several threads, what the plan asks the resolver of nearly every call and reference of a
 * project (a call's callee and receiver, a reference's value), which is most of its resolving. Each thread takes the
 * next file not yet taken and asks with a resolver of its own sharing the first one's answers; an answer is the same
 * whichever thread works it out and in whatever order (see {@link ResolverMemo}), so the plan reads the same answers
 * it would have worked out itself.
 */
public final class AnswersAhead {
    /** Resolving recurses deeply (a chain of parameters typed by callers): the threads get the stack the CLI's has. */
    private static final long STACK_BYTES = 64L << 20;

    private AnswersAhead() {
    }

    /** Answers every file's questions with {@code resolver} and {@code threads - 1} more threads; back when done. */
    public static void answer(Resolver resolver, int threads) {
        long started = System.nanoTime();
        long ownBefore = resolver.nanos();
        try {
            answerOnThreads(resolver, threads);
        } finally {
            // the stage timings count the wall time of the whole pass as resolving, not only this thread's part
            resolver.addNanos(System.nanoTime() - started - (resolver.nanos() - ownBefore));
        }
    }

    private static void answerOnThreads(Resolver resolver, int threads) {
        List<FileFacts> files = new ArrayList<>();
        resolver.index().files().forEach(files::add);
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Thread> helpers = new ArrayList<>();
        for (int i = 1; i < Math.min(threads, files.size()); i++) {
            Resolver own = Resolver.sharing(resolver);
            Thread t = new Thread(null, () -> {
                try {
                    answerFiles(own, files, next);
                } catch (Throwable e) {
                    failed.compareAndSet(null, e);
                    next.set(files.size()); // the others stop too
                }
            }, "unblock-resolve-" + i, STACK_BYTES);
            t.setDaemon(true);
            helpers.add(t);
            t.start();
        }
        try {
            answerFiles(resolver, files, next);
        } finally {
            next.set(files.size());
            for (Thread t : helpers) {
                joinUninterruptibly(t);
            }
        }
        Throwable e = failed.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    private static void answerFiles(Resolver resolver, List<FileFacts> files, AtomicInteger next) {
        for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
            FileFacts file = files.get(i);
            for (CallFact call : file.calls()) {
                resolver.callee(file, call);
                if (!call.callee().steps().isEmpty()) {
                    resolver.receiver(file, call);
                }
            }
            for (ReferenceFact r : file.references()) {
                resolver.reference(file, r);
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
