package dev.community.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.testing.TestCertificates;
import io.netty.handler.ssl.SslProvider;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reading and checking a PEM pair, for both providers: the key encodings operators have, and the refusals. */
class CertificatePairTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void anEcKeyInPkcs8OrSec1Loads(SslProvider provider) throws Exception {
        TestCertificates.Issued leaf = TestCertificates.authority("Unit CA").issue("unit", List.of("localhost"),
                Duration.ofDays(1));
        Path chain = leaf.writeChain(dir.resolve("chain.pem"));
        CertificatePair pkcs8 = CertificatePair.load(chain, leaf.writeKey(dir.resolve("pkcs8.pem")), provider);
        assertThat(pkcs8.subject()).isEqualTo("CN=unit");
        assertThat(pkcs8.fingerprint()).isEqualTo(TlsClients.sha256(leaf.certificate()));
        Path sec1 = sec1(dir.resolve("sec1.pem"), leaf.keys());
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(CertificatePair.load(chain, sec1, provider).fingerprint()).isEqualTo(pkcs8.fingerprint());
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void aSelfSignedRsaCertificateWithAPkcs1KeyLoads(SslProvider provider) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=rsa.example");
        Instant now = Instant.now();
        var certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.ONE, Date.from(now), Date.from(now.plus(Duration.ofDays(10))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        Path cert = Files.writeString(dir.resolve("rsa.pem"), TestCertificates.pem(certificate));
        Path key = traditional(dir.resolve("rsa-key.pem"), keys);
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        CertificatePair pair = CertificatePair.load(cert, key, provider);
        assertThat(pair.subject()).isEqualTo("CN=rsa.example");
        assertThat(pair.notAfter()).isAfter(now.plus(Duration.ofDays(9)));
    }

    @ParameterizedTest
    @EnumSource(value = SslProvider.class, names = {"OPENSSL", "JDK"})
    void refusalsNameTheFileAndTheReason(SslProvider provider) throws Exception {
        TestCertificates.Issued leaf = TestCertificates.authority("Unit CA").issue("unit", List.of("localhost"),
                Duration.ofDays(1));
        Path chain = leaf.writeChain(dir.resolve("chain.pem"));
        Path stray = TestCertificates.writePrivateKey(dir.resolve("stray.pem"), TestCertificates.strayKeys());
        assertThatThrownBy(() -> CertificatePair.load(chain, stray, provider))
                .isInstanceOf(InvalidCertificateException.class)
                .hasMessage("the private key " + stray + " does not match the certificate " + chain
                        + " (the first certificate of the chain must be the server's own)");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> CertificatePair.load(chain, empty, provider))
                .hasMessage(empty + " holds no unencrypted PEM private key (PKCS#8, PKCS#1 or SEC1)");
        assertThatThrownBy(() -> CertificatePair.load(dir.resolve("missing.pem"), stray, provider))
                .hasMessageStartingWith("cannot read " + dir.resolve("missing.pem"));
    }

    /** An EC key as {@code openssl ecparam -genkey} writes it: SEC1 with the curve and the public key. */
    private static Path sec1(Path file, KeyPair keys) throws Exception {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded());
        var der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) keys.getPrivate()).getS(),
                spki.getPublicKeyData(), spki.getAlgorithm().getParameters()).getEncoded();
        return Files.writeString(file, "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END EC PRIVATE KEY-----\n");
    }

    /** An RSA key in OpenSSL's traditional encoding (PKCS#1). */
    private static Path traditional(Path file, KeyPair keys) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(keys);
        }
        return Files.writeString(file, out.toString());
    }
}
