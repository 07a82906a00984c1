package dev.community.server.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;

/** Which TLS implementation serves the port: {@code tls.provider} = auto, openssl or jdk. */
public final class TlsProviders {
    private TlsProviders() {
    }

    /**
     * OpenSSL (netty-tcnative's BoringSSL) when asked for or, under "auto", when its native library loads here; the
     * JDK's implementation otherwise.
     *
     * @throws IllegalStateException when "openssl" is required and cannot be loaded, with the loader's reason
     */
    public static SslProvider choose(String configured) {
        return switch (configured) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> {
                if (!OpenSsl.isAvailable()) {
                    throw new IllegalStateException("tls.provider=openssl but OpenSSL cannot be loaded: "
                            + OpenSsl.unavailabilityCause());
                }
                yield SslProvider.OPENSSL;
            }
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** For the start-up log: the provider and, for OpenSSL, its version, or why OpenSSL was not used. */
    public static String describe(SslProvider provider) {
        if (provider == SslProvider.OPENSSL) {
            return "OpenSSL (" + OpenSsl.versionString() + ")";
        }
        return "JDK" + (OpenSsl.isAvailable() ? "" : " (OpenSSL unavailable: " + OpenSsl.unavailabilityCause() + ")");
    }
}
