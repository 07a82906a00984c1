package dev.community.server.deflate;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client over a plain socket that speaks permessage-deflate by hand (RFC 7692), so a test sees the
 * negotiation headers, the RSV1 bit and the compressed bytes exactly as they cross the wire.
 */
final class DeflateSocket implements AutoCloseable {
    /** One received frame. */
    record Frame(int opcode, boolean rsv1, byte[] payload) {
        /** The text, inflated first when the frame is compressed. */
        String text() {
            return new String(rsv1 ? inflate(payload) : payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    /** The upgrade response's header block, lower-cased. */
    final String responseHeaders;

    private DeflateSocket(Socket socket, String responseHeaders) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
        this.responseHeaders = responseHeaders;
    }

    /** Upgrades, offering {@code extensions} (null: no Sec-WebSocket-Extensions header). */
    static DeflateSocket connect(int port, String pathAndQuery, String extensions) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        DataInputStream in = new DataInputStream(socket.getInputStream());
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
        String headers = head.toString(StandardCharsets.US_ASCII);
        if (!headers.startsWith("HTTP/1.1 101 ")) {
            throw new IOException("upgrade refused: " + headers);
        }
        return new DeflateSocket(socket, headers.toLowerCase(Locale.ROOT));
    }

    /** Sends a text message compressed (RSV1) as one masked frame. */
    void sendCompressed(byte[] text) throws IOException {
        sendFrame(0x1, true, deflate(text));
    }

    /** Sends a text message uncompressed. */
    void sendText(String text) throws IOException {
        sendFrame(0x1, false, text.getBytes(StandardCharsets.UTF_8));
    }

    void sendFrame(int opcode, boolean rsv1, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | (rsv1 ? 0x40 : 0) | opcode);
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

    /** The next frame (unmasked, as a server sends them). */
    Frame read() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        long len = b1 & 0x7F;
        if (len == 126) {
            len = in.readUnsignedShort();
        } else if (len == 127) {
            len = in.readLong();
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        return new Frame(b0 & 0x0F, (b0 & 0x40) != 0, payload);
    }

    /** Frames until one whose (inflated) text contains {@code marker}. */
    Frame readUntil(String marker) throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == 0x1 && frame.text().contains(marker)) {
                return frame;
            }
            if (frame.opcode() == 0x8) {
                throw new IOException("closed with " + frame.closeCode() + " before " + marker);
            }
        }
    }

    /** Frames until the close frame; its code. */
    int readUntilClose() throws IOException {
        while (true) {
            Frame frame = read();
            if (frame.opcode() == 0x8) {
                return frame.closeCode();
            }
        }
    }

    /** Raw deflate, sync-flushed, trailing 00 00 FF FF removed: what a client sends (RFC 7692 §7.2.1). */
    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(data);
        byte[] buffer = new byte[data.length + 1024];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
        deflater.end();
        return Arrays.copyOf(buffer, n - 4);
    }

    static byte[] inflate(byte[] payload) {
        Inflater inflater = new Inflater(true);
        byte[] withTail = Arrays.copyOf(payload, payload.length + 4);
        withTail[payload.length + 2] = (byte) 0xFF;
        withTail[payload.length + 3] = (byte) 0xFF;
        inflater.setInput(withTail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.needsInput()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalStateException(e);
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
