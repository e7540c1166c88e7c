package dev.unblock.jobs;

import java.io.IOException;

/**
 * A job failure that time can fix (a timeout, GitHub's 5xx, a dropped connection, a commit GitHub has not
 * published yet): the job is retried with back-off. It is an IOException so that it can travel through
 * libraries whose callbacks may only throw IOException.
 */
public class TransientFailure extends IOException {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailure(String message) {
        super(message);
    }
}
