package dev.community.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.ExecutionConfig;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.ServerEvent;
import dev.community.server.http.ApiDocuments;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Lints the contract's machine-readable specs inside {@code mvn verify}, without Node: both documents are valid
 * against the official schemas of their formats, an OpenAPI parser reads the OpenAPI one without complaint, every
 * example matches its schema, and the specs name exactly the events, frames, error codes and close codes the
 * protocol module defines. That the server's actual traffic matches them is checked by the integration tests
 * (see {@link dev.community.server.support.WireContract}).
 */
class ContractSpecsTest {
    private static final String OPENAPI = "classpath:" + ApiDocuments.CLASSPATH_DIR + "openapi.yaml";
    private static final String ASYNCAPI = "classpath:" + ApiDocuments.CLASSPATH_DIR + "asyncapi.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ExecutionConfig STRICT = ExecutionConfig.builder().formatAssertionsEnabled(true).build();

    private final JsonNode openApi = ApiDocuments.readSpec("openapi.yaml");
    private final JsonNode asyncApi = ApiDocuments.readSpec("asyncapi.yaml");
    private final SchemaRegistry instances = SchemaRegistry.withDialect(Dialects.getOpenApi31());

    @Test
    void theOpenApiDocumentIsValidOpenApi31() throws Exception {
        assertThat(messages(openApiMetaSchema().validate(JSON.writeValueAsString(openApi), InputFormat.JSON))).isEmpty();
    }

    @Test
    void theAsyncApiDocumentIsValidAsyncApi3() throws Exception {
        assertThat(messages(asyncApiMetaSchema().validate(JSON.writeValueAsString(asyncApi), InputFormat.JSON))).isEmpty();
    }

