package dev.community.server.rest;

import dev.community.server.actions.PinActions;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.CompletableFuture;

/**
 * Pins over REST (PROTOCOL.md §2.13): pin and unpin a message (moderators and above), list a room's pins. The
 * rules, the cap, the audit entries and the events are {@link PinActions}'s.
 */
final class PinEndpoints {
    private final PinActions pins;

    PinEndpoints(PinActions pins) {
        this.pins = pins;
    }

    void register(RestApi api) {
        String pin = "/community/rooms/{room_id}/messages/{message_id}/pin/";
        api.route(HttpMethod.POST, pin, this::pin);
        api.route(HttpMethod.DELETE, pin, this::unpin);
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/pins/", this::list);
    }

    /** → 200 Message (is_pinned true), also when it was pinned already. */
    private CompletableFuture<RestResponse> pin(RestRequest request) {
        return pins.pin(request.principal(), request.uuid("room_id"), request.uuid("message_id"))
                .thenApply(RestResponse::ok);
    }

    /** → 200 Message (is_pinned false), also when it was not pinned. */
    private CompletableFuture<RestResponse> unpin(RestRequest request) {
        return pins.unpin(request.principal(), request.uuid("room_id"), request.uuid("message_id"))
                .thenApply(RestResponse::ok);
    }

    /** → 200 {pins: [{message, pinned_by, pinned_at}]}, newest pin first; at most limits.max_pins_per_room. */
    private CompletableFuture<RestResponse> list(RestRequest request) {
        return pins.list(request.principal(), request.uuid("room_id"))
                .thenApply(list -> RestResponse.ok(new Views.Pins(list)));
    }
}
