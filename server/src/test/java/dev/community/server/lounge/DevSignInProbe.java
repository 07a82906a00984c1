package dev.community.server.lounge;

import dev.community.server.ServerContext;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Calls the development sign-in as if from a given kind of address: the tests reach the server only over
 * loopback, so the refusal of any other address is exercised here, on the real server's context.
 */
public final class DevSignInProbe {
    private final DevSignIn devSignIn;

    public DevSignInProbe(ServerContext app) {
        this.devSignIn = new DevSignIn(app.config(), app.clock(), app.codec());
    }

    public int statusFor(String body, boolean fromLoopback) {
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, DevSignIn.PATH,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        try {
            FullHttpResponse response = devSignIn.handle(request, fromLoopback);
            try {
                return response.status().code();
            } finally {
                response.release();
            }
        } finally {
            request.release();
        }
    }
}
