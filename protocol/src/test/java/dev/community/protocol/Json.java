package dev.community.protocol;

import java.nio.charset.StandardCharsets;

/** Test helpers: JSON written with single quotes (readable in tables) turned into UTF-8 bytes. */
final class Json {

    private Json() {
    }

    static String q(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    static byte[] bytes(String singleQuoted) {
        return q(singleQuoted).getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
