package dev.community.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import dev.community.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies log.level and log.format to Logback at start-up (and the level again at run time, from the admin API). */
public final class Logging {
    private Logging() {
    }

    public static void apply(ServerConfig config) {
        setLevel(Logger.ROOT_LOGGER_NAME, config.logLevel());
        if ("json".equals(config.logFormat())) {
            useJson();
        }
    }

    /** Sets a logger's level; returns false when the level name is not a Logback level. */
    public static boolean setLevel(String loggerName, String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        context.getLogger(loggerName).setLevel(parsed);
        return true;
    }

    private static void useJson() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("json");
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
    }
}
