package dev.community.loadtest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.community.loadtest.LoadtestMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The subcommand's options (refused before anything binds) and its report lines. */
class WebhookSinkCommandTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "", "--port=abc", "--port=70000", "--port=0 --threads=3", "--port=0 --threads=0",
            "--port=0 --report-every=0", "--port=0 --secret=whsec_not*base64", "--port=0 --secret=whsec_"})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void badOptionsExit2(String options) {
        StringWriter err = new StringWriter();
        CommandLine command = LoadtestMain.commandLine().setErr(new PrintWriter(err))
                .setOut(new PrintWriter(new StringWriter()));
        String[] args = ("webhook-sink " + options).trim().split(" ");

        assertThat(command.execute(args)).isEqualTo(2);
        assertThat(err.toString()).isNotEmpty();
    }

    @Test
    void theReporterPrintsTheLineAtItsIntervalAndOnceMoreWhenClosed() {
        SinkCounters counters = new SinkCounters();
        StringWriter out = new StringWriter();
        counters.accepted("msg_1");
        counters.accepted("msg_1");
        counters.refused();
        SinkReporter reporter = SinkReporter.start(counters, new PrintWriter(out), Duration.ofMillis(20));

        await().atMost(Duration.ofSeconds(5)).until(() -> out.toString().lines().count() >= 2);
        counters.accepted("msg_2");
        reporter.close();
        reporter.close();

        assertThat(out.toString().lines()).allMatch(line -> line.matches(
                "received=\\d+ unique=\\d+ duplicates=1 bad_signature=1"));
        assertThat(out.toString().lines().reduce((a, b) -> b))
                .hasValue("received=3 unique=2 duplicates=1 bad_signature=1");
    }
}
