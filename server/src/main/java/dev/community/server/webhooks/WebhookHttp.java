package dev.community.server.webhooks;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.pool.AbstractChannelPoolHandler;
import io.netty.channel.pool.AbstractChannelPoolMap;
import io.netty.channel.pool.ChannelHealthChecker;
import io.netty.channel.pool.SimpleChannelPool;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The webhooks' HTTP/1.1 client: one Netty event loop of its own ({@code webhook-io}) and, per endpoint origin, a
 * pool of keep-alive connections (Netty's {@link SimpleChannelPool}; as many as senders use it at once, so at most
 * {@code webhooks.concurrency}). A sender thread posts one event and waits for its status, as it did with the JDK's
 * {@code HttpClient}, which cost about three times the message writer's CPU per event in a flight recording of an
 * ingest with webhooks enabled (docs/BENCHMARKS.md, "Webhooks"); this client writes a request and reads a status line.
 *
 * <p>Never follows redirects, never offers an upgrade; {@code https} endpoints are verified against the JVM's default
 * trust (as the JDK's client did) with host name verification. A request on a kept-alive connection that the
 * receiver closed before answering (an idle time-out racing the request) is sent once more on a fresh connection:
 * the event is the same, with the same {@code webhook-id}, and nothing of it was answered.
 */
final class WebhookHttp implements AutoCloseable {
    /** A status and whether the connection may carry the next request. */
    record Answer(int status, boolean keepAlive) {
    }

    private static final AttributeKey<AnswerHandler> ANSWERS = AttributeKey.valueOf("webhook-answers");
    private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("webhook-connection-used");

    private final Duration timeout;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final AbstractChannelPoolMap<Origin, SimpleChannelPool> pools;
    /** Certificates to trust instead of the JVM's default trust (tests); empty: the default. */
    private final X509Certificate[] trusted;
    private volatile SslContext tls;

    /** Where connections go: one pool per scheme, host and port. */
    private record Origin(boolean https, String host, int port) {
        static Origin of(URI uri) {
            boolean https = "https".equalsIgnoreCase(uri.getScheme());
            int port = uri.getPort() >= 0 ? uri.getPort() : https ? 443 : 80;
            return new Origin(https, uri.getHost(), port);
        }

        /** The Host header: the port only when it is not the scheme's. */
        String hostHeader() {
            String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
            return port == (https ? 443 : 80) ? h : h + ":" + port;
        }
    }

    WebhookHttp(Duration timeout) {
        this(timeout, new X509Certificate[0]);
    }

    /** A client that trusts only {@code trusted} for {@code https} endpoints (when any is given). */
    WebhookHttp(Duration timeout, X509Certificate... trusted) {
        this.timeout = timeout;
        this.trusted = trusted.clone();
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("webhook-io", true), io);
        this.bootstrap = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true);
        this.pools = new AbstractChannelPoolMap<>() {
            @Override
            protected SimpleChannelPool newPool(Origin origin) {
                return new SimpleChannelPool(bootstrap.clone().remoteAddress(origin.host(), origin.port()),
                        new Connections(origin), ChannelHealthChecker.ACTIVE, true, true);
            }
        };
    }

    /**
     * POSTs {@code body} with {@code headers} and waits for the answer's status, within the time-out overall
     * (connecting included). Blocking: for the sender threads only, never an event loop.
     *
     * @throws HttpTimeoutException no answer within the time-out (the connection is closed)
     * @throws ConnectException     the receiver could not be reached
     * @throws IOException          the connection failed otherwise
     */
    Answer post(URI endpoint, Map<String, String> headers, byte[] body) throws IOException, InterruptedException {
        Origin origin = Origin.of(endpoint);
        SimpleChannelPool pool = pools.get(origin);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; ; attempt++) {
            Channel channel = acquire(pool, deadline);
            boolean reused = channel.attr(USED).getAndSet(Boolean.TRUE) != null;
            AnswerHandler answers = channel.attr(ANSWERS).get();
            Promise<Answer> answer = answers.expect(channel.eventLoop().newPromise());
            boolean keep = false;
            try {
                // a connection that closed since it was acquired fails the write, not the pipeline: fail the answer
                channel.writeAndFlush(request(endpoint, origin, headers, body)).addListener(written -> {
                    if (!written.isSuccess()) {
                        answer.tryFailure(written.cause());
                    }
                });
                Answer a = answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                keep = a.keepAlive();
                return a;
            } catch (TimeoutException e) {
                throw new HttpTimeoutException("no answer within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                if (reused && attempt == 0 && !answers.answered()) {
                    continue; // closed by the receiver while idle, before a byte of the answer: once more, afresh
                }
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } finally {
                if (!keep) {
                    channel.close();
                }
                // the pool takes a connection back on its event loop but hands one out on the caller's thread: wait,
                // or the sender's next request finds the pool empty and opens another connection
                pool.release(channel).awaitUninterruptibly();
            }
        }
    }

    private static Channel acquire(SimpleChannelPool pool, long deadline) throws IOException, InterruptedException {
        Future<Channel> acquired = pool.acquire();
        if (!acquired.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            acquired.addListener(f -> {
                if (f.isSuccess()) {
                    pool.release((Channel) f.getNow());
                }
            });
            throw new HttpTimeoutException("not connected within the time-out");
        }
        if (!acquired.isSuccess()) {
            Throwable cause = acquired.cause();
            if (cause instanceof ConnectException connect) {
                throw connect;
            }
            throw cause instanceof IOException io ? io : new IOException(cause);
        }
        return acquired.getNow();
    }

    private static FullHttpRequest request(URI endpoint, Origin origin, Map<String, String> headers, byte[] body) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        if (endpoint.getRawQuery() != null) {
            path += "?" + endpoint.getRawQuery();
        }
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.HOST, origin.hostHeader());
        headers.forEach((name, value) -> request.headers().set(name.toLowerCase(Locale.ROOT), value));
        HttpUtil.setContentLength(request, body.length);
        return request;
    }

    private SslContext tls() throws SSLException {
        SslContext context = tls;
        if (context == null) {
            synchronized (this) {
                if (tls == null) {
                    // the JVM's default trust, as the JDK's HttpClient used; the certificate must name the host
                    SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
                    tls = (trusted.length == 0 ? builder : builder.trustManager(trusted)).build();
                }
                context = tls;
            }
        }
        return context;
    }

    /** Sets up each new connection of an origin's pool. */
    private final class Connections extends AbstractChannelPoolHandler {
        private final Origin origin;

        Connections(Origin origin) {
            this.origin = origin;
        }

        @Override
        public void channelCreated(Channel ch) throws SSLException {
            if (origin.https()) {
                ch.pipeline().addLast(tls().newHandler(ch.alloc(), origin.host(), origin.port()));
            }
            AnswerHandler answers = new AnswerHandler();
            ch.attr(ANSWERS).set(answers);
            ch.pipeline().addLast(new HttpClientCodec(), answers);
        }
    }

    /**
     * Reads one answer at a time: its status and keep-alive from the head, completed at its end. Everything read is
     * released; the body is not wanted.
     */
    static final class AnswerHandler extends ChannelInboundHandlerAdapter {
        private volatile Promise<Answer> pending;
        private volatile boolean answered;
        private int status;
        private boolean keepAlive;

        /** The next answer completes {@code promise}. */
        Promise<Answer> expect(Promise<Answer> promise) {
            answered = false;
            pending = promise;
            return promise;
        }

        /** Whether a byte of the current answer arrived (then it is not safe to send the request again). */
        boolean answered() {
            return answered;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                answered = true;
                if (msg instanceof HttpResponse response) {
                    status = response.status().code();
                    keepAlive = HttpUtil.isKeepAlive(response);
                }
                if (msg instanceof LastHttpContent) {
                    Promise<Answer> p = pending;
                    pending = null;
                    if (p != null) {
                        p.trySuccess(new Answer(status, keepAlive));
                    } else {
                        ctx.close(); // an answer nobody asked for: the connection is out of step
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IOException("the receiver closed the connection before answering"));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            fail(cause instanceof IOException ? cause : new IOException(cause));
            ctx.close();
        }

        private void fail(Throwable cause) {
            Promise<Answer> p = pending;
            pending = null;
            if (p != null) {
                p.tryFailure(cause);
            }
        }
    }

    @Override
    public void close() {
        pools.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
}
