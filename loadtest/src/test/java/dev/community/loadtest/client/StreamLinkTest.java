package dev.community.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StreamLinkTest {
    private static final UUID ROOM = UUID.fromString("0193a5c2-0000-7000-8000-000000000001");

    private static UUID roomOf(String json) {
        ByteBuf frame = Unpooled.copiedBuffer(json, StandardCharsets.UTF_8);
        try {
            return StreamLink.roomIdOf(frame);
        } finally {
            frame.release();
        }
    }

    @Test
    void readsTheRoomTheServerWritesAfterTheEventName() {
        assertThat(roomOf("{\"event\":\"new_message\",\"room_id\":\"" + ROOM + "\",\"message\":{\"seq\":1},\"client_id\":null}"))
                .isEqualTo(ROOM);
        assertThat(roomOf("{\"event\":\"room_state\",\"room_id\":\"" + ROOM + "\",\"room\":{}}")).isEqualTo(ROOM);
    }

    @Test
    void userLevelEventsNameNoRoom() {
        assertThat(roomOf("{\"event\":\"ready\",\"user\":{\"id\":\"bob\"},\"rooms\":[{\"room_id\":\"" + ROOM + "\"}]}"))
                .isNull();
        assertThat(roomOf("{\"event\":\"room_state\",\"room_id\":\"not-a-uuid-at-all-not-a-uuid-at-all!\"}")).isNull();
        assertThat(roomOf("{\"event\":\"pong\"}")).isNull();
        assertThat(roomOf("[]")).isNull();
    }

    @Test
    void aRoomFrameNamesItsRoomFirst() {
        byte[] frame = "{\"type\":\"send_message\",\"content\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(StreamLink.withRoom(frame, ROOM), StandardCharsets.UTF_8))
                .isEqualTo("{\"room_id\":\"" + ROOM + "\",\"type\":\"send_message\",\"content\":\"x\"}");
    }
}
