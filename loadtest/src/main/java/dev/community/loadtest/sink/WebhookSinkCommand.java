package dev.community.loadtest.sink;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code community-loadtest webhook-sink}: the receiver the webhook benchmarks point the server at. It runs until the
 * JVM is stopped (the bench scripts send SIGTERM); a shutdown hook closes the socket and prints the final counts.
 * Exit code 2 for bad options, as for the scenarios.
 */
@Command(name = "webhook-sink", mixinStandardHelpOptions = true,
        description = "A webhook receiver on 127.0.0.1 for the benchmarks: answers 204 to every POST that has a"
                + " webhook-id (and, with --secret, a valid Standard Webhooks signature), counts deliveries, distinct"
                + " ids and bad signatures, and prints 'received=N unique=M duplicates=D bad_signature=B' every"
                + " --report-every seconds and once more when stopped. Exit code 2: bad options.")
public final class WebhookSinkCommand implements Callable<Integer> {
    /** The project's exit code for bad options (the scenarios' ScenarioCommand.USAGE). */
    static final int USAGE = 2;
    static final int MAX_THREADS = 2;

    @Option(names = "--port", required = true, description = "port on 127.0.0.1 (0: a free one, printed at start)")
    int port;

    @Option(names = "--secret", description = "the server's webhook secret, whsec_<base64>: every request's"
            + " webhook-signature is verified, a bad one answered 401 (default: signatures not checked)")
    String secret;

    @Option(names = "--report-every", defaultValue = "5",
            description = "seconds between report lines (default: ${DEFAULT-VALUE})")
    int reportEverySeconds;

    @Option(names = "--threads", defaultValue = "1", description = "event loop threads, 1 or " + MAX_THREADS
            + " (default: ${DEFAULT-VALUE}): the sink shares the machine with the server it measures")
    int threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SignatureCheck check;
        try {
            check = validate();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return USAGE;
        }
        SinkCounters counters = new SinkCounters();
        SinkServer server = SinkServer.start(port, threads, counters, check);
        SinkReporter reporter = SinkReporter.start(counters, out, Duration.ofSeconds(reportEverySeconds));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            reporter.close();
        }, "webhook-sink-stop"));
        err.println("webhook sink listening on 127.0.0.1:" + server.port() + " (" + (server.epoll() ? "epoll" : "nio")
                + ", " + threads + (threads == 1 ? " thread" : " threads") + ", signatures "
                + (check == null ? "not checked" : "checked") + ")");
        err.flush();
        // Until SIGTERM: the shutdown hook does the rest (returning would make main exit).
        new CountDownLatch(1).await();
        return 0;
    }

    /** Checks the options; the signature check, or null without a secret. */
    SignatureCheck validate() {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0..65535");
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("--threads must be 1.." + MAX_THREADS);
        }
        if (reportEverySeconds < 1) {
            throw new IllegalArgumentException("--report-every must be at least 1 second");
        }
        return secret == null ? null : SignatureCheck.parse(secret);
    }
}
