package dev.community.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.testing.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhooks' HTTP client against a receiver on a real socket that answers as told: what a request carries, a
 * kept-alive connection reused, a receiver that closes idle connections or asks to close, a status, no answer, and
 * nobody listening.
 */
class WebhookHttpTest {
    private static final Map<String, String> HEADERS = Map.of("content-type", "application/json",
            "webhook-id", "msg_1");
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    WebhookHttp client(Duration timeout) {
        WebhookHttp http = new WebhookHttp(timeout);
        open.add(http);
        return http;
    }

    Receiver receiver(IntFunction<String> answer) throws IOException {
        Receiver r = new Receiver(answer);
        open.add(r);
        return r;
    }

    static final String NO_CONTENT = "HTTP/1.1 204 No Content\r\n\r\n";
    /** Read the request, then close the connection without answering. */
    static final String CLOSE = "close";

    @Test
    void aPostCarriesItsHeadersAndBodyAndAKeptAliveConnectionCarriesTheNext() throws Exception {
        Receiver receiver = receiver(n -> NO_CONTENT);
        WebhookHttp http = client(Duration.ofSeconds(5));
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.port() + "/hooks/in?k=v");

        assertThat(http.post(endpoint, HEADERS, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new WebhookHttp.Answer(204, true));
        assertThat(http.post(endpoint, HEADERS, "{\"a\":2}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(204);

        assertThat(receiver.connections()).as("the second request reused the first's connection").isEqualTo(1);
        Received first = receiver.requests().get(0);
        assertThat(first.requestLine()).isEqualTo("POST /hooks/in?k=v HTTP/1.1");
        assertThat(first.headers()).containsEntry("host", "127.0.0.1:" + receiver.port())
                .containsEntry("content-type", "application/json").containsEntry("webhook-id", "msg_1")
                .containsEntry("content-length", "7");
        assertThat(receiver.requests()).extracting(Received::body).containsExactly("{\"a\":1}", "{\"a\":2}");
    }

    @Test
    void aStatusIsAnsweredAsItIsAndAnAnswerAskingToCloseEndsTheConnection() throws Exception {
        Receiver receiver = receiver(n -> n == 0
                ? "HTTP/1.1 500 Oops\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!"
                : "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        WebhookHttp http = client(Duration.ofSeconds(5));
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.port() + "/");

        assertThat(http.post(endpoint, HEADERS, new byte[] {'x'})).isEqualTo(new WebhookHttp.Answer(500, false));
        assertThat(http.post(endpoint, HEADERS, new byte[] {'y'})).isEqualTo(new WebhookHttp.Answer(200, true));
        assertThat(receiver.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionTheReceiverClosedWhileIdleIsReplacedWithoutAFailure() throws Exception {
        Receiver receiver = receiver(n -> NO_CONTENT);
        receiver.closeAfterEachAnswer = true; // keep-alive in words, closed in deed: as an idle time-out would
        WebhookHttp http = client(Duration.ofSeconds(5));
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.port() + "/");

        for (int i = 0; i < 3; i++) {
            assertThat(http.post(endpoint, HEADERS, new byte[] {(byte) ('0' + i)}).status()).isEqualTo(204);
        }
        assertThat(receiver.requests()).extracting(Received::body).containsExactly("0", "1", "2");
    }

    @Test
    void aKeptAliveConnectionClosedInsteadOfAnsweringIsTriedOnceMoreAfreshAndAFreshOneIsNot() throws Exception {
        // request 1 (the second, on the kept-alive connection) is read and the connection closed without an answer
        Receiver receiver = receiver(n -> n == 1 || n == 3 ? CLOSE : NO_CONTENT);
        WebhookHttp http = client(Duration.ofSeconds(5));
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.port() + "/");

        assertThat(http.post(endpoint, HEADERS, new byte[] {'a'}).status()).isEqualTo(204);
        assertThat(http.post(endpoint, HEADERS, new byte[] {'b'}).status()).isEqualTo(204);
        assertThat(receiver.requests()).extracting(Received::body).containsExactly("a", "b", "b");
        assertThat(receiver.connections()).isEqualTo(2);

        // request 3 is the first on the connection request 2 left: closed unanswered, kept-alive, so tried afresh,
        // and request 4 on that fresh connection answers; a fresh connection closing unanswered is a failure
        assertThat(http.post(endpoint, HEADERS, new byte[] {'c'}).status()).isEqualTo(204);
        Receiver fresh = receiver(n -> CLOSE);
        URI other = URI.create("http://127.0.0.1:" + fresh.port() + "/");
        assertThatThrownBy(() -> http.post(other, HEADERS, new byte[] {'d'})).isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(fresh.requests()).hasSize(1);
    }

    @Test
    void noAnswerWithinTheTimeOutIsATimeOut() throws Exception {
        Receiver receiver = receiver(n -> null); // reads the request, never answers
        WebhookHttp http = client(Duration.ofMillis(300));
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.port() + "/");

        assertThatThrownBy(() -> http.post(endpoint, HEADERS, new byte[] {'x'}))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(receiver.requests()).hasSize(1);
    }

    @Test
    void nobodyListeningIsAConnectFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WebhookHttp http = client(Duration.ofSeconds(5));
        assertThatThrownBy(() -> http.post(URI.create("http://127.0.0.1:" + port + "/"), HEADERS, new byte[] {'x'}))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void anHttpsEndpointIsReachedWhenItsCertificateIsTrustedAndNamesItsHost() throws Exception {
        TestCertificates.Authority ca = TestCertificates.authority("webhook test CA");
        TlsReceiver right = tlsReceiver(ca.issue("receiver", List.of("127.0.0.1"), Duration.ofDays(1)));
        TlsReceiver wrongName = tlsReceiver(ca.issue("elsewhere", List.of("elsewhere.test"), Duration.ofDays(1)));

        WebhookHttp trusting = new WebhookHttp(Duration.ofSeconds(5), ca.certificate());
        open.add(trusting);
        assertThat(trusting.post(right.url(), HEADERS, new byte[] {'x'})).isEqualTo(new WebhookHttp.Answer(204, true));
        assertThatThrownBy(() -> trusting.post(wrongName.url(), HEADERS, new byte[] {'x'}))
                .as("a certificate for another host").isInstanceOf(IOException.class);
        WebhookHttp byDefault = client(Duration.ofSeconds(5));
        assertThatThrownBy(() -> byDefault.post(right.url(), HEADERS, new byte[] {'x'}))
                .as("a certificate the JVM does not trust").isInstanceOf(IOException.class);
        assertThat(right.answered.get()).isEqualTo(1);
        assertThat(wrongName.answered.get()).isZero();
    }

    TlsReceiver tlsReceiver(TestCertificates.Issued certificate) throws Exception {
        TlsReceiver r = new TlsReceiver(certificate);
        open.add(r);
        return r;
    }

    /** An HTTPS receiver (Netty, TLS with {@code certificate}) answering every request 204. */
    static final class TlsReceiver implements AutoCloseable {
        final AtomicInteger answered = new AtomicInteger();
        private final io.netty.channel.EventLoopGroup group = new io.netty.channel.MultiThreadIoEventLoopGroup(1,
                io.netty.channel.nio.NioIoHandler.newFactory());
        private final io.netty.channel.Channel server;

        TlsReceiver(TestCertificates.Issued certificate) throws Exception {
            io.netty.handler.ssl.SslContext tls = io.netty.handler.ssl.SslContextBuilder
                    .forServer(certificate.keys().getPrivate(), certificate.certificate(), certificate.issuer())
                    .build();
            server = new io.netty.bootstrap.ServerBootstrap().group(group)
                    .channel(io.netty.channel.socket.nio.NioServerSocketChannel.class)
                    .childHandler(new io.netty.channel.ChannelInitializer<io.netty.channel.socket.SocketChannel>() {
                        @Override
                        protected void initChannel(io.netty.channel.socket.SocketChannel ch) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()),
                                    new io.netty.handler.codec.http.HttpServerCodec(),
                                    new io.netty.handler.codec.http.HttpObjectAggregator(1 << 16),
                                    new io.netty.channel.SimpleChannelInboundHandler<
                                            io.netty.handler.codec.http.FullHttpRequest>() {
                                        @Override
                                        protected void channelRead0(io.netty.channel.ChannelHandlerContext ctx,
                                                                    io.netty.handler.codec.http.FullHttpRequest req) {
                                            answered.incrementAndGet();
                                            ctx.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpResponse(
                                                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                                                    io.netty.handler.codec.http.HttpResponseStatus.NO_CONTENT));
                                        }
                                    });
                        }
                    }).bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
        }

        URI url() {
            return URI.create("https://127.0.0.1:" + ((java.net.InetSocketAddress) server.localAddress()).getPort()
                    + "/");
        }

        @Override
        public void close() {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    record Received(String requestLine, Map<String, String> headers, String body) {
    }

    /** An HTTP/1.1 receiver on a plain socket: answers request n with answer(n) (null: never), counts connections. */
    static final class Receiver implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final IntFunction<String> answer;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger count = new AtomicInteger();
        private final ConcurrentLinkedQueue<Received> requests = new ConcurrentLinkedQueue<>();
        private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
        volatile boolean closeAfterEachAnswer;

        Receiver(IntFunction<String> answer) throws IOException {
            this.answer = answer;
            threads.execute(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        List<Received> requests() {
            return List.copyOf(requests);
        }

        private void accept() {
            try {
                while (true) {
                    Socket socket = server.accept();
                    sockets.add(socket);
                    connections.incrementAndGet();
                    threads.execute(() -> serve(socket));
                }
            } catch (IOException closed) {
                // the receiver was closed
            }
        }

        private void serve(Socket socket) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                while (true) {
                    String head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    String[] lines = head.split("\r\n");
                    Map<String, String> headers = new java.util.HashMap<>();
                    for (int i = 1; i < lines.length; i++) {
                        int colon = lines[i].indexOf(':');
                        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                lines[i].substring(colon + 1).trim());
                    }
                    byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                    requests.add(new Received(lines[0], headers, new String(body, StandardCharsets.UTF_8)));
                    String reply = answer.apply(count.getAndIncrement());
                    if (CLOSE.equals(reply)) {
                        return;
                    }
                    if (reply == null) {
                        in.read(); // hold the connection open without answering until the client gives up
                        return;
                    }
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (closeAfterEachAnswer || reply.contains("Connection: close")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        /** The request line and headers up to the blank line; null at the end of the stream. */
        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                if (matched == 4) {
                    String text = head.toString(StandardCharsets.US_ASCII);
                    return text.substring(0, text.length() - 4);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            synchronized (sockets) {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            threads.shutdownNow();
        }
    }
}
