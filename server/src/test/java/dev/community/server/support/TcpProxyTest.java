package dev.community.server.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fault-injecting relay against a loopback echo server: each fault does what it says and the bytes that do
 * pass arrive complete and in order. Latency and bandwidth are checked as lower bounds only (the relay can only add
 * time; an upper bound would be a timing assertion on a shared machine).
 */
class TcpProxyTest {
    ServerSocket echo;
    TcpProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException ignored) {
                            // the relay went away
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = new TcpProxy("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(20_000);
        return socket;
    }

    static byte[] readExactly(InputStream in, int n) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (got.size() < n) {
            int r = in.read(buffer, 0, Math.min(buffer.length, n - got.size()));
            if (r < 0) {
                break;
            }
            got.write(buffer, 0, r);
        }
        return got.toByteArray();
    }

    @Test
    void relaysBytesBothWaysInOrder() throws IOException {
        try (Socket s = connect()) {
            byte[] sent = new byte[200_000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) (i * 31);
            }
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(sent);
                } catch (IOException ignored) {
                    // read side fails the test
                }
            });
            writer.start();
            assertThat(readExactly(s.getInputStream(), sent.length)).isEqualTo(sent);
        }
    }

    @Test
    void latencyDelaysEachWayAndKeepsOrder() throws IOException {
        proxy.latency(Duration.ofMillis(150));
        try (Socket s = connect()) {
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                s.getOutputStream().write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            String expected = "line 0\nline 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\nline 9\n";
            byte[] got = readExactly(s.getInputStream(), expected.length());
            assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo(expected);
            // there and back: at least twice the latency (a lower bound: the relay cannot be faster than told)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void bandwidthPacesTheBytes() throws IOException {
        proxy.bandwidth(100_000);
        try (Socket s = connect()) {
            byte[] sent = new byte[50_000];
            Arrays.fill(sent, (byte) 7);
            long start = System.nanoTime();
            s.getOutputStream().write(sent);
            assertThat(readExactly(s.getInputStream(), sent.length)).isEqualTo(sent);
            // 50 kB at 100 kB/s each way: no sooner than about half a second
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        }
    }

    @Test
    void halfOpenAcceptsAndNeverAnswersThenHeals() throws IOException {
        try (Socket open = connect()) {
            open.getOutputStream().write('o');
            assertThat(open.getInputStream().read()).as("relayed before the fault").isEqualTo('o');
            proxy.halfOpen(true);
            try (Socket fresh = connect()) {
                fresh.setSoTimeout(300);
                fresh.getOutputStream().write('x');
                assertThatThrownBy(() -> fresh.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            }
            open.setSoTimeout(300);
            open.getOutputStream().write('y');
            assertThatThrownBy(() -> open.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

            proxy.heal();
            open.setSoTimeout(20_000);
            assertThat(open.getInputStream().read()).as("held, then delivered").isEqualTo('y');
        }
    }

    @Test
    void resetBreaksOpenConnectionsAndKeepsAccepting() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write('a');
            assertThat(s.getInputStream().read()).isEqualTo('a');
            proxy.reset();
            assertThatThrownBy(() -> {
                // the RST may surface on the read or on a later write
                for (int i = 0; i < 100; i++) {
                    s.getOutputStream().write('b');
                    if (s.getInputStream().read() < 0) {
                        throw new SocketException("end of stream");
                    }
                }
            }).isInstanceOf(SocketException.class);
        }
        try (Socket again = connect()) {
            again.getOutputStream().write('c');
            assertThat(again.getInputStream().read()).isEqualTo('c');
        }
    }

    @Test
    void cutRefusesAndRestoreAcceptsOnTheSamePort() throws IOException {
        int port = proxy.port();
        proxy.cut();
        assertThatThrownBy(this::connect).isInstanceOf(ConnectException.class);
        proxy.restore();
        assertThat(proxy.port()).isEqualTo(port);
        try (Socket s = connect()) {
            s.getOutputStream().write('d');
            assertThat(s.getInputStream().read()).isEqualTo('d');
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> proxy.openSockets() == 0);
    }
}
