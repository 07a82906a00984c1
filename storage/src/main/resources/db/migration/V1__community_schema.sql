-- The community schema (seed §2, §8, §9; PROTOCOL.md §2.3, §3).
--
-- One script for PostgreSQL 15 and H2 2.x in PostgreSQL mode, so it only uses types and syntax both accept:
-- uuid, varchar, bigint, integer, boolean, timestamp with time zone, CHECK, UNIQUE, foreign keys, plain and
-- DESC indexes. JSON columns are varchar holding JSON text (no jsonb: H2 has none, and nothing queries inside
-- them except the unread-mention LIKE, see MembershipRepository).
--
-- Users are identities from JWTs, known only once seen, and a DM can name a user who never connected: so no
-- column references users(id). Everything else that points at a row has a foreign key.
--
-- Text lengths: content allows 8000 because the protocol's limit is 4000 code points and H2 counts UTF-16 units
-- (an astral character is two); PostgreSQL counts code points, so the wire limit is the binding one on both.

CREATE TABLE users (
    id             varchar(64)              NOT NULL PRIMARY KEY,
    username       varchar(150)             NOT NULL,
    joined_at      timestamp with time zone NOT NULL,
    first_seen_at  timestamp with time zone NOT NULL,
    trust_level    integer                  NOT NULL DEFAULT 0,
    is_staff       boolean                  NOT NULL DEFAULT FALSE,
    message_count  bigint                   NOT NULL DEFAULT 0
);

CREATE TABLE rooms (
    id                 uuid                     NOT NULL PRIMARY KEY,
    name               varchar(100)             NOT NULL,
    slug               varchar(100)             NOT NULL,
    room_type          varchar(16)              NOT NULL,
    visibility         varchar(16)              NOT NULL,
    creator_id         varchar(64),
    description        varchar(2000)            NOT NULL DEFAULT '',
    slow_mode_seconds  integer                  NOT NULL DEFAULT 0,
    min_trust_to_join  integer                  NOT NULL DEFAULT 0,
    min_trust_to_post  integer                  NOT NULL DEFAULT 0,
    member_count       bigint                   NOT NULL DEFAULT 0,
    message_count      bigint                   NOT NULL DEFAULT 0,
    -- the highest seq stored in the room; the writer moves it under the row lock (cluster-safe seq)
    last_seq           bigint                   NOT NULL DEFAULT 0,
    last_message_at    timestamp with time zone,
    created_at         timestamp with time zone NOT NULL,
    is_deleted         boolean                  NOT NULL DEFAULT FALSE,
    CONSTRAINT rooms_slug_key UNIQUE (slug),
    CONSTRAINT rooms_room_type_check CHECK (room_type IN ('forum', 'circle', 'dm')),
    CONSTRAINT rooms_visibility_check CHECK (visibility IN ('public', 'private', 'unlisted')),
    CONSTRAINT rooms_slow_mode_check CHECK (slow_mode_seconds >= 0),
    CONSTRAINT rooms_counts_check CHECK (member_count >= 0 AND message_count >= 0 AND last_seq >= 0)
);

CREATE TABLE room_memberships (
    room_id        uuid                     NOT NULL,
    user_id        varchar(64)              NOT NULL,
    role           varchar(16)              NOT NULL,
    -- null with role muted/banned = permanent; a passed time = no longer applies
    muted_until    timestamp with time zone,
    banned_until   timestamp with time zone,
    last_read_seq  bigint                   NOT NULL DEFAULT 0,
    -- false once the user left or was banned; the row stays so a ban and the read marker survive leaving
    is_active      boolean                  NOT NULL DEFAULT TRUE,
    joined_at      timestamp with time zone NOT NULL,
    CONSTRAINT room_memberships_pkey PRIMARY KEY (room_id, user_id),
    CONSTRAINT room_memberships_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id),
    CONSTRAINT room_memberships_role_check
        CHECK (role IN ('owner', 'admin', 'moderator', 'trusted', 'member', 'muted', 'banned'))
);
-- seed §9 "presence": members of a room by role
CREATE INDEX room_memberships_room_role_idx ON room_memberships (room_id, role, is_active);
-- "my rooms" / "my DM threads"
CREATE INDEX room_memberships_user_idx ON room_memberships (user_id, room_id);

