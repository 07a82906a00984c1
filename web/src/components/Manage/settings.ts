import type { Room } from '@community/client';

/**
 * `room` as the socket has it, with the settings from the last PATCH answer laid over it: the room socket hears
 * of no settings change, so without this the header and the settings form would show the old values until the
 * next reconnect. Roles, counts and read markers stay the socket's.
 */
export function withSavedSettings(room: Room | null, saved: Room | null): Room | null {
  if (!room || !saved || saved.id !== room.id) return room;
  return { ...room, name: saved.name, description: saved.description, visibility: saved.visibility,
    slow_mode_seconds: saved.slow_mode_seconds, min_trust_to_join: saved.min_trust_to_join,
    min_trust_to_post: saved.min_trust_to_post, retention_days: saved.retention_days };
}
