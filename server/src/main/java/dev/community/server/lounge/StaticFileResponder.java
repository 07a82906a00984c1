package dev.community.server.lounge;

import dev.community.server.http.PublicChannelInitializer;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedNioFile;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.Locale;

/**
 * Sends one file of the built client: zero-copy with a {@link DefaultFileRegion} (the event loop never reads
 * the file into memory), a precompressed {@code .gz} sibling when the browser accepts gzip, validators
 * ({@code ETag} from size and modification time, {@code Last-Modified}) answering conditional requests with
 * 304, and cache rules: content-hashed assets are immutable for a year, everything else is revalidated on every
 * use ({@code no-cache}) so a new build is picked up at once.
 */
final class StaticFileResponder {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** One TLS record's worth of plaintext per chunk. */
    private static final int TLS_CHUNK_BYTES = 16 * 1024;

    private StaticFileResponder() {
    }

    static void send(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, LoungeFiles.FileTarget target) {
        Path file = target.file();
        String name = file.getFileName().toString();
        boolean compressible = ContentTypes.compressible(name);
        Path gz = file.resolveSibling(name + ".gz");
        boolean gzip = compressible && acceptsGzip(request.headers()) && Files.isRegularFile(gz);
        Path sent = gzip ? gz : file;
        BasicFileAttributes attributes;
        FileChannel channel;
        try {
            attributes = Files.readAttributes(sent, BasicFileAttributes.class);
            channel = request.method().equals(HttpMethod.HEAD) ? null : FileChannel.open(sent, StandardOpenOption.READ);
        } catch (IOException e) {
            // Removed between resolving and opening (a rebuild in progress): the browser retries.
            finish(ctx, request, keepAlive, LoungeResponses.text(HttpResponseStatus.NOT_FOUND, "not found\n"));
            return;
        }
        long length = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis();
        String etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(modified) + (gzip ? "-gz" : "") + "\"";

        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        HttpHeaders headers = response.headers();
        headers.set(HttpHeaderNames.ETAG, etag);
        headers.set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(modified)));
        headers.set(HttpHeaderNames.CACHE_CONTROL, target.immutable() ? IMMUTABLE : REVALIDATE);
        SecurityHeaders.apply(headers, SecurityHeaders.policy(request.headers().get(HttpHeaderNames.HOST)));
        if (compressible) {
            headers.set(HttpHeaderNames.VARY, HttpHeaderNames.ACCEPT_ENCODING);
        }
        if (notModified(request.headers(), etag, modified)) {
            closeQuietly(channel);
            FullHttpResponse notModified = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER);
            notModified.headers().set(headers);
            finish(ctx, request, keepAlive, notModified);
            return;
        }
        headers.set(HttpHeaderNames.CONTENT_TYPE, ContentTypes.of(name));
        if (gzip) {
            headers.set(HttpHeaderNames.CONTENT_ENCODING, HttpHeaderValues.GZIP);
        }
        HttpUtil.setContentLength(response, length);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (channel == null) {
            // HEAD: the headers a GET would get, including its Content-Length, and no body.
            ctx.write(response);
        } else if (ctx.pipeline().get(SslHandler.class) != null) {
            // TLS encrypts in user space, so no zero-copy: the file goes out in chunks, through a chunked writer
            // added on first use (connections that never fetch a file, WebSockets, never carry one).
            PublicChannelInitializer.addChunkedWriter(ctx.pipeline());
            ctx.write(response);
            try {
                ctx.write(new ChunkedNioFile(channel, 0, length, TLS_CHUNK_BYTES));
            } catch (IOException e) {
                closeQuietly(channel);
                ctx.close();
                return;
            }
        } else {
            ctx.write(response);
            ctx.write(new DefaultFileRegion(channel, 0, length));
        }
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            last.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** RFC 9110 §13.1: If-None-Match wins over If-Modified-Since; dates compare in whole seconds. */
    static boolean notModified(HttpHeaders requestHeaders, String etag, long modifiedMillis) {
        String ifNoneMatch = requestHeaders.get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null) {
            for (String candidate : ifNoneMatch.split(",")) {
                String tag = candidate.trim();
                if (tag.startsWith("W/")) {
                    tag = tag.substring(2);
                }
                if (tag.equals("*") || tag.equals(etag)) {
                    return true;
                }
            }
            return false;
        }
        String ifModifiedSince = requestHeaders.get(HttpHeaderNames.IF_MODIFIED_SINCE);
        if (ifModifiedSince == null) {
            return false;
        }
        Date since = DateFormatter.parseHttpDate(ifModifiedSince);
        return since != null && modifiedMillis / 1000 <= since.getTime() / 1000;
    }

    private static boolean acceptsGzip(HttpHeaders headers) {
        String accept = headers.get(HttpHeaderNames.ACCEPT_ENCODING);
        if (accept == null) {
            return false;
        }
        for (String coding : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = coding.trim().split(";");
            if (parts[0].trim().equals("gzip")) {
                return !(parts.length > 1 && parts[1].replace(" ", "").matches("q=0(\\.0*)?"));
            }
        }
        return false;
    }

    /** Writes a whole answer; one that set no policy of its own gets the Lounge's. */
    static void finish(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, FullHttpResponse response) {
        if (!response.headers().contains(HttpHeaderNames.CONTENT_SECURITY_POLICY)) {
            SecurityHeaders.apply(response.headers(), SecurityHeaders.policy(request.headers().get(HttpHeaderNames.HOST)));
        }
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Read-only and unused: nothing was lost.
            }
        }
    }
}
