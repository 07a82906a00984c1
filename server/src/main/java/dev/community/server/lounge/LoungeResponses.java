package dev.community.server.lounge;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The Lounge's own small responses: the "not built yet" page, plain-text errors and the trailing-slash redirect. */
final class LoungeResponses {
    /** The Lounge is built on the TypeScript client package (clients/typescript), which is built first. */
    static final String BUILD_COMMAND =
            "(cd clients/typescript && npm ci && npm run build) && cd web && npm ci && npm run build";

    private LoungeResponses() {
    }

    /** 200, so a person who opens /lounge/ before building reads what to do instead of a bare error. */
    static FullHttpResponse notBuilt(Path dir, boolean head) {
        String html = """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>The Lounge is not built</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font:16px/1.5 system-ui,sans-serif;background:#0b0d1a;color:#e6e8ff;margin:0;\
                display:grid;place-items:center;min-height:100vh}main{max-width:40rem;padding:2rem;\
                border:1px solid #3a3f7a;border-radius:1rem;background:#15183080}code{color:#5ef2ff}</style>
                </head><body><main>
                <h1>The Lounge is not built yet</h1>
                <p>The server serves the web client from <code>%s</code>, which holds no <code>index.html</code>.
                Build it once with Node.js 20.19 or newer, from the repository root:</p>
                <pre><code>%s</code></pre>
                <p>then reload this page. <code>mvn -B verify</code> and <code>bin/community-server</code> build it
                too when Node.js is installed. To serve a build from elsewhere, set <code>web.dir</code>.</p>
                </main></body></html>
                """.formatted(escape(dir.toString()), BUILD_COMMAND);
        FullHttpResponse response = text(HttpResponseStatus.OK, head ? "" : html);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        if (head) {
            HttpUtil.setContentLength(response, html.getBytes(StandardCharsets.UTF_8).length);
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, StaticFileResponder.REVALIDATE);
        SecurityHeaders.apply(response.headers(), SecurityHeaders.notBuiltPolicy());
        return response;
    }

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.headers().set(dev.community.server.http.HttpResponses.NOSNIFF_HEADER,
                dev.community.server.http.HttpResponses.NOSNIFF);
        HttpUtil.setContentLength(response, bytes.length);
        return response;
    }

    /** 308 keeps the method, so even a HEAD or POST to /lounge lands on /lounge/. */
    static FullHttpResponse redirect(String location) {
        FullHttpResponse response = text(HttpResponseStatus.PERMANENT_REDIRECT, "see " + location + "\n");
        response.headers().set(HttpHeaderNames.LOCATION, location);
        return response;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
