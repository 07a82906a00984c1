package dev.community.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.community.server.http.ApiDocuments;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The contract's specs (docs/openapi.yaml and docs/asyncapi.yaml, as the build put them on the classpath) as a
 * validator of what the tests receive: every REST response and every WebSocket event must be one the specs
 * describe, or the test fails. The shared test clients ({@link Api}, {@link CheckedHttp}, {@link WsClient},
 * {@link RawWebSocket}) call it, so every integration test checks the specs without asking.
 *
 * <p>The JSON Schema validation itself is the networknt validator's (with the OpenAPI 3.1 dialect and format
 * assertions on); this class only finds which schema applies: the operation by path template and method, the
 * response by status, the event's message by its {@code event} name. Anything it cannot find is undocumented and
 * fails too: an unknown event, an unlisted status, a body where the spec says none.
 */
public final class WireContract {
    private static final String OPENAPI = "classpath:" + ApiDocuments.CLASSPATH_DIR + "openapi.yaml";
    private static final String ASYNCAPI = "classpath:" + ApiDocuments.CLASSPATH_DIR + "asyncapi.yaml";
    private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutionConfig STRICT = ExecutionConfig.builder().formatAssertionsEnabled(true).build();

    private static final WireContract INSTANCE = new WireContract();
    /** The operator ports of the test servers started in this JVM; any other port is a public one. */
    private static final Set<Integer> OPERATOR_PORTS = ConcurrentHashMap.newKeySet();

    private final SchemaRegistry registry = SchemaRegistry.withDialect(Dialects.getOpenApi31());
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final JsonNode openApi = ApiDocuments.readSpec("openapi.yaml");
    private final List<PathTemplate> paths = new ArrayList<>();
    /** Server event name (the payload's {@code event} const) → pointer to its payload schema in asyncapi.yaml. */
    private final Map<String, String> events = new HashMap<>();

    private WireContract() {
        for (Iterator<Map.Entry<String, JsonNode>> it = openApi.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            JsonNode servers = path.getValue().has("servers") ? path.getValue().get("servers") : openApi.get("servers");
            paths.add(new PathTemplate(path.getKey(), path.getValue(), portsOf(servers)));
        }
        // A literal path wins over a template that also matches it.
        paths.sort(Comparator.comparingInt(PathTemplate::parameters));
        JsonNode asyncApi = ApiDocuments.readSpec("asyncapi.yaml");
        for (Iterator<Map.Entry<String, JsonNode>> it = asyncApi.path("components").path("messages").fields(); it.hasNext(); ) {
            JsonNode payloadRef = it.next().getValue().path("payload").path("$ref");
            String schemaName = payloadRef.asText().substring("#/components/schemas/".length());
            JsonNode eventName = asyncApi.path("components").path("schemas").path(schemaName)
                    .path("properties").path("event").path("const");
            if (eventName.isTextual()) {
                events.put(eventName.textValue(), "#/components/schemas/" + schemaName);
            }
        }
    }

    /** Tells the contract that requests to {@code port} go to an operator port (a test server's admin port). */
    public static void operatorPort(int port) {
        OPERATOR_PORTS.add(port);
    }

    /** The operator port closed with its server; the port may come back as another server's public port. */
    public static void forgetOperatorPort(int port) {
        OPERATOR_PORTS.remove(port);
    }

    /**
     * Fails unless the response is one the OpenAPI document gives for this request: a documented operation and
     * status, and a body that validates against its schema (or no body where it declares none). A path or method
     * the document does not have must be answered {@code 404} or {@code 405} with the error body.
     *
     * @param contentType the response's {@code Content-Type}, or null
     */
    public static void checkResponse(String method, URI uri, int status, String contentType, String body) {
        INSTANCE.response(method, uri, status, contentType, body);
    }

