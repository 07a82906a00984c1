package dev.community.protocol;

/** One attachment of a message: an http(s) URL with its display name, size in bytes and MIME type. */
public record Attachment(String url, String name, long size, String type) {
}
