package dev.community.server.lounge;

import java.util.Locale;
import java.util.Map;

/**
 * The Content-Type of a served file by its extension. Only what a Vite build emits is listed; anything else is
 * {@code application/octet-stream}, which together with {@code nosniff} keeps a browser from running it.
 */
final class ContentTypes {
    static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"));

    /** Worth a precompressed {@code .gz} sibling: text. Images and fonts are compressed already. */
    private static final java.util.Set<String> COMPRESSIBLE =
            java.util.Set.of("html", "js", "mjs", "css", "json", "map", "webmanifest", "txt", "svg");

    private ContentTypes() {
    }

    static String of(String fileName) {
        return BY_EXTENSION.getOrDefault(extension(fileName), OCTET_STREAM);
    }

    static boolean compressible(String fileName) {
        return COMPRESSIBLE.contains(extension(fileName));
    }

    static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
