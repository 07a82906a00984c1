package dev.community.protocol;

/**
 * The claims of an access JWT that the contract reads besides the registered {@code sub} (the user id, see
 * {@link UserIds}), {@code exp}, and {@code iss} / {@code aud} when the server checks them. The host application
 * signs them; the server's development tools and the load harness mint the same shape.
 */
public final class AccessClaims {
    /** Display name; the user id when absent. */
    public static final String USERNAME = "username";
    /** When the account was created, in epoch seconds: the account age the room-creation rule counts. */
    public static final String JOINED_AT = "joined_at";
    /** The host's trust level (an integer, 0 when absent), compared with a room's trust gates. */
    public static final String TRUST_LEVEL = "trust_level";
    /** {@code true} for platform staff: moderators of every room. */
    public static final String STAFF = "staff";

    private AccessClaims() {
    }
}
