package dev.community.server.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProtocols;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain and its private key, read from PEM files, checked to belong together, and built into the
 * server's TLS context: TLS 1.3 and 1.2 only, forward-secret AEAD cipher suites, ALPN {@code http/1.1}. Reading
 * and checking are the same for the first pair and for every renewed one, so a pair that would not start the
 * server is never swapped in either.
 *
 * @param context     what new connections' engines come from
 * @param leaf        the server's own certificate (the chain's first)
 * @param fingerprint SHA-256 of the leaf's DER encoding, hex
 */
public record CertificatePair(SslContext context, X509Certificate leaf, String fingerprint) {
    /** TLS 1.0 and 1.1 are deprecated (RFC 8996); clients of this server all speak 1.2 or 1.3. */
    static final String[] PROTOCOLS = {SslProtocols.TLS_v1_3, SslProtocols.TLS_v1_2};
    /**
     * TLS 1.3's suites, then TLS 1.2's ECDHE + AEAD suites (forward secrecy, no CBC, no RSA key exchange): what
     * Mozilla's "intermediate" profile allows. Suites a provider lacks are dropped, not an error.
     */
    static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Reads and checks the pair.
     *
     * @throws InvalidCertificateException with a reason an operator can act on: a file unreadable or not PEM, no
     *                                     certificate, a key that does not match the first certificate
     */
    public static CertificatePair load(Path certFile, Path keyFile, SslProvider provider) {
        X509Certificate[] chain = readChain(certFile);
        PrivateKey key = readKey(keyFile);
        checkMatch(key, chain[0].getPublicKey(), certFile, keyFile);
        try {
            SslContext context = SslContextBuilder.forServer(key, chain)
                    .sslProvider(provider)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_1_1))
                    .build();
            return new CertificatePair(context, chain[0], fingerprint(chain[0]));
        } catch (SSLException | RuntimeException e) {
            throw new InvalidCertificateException("the TLS library refused the pair " + certFile + " / " + keyFile
                    + ": " + e.getMessage(), e);
        }
    }

    public Instant notAfter() {
        return leaf.getNotAfter().toInstant();
    }

    /** The subject, as an operator would search for it. */
    public String subject() {
        return leaf.getSubjectX500Principal().getName();
    }

    private static X509Certificate[] readChain(Path certFile) {
        try (InputStream in = Files.newInputStream(certFile)) {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new InvalidCertificateException(certFile + " holds no PEM certificate");
            }
            return chain.toArray(X509Certificate[]::new);
        } catch (IOException e) {
            throw new InvalidCertificateException("cannot read " + certFile + ": " + e, e);
        } catch (CertificateException e) {
            throw new InvalidCertificateException(certFile + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path keyFile) {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser pem = new PEMParser(reader)) {
            parsed = pem.readObject();
        } catch (IOException e) {
            throw new InvalidCertificateException("cannot read the private key " + keyFile + ": " + e.getMessage(), e);
        }
        try {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (parsed instanceof PEMKeyPair pair) {
                // PKCS#1 / SEC1: only the private half is needed (a SEC1 key may omit its public key).
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException e) {
            throw new InvalidCertificateException("the private key in " + keyFile + " cannot be used: " + e.getMessage(), e);
        }
        throw new InvalidCertificateException(keyFile + " holds no unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1)");
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    private static void checkMatch(PrivateKey key, PublicKey certificateKey, Path certFile, Path keyFile) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> throw new InvalidCertificateException("unsupported private key type " + key.getAlgorithm()
                    + " in " + keyFile + " (RSA, EC or Ed25519)");
        };
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificateKey);
            verifier.update(challenge);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new InvalidCertificateException("the private key " + keyFile + " does not match the certificate "
                    + certFile + " (the first certificate of the chain must be the server's own)");
        }
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
