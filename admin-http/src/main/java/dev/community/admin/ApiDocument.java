package dev.community.admin;

import java.util.Objects;

/**
 * A machine-readable API spec the admin port serves as JSON ({@code GET /community/openapi.json},
 * {@code /community/asyncapi.json}), as the server hands it over.
 *
 * @param json the document's bytes, UTF-8 JSON
 * @param etag a strong validator of those bytes, quoted as HTTP writes it
 */
public record ApiDocument(byte[] json, String etag) {
    public ApiDocument {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(etag, "etag");
    }
}
