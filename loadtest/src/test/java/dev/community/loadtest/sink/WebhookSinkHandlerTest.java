package dev.community.loadtest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.webhooks.WebhookSigner;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink's pipeline on an embedded channel: the answers a socket test would need odd clients for. */
class WebhookSinkHandlerTest {
    private static final byte[] KEY = "a webhook key of thirty-two byte".getBytes(StandardCharsets.US_ASCII);
    private final SinkCounters counters = new SinkCounters();
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aBodyOverOneMebibyteIs413() {
        channel = new EmbeddedChannel(new SinkInitializer(counters, null));

        channel.writeInbound(ascii("POST / HTTP/1.1\r\nhost: x\r\nwebhook-id: msg_1\r\ncontent-length: "
                + (SinkInitializer.MAX_BODY_BYTES + 1) + "\r\n\r\n"));

        assertThat(responses()).startsWith("HTTP/1.1 413 ");
        assertThat(counters.line()).isEqualTo("received=0 unique=0 duplicates=0 bad_signature=0");
    }

    @Test
    void aPostWithoutAnIdIs400AndCountedBad() {
        channel = new EmbeddedChannel(new SinkInitializer(counters, null));

        channel.writeInbound(ascii("POST / HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}"));

        assertThat(responses()).startsWith("HTTP/1.1 400 ").containsIgnoringCase("content-length: 0");
        assertThat(counters.line()).isEqualTo("received=0 unique=0 duplicates=0 bad_signature=1");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void withoutASecretAnyPostWithAnIdIsAccepted() {
        channel = new EmbeddedChannel(new SinkInitializer(counters, null));

        channel.writeInbound(ascii("POST /any/path HTTP/1.1\r\nhost: x\r\nwebhook-id: msg_1\r\n"
                + "content-length: 2\r\n\r\n{}"));

        // No content-length on a 204: RFC 9110 forbids it and Netty's encoder removes it; the status says "no body".
        assertThat(responses()).startsWith("HTTP/1.1 204 ").doesNotContainIgnoringCase("content-length");
        assertThat(counters.line()).isEqualTo("received=1 unique=1 duplicates=0 bad_signature=0");
    }

    @Test
    void requestsThatArriveTogetherAreAllAnsweredOnTheKeptConnection() {
        channel = new EmbeddedChannel(new SinkInitializer(counters, null));
        String one = "POST / HTTP/1.1\r\nhost: x\r\nwebhook-id: msg_1\r\ncontent-length: 2\r\n\r\n{}";

        channel.writeInbound(ascii(one + one));

        String responses = responses();
        assertThat(responses.split("HTTP/1.1 204 ", -1)).hasSize(3);
        assertThat(responses).doesNotContainIgnoringCase("connection: close");
        assertThat(channel.isActive()).isTrue();
        assertThat(counters.line()).isEqualTo("received=2 unique=1 duplicates=1 bad_signature=0");
    }

    @Test
    void theConnectionClosesWhenTheClientAsks() {
        channel = new EmbeddedChannel(new SinkInitializer(counters, null));

        channel.writeInbound(ascii("POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\nwebhook-id: msg_1\r\n"
                + "content-length: 2\r\n\r\n{}"));

        assertThat(responses()).startsWith("HTTP/1.1 204 ").containsIgnoringCase("connection: close");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void aBodyThatArrivesInPiecesIsVerifiedWhole() {
        channel = new EmbeddedChannel(new SinkInitializer(counters, SignatureCheck.parse(
                "whsec_" + Base64.getEncoder().encodeToString(KEY))));
        byte[] body = "{\"type\":\"message.created\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
        String signature = new WebhookSigner(KEY).sign("msg_1", 1_700_000_000L, body);

        channel.writeInbound(ascii("POST / HTTP/1.1\r\nhost: x\r\nwebhook-id: msg_1\r\n"
                + "webhook-timestamp: 1700000000\r\nwebhook-signature: " + signature + "\r\n"
                + "content-length: " + body.length + "\r\n\r\n"));
        channel.writeInbound(Unpooled.wrappedBuffer(body, 0, 10));
        channel.writeInbound(Unpooled.wrappedBuffer(body, 10, body.length - 10));

        assertThat(responses()).startsWith("HTTP/1.1 204 ");
        assertThat(counters.line()).isEqualTo("received=1 unique=1 duplicates=0 bad_signature=0");
    }

    @Test
    void aMissingSignatureIs401() {
        channel = new EmbeddedChannel(new SinkInitializer(counters, SignatureCheck.parse(
                "whsec_" + Base64.getEncoder().encodeToString(KEY))));

        channel.writeInbound(ascii("POST / HTTP/1.1\r\nhost: x\r\nwebhook-id: msg_1\r\n"
                + "webhook-timestamp: 1700000000\r\ncontent-length: 2\r\n\r\n{}"));

        assertThat(responses()).startsWith("HTTP/1.1 401 ");
        assertThat(counters.line()).isEqualTo("received=0 unique=0 duplicates=0 bad_signature=1");
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** Everything written back so far, as text; each buffer released. */
    private String responses() {
        StringBuilder text = new StringBuilder();
        for (Object message; (message = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) message;
            text.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return text.toString();
    }
}
