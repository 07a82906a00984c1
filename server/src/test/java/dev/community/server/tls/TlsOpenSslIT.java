package dev.community.server.tls;

import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;

/** The TLS transport served by OpenSSL (netty-tcnative's BoringSSL); the start fails if it cannot load. */
class TlsOpenSslIT extends TlsTransportContract {
    @BeforeAll
    static void startServer() throws Exception {
        start("openssl");
    }

    @Override
    SslProvider expectedProvider() {
        return SslProvider.OPENSSL;
    }
}
