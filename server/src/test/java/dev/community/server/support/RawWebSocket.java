package dev.community.server.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A hand-rolled WebSocket client over a plain socket, for what well-behaved clients cannot do: send invalid
 * UTF-8, fragment a message on purpose, or stop reading altogether. The events it reads and the refusals of
 * upgrades are checked against the contract's specs ({@link WireContract}).
 */
public final class RawWebSocket implements AutoCloseable {
    public static final int TEXT = 0x1;
    public static final int CONTINUATION = 0x0;
    public static final int CLOSE = 0x8;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Upgrades {@code pathAndQuery}; {@code receiveBuffer} small values make a slow reader. */
    public static RawWebSocket connect(int port, String pathAndQuery, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
        String status = ws.readHeaders();
        if (!status.contains(" 101 ")) {
            throw new IOException("upgrade refused: " + status);
        }
        return ws;
    }

    /**
     * The HTTP status of an upgrade request (the JDK's client hides refused upgrades' statuses). A refusal's body is
     * checked against docs/openapi.yaml.
     */
    public static int upgradeStatus(int port, String pathAndQuery, String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            RawWebSocket ws = new RawWebSocket(socket);
            List<String> head = ws.readHead();
            int status = Integer.parseInt(head.get(0).split(" ")[1]);
            if (status != 101) {
                String contentType = header(head, "content-type");
                String length = header(head, "content-length");
                byte[] body = new byte[length == null ? 0 : Integer.parseInt(length)];
                ws.in.readFully(body);
                WireContract.checkResponse("GET", URI.create(pathAndQuery), status, contentType,
                        new String(body, StandardCharsets.UTF_8));
            }
            return status;
        }
    }

    /** A refused upgrade's status and body, e.g. {@code 403 {"error":{...}}}. */
    public static String refusal(int port, String pathAndQuery) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String status = new RawWebSocket(socket).readHeaders();
            // The refusal closes the connection: the body is the rest of the stream.
            String body = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return status.split(" ")[1] + " " + body;
        }
    }

    private String readHeaders() throws IOException {
        return readHead().get(0);
    }

    /** The status line and the header lines of an HTTP response. */
    private List<String> readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during handshake");
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII).lines().filter(line -> !line.isEmpty()).toList();
    }

    private static String header(List<String> head, String name) {
        return head.stream().skip(1)
                .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                .map(line -> line.substring(name.length() + 1).trim())
                .findFirst().orElse(null);
    }

    /** Sends one masked frame. */
    public void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | opcode);
        int len = payload.length;
        if (len < 126) {
            frame.write(0x80 | len);
        } else if (len < 65536) {
            frame.write(0x80 | 126);
            frame.write(len >>> 8);
            frame.write(len & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) len >>> (8 * i)) & 0xFF);
            }
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < len; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads frames until a close frame arrives and returns its code; -1 if the socket closed without one. */
    public int readUntilClose() throws IOException {
        try {
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    return -1;
                }
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if ((b0 & 0x0F) == CLOSE) {
                    return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                }
                if ((b0 & 0x0F) == TEXT && (b0 & 0x80) != 0) {
                    WireContract.checkEvent(new String(payload, StandardCharsets.UTF_8));
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no close frame within the timeout", e);
        } catch (java.io.EOFException | java.net.SocketException e) {
            return -1;
        }
    }

    /** Reads everything the server still sends, then reports whether the server closed the socket. */
    public boolean serverClosed() throws IOException {
        InputStream raw = socket.getInputStream();
        byte[] sink = new byte[65536];
        try {
            while (raw.read(sink) >= 0) {
                // drain
            }
            return true;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
