package dev.community.server.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.server.auth.Principal;
import dev.community.storage.MembershipRecord;
import dev.community.storage.RoomRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PermissionsTest {
    static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    static final UUID ROOM = UUID.randomUUID();

    static RoomRecord room(String type, String visibility, int minJoin, int minPost) {
        return new RoomRecord(ROOM, "r", "r", type, visibility, "owner", "", 0, minJoin, minPost, 1, 0, 0, null, NOW);
    }

    static Principal user(int trust, boolean staff) {
        return new Principal("u", "u", null, trust, staff, NOW.plusSeconds(3600));
    }

    static MembershipRecord member(String role, Instant until) {
        return new MembershipRecord(ROOM, "u", role, "muted".equals(role) ? until : null,
                "banned".equals(role) ? until : null, 0, NOW);
    }

    @ParameterizedTest(name = "{0} {1} member={2} trust={3} -> {4}")
    @CsvSource({
            "forum, public,   none,   1, ok",
            "forum, public,   none,   0, forbidden",
            "forum, public,   member, 0, ok",
            "forum, private,  none,   5, forbidden",
            "circle, private, member, 0, ok",
            "dm,    private,  none,   5, forbidden",
            "dm,    private,  member, 0, ok",
            "forum, public,   banned, 5, forbidden",
    })
    void access(String type, String visibility, String membership, int trust, String expected) {
        Optional<MembershipRecord> m = "none".equals(membership) ? Optional.empty() : Optional.of(member(membership, null));
        Optional<ErrorCode> result = Permissions.canAccess(room(type, visibility, 1, 0), m, user(trust, false), NOW);
        assertThat(result.map(ErrorCode::wire).orElse("ok")).isEqualTo(expected.trim());
    }

    @Test
    void expiredBansAndMutesStopApplying() {
        var expiredBan = member("banned", NOW.minusSeconds(1));
        assertThat(Permissions.canAccess(room("forum", "public", 0, 0), Optional.of(expiredBan), user(0, false), NOW)).isEmpty();
        assertThat(Permissions.canPost(room("forum", "public", 0, 0), member("muted", NOW.minusSeconds(1)), user(0, false), NOW))
                .isEmpty();
        assertThat(Permissions.canPost(room("forum", "public", 0, 0), member("muted", NOW.plusSeconds(60)), user(0, false), NOW))
                .contains(ErrorCode.MUTED);
        assertThat(Permissions.canPost(room("forum", "public", 0, 0), member("muted", null), user(0, false), NOW))
                .as("a mute without an end is permanent").contains(ErrorCode.MUTED);
    }

    @Test
    void postingNeedsTheRoomsTrustUnlessModerator() {
        var room = room("forum", "public", 0, 2);
        assertThat(Permissions.canPost(room, member("member", null), user(1, false), NOW)).contains(ErrorCode.TRUST_REQUIRED);
        assertThat(Permissions.canPost(room, member("member", null), user(2, false), NOW)).isEmpty();
        assertThat(Permissions.canPost(room, member("moderator", null), user(0, false), NOW)).isEmpty();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
            "owner, admin, true", "admin, moderator, true", "admin, admin, false", "moderator, admin, false",
            "moderator, member, true", "member, member, false", "admin, owner, false", "moderator, muted, true"})
    void nobodyActsOnAnEqualOrHigherRole(String actor, String target, boolean allowed) {
        assertThat(Permissions.outranks(member(actor, null), user(0, false), target)).isEqualTo(allowed);
    }

    @Test
    void staffActOnAnyoneButTheOwner() {
        assertThat(Permissions.outranks(member("member", null), user(0, true), "admin")).isTrue();
        assertThat(Permissions.outranks(member("member", null), user(0, true), "owner")).isFalse();
    }

    @Test
    void slowModeSparesTrustedAndAbove() {
        assertThat(Permissions.subjectToSlowMode(member("member", null), user(0, false))).isTrue();
        assertThat(Permissions.subjectToSlowMode(member("trusted", null), user(0, false))).isFalse();
        assertThat(Permissions.subjectToSlowMode(member("moderator", null), user(0, false))).isFalse();
        assertThat(Permissions.subjectToSlowMode(member("member", null), user(0, true))).isFalse();
    }
}
