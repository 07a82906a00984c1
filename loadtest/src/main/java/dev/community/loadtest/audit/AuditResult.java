package dev.community.loadtest.audit;

import java.util.List;

/**
 * The audit's verdict on one run.
 *
 * @param membersAudited members held to every acknowledged message (synced and still connected at the end)
 * @param membersNotSynced members that never got their first room_state (counted as connect errors, not audited)
 * @param acknowledged   sends acknowledged (first acks only)
 * @param expectedDeliveries acknowledged messages times the audited members that had to receive them
 * @param lost           acknowledged messages an audited member never received although it received later ones:
 *                       a gap, which no amount of waiting fills
 * @param undelivered    acknowledged messages above an audited member's newest delivery when the drain timed
 *                       out: the server had fallen behind and had not delivered them by the end of the run
 * @param duplicates     messages a member received twice
 * @param reordered      messages a member received below a seq it had already received
 * @param unsynced       deliveries before a member's first room_state
 * @param seqCollisions  one seq acknowledged to two different sends of one room
 * @param unanswered     sends that got neither an acknowledgement nor an error by the end
 * @param replays        allowed second copies: the stored message answering a re-sent client_id
 * @param examples       a few violations, for a person to start from
 */
public record AuditResult(
        long membersAudited,
        long membersNotSynced,
        long acknowledged,
        long expectedDeliveries,
        long lost,
        long undelivered,
        long duplicates,
        long reordered,
        long unsynced,
        long seqCollisions,
        long unanswered,
        long replays,
        List<String> examples) {

    /** True when nothing was lost, left undelivered, doubled, reordered, early, collided or left unanswered. */
    public boolean passed() {
        return lost == 0 && undelivered == 0 && duplicates == 0 && reordered == 0 && unsynced == 0 && seqCollisions == 0 && unanswered == 0;
    }
}
