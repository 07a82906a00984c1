package dev.community.server.tls;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right after the {@link SslHandler} until the handshake is over: counts it
 * ({@code community.tls.handshakes{outcome=ok,protocol=TLSv1.3|TLSv1.2}} or
 * {@code {outcome=failed,reason=not_tls|handshake|timeout|closed|other}}), then leaves the pipeline. A failed
 * handshake — plain text on the TLS port, TLS 1.0/1.1, no common cipher, a client that gives up — is the client's
 * problem, not the server's: its exception stops here (one debug line) instead of reaching the HTTP handlers, and
 * the connection closes.
 */
@ChannelHandler.Sharable
public final class TlsHandshakeMeter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeMeter.class);

    private final Counter tls13;
    private final Counter tls12;
    private final MeterRegistry meters;

    public TlsHandshakeMeter(MeterRegistry meters) {
        this.meters = meters;
        this.tls13 = ok(meters, "TLSv1.3");
        this.tls12 = ok(meters, "TLSv1.2");
        for (String reason : new String[] {"not_tls", "handshake", "timeout", "closed", "other"}) {
            failed(reason);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                String protocol = ctx.pipeline().get(SslHandler.class).engine().getSession().getProtocol();
                ("TLSv1.3".equals(protocol) ? tls13 : "TLSv1.2".equals(protocol) ? tls12 : ok(meters, protocol)).increment();
                ctx.pipeline().remove(this);
            } else {
                failed(reason(done.cause())).increment();
                log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), done.cause().toString());
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    /** Only reached before the handshake succeeded (this handler leaves then): a failed handshake's noise. */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** The first recognised cause in the chain (the SslHandler wraps what the engine threw). */
    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof NotSslRecordException) {
                return "not_tls";
            }
            if (t instanceof SslHandshakeTimeoutException) {
                return "timeout";
            }
            if (t instanceof ClosedChannelException) {
                return "closed";
            }
            if (t instanceof SSLException) {
                return "handshake";
            }
        }
        return "other";
    }

    private Counter failed(String reason) {
        return Counter.builder("community.tls.handshakes").tag("outcome", "failed").tag("reason", reason)
                .tag("protocol", "none").description("TLS handshakes on the public port").register(meters);
    }

    private static Counter ok(MeterRegistry meters, String protocol) {
        return Counter.builder("community.tls.handshakes").tag("outcome", "ok").tag("reason", "none")
                .tag("protocol", protocol).description("TLS handshakes on the public port").register(meters);
    }
}
