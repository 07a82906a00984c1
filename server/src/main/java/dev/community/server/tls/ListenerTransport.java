package dev.community.server.tls;

import dev.community.server.http.PipelineStage;
import dev.community.server.http.ClientAddressHandler;
import io.netty.channel.ChannelPipeline;

/**
 * What a public listener adds around the HTTP handlers: on a TLS listener the {@code SslHandler} first of all (with
 * the handshake meter behind it) and HSTS on every response; on every listener the handler that records each
 * request's client address. The public pipeline calls {@link #addFirst} before its own handlers and
 * {@link #addAfterHttpCodec} right after the HTTP codec.
 */
public final class ListenerTransport {
    /** A TLS listener's pieces; {@code hsts} is null when {@code tls.hsts_max_age_seconds} is 0. */
    public record Tls(ReloadableTls certificates, TlsHandshakeMeter handshakes, StrictTransportSecurity hsts) {
    }

    private final Tls tls;
    private final ClientAddressHandler clientAddress;

    private ListenerTransport(Tls tls, ClientAddressHandler clientAddress) {
        this.tls = tls;
        this.clientAddress = clientAddress;
    }

    public static ListenerTransport plain(ClientAddressHandler clientAddress) {
        return new ListenerTransport(null, clientAddress);
    }

    public static ListenerTransport secure(Tls tls, ClientAddressHandler clientAddress) {
        return new ListenerTransport(tls, clientAddress);
    }

    public boolean secure() {
        return tls != null;
    }

    /** TLS before anything else reads or writes bytes; nothing on a plain listener. */
    public void addFirst(ChannelPipeline pipeline) {
        if (tls != null) {
            pipeline.addLast(PipelineStage.TLS, tls.certificates().newHandler(pipeline.channel().alloc()));
            pipeline.addLast(PipelineStage.TLS_HANDSHAKE, tls.handshakes());
        }
    }

    /** Where HTTP messages exist: HSTS on TLS responses, the client address of every request. */
    public void addAfterHttpCodec(ChannelPipeline pipeline) {
        if (tls != null && tls.hsts() != null) {
            pipeline.addLast(PipelineStage.HSTS, tls.hsts());
        }
        pipeline.addLast(PipelineStage.CLIENT_ADDRESS, clientAddress);
    }
}
