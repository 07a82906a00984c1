package dev.community.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Throwaway certificate authorities and the certificates they sign, made in the test with Bouncy Castle (EC P-256
 * keys: fast to generate), and written as the PEM files a server or a client is configured with.
 */
public final class TestCertificates {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    /** A new self-signed CA valid for a day. */
    public static Authority authority(String name) {
        KeyPair keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new Authority(keys, sign(builder, keys));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A key pair that belongs to no certificate: the wrong key for any of them. */
    public static KeyPair strayKeys() {
        return ecKeys();
    }

    /** A CA: its key signs server certificates. */
    public record Authority(KeyPair keys, X509Certificate certificate) {

        /** A server certificate for {@code names} (DNS names or IP literals) valid for {@code validity} from now. */
        public Issued issue(String commonName, List<String> names, Duration validity) {
            KeyPair leafKeys = ecKeys();
            Instant now = Instant.now();
            try {
                List<GeneralName> alternatives = new ArrayList<>();
                for (String name : names) {
                    alternatives.add(Character.isDigit(name.charAt(0)) || name.contains(":")
                            ? new GeneralName(GeneralName.iPAddress, InetAddress.getByName(name).getHostAddress())
                            : new GeneralName(GeneralName.dNSName, name));
                }
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                        serial(), Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
                        new X500Name("CN=" + commonName), leafKeys.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(alternatives.toArray(GeneralName[]::new)));
                return new Issued(leafKeys, sign(builder, keys), certificate);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Writes the CA certificate as PEM. */
        public Path writeCertificate(Path file) {
            return write(file, pem(certificate));
        }

        /** A client TLS context that trusts this CA only. */
        public SSLContext clientContext() {
            try {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                trust.setCertificateEntry("ca", certificate);
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, factory.getTrustManagers(), null);
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A server certificate with its key and the CA that signed it. */
    public record Issued(KeyPair keys, X509Certificate certificate, X509Certificate issuer) {

        /** The chain (this certificate, then its CA) as PEM. */
        public Path writeChain(Path file) {
            return write(file, pem(certificate) + pem(issuer));
        }

        /** The private key as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"). */
        public Path writeKey(Path file) {
            return writePrivateKey(file, keys);
        }
    }

    /** {@code keys}' private key as unencrypted PKCS#8 PEM. */
    public static Path writePrivateKey(Path file, KeyPair keys) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(keys.getPrivate().getEncoded());
        return write(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
    }

    public static String pem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }
}
