package dev.community.server.ws;

import dev.community.protocol.JsonCodec;
import dev.community.server.ServerMetrics;
import dev.community.server.auth.JwtAuthenticator;
import dev.community.server.budget.Budgets;
import dev.community.server.room.EventEncoder;
import java.time.Clock;

/**
 * What a socket's own rules use ({@link SocketHandler}: budget, bad frames, refresh, expiry, close codes), whatever
 * the socket carries: the codec and encoder for its frames and answers, the metrics, the closer, the authenticator
 * for a refresh, the clock for the token's end, the per-connection budgets and the bad-frame limit.
 *
 * @param maxBadFrames {@code ws.max_bad_frames}: bad frames within a minute before the socket is closed 1008
 */
public record SocketParts(JsonCodec codec, EventEncoder encoder, ServerMetrics metrics, Closer closer,
                          JwtAuthenticator authenticator, Clock clock, Budgets budgets, int maxBadFrames) {
}
