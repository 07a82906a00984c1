package dev.community.server.room;

import java.time.Duration;

/**
 * How live rooms tell their members who is online ({@code ws.presence_list_limit}, {@code ws.presence_tick_ms}), and
 * the encoder their summaries are written with.
 */
public record PresenceSettings(int listLimit, Duration tick, EventEncoder encoder) {
}
