package dev.community.server.auth;

/** An access or connection token was missing, malformed, forged, expired or already used. */
public final class AuthenticationException extends Exception {
    public AuthenticationException(String message) {
        super(message, null, false, false);
    }
}
