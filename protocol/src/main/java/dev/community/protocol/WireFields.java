package dev.community.protocol;

/**
 * JSON field names with a meaning of their own on the wire, for clients that look for them without decoding
 * the whole record (the load harness scans {@code new_message} events by these). The record components of
 * {@link Message} and {@link ServerEvent} are written under the same names (snake_case); the protocol's tests
 * hold the two together.
 */
public final class WireFields {
    /** Names a server event ({@link ServerEvent#event()}); always the first field. */
    public static final String EVENT = "event";
    /** Names a client frame ({@link ClientFrame#type()}); written first. */
    public static final String TYPE = "type";
    /** A message's room sequence number ({@link Message#seq()}). */
    public static final String SEQ = "seq";
    /** A message's text ({@link Message#content()}). */
    public static final String CONTENT = "content";
    /**
     * The sender's idempotency key: on {@code send_message}, and echoed on the sender's own
     * {@code new_message} ({@link ServerEvent.NewMessage#clientId()}, its last field) and on an {@code error}.
     */
    public static final String CLIENT_ID = "client_id";
    /** Every REST list answers {@code {"results": [...], "next_cursor": ...}}: the page's items, */
    public static final String RESULTS = "results";
    /** and the cursor of the next page, {@code null} on the last one. */
    public static final String NEXT_CURSOR = "next_cursor";

    private WireFields() {
    }
}
