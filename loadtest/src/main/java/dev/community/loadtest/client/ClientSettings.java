package dev.community.loadtest.client;

import dev.community.protocol.JsonCodec;

/**
 * What every simulated client of a run shares.
 *
 * @param target            the server (loopback only): the first of {@code nodes}
 * @param tokens            mints each user's access JWT
 * @param codec             the contract's JSON codec, thread-safe
 * @param runId             makes client_ids unique across runs, so a re-run never meets an old idempotency key
 * @param payloadChars      content length of each message
 * @param heartbeatMillis   ping interval while connected; 0 for none
 * @param connectTimeoutMillis time allowed from TCP connect to room_state
 * @param reconnect         reconnect with since_seq after any drop (the resume scenario)
 * @param reconnectPolicy   when a dropped client tries again, and when it gives up
 * @param maxOutstanding    unanswered sends a paced sender allows itself before it skips a beat
 * @param tls               the client TLS context for an https:// / wss:// target; null for plain text
 * @param compression       offer permessage-deflate in every upgrade
 * @param nodes             every node of the server (loopback only, all plain or all TLS), {@code target} first;
 *                          clients are dealt over them and move to the next one when a reconnect fails
 * @param alignedSends      paced senders of one rate all send at the same instants (bursts, as earlier runs did);
 *                          otherwise each sender's schedule is offset by its own share of one interval, as
 *                          independent clients are
 */
public record ClientSettings(
        LoopbackTarget target,
        AccessTokens tokens,
        JsonCodec codec,
        String runId,
        int payloadChars,
        long heartbeatMillis,
        long connectTimeoutMillis,
        boolean reconnect,
        ReconnectPolicy reconnectPolicy,
        int maxOutstanding,
        io.netty.handler.ssl.SslContext tls,
        boolean compression,
        java.util.List<LoopbackTarget> nodes,
        boolean alignedSends) {
    public ClientSettings {
        nodes = java.util.List.copyOf(nodes);
        if (nodes.isEmpty() || !nodes.get(0).equals(target)) {
            throw new IllegalArgumentException("the nodes must start with the target");
        }
    }
}
