package dev.community.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.config.AddressBlock;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private final ClientAddress behindProxies = new ClientAddress(List.of(AddressBlock.parse("10.0.0.0/8"),
            AddressBlock.parse("fd00::/8")));

    @Test
    void anUntrustedPeerIsTheClientWhateverItClaims() {
        assertThat(resolve(behindProxies, "203.0.113.7", "X-Forwarded-For", "198.51.100.1")).isEqualTo("203.0.113.7");
        assertThat(resolve(behindProxies, "203.0.113.7", "Forwarded", "for=198.51.100.1")).isEqualTo("203.0.113.7");
        assertThat(resolve(new ClientAddress(List.of()), "10.1.1.1", "X-Forwarded-For", "198.51.100.1"))
                .isEqualTo("10.1.1.1");
    }

    @Test
    void aTrustedProxyNamesTheClient() {
        assertThat(resolve(behindProxies, "10.1.1.1", "X-Forwarded-For", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(resolve(behindProxies, "10.1.1.1", "Forwarded", "for=198.51.100.1;proto=https;by=10.1.1.1"))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void theWalkSkipsTrustedHopsFromTheRightAndIgnoresWhatTheClientForgedBeforeThem() {
        // The client wrote "1.2.3.4" itself; 198.51.100.1 is what our first proxy saw.
        assertThat(resolve(behindProxies, "10.1.1.1", "X-Forwarded-For", "1.2.3.4, 198.51.100.1, 10.2.2.2"))
                .isEqualTo("198.51.100.1");
        assertThat(resolve(behindProxies, "10.1.1.1", "Forwarded",
                "for=1.2.3.4, for=\"[2001:db8:cafe::17]:4711\", for=\"[fd00::5]\""))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
    }

    @Test
    void onlyTrustedHopsLeaveTheLeftmost() {
        assertThat(resolve(behindProxies, "10.1.1.1", "X-Forwarded-For", "10.9.9.9, 10.2.2.2")).isEqualTo("10.9.9.9");
    }

    @Test
    void anUnreadableHopStopsAtTheTrustedProxyThatPassedItOn() {
        assertThat(resolve(behindProxies, "10.1.1.1", "Forwarded", "for=198.51.100.1, for=unknown"))
                .isEqualTo("10.1.1.1");
        assertThat(resolve(behindProxies, "10.1.1.1", "X-Forwarded-For", "198.51.100.1, evil.example, 10.2.2.2"))
                .isEqualTo("10.2.2.2");
        assertThat(resolve(behindProxies, "10.1.1.1", "Forwarded", "for=_hidden")).isEqualTo("10.1.1.1");
    }

    @Test
    void portsAndQuotesAreStripped() {
        assertThat(resolve(behindProxies, "10.1.1.1", "X-Forwarded-For", "198.51.100.1:5555")).isEqualTo("198.51.100.1");
        assertThat(resolve(behindProxies, "10.1.1.1", "Forwarded", "For=\"198.51.100.1:80\"")).isEqualTo("198.51.100.1");
    }

    @Test
    void forwardedWinsOverXForwardedFor() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Forwarded-For", "198.51.100.2").add("Forwarded", "for=198.51.100.1");
        assertThat(behindProxies.resolve(address("10.1.1.1"), headers).getHostAddress()).isEqualTo("198.51.100.1");
    }

    @Test
    void noHeaderFromATrustedProxyMeansTheProxyIsTheClient() {
        assertThat(behindProxies.resolve(address("10.1.1.1"), new DefaultHttpHeaders()).getHostAddress())
                .isEqualTo("10.1.1.1");
    }

    @Test
    void theHandlerRecordsEachRequestsClientOnTheChannel() {
        EmbeddedChannel channel = new EmbeddedChannel(new ClientAddressHandler(behindProxies)) {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress(address("10.1.1.1"), 40000);
            }
        };
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers().set("X-Forwarded-For", "198.51.100.1");
        channel.writeInbound(request);
        FullHttpRequest passed = channel.readInbound();
        assertThat(passed).isSameAs(request);
        passed.release();
        assertThat(ClientAddress.of(channel).getHostAddress()).isEqualTo("198.51.100.1");
        channel.finishAndReleaseAll();
    }

    private static String resolve(ClientAddress clientAddress, String peer, String header, String value) {
        return clientAddress.resolve(address(peer), new DefaultHttpHeaders().add(header, value)).getHostAddress();
    }

    private static InetAddress address(String literal) {
        return AddressBlock.literal(literal).orElseThrow();
    }
}
