package dev.community.server.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay to a real service that a test can cut and restore, to see the server through an outage of
 * its database without stopping the database everyone else is using.
 */
public final class TcpProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private int port;

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        restore();
    }

    public int port() {
        return port;
    }

    /** Refuses new connections and breaks every open one. */
    public synchronized void cut() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = socket.getLocalPort();
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client.getInputStream(), upstream.getOutputStream(), client, upstream);
                pump(upstream.getInputStream(), client.getOutputStream(), client, upstream);
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // one side went away: close both below
            } finally {
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
