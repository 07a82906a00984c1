package dev.community.protocol;

/**
 * The answer of {@code POST /auth/ws-connection-token/} ({@link WirePaths#CONNECTION_TOKEN}): a single-use token
 * for one WebSocket upgrade, valid for {@code expiresIn} seconds.
 */
public record ConnectionToken(String connectionToken, long expiresIn) {
}
