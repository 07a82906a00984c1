package dev.community.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's machine-readable specs (docs/openapi.yaml and docs/asyncapi.yaml, copied onto the classpath by the
 * build) as the JSON documents the server serves at {@code /community/openapi.json} and
 * {@code /community/asyncapi.json} on both ports. Converted once per JVM, the first time they are asked for (the
 * server asks at start, off the event loops); immutable afterwards.
 *
 * <p>The AsyncAPI document refers to the OpenAPI document's shared schemas as {@code openapi.yaml#/...}; served,
 * those references read {@code openapi.json#/...}, which resolves against the served URL to the served OpenAPI
 * document.
 */
public final class ApiDocuments {
    /** Where the build puts the spec files on the classpath. */
    public static final String CLASSPATH_DIR = "community-contract/";
    public static final String OPENAPI_PATH = "/community/openapi.json";
    public static final String ASYNCAPI_PATH = "/community/asyncapi.json";

    /** One served document: its JSON and a strong validator of those bytes. */
    public record Document(byte[] json, String etag) {
    }

    private final Map<String, Document> byPath;

    private ApiDocuments(Map<String, Document> byPath) {
        this.byPath = byPath;
    }

    /** The documents of this build, converted on first use. */
    public static ApiDocuments bundled() {
        return Bundled.DOCUMENTS;
    }

    /** The document served at {@code path} (the request's path, without query). */
    public Optional<Document> find(String path) {
        return Optional.ofNullable(byPath.get(path));
    }

    /** The parsed spec file {@code name} (e.g. {@code openapi.yaml}) as it is on the classpath, for tests and tools. */
    public static JsonNode readSpec(String name) {
        try (InputStream in = ApiDocuments.class.getClassLoader().getResourceAsStream(CLASSPATH_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("the build put no " + CLASSPATH_DIR + name + " on the classpath");
            }
            return new YAMLMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static ApiDocuments load() {
        ObjectMapper json = new ObjectMapper();
        JsonNode asyncApi = readSpec("asyncapi.yaml");
        pointRefsAt(asyncApi, "openapi.yaml#", "openapi.json#");
        return new ApiDocuments(Map.of(
                OPENAPI_PATH, document(json, readSpec("openapi.yaml")),
                ASYNCAPI_PATH, document(json, asyncApi)));
    }

    private static Document document(ObjectMapper json, JsonNode spec) {
        try {
            byte[] bytes = json.writeValueAsBytes(spec);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            String etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
            return new Document(bytes, etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Rewrites every {@code $ref} that starts with {@code from} to start with {@code to}, in place. */
    private static void pointRefsAt(JsonNode node, String from, String to) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.textValue().startsWith(from)) {
                object.set("$ref", TextNode.valueOf(to + ref.textValue().substring(from.length())));
            }
            for (Iterator<JsonNode> children = object.elements(); children.hasNext(); ) {
                pointRefsAt(children.next(), from, to);
            }
        } else if (node.isArray()) {
            node.forEach(child -> pointRefsAt(child, from, to));
        }
    }

    /** Initialization-on-demand: the conversion runs once, thread-safely, when first needed. */
    private static final class Bundled {
        static final ApiDocuments DOCUMENTS = load();
    }
}
