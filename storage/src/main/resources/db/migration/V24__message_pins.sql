-- Pins (PROTOCOL.md §2.13): a room's moderators pin messages; at most limits.max_pins_per_room per room (checked by
-- the repository under the room's row lock). A table of its own rather than columns on messages: creating it
-- rewrites and scans nothing, and a message's is_pinned is one primary-key probe. A tombstone loses its pin in the
-- transaction that deletes it; the retention purge deletes pins with their messages.
CREATE TABLE message_pins (
    message_id  uuid                     NOT NULL PRIMARY KEY,
    room_id     uuid                     NOT NULL,
    pinned_by   varchar(64)              NOT NULL,
    pinned_at   timestamp with time zone NOT NULL,
    CONSTRAINT message_pins_message_fk FOREIGN KEY (message_id) REFERENCES messages (id),
    CONSTRAINT message_pins_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id)
);
-- a room's pins, newest first, and their count for the cap
CREATE INDEX message_pins_room_idx ON message_pins (room_id, pinned_at DESC);

-- pin and unpin are audited like the other moderation actions (moderation_actions is small: re-checking it is quick)
ALTER TABLE moderation_actions DROP CONSTRAINT moderation_actions_action_check;
ALTER TABLE moderation_actions ADD CONSTRAINT moderation_actions_action_check CHECK (action IN
    ('warn', 'mute', 'unmute', 'ban', 'unban', 'hide', 'unhide', 'delete', 'lock', 'unlock', 'flag', 'reject',
     'pin', 'unpin'));
