package dev.community.server.deflate;

import dev.community.protocol.CloseCodes;
import io.netty.channel.Channel;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilter;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionFilterProvider;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.HashMap;
import java.util.Map;

/**
 * The server's side of permessage-deflate, negotiated with Netty's handshaker but always answered with
 * {@code server_no_context_takeover} and {@code client_no_context_takeover} (RFC 7692 lets a server add both to any
 * offer): every message is compressed and decompressed on its own, so a connection keeps no zlib state between
 * messages (a context would cost ~300 KB of native memory per connection), and the fan-out can compress an event
 * once and send the same bytes to every member that negotiated it. Offers that limit {@code server_max_window_bits}
 * are declined (the shared frames use the full window); such clients simply get uncompressed frames.
 *
 * <p>Client messages are inflated to at most {@code ws.max_frame_bytes}: a frame that inflates beyond that (a
 * compression bomb) fails with {@link DecompressionException} before more memory is taken, and the session closes
 * with 1009 like any other oversized message ({@link #closeCode}).
 */
public final class PerMessageDeflate implements WebSocketServerExtensionHandshaker {
    static final String EXTENSION = "permessage-deflate";
    /** zlib's default: within a few percent of level 9's ratio on chat JSON at a fraction of its CPU. */
    static final int COMPRESSION_LEVEL = 6;

    private final PerMessageDeflateServerExtensionHandshaker netty;

    /** @param maxMessageBytes the largest inflated client frame accepted ({@code ws.max_frame_bytes}) */
    public PerMessageDeflate(int maxMessageBytes) {
        WebSocketExtensionFilterProvider filters = new WebSocketExtensionFilterProvider() {
            @Override
            public WebSocketExtensionFilter encoderFilter() {
                return frame -> !DeflatedFrames.worthCompressing(frame.content().readableBytes());
            }

            @Override
            public WebSocketExtensionFilter decoderFilter() {
                return WebSocketExtensionFilter.NEVER_SKIP;
            }
        };
        netty = new PerMessageDeflateServerExtensionHandshaker(COMPRESSION_LEVEL, false,
                PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, true, filters, maxMessageBytes);
    }

    /** The handler that negotiates it during the upgrade (and installs the codecs when it succeeds). */
    public static WebSocketServerExtensionHandler handler(int maxMessageBytes) {
        return new WebSocketServerExtensionHandler(new PerMessageDeflate(maxMessageBytes));
    }

    @Override
    public WebSocketServerExtension handshakeExtension(WebSocketExtensionData offer) {
        if (!EXTENSION.equals(offer.name())) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>(offer.parameters());
        parameters.put("server_no_context_takeover", null);
        parameters.put("client_no_context_takeover", null);
        return netty.handshakeExtension(new WebSocketExtensionData(offer.name(), parameters));
    }

    /** Whether the connection negotiated it (its pipeline holds the extension's encoder). */
    public static boolean negotiated(Channel channel) {
        return channel.pipeline().get(WebSocketExtensionEncoder.class) != null;
    }

    /**
     * The close code for a frame that could not be inflated: 1009 when it inflates past the limit (Netty's
     * decoder names its buffer limit), 1007 for a stream that is not valid deflate data.
     */
    public static int closeCode(DecompressionException failure) {
        String message = String.valueOf(failure.getMessage());
        return message.contains("maximum size") ? CloseCodes.TOO_LARGE : CloseCodes.INVALID_PAYLOAD;
    }

}
