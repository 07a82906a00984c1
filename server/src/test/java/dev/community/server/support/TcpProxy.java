package dev.community.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP relay to a real service that injects the faults of a network an operator lives with, so a test
 * sees the server through them without touching the service everyone else is using:
 * <ul>
 *   <li>{@link #cut()} / {@link #restore()}: refuse new connections and break open ones (an outage);</li>
 *   <li>{@link #latency(Duration)}: every chunk is delivered that long after it arrived, in order, each way;</li>
 *   <li>{@link #bandwidth(long)}: at most so many bytes a second each way per connection;</li>
 *   <li>{@link #halfOpen(boolean)}: connections are accepted and open ones stay open, but nothing is answered —
 *       the peer behind a dead router or a frozen process, which only a time-out detects;</li>
 *   <li>{@link #reset()}: every open connection is reset (RST, not FIN) and new ones are accepted as usual.</li>
 * </ul>
 * One reader and one writer thread per direction and connection (daemon threads, for tests only): the writer waits
 * for a chunk's due time, which keeps order under latency and lets bytes pile up behind a slow link as they would.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    /** The thread accepting on {@link #listener}. */
    private Thread acceptor;
    private volatile long latencyNanos;
    private volatile long bytesPerSecond;
    private volatile boolean halfOpen;
    private int port;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        restore();
    }

    public int port() {
        return port;
    }

    /** Connections open now (both sides of each relayed connection count; a half-open one counts once). */
    public int openSockets() {
        return (int) sockets.stream().filter(s -> !s.isClosed()).count();
    }

    /** Delays every chunk by {@code latency} each way (zero: none); applies to chunks that arrive from now on. */
    public TcpProxy latency(Duration latency) {
        this.latencyNanos = latency.toNanos();
        return this;
    }

    /** Limits each direction of each connection to {@code bytesPerSecond} (0: unlimited). */
    public TcpProxy bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /**
     * While on, new connections are accepted and never answered (nothing reaches the service) and open ones carry
     * nothing either way; off, open ones deliver what they held. A connection accepted while on stays dead.
     */
    public TcpProxy halfOpen(boolean on) {
        this.halfOpen = on;
        return this;
    }

    /** Resets every open connection (SO_LINGER 0: the peers see RST); the relay keeps accepting. */
    public synchronized void reset() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        sockets.clear();
    }

    /** Back to a clean link: no latency, no bandwidth limit, not half-open. */
    public TcpProxy heal() {
        latencyNanos = 0;
        bytesPerSecond = 0;
        halfOpen = false;
        return this;
    }

    /** Refuses new connections and breaks every open one. */
    public synchronized void cut() throws IOException {
        listener.close();
        // A ServerSocket closed while another thread is blocked in accept() defers the real close until that thread
        // leaves accept(): until then the port still listens (a connect succeeded, a restore found the address in
        // use). Waiting for the acceptor makes "cut" mean refused.
        try {
            acceptor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the listener closed");
        }
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        listener = socket;
        acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            if (halfOpen) {
                continue; // accepted, never read, never answered
            }
            try {
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(upstream);
                relay(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                relay(upstream.getInputStream(), client.getOutputStream(), client, upstream);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    /** A chunk read at {@code arrived} (System.nanoTime); {@code bytes == null} marks the end of the stream. */
    private record Chunk(byte[] bytes, long arrived) {
    }

    private void relay(InputStream in, OutputStream out, Socket a, Socket b) {
        LinkedBlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    byte[] chunk = new byte[n];
                    System.arraycopy(buffer, 0, chunk, 0, n);
                    chunks.add(new Chunk(chunk, System.nanoTime()));
                }
            } catch (IOException ignored) {
                // one side went away
            }
            chunks.add(new Chunk(null, System.nanoTime()));
        }, "tcp-proxy-read");
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk chunk = chunks.take();
                    // the relay's own pacing: a stand-in for the wire, not a test waiting for something
                    pauseUntil(chunk.arrived() + latencyNanos);
                    while (halfOpen && !a.isClosed() && !b.isClosed()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
                    }
                    if (chunk.bytes() == null) {
                        break;
                    }
                    long rate = bytesPerSecond;
                    if (rate > 0) {
                        // paced in slices so a limit applies within a large chunk too
                        int slice = (int) Math.max(1, Math.min(chunk.bytes().length, rate / 20));
                        for (int off = 0; off < chunk.bytes().length; off += slice) {
                            int len = Math.min(slice, chunk.bytes().length - off);
                            out.write(chunk.bytes(), off, len);
                            out.flush();
                            pauseUntil(System.nanoTime() + len * 1_000_000_000L / rate);
                        }
                    } else {
                        out.write(chunk.bytes());
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException ignored) {
                // closed below
            }
            closeQuietly(a);
            closeQuietly(b);
        }, "tcp-proxy-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void pauseUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
