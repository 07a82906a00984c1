package dev.community.server.lounge;

import dev.community.config.ServerConfig;
import dev.community.protocol.JsonCodec;
import java.time.Clock;
import dev.community.server.http.ClientAddress;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Everything under {@code /lounge}: {@code /lounge} redirects to {@code /lounge/}, {@code /lounge/dev-sign-in}
 * is the development sign-in, and every other path is a file of the built client or one of its client-side
 * routes. Files are GET and HEAD only.
 */
public final class LoungeRoutes {
    static final String PREFIX = "/lounge/";

    private final LoungeFiles files;
    private final DevSignIn devSignIn;

    /** @param codec renders the development sign-in's answers */
    public LoungeRoutes(ServerConfig config, Clock clock, JsonCodec codec) {
        this.files = new LoungeFiles(config.web().dir());
        this.devSignIn = new DevSignIn(config, clock, codec);
    }

    public boolean handles(String path) {
        return path.equals("/lounge") || path.startsWith(PREFIX);
    }

    /** @param path the request's decoded path, one that {@link #handles} accepted */
    public void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean keepAlive) {
        if (path.equals("/lounge")) {
            String query = request.uri().contains("?") ? request.uri().substring(request.uri().indexOf('?')) : "";
            StaticFileResponder.finish(ctx, request, keepAlive, LoungeResponses.redirect(PREFIX + query));
            return;
        }
        if (path.equals(DevSignIn.PATH) || path.equals(DevSignIn.PATH + "/")) {
            StaticFileResponder.finish(ctx, request, keepAlive,
                    devSignIn.handle(request, ClientAddress.isLoopback(ctx.channel())));
            return;
        }
        boolean head = HttpMethod.HEAD.equals(request.method());
        if (!head && !HttpMethod.GET.equals(request.method())) {
            FullHttpResponse response = LoungeResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "use GET or HEAD\n");
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            StaticFileResponder.finish(ctx, request, keepAlive, response);
            return;
        }
        LoungeFiles.Target target = files.resolve(path.substring(PREFIX.length()));
        if (target instanceof LoungeFiles.FileTarget file) {
            StaticFileResponder.send(ctx, request, keepAlive, file);
        } else if (target instanceof LoungeFiles.NotBuilt) {
            StaticFileResponder.finish(ctx, request, keepAlive, LoungeResponses.notBuilt(files.root(), head));
        } else {
            StaticFileResponder.finish(ctx, request, keepAlive, LoungeResponses.text(HttpResponseStatus.NOT_FOUND, "not found\n"));
        }
    }
}
