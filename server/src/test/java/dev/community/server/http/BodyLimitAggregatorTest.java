package dev.community.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.JsonCodec;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyLimitAggregatorTest {

    @Test
    void aBodyOver64KiBGetsTheContracts413AndTheConnectionCloses() {
        EmbeddedChannel channel = new EmbeddedChannel(new BodyLimitAggregator(new JsonCodec()));
        var request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/community/rooms/");
        HttpUtil.setContentLength(request, 70_000);
        channel.writeInbound(request);
        FullHttpResponse response = channel.readOutbound();
        assertThat(response.status().code()).isEqualTo(413);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":{\"code\":\"invalid_payload\",\"message\":\"request body is over 64 KiB\"}}");
        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        response.release();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }
}
