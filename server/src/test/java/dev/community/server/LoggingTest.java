package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.community.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
    final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void resetLogback() throws Exception {
        context.reset();
        new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
    }

    @Test
    void jsonFormatSwitchesTheConsoleToOneJsonObjectPerLine() {
        Logging.apply(ConfigLoader.load(new String[] {"--log.format=json", "--log.level=WARN",
                "--auth.jwt.secret=logging-test-secret-0123456789abcdef"}, Map.of()));
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel().toString()).isEqualTo("WARN");
        var appender = (OutputStreamAppender<ILoggingEvent>) root.getAppender("json");
        assertThat(appender).isNotNull();
        assertThat(appender.getEncoder()).isInstanceOf(JsonEncoder.class);
    }

    @Test
    void levelsChangeAtRunTimeAndBadLevelsAreRefused() {
        assertThat(Logging.setLevel("dev.community.example", "DEBUG")).isTrue();
        assertThat(LoggerFactory.getLogger("dev.community.example").isDebugEnabled()).isTrue();
        assertThat(Logging.setLevel("dev.community.example", "LOUD")).isFalse();
    }
}
