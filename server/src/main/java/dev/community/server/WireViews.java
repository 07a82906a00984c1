package dev.community.server;

import dev.community.protocol.Message;
import dev.community.protocol.Room;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.ReactionRepository;
import dev.community.storage.RoomRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Stored rows as one viewer sees them on the wire: their role and unread counts, hidden content redacted. */
public final class WireViews {
    private WireViews() {
    }

    /**
     * The room as {@code membership}'s user sees it at {@code now} (my_role as it applies then: a mute that has run
     * out reads member); null membership / marker for a non-member.
     */
    public static Room room(RoomRecord r, Membership membership, ReadMarker marker, java.time.Instant now) {
        boolean member = membership != null && membership.isMember();
        return new Room(r.id(), r.name(), r.slug(), r.roomType(), r.visibility(), r.creatorId(), r.description(),
                r.slowModeSeconds(), r.minTrustToJoin(), r.minTrustToPost(), r.memberCount(), r.messageCount(),
                r.lastMessageAt(), r.createdAt(), membership == null ? null : membership.effectiveRole(now),
                member && marker != null ? marker.lastReadSeq() : null,
                member && marker != null ? marker.unreadCount() : 0,
                member && marker != null ? marker.unreadMentions() : 0,
                r.retentionDays());
    }

    /** Messages as a viewer sees them: authors they block left out, hidden content blanked below moderator. */
    public static List<Message> messages(List<Message> stored, boolean moderator, Set<String> blockedAuthors) {
        List<Message> visible = new ArrayList<>(stored.size());
        for (Message m : stored) {
            if (blockedAuthors.contains(m.author().id())) {
                continue;
            }
            visible.add(message(m, moderator));
        }
        return visible;
    }

    /**
     * Messages rendered for one viewer carry the emoji that viewer gave each ({@code my_reactions}, [] for none):
     * REST, room_state, resumes and history alike. Storage is read only when one of them carries a reaction at all
     * (a reaction of the viewer is counted in reaction_counts). On the blocking executor.
     */
    public static List<Message> withMyReactions(List<Message> shown, ReactionRepository reactions, String viewerId) {
        boolean anyReactions = shown.stream().anyMatch(m -> m.reactionCounts() != null && !m.reactionCounts().isEmpty());
        Map<UUID, List<String>> mine = anyReactions
                ? reactions.mine(viewerId, shown.stream().map(Message::id).toList()) : Map.of();
        return withMyReactions(shown, mine);
    }

    /** As {@link #withMyReactions(List, ReactionRepository, String)} with the viewer's emoji already read. */
    public static List<Message> withMyReactions(List<Message> shown, Map<UUID, List<String>> mine) {
        List<Message> result = new ArrayList<>(shown.size());
        for (Message m : shown) {
            result.add(m.withMyReactions(mine.getOrDefault(m.id(), List.of())));
        }
        return result;
    }

    /** One message as {@link #withMyReactions(List, ReactionRepository, String)}. */
    public static Message withMyReactions(Message shown, ReactionRepository reactions, String viewerId) {
        return withMyReactions(List.of(shown), reactions, viewerId).get(0);
    }

    public static Message message(Message m, boolean moderator) {
        if (m.isDeleted()) {
            return m.redacted();
        }
        return moderator ? m : m.redacted();
    }
}