CREATE TABLE threads (
    id               uuid                     NOT NULL PRIMARY KEY,
    room_id          uuid                     NOT NULL,
    title            varchar(200)             NOT NULL,
    creator_id       varchar(64)              NOT NULL,
    is_locked        boolean                  NOT NULL DEFAULT FALSE,
    created_at       timestamp with time zone NOT NULL,
    message_count    bigint                   NOT NULL DEFAULT 0,
    last_message_at  timestamp with time zone,
    CONSTRAINT threads_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id)
);
CREATE INDEX threads_room_idx ON threads (room_id, id);

CREATE TABLE messages (
    id               uuid                     NOT NULL PRIMARY KEY,
    room_id          uuid                     NOT NULL,
    seq              bigint                   NOT NULL,
    thread_id        uuid,
    author_id        varchar(64)              NOT NULL,
    -- the sender's idempotency key; null = none (NULLs never collide in the unique key)
    client_id        varchar(64),
    content          varchar(8000)            NOT NULL,
    message_type     varchar(16)              NOT NULL DEFAULT 'text',
    attachments      varchar(65536)           NOT NULL DEFAULT '[]',
    mentions         varchar(8000)            NOT NULL DEFAULT '[]',
    reply_to_id      uuid,
    -- {emoji: count}, kept in step with message_reactions in the same transaction
    reaction_counts  varchar(65536)           NOT NULL DEFAULT '{}',
    created_at       timestamp with time zone NOT NULL,
    edited_at        timestamp with time zone,
    is_deleted       boolean                  NOT NULL DEFAULT FALSE,
    is_hidden        boolean                  NOT NULL DEFAULT FALSE,
    is_flagged       boolean                  NOT NULL DEFAULT FALSE,
    CONSTRAINT messages_room_seq_key UNIQUE (room_id, seq),
    CONSTRAINT messages_client_id_key UNIQUE (room_id, author_id, client_id),
    CONSTRAINT messages_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id),
    CONSTRAINT messages_thread_fk FOREIGN KEY (thread_id) REFERENCES threads (id),
    CONSTRAINT messages_reply_to_fk FOREIGN KEY (reply_to_id) REFERENCES messages (id),
    CONSTRAINT messages_type_check CHECK (message_type IN ('text', 'image', 'file', 'system')),
    CONSTRAINT messages_seq_check CHECK (seq > 0)
);
-- seed §9
CREATE INDEX messages_room_created_idx ON messages (room_id, created_at DESC, id);
CREATE INDEX messages_thread_created_idx ON messages (thread_id, created_at);
CREATE INDEX messages_author_created_idx ON messages (author_id, created_at DESC);
CREATE INDEX messages_flagged_created_idx ON messages (is_flagged, created_at DESC);

CREATE TABLE message_reactions (
    message_id  uuid                     NOT NULL,
    user_id     varchar(64)              NOT NULL,
    emoji       varchar(64)              NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    CONSTRAINT message_reactions_pkey PRIMARY KEY (message_id, user_id, emoji),
    CONSTRAINT message_reactions_message_fk FOREIGN KEY (message_id) REFERENCES messages (id)
);

