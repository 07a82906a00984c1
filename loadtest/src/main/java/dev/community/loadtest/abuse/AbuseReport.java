package dev.community.loadtest.abuse;

import java.util.List;
import java.util.Map;

/**
 * What the abusers of a run met. {@code held} abusers were throttled or had a connection closed by the server
 * (typing flooders, whose surplus the server drops without a word, count as held when the honest members received
 * no more typing events than the contract allows); the aim is that every one of them was ({@link #allHeld}). When the server's metrics were given, the closes and
 * budget refusals the server itself counted during the run are beside them.
 *
 * @param abusers           abusers started (0 for the clean run)
 * @param ratePerSecond     each abuser's frames, requests or connects a second
 * @param kinds             by kind, in the order of {@link AbuseKind}
 * @param typingEventsPerMemberSecond typing events an honest member received a second, on average (what a
 *                          typing flood costs the others)
 * @param typingAllowancePerMemberSecond what the contract allows them: one a second per typing flooder in the
 *                          member's room, averaged over the rooms
 * @param serverCloses      the server's {@code community_ws_closes_total} increase by close code (empty without metrics)
 * @param serverRefusals    the server's {@code community_budget_rejections_total} increase by budget (empty without metrics)
 */
public record AbuseReport(int abusers, double ratePerSecond, List<KindSummary> kinds, double typingEventsPerMemberSecond,
                          double typingAllowancePerMemberSecond,
                          Map<String, Long> serverCloses, Map<String, Long> serverRefusals) {

    /** The abusers of one kind. {@code closes} are the server-ended connections by close code (0: never read). */
    public record KindSummary(String kind, int abusers, long sent, long connects, long throttled,
                              Map<Integer, Long> closes, int held) {
    }

    /** True when every abuser was throttled or closed. */
    public boolean allHeld() {
        return kinds.stream().allMatch(k -> k.held() == k.abusers());
    }
}
