package dev.unblock.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * Logback, set up in code: every event to stderr, as text lines or as one JSON object a line (logstash-logback-encoder:
 * {@code @timestamp}, {@code level}, {@code logger_name}, {@code thread_name}, {@code message}, {@code stack_trace},
 * the job's {@code delivery}/{@code event}/{@code repository} and any {@code key=value} argument as fields).
 * Unblock's loggers log at the chosen level; every library at WARN, so their start-up chatter (Jetty, Javalin,
 * HikariCP, Flyway, db-scheduler, JGit, WireMock in tests) stays out unless it is a problem.
 */
public final class Logging {
    static final String OWN = "dev.unblock";
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %msg%n";

    private Logging() {
    }

    /** Replaces whatever logging was set up before. */
    public static void apply(LogSettings settings) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        configure(context, settings);
    }

    static void configure(LoggerContext context, LogSettings settings) {
        context.reset();
        Encoder<ILoggingEvent> encoder = settings.format() == LogSettings.Format.JSON ? json(context) : text(context);
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Level own = Level.toLevel(settings.level().name());
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(own.isGreaterOrEqual(Level.WARN) ? own : Level.WARN);
        root.addAppender(stderr);
        context.getLogger(OWN).setLevel(own);
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT_PATTERN);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = new LogstashFieldNames();
        // Kept out: constant or duplicated fields.
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        encoder.setFieldNames(names);
        encoder.setIncludeContext(false);
        encoder.start();
        return encoder;
    }
}