CREATE TABLE dm_threads (
    -- the DM's room id: a DM thread is a room of type 'dm', its participants are the room's memberships
    id          uuid                     NOT NULL PRIMARY KEY,
    is_group    boolean                  NOT NULL,
    -- "a|b" of the two sorted user ids of a 1:1 thread, null for a group: makes find-or-create race-safe
    pair_key    varchar(130),
    created_at  timestamp with time zone NOT NULL,
    CONSTRAINT dm_threads_pair_key UNIQUE (pair_key),
    CONSTRAINT dm_threads_room_fk FOREIGN KEY (id) REFERENCES rooms (id),
    CONSTRAINT dm_threads_pair_check CHECK ((is_group AND pair_key IS NULL) OR (NOT is_group AND pair_key IS NOT NULL))
);

CREATE TABLE user_blocks (
    blocker_id  varchar(64)              NOT NULL,
    blocked_id  varchar(64)              NOT NULL,
    created_at  timestamp with time zone NOT NULL,
    CONSTRAINT user_blocks_pkey PRIMARY KEY (blocker_id, blocked_id),
    CONSTRAINT user_blocks_self_check CHECK (blocker_id <> blocked_id)
);
-- blockersOf(author): who must not receive this author's messages
CREATE INDEX user_blocks_blocked_idx ON user_blocks (blocked_id, blocker_id);

CREATE TABLE message_reports (
    message_id   uuid                     NOT NULL,
    reporter_id  varchar(64)              NOT NULL,
    reason       varchar(1000)            NOT NULL DEFAULT '',
    created_at   timestamp with time zone NOT NULL,
    CONSTRAINT message_reports_once UNIQUE (message_id, reporter_id),
    CONSTRAINT message_reports_message_fk FOREIGN KEY (message_id) REFERENCES messages (id)
);

CREATE TABLE moderation_actions (
    id                 uuid                     NOT NULL PRIMARY KEY,
    room_id            uuid                     NOT NULL,
    action             varchar(16)              NOT NULL,
    source             varchar(16)              NOT NULL,
    -- null for automatic actions (source community / ai / system)
    moderator_id       varchar(64),
    target_user_id     varchar(64),
    target_message_id  uuid,
    target_thread_id   uuid,
    reason             varchar(1000)            NOT NULL DEFAULT '',
    duration_seconds   bigint,
    expires_at         timestamp with time zone,
    created_at         timestamp with time zone NOT NULL,
    CONSTRAINT moderation_actions_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id),
    CONSTRAINT moderation_actions_action_check CHECK (action IN
        ('warn', 'mute', 'unmute', 'ban', 'unban', 'hide', 'unhide', 'delete', 'lock', 'unlock', 'flag')),
    CONSTRAINT moderation_actions_source_check CHECK (source IN ('ai', 'community', 'admin', 'system')),
    CONSTRAINT moderation_actions_duration_check CHECK (duration_seconds IS NULL OR duration_seconds > 0)
);
-- the room's audit trail, newest first (ids are UUIDv7, so id order is time order)
CREATE INDEX moderation_actions_room_idx ON moderation_actions (room_id, id DESC);

CREATE TABLE moderation_queue (
    id            uuid                     NOT NULL PRIMARY KEY,
    room_id       uuid                     NOT NULL,
    message_id    uuid                     NOT NULL,
    reason        varchar(1000)            NOT NULL DEFAULT '',
    report_count  integer                  NOT NULL DEFAULT 0,
    status        varchar(16)              NOT NULL DEFAULT 'pending',
    created_at    timestamp with time zone NOT NULL,
    reviewed_by   varchar(64),
    reviewed_at   timestamp with time zone,
    CONSTRAINT moderation_queue_message_key UNIQUE (message_id),
    CONSTRAINT moderation_queue_room_fk FOREIGN KEY (room_id) REFERENCES rooms (id),
    CONSTRAINT moderation_queue_message_fk FOREIGN KEY (message_id) REFERENCES messages (id),
    CONSTRAINT moderation_queue_status_check CHECK (status IN ('pending', 'reviewed', 'dismissed', 'actioned'))
);
CREATE INDEX moderation_queue_room_status_idx ON moderation_queue (room_id, status, id);
CREATE INDEX moderation_queue_status_idx ON moderation_queue (status, id);
