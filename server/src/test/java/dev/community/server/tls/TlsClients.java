package dev.community.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** Raw TLS clients for the transport tests: handshakes with chosen protocols, and hand-made ClientHellos. */
final class TlsClients {
    private TlsClients() {
    }

    /** What a completed handshake showed. */
    record Handshake(String protocol, String alpn, String cipher, String sha256, String response) {
    }

    /** Handshakes offering only {@code protocol} and ALPN http/1.1, then sends one HTTP request and reads the answer. */
    static Handshake handshake(SSLContext trust, int port, String protocol, String httpRequest) throws Exception {
        try (SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            String response = "";
            if (httpRequest != null) {
                socket.getOutputStream().write(httpRequest.getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                response = readHead(socket.getInputStream());
            }
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return new Handshake(socket.getSession().getProtocol(), socket.getApplicationProtocol(),
                    socket.getSession().getCipherSuite(), sha256(served), response);
        }
    }

    /** The SHA-256 fingerprint of the certificate the server presents now. */
    static String servedFingerprint(SSLContext trust, int port) throws Exception {
        return handshake(trust, port, "TLSv1.3", null).sha256();
    }

    static String sha256(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /**
     * Sends a minimal ClientHello offering only TLS {@code 1.minor-1} (0x0301 = TLS 1.0, 0x0302 = TLS 1.1) — the JDK
     * client can no longer offer those — and returns everything the server sent back before closing.
     */
    static byte[] legacyClientHello(int port, int minor) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(3);
        body.write(minor);
        body.write(new byte[32], 0, 32);               // random
        body.write(0);                                  // no session id
        int[] suites = {0xC02F, 0xC013, 0x002F, 0x0035}; // what a TLS 1.0/1.1 client offers
        body.write(0);
        body.write(suites.length * 2);
        for (int suite : suites) {
            body.write(suite >>> 8);
            body.write(suite & 0xFF);
        }
        body.write(1);
        body.write(0);                                  // null compression
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16);                             // handshake record
        record.write(3);
        record.write(1);
        int handshakeLength = hello.length + 4;
        record.write(handshakeLength >>> 8);
        record.write(handshakeLength & 0xFF);
        record.write(1);                                // client_hello
        record.write(0);
        record.write(hello.length >>> 8);
        record.write(hello.length & 0xFF);
        record.write(hello, 0, hello.length);
        return exchange(port, record.toByteArray());
    }

    /** Writes {@code bytes} on a plain socket and reads until the server closes (or 10 s pass). */
    static byte[] exchange(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (java.net.SocketException reset) {
                // a reset after the alert is a close too
            }
            return received.toByteArray();
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }
}