    /** Fails unless {@code json} is a server event the AsyncAPI document describes. */
    public static void checkEvent(String json) {
        List<String> problems = eventProblems(json);
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("; ", problems));
        }
    }

    /** What is wrong with an event the server sent (empty when it matches the AsyncAPI document). */
    public static List<String> eventProblems(String json) {
        return INSTANCE.event(json);
    }

    private List<String> event(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (IOException e) {
            return List.of("the server sent a frame that is not JSON: " + shorten(json));
        }
        String name = node.path("event").asText(null);
        String pointer = name == null ? null : events.get(name);
        if (pointer == null) {
            return List.of("the server sent an event asyncapi.yaml does not describe (event " + name + "): " + shorten(json));
        }
        return validate(ASYNCAPI + pointer, json).stream()
                .map(problem -> "event " + name + " does not match asyncapi.yaml: " + problem + " in " + shorten(json))
                .toList();
    }

    private void response(String method, URI uri, int status, String contentType, String body) {
        String request = method + " " + uri.getRawPath() + " → " + status;
        String path = uri.getPath();
        Port port = OPERATOR_PORTS.contains(uri.getPort()) ? Port.OPERATOR : Port.PUBLIC;
        Optional<PathTemplate> template = paths.stream().filter(t -> t.ports.contains(port) && t.matches(path)).findFirst();
        JsonNode operation = template.map(t -> t.item.get(method.toLowerCase(Locale.ROOT))).orElse(null);
        if (operation == null) {
            // Not in the document: only the general answers for unknown paths and methods are allowed.
            if (status != 404 && status != 405) {
                throw new AssertionError(request + ": openapi.yaml has no " + method + " " + path + " on the "
                        + port.name().toLowerCase(Locale.ROOT) + " port"
                        + (template.isPresent() ? " (the path has other methods)" : "") + ", yet it answered " + status);
            }
            requireJson(request, contentType, body, OPENAPI + "#/components/schemas/Error");
            return;
        }
        String responsePointer = "#/paths/" + escape(template.get().template) + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses/" + status;
        JsonNode response = operation.path("responses").get(Integer.toString(status));
        if (response == null) {
            throw new AssertionError(request + ": status " + status + " is not documented for " + method + " "
                    + template.get().template + " in openapi.yaml; body: " + shorten(body));
        }
        JsonNode ref = response.get("$ref");
        if (ref != null) {
            responsePointer = ref.asText();
            response = resolve(responsePointer);
        }
        JsonNode content = response.get("content");
        if (content == null) {
            if (body != null && !body.isEmpty()) {
                throw new AssertionError(request + ": openapi.yaml declares no body, but one came: " + shorten(body));
            }
            return;
        }
        String mediaType = contentType == null ? null : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType == null || !content.has(mediaType)) {
            throw new AssertionError(request + ": Content-Type " + contentType + " is not one openapi.yaml declares ("
                    + String.join(", ", iterable(content.fieldNames())) + ")");
        }
        if (mediaType.equals("application/json")) {
            requireJson(request, contentType, body, OPENAPI + responsePointer + "/content/application~1json/schema");
        }
    }

    private void requireJson(String request, String contentType, String body, String schemaLocation) {
        if (contentType == null || !contentType.startsWith("application/json")) {
            throw new AssertionError(request + ": expected a JSON body, got Content-Type " + contentType + ": "
                    + shorten(body));
        }
        List<String> problems = validate(schemaLocation, body);
        if (!problems.isEmpty()) {
            throw new AssertionError(request + ": the body does not match openapi.yaml (" + schemaLocation + "): "
                    + String.join("; ", problems) + " in " + shorten(body));
        }
    }

    private List<String> validate(String schemaLocation, String json) {
        Schema schema = schemas.computeIfAbsent(schemaLocation, location -> {
            Schema loaded = registry.getSchema(SchemaLocation.of(location));
            loaded.initializeValidators();
            return loaded;
        });
        List<Error> errors = schema.validate(json, InputFormat.JSON, context -> context.setExecutionConfig(STRICT));
        return errors.stream().map(Error::toString).collect(Collectors.toList());
    }

    private JsonNode resolve(String localPointer) {
        return openApi.at(localPointer.substring(1));
    }

    /** A JSON pointer token for a path template, percent-encoded for use in a URI fragment. */
    private static String escape(String template) {
        return template.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
    }

    private static String shorten(String text) {
        if (text == null) {
            return "(none)";
        }
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    /** The two ports of a node, as the document's server URLs name them (8080 public, 9090 operator). */
    private enum Port {
        PUBLIC, OPERATOR
    }

    private static Set<Port> portsOf(JsonNode servers) {
        Set<Port> ports = EnumSet.noneOf(Port.class);
        for (JsonNode server : servers) {
            URI url = URI.create(server.path("url").asText());
            ports.add(url.getPort() == 9090 ? Port.OPERATOR : Port.PUBLIC);
        }
        return ports;
    }

    /** A path of the OpenAPI document as a matcher; public paths match with or without their final slash. */
    private static final class PathTemplate {
        final String template;
        final JsonNode item;
        final Set<Port> ports;
        final Pattern pattern;
        final int parameters;

        PathTemplate(String template, JsonNode item, Set<Port> ports) {
            this.template = template;
            this.item = item;
            this.ports = ports;
            StringBuilder regex = new StringBuilder("^");
            var matcher = PARAMETER.matcher(template);
            int last = 0;
            int count = 0;
            while (matcher.find()) {
                regex.append(Pattern.quote(template.substring(last, matcher.start()))).append("[^/]+");
                last = matcher.end();
                count++;
            }
            String rest = template.substring(last);
            regex.append(rest.endsWith("/") ? Pattern.quote(rest.substring(0, rest.length() - 1)) + "/?" : Pattern.quote(rest));
            this.pattern = Pattern.compile(regex.append("$").toString());
            this.parameters = count;
        }

        int parameters() {
            return parameters;
        }

        boolean matches(String path) {
            return pattern.matcher(path).matches();
        }
    }
}
