package dev.community.protocol;

import static dev.community.protocol.Json.bytes;
import static dev.community.protocol.Json.q;
import static dev.community.protocol.Json.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The codec used for REST bodies: any value out, records and trees in, with the same limits as frames. */
class JsonCodecBodyTest {

    private static final JsonCodec CODEC = new JsonCodec();

    /** A REST-style PATCH body: boxed components are optional, so every field may be left out. */
    record Patch(String name, Integer slowModeSeconds, Long lastReadSeq, Boolean isHidden, UUID roomId,
                 Instant until, List<String> tags) {
    }

    /** Primitive components are required: absent or null is refused rather than read as 0 / false. */
    record Required(int count, boolean isFlag) {
    }

    @Test
    void writesRestValuesInSnakeCaseWithNulls() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", List.of(ServerEventCodecTest.ROOM));
        body.put("next_cursor", null);
        assertThat(text(CODEC.writeBytes(body)))
                .isEqualTo(q("{'results':[" + ServerEventCodecTest.ROOM_JSON + "],'next_cursor':null}"));
    }

    @Test
    void writesRestErrorBodies() {
        assertThat(text(CODEC.encodeRestError(ErrorCode.TRUST_REQUIRED, "account too new")))
                .isEqualTo(q("{'error':{'code':'trust_required','message':'account too new'}}"));
    }

    @Test
    void readsRecordsBackFromTheirJson() {
        assertThat(CODEC.readValue(CODEC.writeBytes(ServerEventCodecTest.ROOM), Room.class))
                .isEqualTo(ServerEventCodecTest.ROOM);
        assertThat(CODEC.readValue(CODEC.writeBytes(ServerEventCodecTest.MESSAGE), Message.class))
                .isEqualTo(ServerEventCodecTest.MESSAGE);
    }

    @Test
    void readsSnakeCaseBodiesIgnoringUnknownFields() {
        Patch patch = CODEC.readValue(bytes("{'name':'n','slow_mode_seconds':5,'last_read_seq':null,'is_hidden':true,"
                + "'room_id':'0190e0a0-0000-7000-8000-000000000001','until':'2026-11-24T12:00:00+02:00',"
                + "'tags':['a'],'whatever':{'x':[1]}}"), Patch.class);
        assertThat(patch).isEqualTo(new Patch("n", 5, null, true, ServerEventCodecTest.ROOM_ID,
                Instant.parse("2026-11-24T10:00:00Z"), List.of("a")));
    }

    @ParameterizedTest
    @CsvSource({
            "2026-11-24T10:00:00.123Z, 2026-11-24T10:00:00.123Z",
            "2026-11-24T10:00:00Z, 2026-11-24T10:00:00Z",
            "2026-11-24T10:00:00.123456789Z, 2026-11-24T10:00:00.123456789Z",
            "2026-11-24T11:30:00+01:30, 2026-11-24T10:00:00Z",
            "2026-11-24T10:00Z, 2026-11-24T10:00:00Z",
            "2026-11-24T10:00+00:00, 2026-11-24T10:00:00Z"})
    void readsAnyIsoInstant(String wire, String expected) {
        Patch patch = CODEC.readValue(bytes("{'until':'" + wire + "'}"), Patch.class);
        assertThat(patch.until()).isEqualTo(Instant.parse(expected));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("{'until':'yesterday'}", ErrorCode.INVALID_PAYLOAD, "until"),
                Arguments.of("{'until':''}", ErrorCode.INVALID_PAYLOAD, "until"),
                Arguments.of("{'until':1764000000}", ErrorCode.INVALID_PAYLOAD, "until"),
                Arguments.of("{'until':'2026-11-24 10:00:00'}", ErrorCode.INVALID_PAYLOAD, "until"),
                Arguments.of("{'slow_mode_seconds':'5'}", ErrorCode.INVALID_PAYLOAD, "slow_mode_seconds"),
                Arguments.of("{'slow_mode_seconds':5.5}", ErrorCode.INVALID_PAYLOAD, "slow_mode_seconds"),
                Arguments.of("{'slow_mode_seconds':true}", ErrorCode.INVALID_PAYLOAD, "slow_mode_seconds"),
                Arguments.of("{'slow_mode_seconds':99999999999}", ErrorCode.INVALID_PAYLOAD, "slow_mode_seconds"),
                Arguments.of("{'is_hidden':'true'}", ErrorCode.INVALID_PAYLOAD, "is_hidden"),
                Arguments.of("{'is_hidden':1}", ErrorCode.INVALID_PAYLOAD, "is_hidden"),
                Arguments.of("{'name':5}", ErrorCode.INVALID_PAYLOAD, "name"),
                Arguments.of("{'name':false}", ErrorCode.INVALID_PAYLOAD, "name"),
                Arguments.of("{'name':{'a':1}}", ErrorCode.INVALID_PAYLOAD, "name"),
                Arguments.of("{'room_id':'nope'}", ErrorCode.INVALID_PAYLOAD, "room_id"),
                Arguments.of("{'tags':'a'}", ErrorCode.INVALID_PAYLOAD, "tags"),
                Arguments.of("{'tags':[1]}", ErrorCode.INVALID_PAYLOAD, "tags[0]"),
                Arguments.of("[]", ErrorCode.INVALID_PAYLOAD, "body"),
                Arguments.of("null", ErrorCode.INVALID_PAYLOAD, "null"),
                Arguments.of("", ErrorCode.INVALID_JSON, "no content"),
                Arguments.of("{'name':'a'} []", ErrorCode.INVALID_JSON, "after the value"),
                Arguments.of("{'name':'a','name':'b'}", ErrorCode.INVALID_JSON, "Duplicate field 'name'"),
                Arguments.of("{'name':", ErrorCode.INVALID_JSON, "end-of-input"),
                Arguments.of("{'slow_mode_seconds':" + "1".repeat(40) + "}", ErrorCode.INVALID_JSON, "(32)"),
                Arguments.of("{'whatever':" + "[".repeat(40) + "]".repeat(40) + "}", ErrorCode.INVALID_JSON,
                        "depth"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badBodies")
    void refusesBadBodiesNamingTheField(String json, ErrorCode expected, String mentioned) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> CODEC.readValue(bytes(json), Patch.class));
        assertThat(failure.code()).isEqualTo(expected);
        assertThat(failure.getMessage()).contains(mentioned).doesNotContain("StreamReadConstraints");
        assertThat(failure.clientId()).isNull();
    }

    @Test
    void readsRequiredPrimitives() {
        assertThat(CODEC.readValue(bytes("{'count':3,'is_flag':true}"), Required.class))
                .isEqualTo(new Required(3, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'is_flag':true}|count", "{'count':null,'is_flag':true}|count", "{'count':1}|is_flag",
            "{'count':1,'is_flag':null}|is_flag", "{'count':1,'is_flag':0}|is_flag"})
    void refusesMissingOrNullPrimitives(String json, String field) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> CODEC.readValue(bytes(json), Required.class));
        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
        assertThat(failure.getMessage()).contains(field);
    }

    @Test
    void refusesDocumentsOverOneMebibyteBeforeParsing() {
        byte[] huge = bytes("{'name':'" + "a".repeat(JsonCodec.MAX_DOCUMENT_BYTES) + "'}");
        assertThat(catchThrowableOfType(ProtocolException.class, () -> CODEC.readTree(huge)).code())
                .isEqualTo(ErrorCode.INVALID_JSON);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> CODEC.readValue(huge, Patch.class)).code())
                .isEqualTo(ErrorCode.INVALID_JSON);
        String hugeText = "x".repeat(JsonCodec.MAX_DOCUMENT_BYTES + 1);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> CODEC.decodeClientFrame(hugeText)).code())
                .isEqualTo(ErrorCode.INVALID_JSON);
    }

    @Test
    void readsAnyWellFormedValueAsATree() {
        assertThat(CODEC.readTree(bytes("null")).isNull()).isTrue();
        assertThat(CODEC.readTree(bytes("[1,'a',{'b':true}]")).size()).isEqualTo(3);
        assertThat(CODEC.readTree(bytes("  {'a':1}  \n")).get("a").intValue()).isEqualTo(1);
    }

    @Test
    void convertsTreesToRecords() {
        JsonNode tree = CODEC.readTree(bytes("{'name':'n','slow_mode_seconds':3}"));
        assertThat(CODEC.treeToValue(tree, Patch.class).slowModeSeconds()).isEqualTo(3);
        assertThat(CODEC.treeToValue(tree, Patch.class).isHidden()).isNull();
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> CODEC.treeToValue(CODEC.readTree(bytes("{'slow_mode_seconds':'3'}")), Patch.class));
        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
        assertThat(failure.getMessage()).contains("slow_mode_seconds");
        assertThat(catchThrowableOfType(ProtocolException.class,
                () -> CODEC.treeToValue(CODEC.readTree(bytes("null")), Patch.class)).code())
                .isEqualTo(ErrorCode.INVALID_PAYLOAD);
    }

    @Test
    void reportsAFailingOutputStreamAsUncheckedIo() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> CODEC.encode(new ServerEvent.Pong(), broken))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("pong");
    }

    @Test
    void reportsUnwritableValuesAsAProgrammingError() {
        List<Object> selfContaining = new ArrayList<>();
        selfContaining.add(selfContaining);
        assertThatThrownBy(() -> CODEC.writeBytes(selfContaining)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void oneCodecServesManyThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Boolean>> results = IntStream.range(0, 200)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        ServerEvent event = new ServerEvent.NewMessage(ServerEventCodecTest.MESSAGE, "c-" + i);
                        return CODEC.decodeServerEvent(CODEC.encode(event)).equals(event)
                                && CODEC.decodeClientFrame(bytes("{'type':'mark_read','seq':" + i + "}"))
                                .equals(new ClientFrame.MarkRead(i));
                    }, pool))
                    .toList();
            for (CompletableFuture<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
