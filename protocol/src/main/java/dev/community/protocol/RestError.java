package dev.community.protocol;

/** The body of every REST error (and of a refused WebSocket upgrade): {@code {"error": {"code", "message"}}}. */
public record RestError(Detail error) {

    /** {@code code} is an {@link ErrorCode#wire()} value; {@code message} says what was wrong, for people. */
    public record Detail(String code, String message) {
    }

    public static RestError of(ErrorCode code, String message) {
        return new RestError(new Detail(code.wire(), message));
    }
}
