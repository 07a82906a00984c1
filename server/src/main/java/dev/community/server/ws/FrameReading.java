package dev.community.server.ws;

import dev.community.protocol.JsonCodec;
import dev.community.server.budget.Budgets;

/**
 * How a socket takes the client's frames ({@link SocketHandler}): the codec that decodes them, the per-connection
 * request budget they spend, how many bad ones within a minute it bears, and the closer that ends the socket with
 * the contract's code when the client goes too far (1008) or sends what cannot be read (1009, 1007).
 *
 * @param maxBadFrames {@code ws.max_bad_frames}: bad frames within a minute before the socket is closed 1008
 */
public record FrameReading(JsonCodec codec, Budgets budgets, int maxBadFrames, Closer closer) {
}