    /** The lint can fail: a schema object of the wrong shape, or an unknown top-level field, is caught. */
    @Test
    void theMetaSchemasRefuseBrokenDocuments() throws Exception {
        JsonNode brokenOpenApi = openApi.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) brokenOpenApi.at("/components/schemas/User"))
                .put("type", "person");
        assertThat(messages(openApiMetaSchema().validate(JSON.writeValueAsString(brokenOpenApi), InputFormat.JSON)))
                .isNotEmpty();
        JsonNode brokenAsyncApi = asyncApi.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) brokenAsyncApi).put("chanels", "typo");
        assertThat(messages(asyncApiMetaSchema().validate(JSON.writeValueAsString(brokenAsyncApi), InputFormat.JSON)))
                .isNotEmpty();
    }

    private static Schema openApiMetaSchema() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                        builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix("https://spec.openapis.org/oas/3.1",
                                "classpath:metaschemas/oas/3.1")))
                .getSchema(SchemaLocation.of("https://spec.openapis.org/oas/3.1/schema-base/2022-10-07"));
    }

    private static Schema asyncApiMetaSchema() {
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
                .getSchema(SchemaLocation.of("classpath:metaschemas/asyncapi/3.0.0.json"));
    }

    @Test
    void anOpenApiParserReadsTheDocumentWithoutMessages() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(JSON.writeValueAsString(openApi), null, options);
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
        assertThat(result.getOpenAPI().getPaths()).containsKeys("/community/rooms/", "/admin/drain");
    }

    @Test
    void everyExampleMatchesItsSchema() {
        List<String> problems = new ArrayList<>();
        openApi.path("components").path("schemas").fields().forEachRemaining(entry -> {
            for (JsonNode example : entry.getValue().path("examples")) {
                problems.addAll(check(OPENAPI + "#/components/schemas/" + entry.getKey(), example));
            }
        });
        openApi.path("components").path("responses").fields().forEachRemaining(entry -> {
            JsonNode example = entry.getValue().path("content").path("application/json").path("example");
            if (!example.isMissingNode()) {
                problems.addAll(check(OPENAPI + "#/components/responses/" + entry.getKey()
                        + "/content/application~1json/schema", example));
            }
        });
        asyncApi.path("components").path("messages").fields().forEachRemaining(entry -> {
            String payload = entry.getValue().path("payload").path("$ref").asText();
            assertThat(payload).as("message " + entry.getKey() + " refers to a payload schema").startsWith("#/components/schemas/");
            for (JsonNode example : entry.getValue().path("examples")) {
                problems.addAll(check(ASYNCAPI + payload, example.path("payload")));
            }
            assertThat(entry.getValue().path("examples").size()).as("message " + entry.getKey() + " has an example").isPositive();
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theChannelAndItsOperationsCarryEveryMessage() {
        Set<String> messages = names(asyncApi.path("components").path("messages"));
        // the user stream carries everything; a room socket everything but the stream's own frames and events
        JsonNode stream = asyncApi.path("channels").path("stream");
        assertThat(names(stream.path("messages"))).isEqualTo(messages);
        Set<String> streamOnly = Set.of("subscribe", "unsubscribe", "ready", "roomActivity", "mentioned", "roomAdded",
                "roomUpdated", "membershipUpdated", "roomRemoved", "unsubscribed");
        Set<String> roomSocket = new TreeSet<>(messages);
        roomSocket.removeAll(streamOnly);
        JsonNode channel = asyncApi.path("channels").path("socket");
        assertThat(names(channel.path("messages"))).isEqualTo(roomSocket);
        Set<String> inOperations = new TreeSet<>();
        asyncApi.path("operations").forEach(operation -> {
            operation.path("messages").forEach(ref -> inOperations.add(ref.path("$ref").asText()
                    .replace("#/channels/socket/messages/", "").replace("#/channels/stream/messages/", "")));
            operation.path("reply").path("messages").forEach(ref -> inOperations.add(ref.path("$ref").asText()
                    .replace("#/channels/socket/messages/", "").replace("#/channels/stream/messages/", "")));
        });
        assertThat(inOperations).isEqualTo(messages);
    }

    @Test
    void theSpecsNameExactlyTheEventsAndFramesOfTheProtocolModule() throws Exception {
        Set<String> events = new TreeSet<>();
        for (Class<?> type : ServerEvent.class.getPermittedSubclasses()) {
            events.add(((ServerEvent) blank(type)).event());
        }
        Set<String> frames = new TreeSet<>();
        for (Class<?> type : ClientFrame.class.getPermittedSubclasses()) {
            frames.add(((ClientFrame) blank(type)).type());
        }
        assertThat(constsOf("event")).isEqualTo(events);
        assertThat(constsOf("type")).isEqualTo(frames);
    }

    /**
     * The spec's error codes are the protocol's, plus the operator port's {@code method_not_allowed}, minus
     * {@code payload_too_large}: the server answers a body over 64 KiB with 413 and {@code invalid_payload}.
     */
    @Test
    void theErrorCodesAreTheProtocolModules() {
        Set<String> inCode = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toCollection(TreeSet::new));
        inCode.remove(ErrorCode.PAYLOAD_TOO_LARGE.wire());
        inCode.add("method_not_allowed");
        Set<String> inSpec = StreamSupport.stream(openApi.at("/components/schemas/ErrorCode/enum").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
        assertThat(inSpec).isEqualTo(inCode);
    }

    @Test
    void theSpecsAndTheWireReferenceCarryOneVersionWithItsChangelogEntry() throws Exception {
        String protocol = dev.community.server.support.ContractVersion.protocol();
        String version = dev.community.server.support.ContractVersion.stated();
        assertThat(openApi.at("/info/version").asText()).isEqualTo(version);
        assertThat(asyncApi.at("/info/version").asText()).isEqualTo(version);
        assertThat(protocol).as("a changelog entry for the current version").contains("\n### " + version + "\n");
    }

    @Test
    void everyCloseCodeIsDescribed() throws Exception {
        String description = asyncApi.at("/info/description").asText();
        for (Field field : CloseCodes.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                assertThat(description).as(field.getName()).containsPattern("\\b" + field.getInt(null) + "\\b");
            }
        }
    }

    private List<String> check(String schemaLocation, JsonNode example) {
        Schema schema = instances.getSchema(SchemaLocation.of(schemaLocation));
        try {
            return messages(schema.validate(JSON.writeValueAsString(example), InputFormat.JSON,
                    context -> context.setExecutionConfig(STRICT))).stream()
                    .map(problem -> schemaLocation + ": " + problem).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code const} of property {@code field} in every payload schema of asyncapi.yaml that has one. */
    private Set<String> constsOf(String field) {
        Set<String> values = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = asyncApi.path("components").path("schemas").fields(); it.hasNext(); ) {
            JsonNode schema = it.next().getValue();
            JsonNode own = schema.path("properties").path(field).path("const");
            if (own.isTextual()) {
                values.add(own.textValue());
            }
            for (JsonNode part : schema.path("allOf")) {
                JsonNode inherited = part.path("properties").path(field).path("const");
                if (inherited.isTextual()) {
                    values.add(inherited.textValue());
                }
            }
        }
        return values;
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A record with every component null, 0 or false: enough to ask an event or frame its wire name. */
    private static Object blank(Class<?> record) throws Exception {
        RecordComponent[] components = record.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] values = Arrays.stream(types).map(ContractSpecsTest::zero).toArray();
        return record.getDeclaredConstructor(types).newInstance(values);
    }

    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        return null;
    }

    private static List<String> messages(List<Error> errors) {
        return errors.stream().map(Error::toString).toList();
    }
}
