package dev.community.protocol;

import static dev.community.protocol.Json.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way a client frame can be bad, each with the exact error code the contract answers with. */
class HostileFrameTest {

    private static final JsonCodec CODEC = new JsonCodec();

    private static final String ATTACHMENT = "{'url':'https://x.example/f','name':'f','size':1,'type':'t'}";

    private static Arguments bad(String name, byte[] frame, ErrorCode expected) {
        return Arguments.of(Named.of(name, frame), expected);
    }

    private static Arguments bad(String name, String singleQuotedFrame, ErrorCode expected) {
        return bad(name, bytes(singleQuotedFrame), expected);
    }

    private static String send(String fields) {
        return "{'type':'send_message'," + fields + "}";
    }

    private static String repeatJoined(String element, int times) {
        return String.join(",", Collections.nCopies(times, element));
    }

    static Stream<Arguments> hostileFrames() {
        return Stream.of(
                // Not JSON, or JSON over the stream limits: refused while parsing.
                bad("empty input", new byte[0], ErrorCode.INVALID_JSON),
                bad("only whitespace", " \n\t ", ErrorCode.INVALID_JSON),
                bad("truncated object", "{'type':'send_message','content':'hel", ErrorCode.INVALID_JSON),
                bad("truncated after a comma", "{'type':'ping',", ErrorCode.INVALID_JSON),
                bad("single quotes", "{'type':'ping'}".getBytes(StandardCharsets.UTF_8), ErrorCode.INVALID_JSON),
                bad("bare word", "ping", ErrorCode.INVALID_JSON),
                bad("trailing garbage", "{'type':'ping'} x", ErrorCode.INVALID_JSON),
                bad("two objects", "{'type':'ping'}{'type':'ping'}", ErrorCode.INVALID_JSON),
                bad("duplicate key", "{'type':'ping','type':'send_message'}", ErrorCode.INVALID_JSON),
                bad("comment", "{'type':'ping' /* hi */}", ErrorCode.INVALID_JSON),
                bad("NaN", "{'type':'mark_read','seq':NaN}", ErrorCode.INVALID_JSON),
                bad("leading zero", "{'type':'mark_read','seq':007}", ErrorCode.INVALID_JSON),
                bad("invalid UTF-8 byte", new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}'},
                        ErrorCode.INVALID_JSON),
                bad("UTF-8 encoded surrogate", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0,
                        (byte) 0x80, '"', '}'}, ErrorCode.INVALID_JSON),
                bad("10 000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000), ErrorCode.INVALID_JSON),
                bad("10 000 nested objects in a field", "{'type':'ping','x':" + "{'a':".repeat(10_000) + "1"
                        + "}".repeat(10_001), ErrorCode.INVALID_JSON),
                bad("one level over the depth limit", "{'type':'ping','x':"
                        + "[".repeat(JsonCodec.MAX_NESTING_DEPTH) + "]".repeat(JsonCodec.MAX_NESTING_DEPTH) + "}",
                        ErrorCode.INVALID_JSON),
                bad("2 MiB string", send("'content':'" + "a".repeat(2 * 1024 * 1024) + "'"), ErrorCode.INVALID_JSON),
                bad("string one over the string limit", send("'content':'"
                        + "a".repeat(JsonCodec.MAX_STRING_LENGTH + 1) + "'"), ErrorCode.INVALID_JSON),
                bad("1000-digit number", "{'type':'mark_read','seq':" + "9".repeat(1000) + "}",
                        ErrorCode.INVALID_JSON),
                bad("33-digit number in an ignored field", "{'type':'ping','x':"
                        + "1".repeat(JsonCodec.MAX_NUMBER_LENGTH + 1) + "}", ErrorCode.INVALID_JSON),
                bad("2000-character field name", "{'" + "k".repeat(2000) + "':1,'type':'ping'}",
                        ErrorCode.INVALID_JSON),

                // JSON, but not a frame.
                bad("array instead of object", "[{'type':'ping'}]", ErrorCode.INVALID_PAYLOAD),
                bad("string instead of object", "'ping'", ErrorCode.INVALID_PAYLOAD),
                bad("number instead of object", "42", ErrorCode.INVALID_PAYLOAD),
                bad("null instead of object", "null", ErrorCode.INVALID_PAYLOAD),

                // The type.
                bad("type missing", "{'content':'hi'}", ErrorCode.UNKNOWN_TYPE),
                bad("type null", "{'type':null}", ErrorCode.UNKNOWN_TYPE),
                bad("type a number", "{'type':1}", ErrorCode.UNKNOWN_TYPE),
                bad("type an array", "{'type':['ping']}", ErrorCode.UNKNOWN_TYPE),
                bad("unknown type", "{'type':'delete_everything'}", ErrorCode.UNKNOWN_TYPE),
                bad("type in the wrong case", "{'type':'PING'}", ErrorCode.UNKNOWN_TYPE),
                bad("server event name as type", "{'type':'new_message'}", ErrorCode.UNKNOWN_TYPE),

                // send_message content.
                bad("content missing without attachments", "{'type':'send_message'}", ErrorCode.EMPTY_CONTENT),
                bad("content null without attachments", send("'content':null"), ErrorCode.EMPTY_CONTENT),
                bad("content empty", send("'content':''"), ErrorCode.EMPTY_CONTENT),
                bad("content whitespace only", send("'content':' \\n\\t\\u00a0\\u3000 '"), ErrorCode.EMPTY_CONTENT),
                bad("content zero-width space only", send("'content':'\\u200b\\ufeff'"), ErrorCode.EMPTY_CONTENT),
                bad("content empty with empty attachments", send("'content':'','attachments':[]"),
                        ErrorCode.EMPTY_CONTENT),
                bad("4001 ASCII code points", send("'content':'" + "a".repeat(4001) + "'"),
                        ErrorCode.CONTENT_TOO_LONG),
                bad("4001 astral code points", send("'content':'" + "😀".repeat(4001) + "'"),
                        ErrorCode.CONTENT_TOO_LONG),
                bad("4000 emoji and one letter", send("'content':'" + "😀".repeat(4000) + "a'"),
                        ErrorCode.CONTENT_TOO_LONG),
                bad("65536 characters, within the string limit", send("'content':'"
                        + "a".repeat(JsonCodec.MAX_STRING_LENGTH) + "'"), ErrorCode.CONTENT_TOO_LONG),
                bad("content a number", send("'content':42"), ErrorCode.INVALID_PAYLOAD),
                bad("content an object", send("'content':{'text':'hi'}"), ErrorCode.INVALID_PAYLOAD),
                bad("content with U+0000", send("'content':'a\\u0000b'"), ErrorCode.INVALID_PAYLOAD),
                bad("content with a lone high surrogate", send("'content':'a\\ud800b'"), ErrorCode.INVALID_PAYLOAD),
                bad("content ending in a high surrogate", send("'content':'a\\ud83d'"), ErrorCode.INVALID_PAYLOAD),
                bad("content with a lone low surrogate", send("'content':'\\udc00'"), ErrorCode.INVALID_PAYLOAD),
                bad("too long and U+0000", send("'content':'" + "a".repeat(5000) + "\\u0000'"),
                        ErrorCode.INVALID_PAYLOAD),

                // send_message other fields.
                bad("client_id 65 chars", send("'content':'a','client_id':'" + "c".repeat(65) + "'"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("client_id empty", send("'content':'a','client_id':''"), ErrorCode.INVALID_PAYLOAD),
                bad("client_id a number", send("'content':'a','client_id':7"), ErrorCode.INVALID_PAYLOAD),
                bad("client_id with U+0000", send("'content':'a','client_id':'c\\u0000'"), ErrorCode.INVALID_PAYLOAD),
                bad("reply_to_id not a UUID", send("'content':'a','reply_to_id':'42'"), ErrorCode.INVALID_PAYLOAD),
                bad("reply_to_id in short UUID form", send("'content':'a','reply_to_id':'1-1-1-1-1'"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("reply_to_id a number", send("'content':'a','reply_to_id':1"), ErrorCode.INVALID_PAYLOAD),
                bad("thread_id in braces", send("'content':'a','thread_id':'{0190e0a0-0000-7000-8000-0000000000bb}'"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("message_type system", send("'content':'a','message_type':'system'"), ErrorCode.INVALID_PAYLOAD),
                bad("message_type unknown", send("'content':'a','message_type':'video'"), ErrorCode.INVALID_PAYLOAD),
                bad("message_type a number", send("'content':'a','message_type':1"), ErrorCode.INVALID_PAYLOAD),
                bad("11 attachments", send("'content':'a','attachments':[" + repeatJoined(ATTACHMENT, 11) + "]"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("attachments an object", send("'content':'a','attachments':" + ATTACHMENT),
                        ErrorCode.INVALID_PAYLOAD),
                bad("attachment a string", send("'content':'a','attachments':['https://x.example/f']"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("attachment ftp url", send("'attachments':[{'url':'ftp://x.example/f','name':'f','size':1,"
                        + "'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment javascript url", send("'attachments':[{'url':'javascript:alert(1)','name':'f',"
                        + "'size':1,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment url without host", send("'attachments':[{'url':'https://','name':'f','size':1,"
                        + "'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment url with a space", send("'attachments':[{'url':'https://x.example/a b','name':'f',"
                        + "'size':1,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment url over 2048", send("'attachments':[{'url':'https://x.example/"
                        + "a".repeat(2048) + "','name':'f','size':1,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment url missing", send("'attachments':[{'name':'f','size':1,'type':'t'}]"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("attachment name 256", send("'attachments':[{'url':'https://x.example/f','name':'"
                        + "n".repeat(256) + "','size':1,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment name with U+0000", send("'attachments':[{'url':'https://x.example/f',"
                        + "'name':'a\\u0000','size':1,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment size negative", send("'attachments':[{'url':'https://x.example/f','name':'f',"
                        + "'size':-1,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment size a string", send("'attachments':[{'url':'https://x.example/f','name':'f',"
                        + "'size':'1','type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment size a float", send("'attachments':[{'url':'https://x.example/f','name':'f',"
                        + "'size':1.5,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment size over a long", send("'attachments':[{'url':'https://x.example/f','name':'f',"
                        + "'size':9223372036854775808,'type':'t'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment type 256", send("'attachments':[{'url':'https://x.example/f','name':'f','size':1,"
                        + "'type':'" + "t".repeat(256) + "'}]"), ErrorCode.INVALID_PAYLOAD),
                bad("attachment type missing", send("'attachments':[{'url':'https://x.example/f','name':'f',"
                        + "'size':1}]"), ErrorCode.INVALID_PAYLOAD),
                bad("51 mentions", send("'content':'a','mentions':[" + repeatJoined("'u1'", 51) + "]"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("mention with a space", send("'content':'a','mentions':['bob smith']"), ErrorCode.INVALID_PAYLOAD),
                bad("mention empty", send("'content':'a','mentions':['']"), ErrorCode.INVALID_PAYLOAD),
                bad("mention 65 chars", send("'content':'a','mentions':['" + "u".repeat(65) + "']"),
                        ErrorCode.INVALID_PAYLOAD),
                bad("mention a number", send("'content':'a','mentions':[1]"), ErrorCode.INVALID_PAYLOAD),
                bad("mention non-ASCII", send("'content':'a','mentions':['bøb']"), ErrorCode.INVALID_PAYLOAD),
                bad("mentions a string", send("'content':'a','mentions':'bob'"), ErrorCode.INVALID_PAYLOAD),

                // typing.
                bad("is_typing missing", "{'type':'typing'}", ErrorCode.INVALID_PAYLOAD),
                bad("is_typing null", "{'type':'typing','is_typing':null}", ErrorCode.INVALID_PAYLOAD),
                bad("is_typing a string", "{'type':'typing','is_typing':'true'}", ErrorCode.INVALID_PAYLOAD),
                bad("is_typing a number", "{'type':'typing','is_typing':1}", ErrorCode.INVALID_PAYLOAD),

                // request_history.
                bad("limit 0", "{'type':'request_history','limit':0}", ErrorCode.INVALID_PAYLOAD),
                bad("limit 101", "{'type':'request_history','limit':101}", ErrorCode.INVALID_PAYLOAD),
                bad("limit negative", "{'type':'request_history','limit':-5}", ErrorCode.INVALID_PAYLOAD),
                bad("limit a string", "{'type':'request_history','limit':'10'}", ErrorCode.INVALID_PAYLOAD),
                bad("limit a float", "{'type':'request_history','limit':10.0}", ErrorCode.INVALID_PAYLOAD),
                bad("limit in exponent form", "{'type':'request_history','limit':1e1}", ErrorCode.INVALID_PAYLOAD),
                bad("limit over an int", "{'type':'request_history','limit':4294967346}", ErrorCode.INVALID_PAYLOAD),
                bad("before_seq 0", "{'type':'request_history','before_seq':0}", ErrorCode.INVALID_PAYLOAD),
                bad("before_seq a string", "{'type':'request_history','before_seq':'5'}", ErrorCode.INVALID_PAYLOAD),

                // mark_read.
                bad("seq missing", "{'type':'mark_read'}", ErrorCode.INVALID_PAYLOAD),
                bad("seq null", "{'type':'mark_read','seq':null}", ErrorCode.INVALID_PAYLOAD),
                bad("seq negative", "{'type':'mark_read','seq':-1}", ErrorCode.INVALID_PAYLOAD),
                bad("seq a string", "{'type':'mark_read','seq':'5'}", ErrorCode.INVALID_PAYLOAD),
                bad("seq a float", "{'type':'mark_read','seq':5.5}", ErrorCode.INVALID_PAYLOAD),
                bad("seq a boolean", "{'type':'mark_read','seq':true}", ErrorCode.INVALID_PAYLOAD),
                bad("seq over a long", "{'type':'mark_read','seq':9223372036854775808}", ErrorCode.INVALID_PAYLOAD));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("hostileFrames")
    void refusesWithTheContractsErrorCode(byte[] frame, ErrorCode expected) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class, () -> CODEC.decodeClientFrame(frame));
        assertThat(failure).as("decoding must fail").isNotNull();
        assertThat(failure.code()).isEqualTo(expected);
        assertThat(failure.getMessage()).isNotBlank();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'type':'mark_read','seq':-1}|seq: must be an integer >= 0",
            "{'type':'request_history','limit':0}|limit: must be an integer from 1 to 100",
            "{'type':'typing'}|is_typing: is required",
            "{'type':'send_message','content':'a','mentions':['x','y z']}|mentions[1]: must be a user id",
            "{'type':'send_message','attachments':[{'url':'https://x/f','name':'f','size':'1','type':'t'}]}"
                    + "|attachments[0].size: must be an integer >= 0",
            "{'type':'nope'}|type: unknown frame type 'nope'",
            "{'type':'DROP TABLE'}|type: unknown frame type",
            "[1|invalid JSON: Unexpected end-of-input",
            "{'type':'ping','x':111111111111111111111111111111111}|invalid JSON: Number value length (33) exceeds"
                    + " the maximum allowed (32)"})
    void namesTheFieldWithoutRepeatingTheValue(String frame, String expectedMessage) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> CODEC.decodeClientFrame(bytes(frame)));
        assertThat(failure.getMessage()).startsWith(expectedMessage).doesNotContain("y z");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("hostileFrames")
    void refusesTheSameFromText(byte[] frame, ErrorCode expected) {
        String text = new String(frame, StandardCharsets.UTF_8);
        ProtocolException failure = catchThrowableOfType(ProtocolException.class, () -> CODEC.decodeClientFrame(text));
        assertThat(failure).as("decoding must fail").isNotNull();
        // Bytes that are not UTF-8 become U+FFFD when turned into text, which is then valid JSON text.
        if (!text.contains("\uFFFD")) {
            assertThat(failure.code()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("hostileFrames")
    void errorForTheClientEncodesCleanly(byte[] frame, ErrorCode expected) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class, () -> CODEC.decodeClientFrame(frame));
        ServerEvent decoded = CODEC.decodeServerEvent(CODEC.encode(failure.toErrorEvent()));
        assertThat(decoded).isEqualTo(failure.toErrorEvent());
        assertThat(failure.getMessage()).hasSizeLessThan(300);
    }
}
