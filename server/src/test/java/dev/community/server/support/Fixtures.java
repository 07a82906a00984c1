package dev.community.server.support;

import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.NewMessage;
import dev.community.storage.Storage;
import dev.community.storage.Uuids;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Set-up for REST tests straight through the server's own store: rooms of every kind, members with roles,
 * stored messages, and access tokens with the claims a host application would put in them. What is under test
 * goes through the API; only the scene is built here.
 */
public final class Fixtures {
    private final TestServer server;

    public Fixtures(TestServer server) {
        this.server = server;
    }

    public Storage storage() {
        return server.server().context().storage();
    }

    /** A user id no other test uses. */
    public static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String token(String userId) {
        return Jwts.token(userId);
    }

    /** A platform-wide moderator (the staff claim). */
    public static String staffToken(String userId) {
        return Jwts.sign(Jwts.builder(userId).withClaim("staff", true));
    }

    public static String trustToken(String userId, int trustLevel) {
        return Jwts.sign(Jwts.builder(userId).withClaim("trust_level", trustLevel));
    }

    /** An account created {@code days} ago (the joined_at claim). */
    public static String joinedToken(String userId, int days) {
        return Jwts.sign(Jwts.builder(userId)
                .withClaim("joined_at", Instant.now().minus(Duration.ofDays(days)).getEpochSecond()));
    }

    /** A room owned by {@code owner}: type forum or circle, visibility public, private or unlisted. */
    public UUID room(String owner, String type, String visibility) {
        String slug = uid("r");
        return storage().rooms().create(slug, slug, RoomType.fromWire(type), Visibility.fromWire(visibility), owner, "").id();
    }

    public UUID room(String owner, RoomType type, Visibility visibility) {
        return room(owner, type.wire(), visibility.wire());
    }

    public void member(UUID roomId, String userId, Role role) {
        member(roomId, userId, role.wire());
    }

    /** Makes {@code userId} a member of the room with {@code role} (any role but muted/banned). */
    public void member(UUID roomId, String userId, String role) {
        var joined = storage().memberships().join(roomId, userId, Role.MEMBER);
        if (Role.fromWire(role) != joined.role()) {
            storage().memberships().setRole(roomId, userId, Role.fromWire(role)).orElseThrow();
        }
    }

    /**
     * Users the server has seen (as signing in, joining or creating a room does): only they can be named in a new
     * DM ({@code POST /community/dm/} answers {@code not_found} for anyone else) or found by the people picker.
     */
    public void seen(String... userIds) {
        for (String id : userIds) {
            storage().users().upsertSeen(id, id, null, 0, false);
        }
    }

    /** A message stored as if sent. */
    public Message message(UUID roomId, String authorId, String content) {
        return stored(new NewMessage(Uuids.v7(), roomId, new User(authorId, authorId + "-name"), null, content, "text",
                List.of(), List.of(), null, null, Instant.now()));
    }

    public Message stored(NewMessage message) {
        try {
            return storage().writer().submit(message).get(10, TimeUnit.SECONDS).message();
        } catch (Exception e) {
            throw new IllegalStateException("could not store a fixture message", e);
        }
    }
}
