package dev.community.server.permission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.auth.Principal;
import dev.community.storage.Membership;
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

    static RoomRecord room(RoomType type, Visibility visibility, int minJoin, int minPost) {
        return new RoomRecord(ROOM, "r", "r", type, visibility, "owner", "", 0, minJoin, minPost, 1, 0, 0, null, NOW);
    }

    static RoomRecord room(String type, String visibility, int minJoin, int minPost) {
        return room(RoomType.fromWire(type.trim()), Visibility.fromWire(visibility.trim()), minJoin, minPost);
    }

    static Principal user(int trust, boolean staff) {
        return new Principal("u", "u", null, trust, staff, NOW.plusSeconds(3600));
    }

    static Membership member(Role role, Instant until) {
        return new Membership(ROOM, "u", role, role == Role.MUTED ? until : null, role == Role.BANNED ? until : null, 0,
                NOW, role != Role.BANNED);
    }

    static Membership member(String role, Instant until) {
        return member(Role.fromWire(role.trim()), until);
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
        Optional<Membership> m = "none".equals(membership) ? Optional.empty() : Optional.of(member(membership, null));
        Optional<ErrorCode> result = Permissions.canAccess(room(type, visibility, 1, 0), m, user(trust, false), NOW);
        assertThat(result.map(ErrorCode::wire).orElse("ok")).isEqualTo(expected.trim());
    }

    @Test
    void expiredBansAndMutesStopApplying() {
        var expiredBan = member(Role.BANNED, NOW.minusSeconds(1));
        assertThat(Permissions.canAccess(room(RoomType.FORUM, Visibility.PUBLIC, 0, 0), Optional.of(expiredBan), user(0, false), NOW)).isEmpty();
        assertThat(Permissions.canPost(room(RoomType.FORUM, Visibility.PUBLIC, 0, 0), member(Role.MUTED, NOW.minusSeconds(1)), user(0, false), NOW))
                .isEmpty();
        assertThat(Permissions.canPost(room(RoomType.FORUM, Visibility.PUBLIC, 0, 0), member(Role.MUTED, NOW.plusSeconds(60)), user(0, false), NOW))
                .contains(ErrorCode.MUTED);
        assertThat(Permissions.canPost(room(RoomType.FORUM, Visibility.PUBLIC, 0, 0), member(Role.MUTED, null), user(0, false), NOW))
                .as("a mute without an end is permanent").contains(ErrorCode.MUTED);
    }

    @Test
    void postingNeedsTheRoomsTrustUnlessModerator() {
        var room = room(RoomType.FORUM, Visibility.PUBLIC, 0, 2);
        assertThat(Permissions.canPost(room, member(Role.MEMBER, null), user(1, false), NOW)).contains(ErrorCode.TRUST_REQUIRED);
        assertThat(Permissions.canPost(room, member(Role.MEMBER, null), user(2, false), NOW)).isEmpty();
        assertThat(Permissions.canPost(room, member(Role.MODERATOR, null), user(0, false), NOW)).isEmpty();
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
            "owner, admin, true", "admin, moderator, true", "admin, admin, false", "moderator, admin, false",
            "moderator, member, true", "member, member, false", "admin, owner, false", "moderator, muted, true"})
    void nobodyActsOnAnEqualOrHigherRole(String actor, String target, boolean allowed) {
        assertThat(Permissions.outranks(member(actor, null), user(0, false), Role.fromWire(target))).isEqualTo(allowed);
    }

    @Test
    void staffActOnAnyoneButTheOwner() {
        assertThat(Permissions.outranks(member(Role.MEMBER, null), user(0, true), Role.ADMIN)).isTrue();
        assertThat(Permissions.outranks(member(Role.MEMBER, null), user(0, true), Role.OWNER)).isFalse();
    }

    @Test
    void slowModeSparesTrustedAndAbove() {
        assertThat(Permissions.subjectToSlowMode(member(Role.MEMBER, null), user(0, false))).isTrue();
        assertThat(Permissions.subjectToSlowMode(member(Role.TRUSTED, null), user(0, false))).isFalse();
        assertThat(Permissions.subjectToSlowMode(member(Role.MODERATOR, null), user(0, false))).isFalse();
        assertThat(Permissions.subjectToSlowMode(member(Role.MEMBER, null), user(0, true))).isFalse();
    }

    // ---- creating rooms, authorship and the rules built on them ------------------------------------------

    @ParameterizedTest(name = "age {0} d, {1} messages, staff={2} -> {3}")
    @CsvSource({"7, 10, false, ok", "30, 500, false, ok", "6, 10, false, trust_required", "7, 9, false, trust_required",
            "0, 0, false, trust_required", "0, 0, true, ok"})
    void canCreateRoomWantsAWeekOldAccountWithTenMessagesOrStaff(int ageDays, long messages, boolean staff,
                                                                 String expected) {
        Instant joined = NOW.minus(java.time.Duration.ofDays(ageDays));
        assertThat(Permissions.canCreateRoom(user(0, staff), joined, messages, NOW).map(ErrorCode::wire).orElse("ok"))
                .isEqualTo(expected);
        assertThat(Permissions.canCreateRoom(user(0, false), null, 100, NOW)).as("unknown age").isPresent();
    }

    static dev.community.protocol.Message messageBy(String authorId) {
        return new dev.community.protocol.Message(UUID.randomUUID(), ROOM, 1, null,
                new dev.community.protocol.User(authorId, authorId), "text", "text", java.util.List.of(),
                java.util.List.of(), null, java.util.Map.of(), NOW, null, false, false);
    }

    @Test
    void onlyTheAuthorEditsAndOnlyWhileAllowedToPost() {
        var room = room(RoomType.FORUM, Visibility.PUBLIC, 0, 0);
        assertThat(Permissions.canEdit(room, member(Role.MEMBER, null), messageBy("u"), user(0, false), NOW)).isEmpty();
        assertThat(Permissions.canEdit(room, member(Role.OWNER, null), messageBy("other"), user(0, true), NOW))
                .as("not even staff edit another's words").contains(ErrorCode.FORBIDDEN);
        assertThat(Permissions.canEdit(room, member(Role.MUTED, null), messageBy("u"), user(0, false), NOW))
                .contains(ErrorCode.MUTED);
        assertThat(Permissions.isMessageAuthor(messageBy("u"), user(0, false))).isTrue();
        assertThat(Permissions.isMessageAuthor(messageBy("u2"), user(0, false))).isFalse();
    }

    @ParameterizedTest(name = "{0} deletes a {1}''s message -> {2}")
    @CsvSource({"member, self, ok", "muted, self, ok", "moderator, member, ok", "moderator, moderator, forbidden",
            "admin, moderator, ok", "member, member, forbidden", "none, member, forbidden", "moderator, none, ok",
            "admin, owner, forbidden"})
    void deletingIsTheAuthorsOrAModeratorsAboveThem(String actorRole, String authorRole, String expected) {
        Optional<Membership> actor = "none".equals(actorRole) ? Optional.empty()
                : Optional.of(member(actorRole, null));
        var message = messageBy("self".equals(authorRole) ? "u" : "author");
        String named = "self".equals(authorRole) ? actorRole : "none".equals(authorRole) ? null : authorRole;
        Role role = named == null ? null : Role.fromWire(named);
        assertThat(Permissions.canDelete(actor, user(0, false), message, role, NOW).map(ErrorCode::wire).orElse("ok"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} gives a {1} the role {2} -> {3}")
    @CsvSource({"owner, member, admin, ok", "owner, admin, member, ok", "admin, member, moderator, ok",
            "admin, member, admin, forbidden", "admin, admin, member, forbidden", "moderator, member, trusted, forbidden",
            "owner, member, owner, forbidden", "owner, member, banned, forbidden", "admin, none, trusted, ok",
            "banned, member, trusted, forbidden"})
    void rolesAreGivenOnlyBelowOnesOwnToThoseBelowOneself(String actorRole, String current, String newRole,
                                                          String expected) {
        Optional<Membership> actor = Optional.of(member(actorRole, null));
        Role currentRole = "none".equals(current) ? null : Role.fromWire(current);
        assertThat(Permissions.canAssignRole(actor, user(0, false), currentRole, Role.fromWire(newRole), NOW)
                .map(ErrorCode::wire)
                .orElse("ok")).isEqualTo(expected);
    }

    @Test
    void staffGiveAnyRoleButOwnershipAndNeverToTheOwner() {
        assertThat(Permissions.canAssignRole(Optional.empty(), user(0, true), Role.ADMIN, Role.MEMBER, NOW)).isEmpty();
        assertThat(Permissions.canAssignRole(Optional.empty(), user(0, true), Role.MEMBER, Role.ADMIN, NOW)).isEmpty();
        assertThat(Permissions.canAssignRole(Optional.empty(), user(0, true), Role.OWNER, Role.MEMBER, NOW)).isPresent();
        assertThat(Permissions.canAssignRole(Optional.empty(), user(0, true), Role.MEMBER, Role.OWNER, NOW)).isPresent();
    }

    @Test
    void moderationNeedsAModeratorAboveTheTarget() {
        assertThat(Permissions.canModerate(Optional.of(member(Role.MODERATOR, null)), user(0, false), Role.MEMBER, NOW)).isEmpty();
        assertThat(Permissions.canModerate(Optional.of(member(Role.MODERATOR, null)), user(0, false), null, NOW))
                .as("a non-member ranks as a member").isEmpty();
        assertThat(Permissions.canModerate(Optional.of(member(Role.TRUSTED, null)), user(0, false), Role.MEMBER, NOW))
                .contains(ErrorCode.FORBIDDEN);
        assertThat(Permissions.canModerate(Optional.empty(), user(0, false), Role.MEMBER, NOW)).contains(ErrorCode.FORBIDDEN);
        assertThat(Permissions.canModerate(Optional.empty(), user(0, true), Role.ADMIN, NOW)).isEmpty();
        assertThat(Permissions.canModerate(Optional.of(member(Role.BANNED, null)), user(0, false), Role.MEMBER, NOW))
                .contains(ErrorCode.FORBIDDEN);
    }

    @Test
    void threadsMustBeOfThisRoomAndOpen() {
        var open = new dev.community.storage.ThreadRecord(UUID.randomUUID(), ROOM, "t", "u", false, 0, null, NOW);
        var locked = new dev.community.storage.ThreadRecord(UUID.randomUUID(), ROOM, "t", "u", true, 0, null, NOW);
        var elsewhere = new dev.community.storage.ThreadRecord(UUID.randomUUID(), UUID.randomUUID(), "t", "u", false, 0,
                null, NOW);
        assertThat(Permissions.canPostInThread(Optional.of(open), ROOM)).isEmpty();
        assertThat(Permissions.canPostInThread(Optional.of(locked), ROOM)).contains(ErrorCode.THREAD_LOCKED);
        assertThat(Permissions.canPostInThread(Optional.of(elsewhere), ROOM)).contains(ErrorCode.NOT_FOUND);
        assertThat(Permissions.canPostInThread(Optional.empty(), ROOM)).contains(ErrorCode.NOT_FOUND);
        assertThat(Permissions.canPostInDirect(true)).contains(ErrorCode.BLOCKED);
        assertThat(Permissions.canPostInDirect(false)).isEmpty();
    }

    @Test
    void rolesReadAsTheyApplyNow() {
        assertThat(Permissions.roleNow(Optional.of(member(Role.MUTED, NOW.minusSeconds(1))), NOW)).isEqualTo(Role.MEMBER);
        assertThat(Permissions.roleNow(Optional.of(member(Role.MUTED, NOW.plusSeconds(1))), NOW)).isEqualTo(Role.MUTED);
        assertThat(Permissions.roleNow(Optional.of(member(Role.BANNED, NOW.minusSeconds(1))), NOW)).isNull();
        assertThat(Permissions.roleNow(Optional.of(member(Role.BANNED, null)), NOW)).isEqualTo(Role.BANNED);
        assertThat(Permissions.roleNow(Optional.empty(), NOW)).isNull();
    }
}
