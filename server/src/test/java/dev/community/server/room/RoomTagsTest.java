package dev.community.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoomTagsTest {
    static final UUID ROOM = UUID.fromString("0193a5c2-7f10-7c3e-9a41-2b6d8e0f4a11");

    static String tag(String json) {
        ByteBuf tagged = RoomTags.tag(Unpooled.copiedBuffer(json, StandardCharsets.UTF_8), ROOM);
        try {
            return tagged.toString(StandardCharsets.UTF_8);
        } finally {
            tagged.release();
        }
    }

    @Test
    void namesTheRoomRightAfterTheEventField() {
        assertThat(tag("{\"event\":\"typing\",\"user\":{\"id\":\"a\",\"username\":\"A\"},\"is_typing\":true}"))
                .isEqualTo("{\"event\":\"typing\",\"room_id\":\"" + ROOM + "\",\"user\":{\"id\":\"a\",\"username\":\"A\"},"
                        + "\"is_typing\":true}");
    }

    @Test
    void leavesAnEventThatNamesItsRoomAsItIs() {
        String read = "{\"event\":\"read_updated\",\"room_id\":\"" + UUID.randomUUID() + "\",\"last_read_seq\":1,"
                + "\"unread_count\":0}";
        assertThat(tag(read)).isEqualTo(read);
    }

    @Test
    void anEventWithoutItsNameFirstIsNamedAfterTheBrace() {
        assertThat(tag("{\"x\":1}")).isEqualTo("{\"room_id\":\"" + ROOM + "\",\"x\":1}");
    }

    @Test
    void aDeliveryMakesOneTaggedTwinPerVariantAndReleasesIt() {
        ByteBuf standard = Unpooled.directBuffer().writeBytes("{\"event\":\"user_left\",\"user\":{\"id\":\"a\",\"username\":\"A\"}}"
                .getBytes(StandardCharsets.UTF_8));
        Delivery delivery = new Delivery(0, "a", true, standard, null, null);
        try {
            ByteBuf first = delivery.bytesFor("b", false, false, ROOM);
            assertThat(delivery.bytesFor("c", false, false, ROOM)).isSameAs(first);
            assertThat(delivery.bytesFor("a", false, false, ROOM)).as("the actor is left out, as on a room socket").isNull();
            int header = TextFrames.headerLength(first);
            assertThat(first.toString(first.readerIndex() + header, first.readableBytes() - header, StandardCharsets.UTF_8))
                    .isEqualTo("{\"event\":\"user_left\",\"room_id\":\"" + ROOM + "\",\"user\":{\"id\":\"a\",\"username\":\"A\"}}");
            assertThat(delivery.bytesFor("b", false, false, null)).as("a room socket's bytes are unchanged")
                    .isNotSameAs(first);
        } finally {
            delivery.release();
        }
    }
}
