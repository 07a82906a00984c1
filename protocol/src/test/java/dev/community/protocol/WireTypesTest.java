package dev.community.protocol;

import static dev.community.protocol.Json.bytes;
import static dev.community.protocol.Json.q;
import static dev.community.protocol.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The names and shapes clients build on (the terminal chat, the load harness) are the ones the codec writes. */
class WireTypesTest {
    private static final JsonCodec CODEC = new JsonCodec();
    private static final UUID ROOM = UUID.fromString("0190e0a0-0000-7000-8000-000000000001");

    @Test
    void aNewMessageCarriesTheFieldsItsScannersLookFor() {
        JsonNode event = CODEC.readTree(CODEC.encode(
                new ServerEvent.NewMessage(ServerEventCodecTest.MESSAGE, "c-1")));
        List<String> fields = new ArrayList<>();
        event.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly(WireFields.EVENT, "message", WireFields.CLIENT_ID);
        assertThat(event.get(WireFields.EVENT).textValue()).isEqualTo(ServerEvent.NewMessage.EVENT)
                .isEqualTo("new_message");
        assertThat(event.get(WireFields.CLIENT_ID).textValue()).isEqualTo("c-1");
        assertThat(event.get("message").get(WireFields.SEQ).longValue()).isEqualTo(42);
        assertThat(event.get("message").get(WireFields.CONTENT).textValue()).isEqualTo("hi 👍");
    }

    @Test
    void everyEventIsDecodedByItsOwnName() {
        List<ServerEvent> events = List.of(new ServerEvent.Pong(), new ServerEvent.UserJoined(ServerEventCodecTest.ALICE),
                new ServerEvent.ErrorEvent("forbidden", "no", null, null),
                new ServerEvent.MessageDeleted(ServerEventCodecTest.MESSAGE_ID, 4),
                new ServerEvent.ReadUpdated(ROOM, 3, 0));
        for (ServerEvent event : events) {
            ServerEvent decoded = CODEC.decodeServerEvent(CODEC.encode(event));
            assertThat(decoded).isEqualTo(event);
            assertThat(CODEC.readTree(CODEC.encode(event)).get(WireFields.EVENT).textValue()).isEqualTo(event.event());
        }
    }

    @Test
    void aClientFrameStartsWithItsType() {
        byte[] frame = CODEC.encode(new ClientFrame.SendMessage("hello", "c-2", null, null, "text", List.of(), List.of()));
        assertThat(text(frame)).startsWith(q("{'" + WireFields.TYPE + "':'send_message','content':'hello','client_id':'c-2'"));
        assertThat(CODEC.decodeClientFrame(frame)).isEqualTo(
                new ClientFrame.SendMessage("hello", "c-2", null, null, "text", List.of(), List.of()));
    }

    @Test
    void restErrorsAreWrittenAndReadAsOneType() {
        byte[] body = CODEC.encodeRestError(ErrorCode.UNAUTHORIZED, "invalid access token");
        assertThat(text(body)).isEqualTo(q("{'error':{'code':'unauthorized','message':'invalid access token'}}"));
        assertThat(CODEC.readValue(body, RestError.class)).isEqualTo(RestError.of(ErrorCode.UNAUTHORIZED,
                "invalid access token"));
    }

    @Test
    void aConnectionTokenAnswerRoundTrips() {
        ConnectionToken token = new ConnectionToken("abc", 60);
        assertThat(text(CODEC.writeBytes(token))).isEqualTo(q("{'connection_token':'abc','expires_in':60}"));
        assertThat(CODEC.readValue(bytes("{'connection_token':'abc','expires_in':60}"), ConnectionToken.class))
                .isEqualTo(token);
    }

    @Test
    void socketAndListPathsEncodeWhatTheyCarry() {
        assertThat(WirePaths.roomSocket(ROOM, "a+b/c=", null))
                .isEqualTo("/ws/community/room/0190e0a0-0000-7000-8000-000000000001/?connection_token=a%2Bb%2Fc%3D");
        assertThat(WirePaths.roomSocket(ROOM, "t", 17L))
                .isEqualTo("/ws/community/room/0190e0a0-0000-7000-8000-000000000001/?connection_token=t&since_seq=17");
        assertThat(WirePaths.rooms(null, 100)).isEqualTo("/community/rooms/?limit=100");
        assertThat(WirePaths.roomMessages(ROOM, 20)).isEqualTo("/community/rooms/" + ROOM + "/messages/?limit=20");
        assertThat(WirePaths.roomMessages(ROOM, null)).isEqualTo("/community/rooms/" + ROOM + "/messages/");
        assertThat(WirePaths.reactions(ROOM, "m1")).isEqualTo("/community/rooms/" + ROOM + "/messages/m1/react/");
        assertThat(WirePaths.moderation(ROOM)).isEqualTo("/community/rooms/" + ROOM + "/moderation/");
        assertThat(WirePaths.rooms("x y", 5)).isEqualTo("/community/rooms/?limit=5&cursor=x+y");
    }
}
