package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.CloseCodes;
import dev.community.server.ServerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow-reader detection on an EmbeddedChannel: the budget is the channel's write watermarks, judged through
 * {@code isWritable()} after what is queued was offered to the socket.
 */
class OutboundBudgetHandlerTest {
    static final int BUDGET = 1024;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ServerMetrics metrics = new ServerMetrics(registry);
    EmbeddedChannel channel;

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    EmbeddedChannel channel(boolean clientReads) {
        channel = new EmbeddedChannel();
        channel.config().setWriteBufferWaterMark(OutboundBudgetHandler.watermarkFor(BUDGET));
        if (!clientReads) {
            // A client that reads nothing: a flush gets nothing out, what was written stays queued.
            channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) {
                }
            });
        }
        channel.pipeline().addLast(new OutboundBudgetHandler(metrics, new Closer(metrics)));
        return channel;
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aClientOverItsBudgetAfterTheFlushIsClosed4008() {
        EmbeddedChannel ch = channel(false);
        ch.write(Unpooled.wrappedBuffer(new byte[BUDGET + 1]));
        assertThat(ch.isWritable()).isFalse();

        ch.runPendingTasks();

        assertThat(ch.isActive()).isFalse();
        assertThat(counter("community.ws.slow.consumer.closes")).isEqualTo(1);
        assertThat(counter("community.ws.closes", "code", Integer.toString(CloseCodes.TOO_SLOW))).isEqualTo(1);
    }

    @Test
    void aLargeWriteToAClientThatReadsIsNotMistakenForASlowOne() {
        EmbeddedChannel ch = channel(true);
        ch.write(Unpooled.wrappedBuffer(new byte[BUDGET + 1]));

        ch.runPendingTasks();

        assertThat(ch.isActive()).isTrue();
        assertThat(ch.isWritable()).isTrue();
        assertThat(counter("community.ws.slow.consumer.closes")).isZero();
        ByteBuf written = ch.readOutbound();
        assertThat(written.readableBytes()).as("what was queued went out").isEqualTo(BUDGET + 1);
        written.release();
    }
}
