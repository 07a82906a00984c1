package dev.community.protocol;

import static dev.community.protocol.Json.bytes;
import static dev.community.protocol.Json.q;
import static dev.community.protocol.Json.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClientFrameDecodingTest {

    private static final JsonCodec CODEC = new JsonCodec();
    private static final UUID REPLY = UUID.fromString("0190e0a0-0000-7000-8000-0000000000aa");
    private static final UUID THREAD = UUID.fromString("0190e0a0-0000-7000-8000-0000000000bb");

    static Stream<Arguments> validFrames() {
        return Stream.of(
                Arguments.of("{'type':'ping'}", new ClientFrame.Ping()),
                Arguments.of("{'type':'ping','extra':{'nested':[1,2,3]}}", new ClientFrame.Ping()),
                Arguments.of("{'type':'send_message','content':'hello'}",
                        new ClientFrame.SendMessage("hello", null, null, null, "text", List.of(), List.of())),
                Arguments.of("{'type':'send_message','content':'hello','client_id':null,'reply_to_id':null,"
                                + "'thread_id':null,'message_type':null,'attachments':null,'mentions':null}",
                        new ClientFrame.SendMessage("hello", null, null, null, "text", List.of(), List.of())),
                Arguments.of("{'type':'send_message','content':'hi @bob','client_id':'c-1',"
                                + "'reply_to_id':'0190e0a0-0000-7000-8000-0000000000aa',"
                                + "'thread_id':'0190E0A0-0000-7000-8000-0000000000BB','message_type':'text',"
                                + "'attachments':[],'mentions':['bob','carol@example.org','bob'],'unknown':true}",
                        new ClientFrame.SendMessage("hi @bob", "c-1", REPLY, THREAD, "text", List.of(),
                                List.of("bob", "carol@example.org"))),
                Arguments.of("{'type':'send_message','message_type':'image','attachments':[{'url':"
                                + "'https://cdn.example/a.png','name':'a.png','size':0,'type':'image/png'}]}",
                        new ClientFrame.SendMessage("", null, null, null, "image",
                                List.of(new Attachment("https://cdn.example/a.png", "a.png", 0, "image/png")),
                                List.of())),
                Arguments.of("{'type':'send_message','content':'  ','message_type':'file','attachments':[{'url':"
                                + "'HTTP://files.example:8080/r%C3%A9sum%C3%A9.pdf?x=1#p2','name':'résumé.pdf',"
                                + "'size':9007199254740993,'type':''}]}",
                        new ClientFrame.SendMessage("  ", null, null, null, "file",
                                List.of(new Attachment("HTTP://files.example:8080/r%C3%A9sum%C3%A9.pdf?x=1#p2",
                                        "résumé.pdf", 9007199254740993L, "")),
                                List.of())),
                Arguments.of("{'type':'typing','is_typing':true}", new ClientFrame.Typing(true)),
                Arguments.of("{'type':'typing','is_typing':false}", new ClientFrame.Typing(false)),
                Arguments.of("{'type':'request_history'}", new ClientFrame.RequestHistory(null, 50)),
                Arguments.of("{'type':'request_history','before_seq':null,'limit':null}",
                        new ClientFrame.RequestHistory(null, 50)),
                Arguments.of("{'type':'request_history','before_seq':1,'limit':1}",
                        new ClientFrame.RequestHistory(1L, 1)),
                Arguments.of("{'type':'request_history','before_seq':9223372036854775807,'limit':100}",
                        new ClientFrame.RequestHistory(Long.MAX_VALUE, 100)),
                Arguments.of("{'type':'subscribe','room_id':'0190e0a0-0000-7000-8000-0000000000aa'}",
                        new ClientFrame.Subscribe(REPLY, null)),
                Arguments.of("{'type':'subscribe','room_id':'0190e0a0-0000-7000-8000-0000000000aa','since_seq':0}",
                        new ClientFrame.Subscribe(REPLY, 0L)),
                Arguments.of("{'type':'unsubscribe','room_id':'0190e0a0-0000-7000-8000-0000000000bb'}",
                        new ClientFrame.Unsubscribe(THREAD)),
                Arguments.of("{'type':'mark_read','seq':0}", new ClientFrame.MarkRead(0)),
                Arguments.of("{'type':'mark_read','seq':12345678901}", new ClientFrame.MarkRead(12345678901L)),
                Arguments.of("{'seq':7,'type':'mark_read'}", new ClientFrame.MarkRead(7)),
                Arguments.of("{'type':'refresh','token':'a.b.c'}", new ClientFrame.Refresh("a.b.c")));
    }

    @ParameterizedTest
    @MethodSource("validFrames")
    void decodesEveryFrameKind(String json, ClientFrame expected) {
        assertThat(CODEC.decodeClientFrame(bytes(json))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("validFrames")
    void decodesTheSameFromText(String json, ClientFrame expected) {
        assertThat(CODEC.decodeClientFrame(q(json))).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("validFrames")
    void decodesWhatAClientEncodes(String json, ClientFrame expected) {
        assertThat(CODEC.decodeClientFrame(CODEC.encode(expected))).isEqualTo(expected);
    }

    @Test
    void encodesClientFramesTypeFirstInSnakeCase() {
        ClientFrame.SendMessage send = new ClientFrame.SendMessage("hi", "c-1", REPLY, null, "text", List.of(),
                List.of("bob"));
        assertThat(text(CODEC.encode(send))).isEqualTo(q("{'type':'send_message','content':'hi','client_id':'c-1',"
                + "'reply_to_id':'0190e0a0-0000-7000-8000-0000000000aa','thread_id':null,'message_type':'text',"
                + "'attachments':[],'mentions':['bob']}"));
        assertThat(text(CODEC.encode(new ClientFrame.Typing(true)))).isEqualTo(q("{'type':'typing','is_typing':true}"));
        assertThat(text(CODEC.encode(new ClientFrame.RequestHistory(null, 50))))
                .isEqualTo(q("{'type':'request_history','before_seq':null,'limit':50}"));
        assertThat(text(CODEC.encode(new ClientFrame.MarkRead(3)))).isEqualTo(q("{'type':'mark_read','seq':3}"));
        assertThat(text(CODEC.encode(new ClientFrame.Ping()))).isEqualTo(q("{'type':'ping'}"));
    }

    @Test
    void aRefreshNeedsATokenOfBoundedLengthAndNeverPrintsIt() {
        assertThatThrownBy(() -> CODEC.decodeClientFrame(bytes("{'type':'refresh'}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD))
                .hasMessage("token: is required");
        assertThatThrownBy(() -> CODEC.decodeClientFrame(bytes("{'type':'refresh','token':''}")))
                .hasMessage("token: must not be empty");
        assertThatThrownBy(() -> CODEC.decodeClientFrame(bytes("{'type':'refresh','token':'" + "t".repeat(8193) + "'}")))
                .hasMessage("token: must be at most 8192 characters");
        assertThat(new ClientFrame.Refresh("secret.jwt.value").toString()).doesNotContain("secret")
                .isEqualTo("Refresh[token=(16 chars)]");
    }

    @Test
    void acceptsExactlyFourThousandAstralCodePoints() {
        String content = "😀".repeat(4000);
        ClientFrame frame = CODEC.decodeClientFrame(
                bytes("{'type':'send_message','content':'" + content + "'}"));
        assertThat(((ClientFrame.SendMessage) frame).content()).isEqualTo(content);
    }

    @Test
    void acceptsContentWithEscapedSurrogatePairs() {
        ClientFrame frame = CODEC.decodeClientFrame(bytes("{'type':'send_message','content':'\\ud83d\\ude00'}"));
        assertThat(((ClientFrame.SendMessage) frame).content()).isEqualTo("😀");
    }

    @Test
    void acceptsAClientIdOfSixtyFourCharacters() {
        String clientId = "x".repeat(64);
        ClientFrame frame = CODEC.decodeClientFrame(
                bytes("{'type':'send_message','content':'a','client_id':'" + clientId + "'}"));
        assertThat(((ClientFrame.SendMessage) frame).clientId()).isEqualTo(clientId);
    }

    @Test
    void acceptsTenAttachmentsAndFiftyMentions() {
        String attachment = "{'url':'https://x.example/f','name':'f','size':1,'type':'t'}";
        String attachments = String.join(",", java.util.Collections.nCopies(10, attachment));
        StringBuilder mentions = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            mentions.append(i == 0 ? "" : ",").append("'user").append(i).append("'");
        }
        ClientFrame.SendMessage frame = (ClientFrame.SendMessage) CODEC.decodeClientFrame(bytes(
                "{'type':'send_message','content':'a','attachments':[" + attachments + "],'mentions':[" + mentions
                        + "]}"));
        assertThat(frame.attachments()).hasSize(10);
        assertThat(frame.mentions()).hasSize(50).startsWith("user0").endsWith("user49");
    }

    @Test
    void acceptsNestingUpToTheDepthLimitInIgnoredFields() {
        // The frame object is level 1, so 31 arrays inside it reach the limit of 32 exactly.
        String nested = "[".repeat(JsonCodec.MAX_NESTING_DEPTH - 1) + "]".repeat(JsonCodec.MAX_NESTING_DEPTH - 1);
        assertThat(CODEC.decodeClientFrame(bytes("{'type':'ping','x':" + nested + "}")))
                .isEqualTo(new ClientFrame.Ping());
    }

    @Test
    void acceptsNumbersUpToTheLengthLimitInIgnoredFields() {
        String digits = "9".repeat(JsonCodec.MAX_NUMBER_LENGTH);
        assertThat(CODEC.decodeClientFrame(bytes("{'type':'ping','x':" + digits + "}")))
                .isEqualTo(new ClientFrame.Ping());
    }

    @Test
    void aStreamFrameNamesItsRoom() {
        JsonCodec.StreamFrame frame = CODEC.decodeStreamFrame(bytes(
                "{'type':'typing','is_typing':true,'room_id':'0190e0a0-0000-7000-8000-0000000000bb'}"));
        assertThat(frame).isEqualTo(new JsonCodec.StreamFrame(new ClientFrame.Typing(true), THREAD));
        assertThat(CODEC.decodeStreamFrame(bytes("{'type':'ping'}")))
                .isEqualTo(new JsonCodec.StreamFrame(new ClientFrame.Ping(), null));
    }

    @Test
    void aRefusedStreamFrameThatNamesItsRoomComesBackWithTheRoom() {
        JsonCodec.StreamFrame frame = CODEC.decodeStreamFrame(bytes(
                "{'type':'send_message','content':'','client_id':'c2','room_id':'0190e0a0-0000-7000-8000-0000000000bb'}"));
        assertThat(frame.frame()).isNull();
        assertThat(frame.roomId()).isEqualTo(THREAD);
        assertThat(frame.refused().code()).isEqualTo(ErrorCode.EMPTY_CONTENT);
        assertThat(frame.refused().clientId()).isEqualTo("c2");
    }

    @Test
    void aStreamFrameWithAMalformedRoomIsInvalid() {
        assertThatThrownBy(() -> CODEC.decodeStreamFrame(bytes("{'type':'ping','room_id':'x','client_id':'c1'}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
                    assertThat(e.getMessage()).isEqualTo("room_id: must be a UUID string");
                    assertThat(e.clientId()).isEqualTo("c1");
                });
        assertThatThrownBy(() -> CODEC.decodeClientFrame(bytes("{'type':'subscribe'}")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("room_id: is required"));
    }
}
