package dev.community.server.rest;

import dev.community.protocol.ErrorCode;

/** Opaque-looking cursors for list endpoints. Message lists page by seq; absent means "from the newest". */
final class Cursors {
    private Cursors() {
    }

    static long seq(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            long seq = Long.parseLong(cursor);
            if (seq < 1) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new RestException(ErrorCode.INVALID_PAYLOAD, "cursor is not one this server issued");
        }
    }
}
