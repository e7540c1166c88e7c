package dev.unblock.server;

/** A setting is missing or unreadable; the message is one line fit for the operator and never holds a secret. */
public class SettingsException extends Exception {
    public SettingsException(String message) {
        super(message);
    }
}
