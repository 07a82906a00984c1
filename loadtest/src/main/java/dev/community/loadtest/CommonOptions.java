package dev.community.loadtest;

import dev.community.loadtest.client.LoopbackTarget;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Option;

/** The options every scenario shares. Bounds have hard ceilings so no flag can make a run unbounded. */
public final class CommonOptions {
    /** The longest send/hold phase any run may ask for. */
    static final int MAX_DURATION_SECONDS = 3600;
    /** The most messages any run may send. */
    static final long MAX_MESSAGES = 100_000_000L;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", split = ",",
            description = "server base URL, loopback only; https:// for a TLS port. Repeat it (or give a comma list)"
                    + " for the nodes of a cluster: clients are dealt over them in turn, REST too, and a client whose"
                    + " reconnect fails tries the next node (default: ${DEFAULT-VALUE})")
    List<String> urls;

    @Option(names = "--ca-file", description = "PEM CA certificate(s) that verify an https:// server (e.g. a"
            + " self-signed test certificate); default: the JDK's trust store")
    Path caFile;

    @Option(names = "--compression", description = "offer permessage-deflate on every connection")
    boolean compression;

    @Option(names = "--secret", description = "the server's HS256 JWT secret (or --secret-file)")
    String secret;

    @Option(names = "--secret-file", description = "file holding the HS256 secret, e.g. DATA_DIR/jwt-secret")
    Path secretFile;

    @Option(names = "--rooms", required = true, split = ",", description = "room ids (UUIDs) to use, comma-separated")
    List<UUID> rooms;

    @Option(names = "--metrics-url", description = "the server's Prometheus /metrics on its admin port (optional)")
    String metricsUrl;

    @Option(names = "--server-pid", description = "the server's process id on this machine: CPU and RSS from /proc,"
            + " heap after full GC via jcmd (optional)")
    Long serverPid;

    @Option(names = "--duration", defaultValue = "10", description = "seconds of sending (or holding); at most "
            + MAX_DURATION_SECONDS + " (default: ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--warmup", defaultValue = "0", description = "seconds of sending at the same offered load"
            + " before --duration starts, reported apart: the latencies of messages sent then are left out of the run's"
            + " figures (a server's first seconds are its JIT compiler's); every message is still audited; at most "
            + MAX_DURATION_SECONDS + " (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--aligned-sends", description = "paced senders of one rate send at the same instants, in"
            + " bursts (what runs before the phases were spread did); by default each sender's schedule is offset"
            + " within one interval, as independent clients are")
    boolean alignedSends;

    @Option(names = "--max-messages", defaultValue = "1000000",
            description = "at most this many sends (default: ${DEFAULT-VALUE})")
    long maxMessages;

    @Option(names = "--source-addresses", split = ",", defaultValue = "127.0.0.1",
            description = "loopback addresses to connect from, round robin (default: ${DEFAULT-VALUE})")
    List<String> sourceAddresses;

    @Option(names = "--report-dir", defaultValue = "loadtest-reports",
            description = "where the JSON result and HTML report go (default: ${DEFAULT-VALUE})")
    Path reportDir;

    @Option(names = "--user-prefix", defaultValue = "lt",
            description = "simulated user ids are PREFIX0, PREFIX1, ... (default: ${DEFAULT-VALUE})")
    String userPrefix;

    @Option(names = "--payload", defaultValue = "100", description = "characters of content per message (default: ${DEFAULT-VALUE})")
    int payloadChars;

    @Option(names = "--heartbeat-seconds", defaultValue = "30",
            description = "ping interval of every connection, 0 for none (default: ${DEFAULT-VALUE})")
    double heartbeatSeconds;

    @Option(names = "--connect-timeout", defaultValue = "30",
            description = "seconds from TCP connect to room_state per client (default: ${DEFAULT-VALUE})")
    double connectTimeoutSeconds;

    @Option(names = "--connect-deadline", defaultValue = "120",
            description = "seconds the whole connect phase may take (default: ${DEFAULT-VALUE})")
    double connectDeadlineSeconds;

    @Option(names = "--drain-timeout", defaultValue = "15",
            description = "seconds to wait for outstanding acks and deliveries after sending (default: ${DEFAULT-VALUE})")
    double drainSeconds;

    @Option(names = "--connect-concurrency", defaultValue = "1000",
            description = "clients between connect and room_state at once (default: ${DEFAULT-VALUE})")
    int connectConcurrency;

    @Option(names = "--event-loops", defaultValue = "0", description = "client event loops, 0 for one per core (default: ${DEFAULT-VALUE})")
    int eventLoops;

    @Option(names = "--max-outstanding", defaultValue = "10000",
            description = "unanswered sends a paced sender allows before skipping (default: ${DEFAULT-VALUE})")
    int maxOutstanding;

    @Option(names = "--sample-interval-ms", defaultValue = "1000", description = "progress and time-series interval (default: ${DEFAULT-VALUE})")
    long sampleMillis;

    @Option(names = "--quiet", description = "no live progress line")
    boolean quiet;

    /** The checked target: the first node. */
    LoopbackTarget target() {
        return targets().get(0);
    }

    /** Every node, checked: loopback, and all plain or all TLS (the run has one TLS context). */
    List<LoopbackTarget> targets() {
        List<LoopbackTarget> targets = urls.stream().map(LoopbackTarget::parse).toList();
        if (targets.stream().map(LoopbackTarget::tls).distinct().count() > 1) {
            throw new IllegalArgumentException("--url: give all nodes as http:// or all as https://");
        }
        return targets;
    }

    /** The secret from --secret or --secret-file (trimmed of the trailing newline a file usually has). */
    String secret() throws IOException {
        if ((secret == null) == (secretFile == null)) {
            throw new IllegalArgumentException("give exactly one of --secret and --secret-file");
        }
        return secret != null ? secret : Files.readString(secretFile, StandardCharsets.UTF_8).strip();
    }

    /** The client TLS context for an https:// target (OpenSSL when it loads, like the server), else null. */
    io.netty.handler.ssl.SslContext clientTls() {
        if (!target().tls()) {
            if (caFile != null) {
                throw new IllegalArgumentException("--ca-file needs an https:// or wss:// --url");
            }
            return null;
        }
        var builder = io.netty.handler.ssl.SslContextBuilder.forClient()
                .sslProvider(io.netty.handler.ssl.OpenSsl.isAvailable() ? io.netty.handler.ssl.SslProvider.OPENSSL
                        : io.netty.handler.ssl.SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .endpointIdentificationAlgorithm("HTTPS");
        try {
            if (caFile != null) {
                builder.trustManager(caFile.toFile());
            }
            return builder.build();
        } catch (IllegalArgumentException | javax.net.ssl.SSLException e) {
            throw new IllegalArgumentException("--ca-file " + caFile + " is not a readable PEM certificate: " + e.getMessage());
        }
    }

    /** The source addresses, each checked to be loopback. */
    List<InetAddress> sources() {
        List<InetAddress> out = new ArrayList<>();
        for (String address : sourceAddresses) {
            if (!LoopbackTarget.isLoopback(address) || address.equalsIgnoreCase("localhost")) {
                throw new IllegalArgumentException("--source-addresses must be loopback IP literals: " + address);
            }
            try {
                out.add(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + address);
            }
        }
        return out;
    }

    /** Checks the bounds every run must have. */
    void validate() {
        if (!(durationSeconds >= 0) || durationSeconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("--duration must be 0.." + MAX_DURATION_SECONDS + " seconds");
        }
        if (!(warmupSeconds >= 0) || warmupSeconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("--warmup must be 0.." + MAX_DURATION_SECONDS + " seconds");
        }
        if (maxMessages < 0 || maxMessages > MAX_MESSAGES) {
            throw new IllegalArgumentException("--max-messages must be 0.." + MAX_MESSAGES);
        }
        if (!(connectDeadlineSeconds > 0) || connectDeadlineSeconds > MAX_DURATION_SECONDS
                || !(connectTimeoutSeconds > 0) || !(drainSeconds >= 0) || drainSeconds > MAX_DURATION_SECONDS) {
            throw new IllegalArgumentException("--connect-timeout, --connect-deadline and --drain-timeout must be"
                    + " positive and at most " + MAX_DURATION_SECONDS + " seconds");
        }
        if (payloadChars < 1 || payloadChars > 4000) {
            throw new IllegalArgumentException("--payload must be 1..4000 characters (the contract's limit)");
        }
        if (urls.isEmpty() || urls.size() != urls.stream().distinct().count()) {
            throw new IllegalArgumentException("--url: at least one node, each given once");
        }
        targets();
        if (metricsUrl != null) {
            LoopbackTarget.parse(metricsUrl);
        }
        if (rooms.isEmpty()) {
            throw new IllegalArgumentException("--rooms needs at least one room id");
        }
    }
}
