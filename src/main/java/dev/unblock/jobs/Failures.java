package dev.unblock.jobs;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;

/**
 * Sorts a job's failure. Only what time can fix is retried: timeouts, dropped or refused connections, the
 * database not answering, and what a processor marked {@link TransientFailure} (GitHub's 5xx, for one). A rate
 * limit ({@link RetryLater}) is waited out. Everything else (a 404, input the App cannot process, a bug) ends the
 * job at once: retrying would only hold later jobs of the repository back.
 */
public final class Failures {
    public enum Kind { WAIT, RETRY, PERMANENT }

    private Failures() {
    }

    public static Kind kind(Throwable failure) {
        if (PermanentFailure.in(failure) != null) {
            return Kind.PERMANENT;
        }
        if (RetryLater.in(failure) != null) {
            return Kind.WAIT;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientFailure || t instanceof SocketException || t instanceof SocketTimeoutException
                    || t instanceof HttpTimeoutException || t instanceof UnknownHostException || t instanceof EOFException
                    || t instanceof javax.net.ssl.SSLException || t instanceof SQLException || t instanceof OutOfMemoryError) {
                return Kind.RETRY;
            }
        }
        return Kind.PERMANENT;
    }

    /** The innermost message worth showing, as "Type: message" (the wrappers of libraries left out). */
    public static String describe(Throwable failure) {
        Throwable shown = failure;
        while (shown != null && shown.getCause() != null && shown.getCause() != shown
                && (shown instanceof JobQueue.JobFailed || shown.getMessage() == null
                || shown.getClass() == RuntimeException.class || shown.getClass() == java.util.concurrent.ExecutionException.class)) {
            shown = shown.getCause();
        }
        if (shown == null) {
            return "unknown";
        }
        if (shown instanceof PermanentFailure || shown instanceof TransientFailure || shown instanceof RetryLater) {
            return shown.getMessage();
        }
        return shown.getClass().getSimpleName() + ": " + shown.getMessage();
    }
}
