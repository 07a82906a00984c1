package dev.community.server.actions;

import dev.community.server.Blocking;
import dev.community.server.admission.AdmissionStore;
import dev.community.server.budget.Budgets;
import dev.community.server.send.MessageService;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Every change to a room, one family of actions each, for REST endpoints and WebSocket sessions alike: the
 * transports parse, call an action and render its result or its {@link Refusal}.
 *
 * @param access   loads a room with the caller's membership and applies who may open it (for reads as well)
 * @param live     the one road of committed changes to the live side (room bus and session control)
 * @param messages  send, edit, delete, hide and unhide
 * @param reactions react and unreact
 * @param reports   report a message to the room's moderators
 * @param readMarks  move my read marker (POST read, the socket's mark_read)
 * @param moderation warn, mute, ban, hide, delete, lock and their undoing; the audit trail and review queue
 * @param settings   create a room, change its settings
 * @param members    join, leave, add a member, give a role
 * @param threads    start a thread
 * @param conversations open DMs, block and unblock
 * @param pins       pin and unpin a message, list a room's pins
 */
public record RoomActions(RoomAccess access, LiveChanges live, MessageActions messages, ReactionActions reactions,
                          ReportActions reports, ReadMarks readMarks, ModerationActions moderation,
                          RoomSettingsActions settings, MemberActions members, ThreadActions threads,
                          ConversationActions conversations, PinActions pins) {

    /** Wires every family over the node's parts. */
    public static RoomActions wire(Storage storage, Blocking blocking, Clock clock, MessageService sending,
                                   LiveChanges live, Budgets budgets, AdmissionStore admission,
                                   MeterRegistry meters) {
        RoomAccess access = new RoomAccess(storage, clock, admission, live);
        MessageActions messages = new MessageActions(access, sending, storage, blocking, live);
        return new RoomActions(access, live, messages,
                new ReactionActions(access, storage, blocking, live, budgets),
                new ReportActions(access, storage.reports(), blocking),
                new ReadMarks(access, storage.memberships(), blocking, live),
                new ModerationActions(access, messages, storage, blocking, live),
                new RoomSettingsActions(access, storage, blocking, live),
                new MemberActions(access, storage, blocking, live),
                new ThreadActions(access, storage.threads(), blocking),
                new ConversationActions(storage, blocking, live, budgets, clock),
                new PinActions(access, storage, blocking, live, budgets.limits().maxPinsPerRoom(), meters));
    }
}
