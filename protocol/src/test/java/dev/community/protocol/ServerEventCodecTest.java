package dev.community.protocol;

import static dev.community.protocol.Json.q;
import static dev.community.protocol.Json.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerEventCodecTest {

    private static final JsonCodec CODEC = new JsonCodec();

    static final UUID ROOM_ID = UUID.fromString("0190e0a0-0000-7000-8000-000000000001");
    static final UUID MESSAGE_ID = UUID.fromString("0190e0a0-0000-7000-8000-0000000000aa");
    static final UUID THREAD_ID = UUID.fromString("0190e0a0-0000-7000-8000-0000000000bb");
    static final User ALICE = new User("u1", "alice");
    static final Instant CREATED = Instant.parse("2026-11-24T10:00:00.123Z");
    static final Instant WHOLE_SECOND = Instant.parse("2026-11-24T10:00:05Z");

    static final Message MESSAGE = new Message(MESSAGE_ID, ROOM_ID, 42, null, ALICE, "hi 👍", "text",
            List.of(new Attachment("https://cdn.example/a.png", "a.png", 1234, "image/png")), List.of("u2"),
            null, reactions("👍", 2), CREATED, null, false, false);
    static final String MESSAGE_JSON = "{'id':'0190e0a0-0000-7000-8000-0000000000aa',"
            + "'room_id':'0190e0a0-0000-7000-8000-000000000001','seq':42,'thread_id':null,"
            + "'author':{'id':'u1','username':'alice'},'content':'hi 👍','message_type':'text',"
            + "'attachments':[{'url':'https://cdn.example/a.png','name':'a.png','size':1234,'type':'image/png'}],"
            + "'mentions':['u2'],'reply_to_id':null,'reaction_counts':{'👍':2},"
            + "'created_at':'2026-11-24T10:00:00.123Z','edited_at':null,'is_deleted':false,'is_hidden':false,'is_pinned':false}";

    static final Message EDITED_IN_THREAD = new Message(MESSAGE_ID, ROOM_ID, 43, THREAD_ID, ALICE, "", "text",
            List.of(), List.of(), MESSAGE_ID, Map.of(), CREATED, WHOLE_SECOND, true, true);
    static final String EDITED_IN_THREAD_JSON = "{'id':'0190e0a0-0000-7000-8000-0000000000aa',"
            + "'room_id':'0190e0a0-0000-7000-8000-000000000001','seq':43,"
            + "'thread_id':'0190e0a0-0000-7000-8000-0000000000bb',"
            + "'author':{'id':'u1','username':'alice'},'content':'','message_type':'text','attachments':[],"
            + "'mentions':[],'reply_to_id':'0190e0a0-0000-7000-8000-0000000000aa','reaction_counts':{},"
            + "'created_at':'2026-11-24T10:00:00.123Z','edited_at':'2026-11-24T10:00:05.000Z',"
            + "'is_deleted':true,'is_hidden':true,'is_pinned':false}";

    static final Room ROOM = new Room(ROOM_ID, "General", "general", RoomType.FORUM, Visibility.PUBLIC, "u1", null, 0, 0, 1,
            3, 42, CREATED, WHOLE_SECOND, Role.MEMBER, null, 0, 0, null);
    static final String ROOM_JSON = "{'id':'0190e0a0-0000-7000-8000-000000000001','name':'General',"
            + "'slug':'general','room_type':'forum','visibility':'public','creator_id':'u1','description':null,"
            + "'slow_mode_seconds':0,'min_trust_to_join':0,'min_trust_to_post':1,'member_count':3,"
            + "'message_count':42,'last_message_at':'2026-11-24T10:00:00.123Z',"
            + "'created_at':'2026-11-24T10:00:05.000Z','my_role':'member','last_read_seq':null,"
            + "'unread_count':0,'unread_mentions':0,'retention_days':null}";

    private static Map<String, Integer> reactions(String emoji, int count) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(emoji, count);
        return counts;
    }

    static Stream<Arguments> everyEvent() {
        return Stream.of(
                Arguments.of(new ServerEvent.RoomState(ROOM, List.of(MESSAGE), List.of(ALICE), true, 42, null, 1, null),
                        "{'event':'room_state','room':" + ROOM_JSON + ",'messages':[" + MESSAGE_JSON + "],"
                                + "'online_users':[{'id':'u1','username':'alice'}],'has_more':true,'last_seq':42,"
                                + "'online_count':1}"),
                Arguments.of(new ServerEvent.RoomState(ROOM, List.of(), List.of(), false, 42, true, 0, Instant.parse("2026-12-05T10:00:00Z")),
                        "{'event':'room_state','room':" + ROOM_JSON + ",'messages':[],'online_users':[],"
                                + "'has_more':false,'last_seq':42,'has_gap':true,'online_count':0,"
                                + "'token_expires_at':'2026-12-05T10:00:00.000Z'}"),
                Arguments.of(new ServerEvent.TokenRefreshed(Instant.parse("2026-12-05T11:00:00Z")),
                        "{'event':'token_refreshed','expires_at':'2026-12-05T11:00:00.000Z'}"),
                Arguments.of(new ServerEvent.Presence(2000, List.of(ALICE), List.of(), true),
                        "{'event':'presence','online_count':2000,'joined':[{'id':'u1','username':'alice'}],'left':[],"
                                + "'complete':true}"),
                Arguments.of(new ServerEvent.Pong(), "{'event':'pong'}"),
                Arguments.of(new ServerEvent.NewMessage(MESSAGE, "c-1"),
                        "{'event':'new_message','message':" + MESSAGE_JSON + ",'client_id':'c-1'}"),
                Arguments.of(new ServerEvent.NewMessage(EDITED_IN_THREAD, null),
                        "{'event':'new_message','message':" + EDITED_IN_THREAD_JSON + ",'client_id':null}"),
                Arguments.of(new ServerEvent.MessageHistory(List.of(MESSAGE, EDITED_IN_THREAD), false),
                        "{'event':'message_history','messages':[" + MESSAGE_JSON + "," + EDITED_IN_THREAD_JSON
                                + "],'has_more':false}"),
                Arguments.of(new ServerEvent.Typing(ALICE, true),
                        "{'event':'typing','user':{'id':'u1','username':'alice'},'is_typing':true}"),
                Arguments.of(new ServerEvent.UserJoined(ALICE),
                        "{'event':'user_joined','user':{'id':'u1','username':'alice'}}"),
                Arguments.of(new ServerEvent.UserLeft(ALICE),
                        "{'event':'user_left','user':{'id':'u1','username':'alice'}}"),
                Arguments.of(new ServerEvent.MessageUpdated(EDITED_IN_THREAD),
                        "{'event':'message_updated','message':" + EDITED_IN_THREAD_JSON + "}"),
                Arguments.of(new ServerEvent.MessageDeleted(MESSAGE_ID, 42),
                        "{'event':'message_deleted','message_id':'0190e0a0-0000-7000-8000-0000000000aa','seq':42}"),
                Arguments.of(new ServerEvent.ReactionsUpdated(MESSAGE_ID, reactions("🎉", 1), "u1", "🎉", true),
                        "{'event':'reactions_updated','message_id':'0190e0a0-0000-7000-8000-0000000000aa',"
                                + "'reaction_counts':{'🎉':1},'user_id':'u1','emoji':'🎉','added':true}"),
                Arguments.of(new ServerEvent.MessagePinned(MESSAGE_ID, 42, ALICE, CREATED),
                        "{'event':'message_pinned','message_id':'0190e0a0-0000-7000-8000-0000000000aa','seq':42,"
                                + "'pinned_by':{'id':'u1','username':'alice'},'pinned_at':'2026-11-24T10:00:00.123Z'}"),
                Arguments.of(new ServerEvent.MessageUnpinned(MESSAGE_ID, 42, ALICE),
                        "{'event':'message_unpinned','message_id':'0190e0a0-0000-7000-8000-0000000000aa','seq':42,"
                                + "'unpinned_by':{'id':'u1','username':'alice'}}"),
                Arguments.of(new ServerEvent.MemberUpdated(ALICE, Role.MUTED, CREATED),
                        "{'event':'member_updated','user':{'id':'u1','username':'alice'},'role':'muted',"
                                + "'until':'2026-11-24T10:00:00.123Z'}"),
                Arguments.of(new ServerEvent.MemberUpdated(ALICE, Role.MODERATOR, null),
                        "{'event':'member_updated','user':{'id':'u1','username':'alice'},'role':'moderator',"
                                + "'until':null}"),
                Arguments.of(new ServerEvent.ReadUpdated(ROOM_ID, 40, 2),
                        "{'event':'read_updated','room_id':'0190e0a0-0000-7000-8000-000000000001',"
                                + "'last_read_seq':40,'unread_count':2}"),
                Arguments.of(new ServerEvent.ErrorEvent("rate_limited", "slow down", "c-9", 1500L),
                        "{'event':'error','code':'rate_limited','message':'slow down','client_id':'c-9',"
                                + "'retry_after_ms':1500}"),
                Arguments.of(ServerEvent.ErrorEvent.of(ErrorCode.INVALID_JSON, "bad"),
                        "{'event':'error','code':'invalid_json','message':'bad','client_id':null}"),
                Arguments.of(new ServerEvent.Ready(ALICE, List.of(new MemberRoom(ROOM, 42)), 100, null),
                        "{'event':'ready','user':{'id':'u1','username':'alice'},'rooms':[{'room':" + ROOM_JSON
                                + ",'last_seq':42}],'max_subscriptions':100}"),
                Arguments.of(new ServerEvent.RoomActivity(ROOM_ID, 42, 3, 1),
                        "{'event':'room_activity','room_id':'0190e0a0-0000-7000-8000-000000000001','last_seq':42,"
                                + "'unread_count':3,'unread_mentions':1}"),
                Arguments.of(new ServerEvent.Mentioned(ROOM_ID, MESSAGE),
                        "{'event':'mentioned','room_id':'0190e0a0-0000-7000-8000-000000000001','message':"
                                + MESSAGE_JSON + "}"),
                Arguments.of(new ServerEvent.RoomAdded(new MemberRoom(ROOM, 0)),
                        "{'event':'room_added','room':{'room':" + ROOM_JSON + ",'last_seq':0}}"),
                Arguments.of(new ServerEvent.RoomAdded(new MemberRoom(ROOM, 7, List.of(ALICE))),
                        "{'event':'room_added','room':{'room':" + ROOM_JSON + ",'last_seq':7,"
                                + "'online_users':[{'id':'u1','username':'alice'}]}}"),
                Arguments.of(new ServerEvent.RoomUpdated(ROOM), "{'event':'room_updated','room':" + ROOM_JSON + "}"),
                Arguments.of(new ServerEvent.MembershipUpdated(ROOM_ID, Role.MUTED, CREATED),
                        "{'event':'membership_updated','room_id':'0190e0a0-0000-7000-8000-000000000001',"
                                + "'my_role':'muted','until':'2026-11-24T10:00:00.123Z'}"),
                Arguments.of(new ServerEvent.RoomRemoved(ROOM_ID, ServerEvent.RoomRemoved.BANNED),
                        "{'event':'room_removed','room_id':'0190e0a0-0000-7000-8000-000000000001','reason':'banned'}"),
                Arguments.of(new ServerEvent.Unsubscribed(ROOM_ID),
                        "{'event':'unsubscribed','room_id':'0190e0a0-0000-7000-8000-000000000001'}"));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void encodesEventFirstInSnakeCaseWithNullsAndMillisecondTimes(ServerEvent event, String expected) {
        assertThat(text(CODEC.encode(event))).isEqualTo(q(expected));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void decodesWhatItEncodes(ServerEvent event, String expected) {
        assertThat(CODEC.decodeServerEvent(Json.bytes(expected))).isEqualTo(event);
        assertThat(CODEC.decodeServerEvent(CODEC.encode(event))).isEqualTo(event);
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void streamEncodingMatchesByteEncodingAndLeavesTheStreamOpen(ServerEvent event, String expected) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean[] closed = {false};
        CODEC.encode(event, new FilterOutputStream(bytes) {
            @Override
            public void close() {
                closed[0] = true;
            }
        });
        assertThat(text(bytes.toByteArray())).isEqualTo(q(expected));
        assertThat(closed[0]).isFalse();
    }

    @Test
    void tableCoversEveryServerEventType() {
        Set<Class<?>> covered = everyEvent().map(a -> a.get()[0].getClass()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                Arrays.asList(ServerEvent.class.getPermittedSubclasses()));
    }

    @Test
    void writesEmojiAsUtf8RatherThanSurrogateEscapes() {
        byte[] json = CODEC.encode(new ServerEvent.ReactionsUpdated(MESSAGE_ID, reactions("👍", 2), "u1", "👍", true));
        assertThat(text(json)).contains("\"👍\":2").doesNotContain("\\u");
    }

    @Test
    void truncatesSubMillisecondTimesToThreeDigits() {
        Instant nanos = Instant.parse("2026-11-24T10:00:00.123987654Z");
        byte[] json = CODEC.encode(new ServerEvent.MemberUpdated(ALICE, Role.MUTED, nanos));
        assertThat(text(json)).contains("\"until\":\"2026-11-24T10:00:00.123Z\"");
    }

    @Test
    void refusesEventsWithoutAKnownEventName() {
        assertThatThrownBy(() -> CODEC.decodeServerEvent(Json.bytes("{'event':'teleport'}")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE));
        assertThatThrownBy(() -> CODEC.decodeServerEvent(Json.bytes("{'user':{'id':'u1'}}")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_TYPE));
        assertThatThrownBy(() -> CODEC.decodeServerEvent(Json.bytes("['pong']")))
                .isInstanceOfSatisfying(ProtocolException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD));
    }

    @Test
    void refusesEventFieldsOfTheWrongType() {
        assertThatThrownBy(() -> CODEC.decodeServerEvent(Json.bytes("{'event':'message_deleted','seq':'x'}")))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
                    assertThat(e.getMessage()).contains("seq");
                });
    }

    @Test
    void protocolExceptionBecomesAnErrorEventEchoingTheClientId() {
        ProtocolException failure = new ProtocolException(ErrorCode.EMPTY_CONTENT, "content: must not be empty",
                "c-7");
        assertThat(text(CODEC.encode(failure.toErrorEvent()))).isEqualTo(q(
                "{'event':'error','code':'empty_content','message':'content: must not be empty','client_id':'c-7'}"));
    }
}
