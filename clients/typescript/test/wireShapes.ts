/**
 * The fields of every wire object and event, as a runtime table the compiler holds to the TypeScript types
 * (wire.test.ts: no field missing, none extra). The unit tests compare it with the server's Java records, the
 * end-to-end tests with what the server really sends.
 */
import type {
  BlockedUser,
  ConnectionTokenResponse,
  DmThread,
  EventOf,
  Member,
  Message,
  ModerationAction,
  Pin,
  ModerationQueueItem,
  ReadMarker,
  Report,
  Room,
  ServerEventName,
  Thread,
  User,
} from '../src/wire.js';

type Fields<T> = { required: readonly (keyof T)[]; optional?: readonly (keyof T)[] };

export const MESSAGE_FIELDS = {
  required: ['id', 'room_id', 'seq', 'thread_id', 'author', 'content', 'message_type', 'attachments', 'mentions',
    'reply_to_id', 'reaction_counts', 'created_at', 'edited_at', 'is_deleted', 'is_hidden', 'is_pinned'],
  optional: ['my_reactions'],
} as const satisfies Fields<Message>;

export const ROOM_FIELDS = {
  required: ['id', 'name', 'slug', 'room_type', 'visibility', 'creator_id', 'description', 'slow_mode_seconds',
    'min_trust_to_join', 'min_trust_to_post', 'member_count', 'message_count', 'last_message_at', 'created_at',
    'my_role', 'last_read_seq', 'unread_count', 'unread_mentions', 'retention_days'],
} as const satisfies Fields<Room>;

export const USER_FIELDS = { required: ['id', 'username'] } as const satisfies Fields<User>;

export const EVENT_FIELDS = {
  room_state: { required: ['event', 'room', 'messages', 'online_users', 'has_more', 'last_seq'],
    optional: ['has_gap', 'online_count', 'token_expires_at'] },
  token_refreshed: { required: ['event', 'expires_at'] },
  presence: { required: ['event', 'online_count', 'joined', 'left', 'complete'] },
  pong: { required: ['event'] },
  new_message: { required: ['event', 'message', 'client_id'] },
  message_history: { required: ['event', 'messages', 'has_more'] },
  typing: { required: ['event', 'user', 'is_typing'] },
  user_joined: { required: ['event', 'user'] },
  user_left: { required: ['event', 'user'] },
  message_updated: { required: ['event', 'message'] },
  message_deleted: { required: ['event', 'message_id', 'seq'] },
  reactions_updated: { required: ['event', 'message_id', 'reaction_counts', 'user_id', 'emoji', 'added'] },
  message_pinned: { required: ['event', 'message_id', 'seq', 'pinned_by', 'pinned_at'] },
  message_unpinned: { required: ['event', 'message_id', 'seq', 'unpinned_by'] },
  member_updated: { required: ['event', 'user', 'role', 'until'] },
  read_updated: { required: ['event', 'room_id', 'last_read_seq', 'unread_count'] },
  error: { required: ['event', 'code', 'message', 'client_id'], optional: ['retry_after_ms'] },
  ready: { required: ['event', 'user', 'rooms', 'max_subscriptions'], optional: ['token_expires_at'] },
  room_activity: { required: ['event', 'room_id', 'last_seq', 'unread_count', 'unread_mentions'] },
  mentioned: { required: ['event', 'room_id', 'message'] },
  room_added: { required: ['event', 'room'] },
  room_updated: { required: ['event', 'room'] },
  membership_updated: { required: ['event', 'room_id', 'my_role'], optional: ['until'] },
  room_removed: { required: ['event', 'room_id', 'reason'] },
  unsubscribed: { required: ['event', 'room_id'] },
} as const satisfies { [K in ServerEventName]: Fields<EventOf<K>> };

/** The REST bodies that are not Message or Room. */
export const REST_FIELDS = {
  thread: {
    required: ['id', 'room_id', 'title', 'creator_id', 'is_locked', 'message_count', 'last_message_at', 'created_at'],
  } as const satisfies Fields<Thread>,
  dmThread: { required: ['id', 'is_group', 'participants', 'room'] } as const satisfies Fields<DmThread>,
  member: { required: ['user', 'role', 'until', 'joined_at'] } as const satisfies Fields<Member>,
  blockedUser: { required: ['user', 'created_at'] } as const satisfies Fields<BlockedUser>,
  readMarker: { required: ['last_read_seq', 'unread_count', 'unread_mentions'] } as const satisfies Fields<ReadMarker>,
  report: { required: ['message_id', 'reason', 'created_at'] } as const satisfies Fields<Report>,
  pin: { required: ['message', 'pinned_by', 'pinned_at'] } as const satisfies Fields<Pin>,
  moderationAction: {
    required: ['id', 'room_id', 'action', 'source', 'moderator_id', 'target_user_id', 'target_message_id',
      'target_thread_id', 'reason', 'duration_seconds', 'expires_at', 'created_at'],
  } as const satisfies Fields<ModerationAction>,
  moderationQueueItem: {
    required: ['id', 'room_id', 'message_id', 'reason', 'report_count', 'status', 'created_at', 'reviewed_by',
      'reviewed_at'],
  } as const satisfies Fields<ModerationQueueItem>,
  connectionToken: { required: ['connection_token', 'expires_in'] } as const satisfies Fields<ConnectionTokenResponse>,
};

/** Every field of a table, required and optional. */
export function allFields(fields: Fields<never> | { required: readonly string[]; optional?: readonly string[] }): string[] {
  return [...(fields.required as readonly string[]), ...((fields.optional ?? []) as readonly string[])].sort();
}

/** The differences between an object's keys and a table: empty when the object has exactly the table's shape. */
export function shapeProblems(value: Record<string, unknown>,
  fields: { required: readonly string[]; optional?: readonly string[] }): string[] {
  const keys = Object.keys(value);
  const known = new Set([...fields.required, ...(fields.optional ?? [])]);
  return [
    ...fields.required.filter((k) => !(k in value)).map((k) => `missing ${k}`),
    ...keys.filter((k) => !known.has(k)).map((k) => `undocumented ${k}`),
  ];
}
