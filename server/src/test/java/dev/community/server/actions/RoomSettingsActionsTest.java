package dev.community.server.actions;

import static dev.community.server.actions.ActionsFixture.get;
import static dev.community.server.actions.ActionsFixture.refused;
import static dev.community.server.actions.ActionsFixture.staff;
import static dev.community.server.actions.ActionsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.protocol.Room;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.storage.RoomRecord;
import dev.community.storage.RoomRepository.RoomUpdate;
import org.junit.jupiter.api.Test;

/** Who may create a room and change its settings; a change is handed to every node's sessions in the room. */
class RoomSettingsActionsTest extends ActionsTestBase {
    static final RoomUpdate NO_SETTINGS = new RoomUpdate(null, null, null, null, null, null);

    final RoomSettingsActions settings = fixture.actions.settings();

    static RoomSettingsActions.NewRoom named(String name) {
        return new RoomSettingsActions.NewRoom(name, null, RoomType.FORUM, Visibility.PUBLIC, "", NO_SETTINGS);
    }

    @Test
    void aNewAccountMayNotCreateARoomAndStaffMayWithADerivedSlug() {
        Refusal refusal = refused(settings.create(user("c-new"), named("Mine")));
        assertThat(refusal.code()).isEqualTo(ErrorCode.TRUST_REQUIRED);
        assertThat(refusal.getMessage()).isEqualTo("creating a room takes an account at least 7 days old that has"
                + " sent at least 10 messages");
        Room first = get(settings.create(staff("c-staff"), new RoomSettingsActions.NewRoom("Café Talk!", null,
                RoomType.CIRCLE, Visibility.UNLISTED, "about coffee", new RoomUpdate(null, null, null, 5, null, 2))));
        assertThat(first.slug()).isEqualTo("cafe-talk");
        assertThat(first.myRole()).isEqualTo(Role.OWNER);
        assertThat(first.slowModeSeconds()).isEqualTo(5);
        assertThat(first.minTrustToPost()).isEqualTo(2);
        Room second = get(settings.create(staff("c-staff"), named("Cafe talk")));
        assertThat(second.slug()).startsWith("cafe-talk-").isNotEqualTo("cafe-talk");
        assertThat(RoomSettingsActions.slugOf("!!!")).isEqualTo("room");
    }

    @Test
    void onlyTheOwnerOrAnAdminChangesSettingsAndEveryNodesSessionsTakeThem() {
        RoomRecord room = fixture.room("s-owner", Role.ADMIN, "s-admin");
        fixture.storage.memberships().join(room.id(), "s-mod", Role.MODERATOR);
        RoomUpdate slow = new RoomUpdate(null, null, null, 30, null, null);
        Refusal moderator = refused(settings.change(user("s-mod"), room.id(), slow));
        assertThat(moderator.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(moderator.getMessage()).isEqualTo("only the room's owner or an admin may change it");
        assertThat(fixture.relayed).isEmpty();

        Room changed = get(settings.change(user("s-admin"), room.id(), slow));
        assertThat(changed.slowModeSeconds()).isEqualTo(30);
        assertThat(changed.myRole()).isEqualTo(Role.ADMIN);
        assertThat(fixture.relayed).singleElement().satisfies(relayed -> {
            assertThat(relayed.kind()).isEqualTo("room");
            assertThat(((RoomRecord) relayed.carried()).slowModeSeconds()).isEqualTo(30);
        });
    }

    @Test
    void aDmHasNoSettings() {
        var dm = fixture.storage.directMessages().createGroup("dm-a", java.util.List.of("dm-b", "dm-c"));
        Refusal refusal = refused(settings.change(user("dm-a"), dm.id(), new RoomUpdate("renamed", null, null,
                null, null, null)));
        assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal.getMessage()).isEqualTo("a DM thread has no settings to change");
    }
}
