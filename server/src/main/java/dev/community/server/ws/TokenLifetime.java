package dev.community.server.ws;

import dev.community.server.auth.JwtAuthenticator;
import java.time.Clock;

/**
 * The access token's life on an open socket: the authenticator a {@code refresh} frame's token is verified with,
 * and the clock the token's end (4401) is measured against.
 */
public record TokenLifetime(JwtAuthenticator authenticator, Clock clock) {
}
