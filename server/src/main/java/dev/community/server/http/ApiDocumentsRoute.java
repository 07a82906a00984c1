package dev.community.server.http;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /community/openapi.json} and {@code /community/asyncapi.json} on the public port: the contract's specs,
 * without authentication (they are public documentation), cacheable: a strong {@code ETag}, {@code 304} on a
 * matching {@code If-None-Match}, and readable by tools on other origins (no credentials are involved).
 */
public final class ApiDocumentsRoute {
    /** The documents change only with a new build; revalidating every few minutes is plenty. */
    static final String CACHE_CONTROL = "public, max-age=300";

    private final ApiDocuments documents;
    private final JsonCodec codec;

    public ApiDocumentsRoute(ApiDocuments documents, JsonCodec codec) {
        this.documents = documents;
        this.codec = codec;
    }

    boolean handles(String path) {
        return documents.find(path).isPresent();
    }

    /** @param path a path {@link #handles} accepted */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path, boolean keepAlive) {
        ApiDocuments.Document document = documents.find(path).orElseThrow();
        if (!HttpMethod.GET.equals(request.method())) {
            FullHttpResponse refused = HttpResponses.error(codec, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    ErrorCode.NOT_FOUND, "use GET");
            refused.headers().set(HttpHeaderNames.ALLOW, "GET");
            HttpResponses.send(ctx, keepAlive, refused);
            return;
        }
        boolean unchanged = document.etag().equals(request.headers().get(HttpHeaderNames.IF_NONE_MATCH));
        FullHttpResponse response = unchanged ? HttpResponses.empty(HttpResponseStatus.NOT_MODIFIED)
                : HttpResponses.json(HttpResponseStatus.OK, document.json());
        response.headers()
                .set(HttpHeaderNames.ETAG, document.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, CACHE_CONTROL)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        HttpResponses.send(ctx, keepAlive, response);
    }
}
