package dev.community.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestDeadlineHandlerTest {
    final java.util.concurrent.atomic.AtomicInteger timeouts = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void closesAConnectionThatSendsNoCompleteRequestInTime() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDeadlineHandler(Duration.ofSeconds(10), timeouts::incrementAndGet));
        channel.advanceTimeBy(9, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(2, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(timeouts.get()).isEqualTo(1);
    }

    @Test
    void aCompleteRequestStopsTheClockAndTheResponseRestartsIt() {
        EmbeddedChannel channel = new EmbeddedChannel(new RequestDeadlineHandler(Duration.ofSeconds(10), timeouts::incrementAndGet));
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"));
        channel.advanceTimeBy(60, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("a slow handler is not the client's fault").isTrue();
        channel.writeOutbound(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
        channel.advanceTimeBy(11, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).as("an idle keep-alive connection has the same deadline").isFalse();
        channel.finishAndReleaseAll();
    }
}
