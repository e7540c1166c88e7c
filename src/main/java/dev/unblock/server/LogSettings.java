package dev.unblock.server;

import java.util.Locale;
import java.util.Map;

/**
 * How {@code serve} logs: {@value #FORMAT} ({@code text}, one line per event, or {@code json}, one JSON object per
 * line) and {@value #LEVEL} (Unblock's own level; libraries stay at WARN, or ERROR when that is asked for).
 */
public record LogSettings(Format format, Level level) {
    public static final String FORMAT = "UNBLOCK_LOG_FORMAT";
    public static final String LEVEL = "UNBLOCK_LOG_LEVEL";

    public enum Format { TEXT, JSON }

    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }

    public static final LogSettings DEFAULT = new LogSettings(Format.TEXT, Level.INFO);

    public static LogSettings fromEnvironment(Map<String, String> env) throws SettingsException {
        return new LogSettings(parse(env, FORMAT, Format.class, Format.TEXT), parse(env, LEVEL, Level.class, Level.INFO));
    }

    private static <E extends Enum<E>> E parse(Map<String, String> env, String name, Class<E> type, E fallback)
            throws SettingsException {
        String text = Settings.optional(env, name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E value : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(value.name().toLowerCase(Locale.ROOT));
            }
            String given = text.strip();
            throw new SettingsException(name + " must be one of " + allowed + " (not \""
                    + (given.length() > 40 ? given.substring(0, 40) + "…" : given) + "\")");
        }
    }
}
