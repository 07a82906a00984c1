package dev.community.admin;

import java.util.Objects;

/**
 * An admin request that cannot be carried out, with the HTTP status and the contract's error code it answers
 * with: {@code {"error": {"code": code, "message": message}}}. {@link AdminOperations} methods throw it (or complete
 * their future with it) for "no such room" ({@code 404 not_found}), "storage down" ({@code 503 unavailable}) and the
 * like; any other exception answers {@code 500 internal}.
 */
public final class AdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    /**
     * @param status  HTTP status, 400..599
     * @param code    error code on the wire, e.g. {@code not_found}
     * @param message human-readable explanation, returned to the operator
     */
    public AdminException(int status, String code, String message) {
        super(Objects.requireNonNull(message, "message"));
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 400..599, was " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
    }

    /** {@code 404 not_found}. */
    public static AdminException notFound(String message) {
        return new AdminException(404, "not_found", message);
    }

    /** {@code 503 unavailable}: a dependency is down; the request may be retried. */
    public static AdminException unavailable(String message) {
        return new AdminException(503, "unavailable", message);
    }

    /** {@code 400 invalid_payload}. */
    public static AdminException invalidPayload(String message) {
        return new AdminException(400, "invalid_payload", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
