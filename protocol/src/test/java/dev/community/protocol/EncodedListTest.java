package dev.community.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedListTest {
    final JsonCodec codec = new JsonCodec();

    @Test
    void aRoomStateCarryingAnEncodedListIsByteForByteTheOneCarryingThePlainList() {
        List<User> online = List.of(new User("u1", "Ann \"the\" ✓"), new User("u2", "Bob"));
        var plain = new ServerEvent.RoomState(null, List.of(), online, false, 7, null, 2, null);
        var encoded = new ServerEvent.RoomState(null, List.of(), EncodedList.of(online, codec), false, 7, null, 2, null);

        assertThat(new String(codec.encode(encoded), StandardCharsets.UTF_8))
                .isEqualTo(new String(codec.encode(plain), StandardCharsets.UTF_8))
                .contains("\"online_users\":[{\"id\":\"u1\",\"username\":\"Ann \\\"the\\\" ✓\"},");
        assertThat(EncodedList.of(online, codec)).containsExactlyElementsOf(online);
        assertThat(new String(codec.encode(new ServerEvent.RoomState(null, List.of(), EncodedList.of(List.of(), codec),
                false, 0, null, 0, null)), StandardCharsets.UTF_8)).contains("\"online_users\":[]");
    }

    @Test
    void anElementPutInFrontIsEncodedAloneAndTheListStaysWithinItsBound() {
        User me = new User("me", "Me");
        List<User> others = List.of(new User("u1", "Ann"), new User("u2", "Bob"));
        EncodedList<User> shared = EncodedList.of(others, codec);

        EncodedList<User> roomy = shared.withFirst(me, 3, codec);
        assertThat(roomy).containsExactly(me, others.get(0), others.get(1));
        assertThat(codec.writeBytes(roomy)).isEqualTo(codec.writeBytes(List.of(me, others.get(0), others.get(1))));

        EncodedList<User> bounded = shared.withFirst(me, 2, codec);
        assertThat(bounded).containsExactly(me, others.get(0));
        assertThat(codec.writeBytes(new java.util.TreeMap<>(java.util.Map.of("a", bounded, "b", 1))))
                .isEqualTo(codec.writeBytes(new java.util.TreeMap<>(java.util.Map.of("a", List.of(me, others.get(0)), "b", 1))));
        assertThat(codec.writeBytes(EncodedList.of(List.of(), codec).withFirst(me, 200, codec)))
                .isEqualTo(codec.writeBytes(List.of(me)));
    }
}
