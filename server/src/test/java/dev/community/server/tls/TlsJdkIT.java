package dev.community.server.tls;

import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;

/** The TLS transport served by the JDK's implementation: the fallback where OpenSSL does not load. */
class TlsJdkIT extends TlsTransportContract {
    @BeforeAll
    static void startServer() throws Exception {
        start("jdk");
    }

    @Override
    SslProvider expectedProvider() {
        return SslProvider.JDK;
    }
}
