package dev.unblock.jobs;

/** A job failure that retrying cannot fix (e.g. GitHub answered 404 or 422): the job stops at once. */
public class PermanentFailure extends Exception {
    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public static PermanentFailure in(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof PermanentFailure permanent) {
                return permanent;
            }
        }
        return null;
    }
}
