/**
 * The wire types of the community server, exactly as they travel: snake_case fields, ISO-8601 UTC times
 * (`"2026-11-24T10:00:00.123Z"`) and UUIDs as strings, `null` where a value is absent. They mirror the server's
 * `protocol` module (ServerEvent, ClientFrame, Message, Room, User, ErrorCode, CloseCodes) and its REST views.
 */

/** A user as it appears on the wire. A user id is the `sub` claim of the user's access JWT. */
export interface User {
  id: string;
  username: string;
}

export type RoomType = 'forum' | 'circle' | 'dm';
export type Visibility = 'public' | 'private' | 'unlisted';
export type Role = 'owner' | 'admin' | 'moderator' | 'trusted' | 'member' | 'muted' | 'banned';
export type MessageType = 'text' | 'image' | 'file' | 'system';

/** One attachment of a message: an http(s) URL, its display name, size in bytes and MIME type. */
export interface Attachment {
  url: string;
  name: string;
  size: number;
  type: string;
}

/** `{emoji: count}`. */
export type ReactionCounts = Record<string, number>;

/**
 * A stored message. `seq` is assigned by the server when the message is durably stored and strictly increases
 * within a room. Deleted messages are tombstones (`is_deleted`, `content: ""`); hidden ones read `content: ""`
 * below moderator.
 */
export interface Message {
  id: string;
  room_id: string;
  seq: number;
  thread_id: string | null;
  author: User;
  content: string;
  message_type: MessageType;
  attachments: Attachment[];
  mentions: string[];
  reply_to_id: string | null;
  reaction_counts: ReactionCounts;
  created_at: string;
  edited_at: string | null;
  is_deleted: boolean;
  is_hidden: boolean;
  /** A moderator pinned it (protocol 1.6). */
  is_pinned: boolean;
  /**
   * The emoji the caller gave it, sorted (protocol 1.6): present wherever the message was rendered for the caller
   * (REST, room_state, resume, message_history), absent in events that go alike to the whole room.
   */
  my_reactions?: string[];
}

/**
 * A room as one user sees it. `my_role`, `last_read_seq`, `unread_count` and `unread_mentions` are the viewer's
 * own: `null` / 0 where the viewer is not a member.
 */
export interface Room {
  id: string;
  name: string;
  slug: string;
  room_type: RoomType;
  visibility: Visibility;
  creator_id: string | null;
  description: string | null;
  slow_mode_seconds: number;
  min_trust_to_join: number;
  min_trust_to_post: number;
  member_count: number;
  message_count: number;
  last_message_at: string | null;
  created_at: string;
  my_role: Role | null;
  last_read_seq: number | null;
  /** Counted among the room's latest 1,000 messages (protocol 1.11): a lower bound above that. */
  unread_count: number;
  unread_mentions: number;
  /** The room's own retention in days; null when the server's default applies (protocol 1.6). */
  retention_days: number | null;
}

/** Every error code, on WebSocket `error` events and in REST error bodies. */
export const ERROR_CODES = [
  'invalid_json',
  'unknown_type',
  'invalid_payload',
  'content_too_long',
  'empty_content',
  'rate_limited',
  'slow_mode',
  'muted',
  'forbidden',
  'not_found',
  'blocked',
  'thread_locked',
  'trust_required',
  'too_many_connections',
  /** User stream: a subscribe beyond the stream's subscription cap (protocol 1.5). */
  'too_many_subscriptions',
  'unavailable',
  'internal',
  'unauthorized',
  'conflict',
  'payload_too_large',
  'origin_not_allowed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses. */
export const CloseCode = {
  NORMAL: 1000,
  /** Server shutting down or draining, or idle for 90 s: reconnect with since_seq. */
  GOING_AWAY: 1001,
  /** A text frame that is not valid UTF-8. */
  INVALID_PAYLOAD: 1007,
  /** Policy: too many bad frames. */
  POLICY: 1008,
  /** A frame (or reassembled message) too large. */
  TOO_LARGE: 1009,
  /** Banned or removed while connected: do not reconnect. */
  BANNED: 4003,
  /** The room was deleted: do not reconnect. */
  ROOM_DELETED: 4004,
  /** The client did not read fast enough and its outbound buffer hit the limit. */
  TOO_SLOW: 4008,
  /** The access token expired: reconnect with a fresh one. */
  AUTH_EXPIRED: 4401,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

// ---- client → server frames ---------------------------------------------------------------------------

export interface PingFrame {
  type: 'ping';
}

export interface SendMessageFrame {
  type: 'send_message';
  /** At most 4000 code points. */
  content: string;
  /** The idempotency key (at most 64 characters): resending it never stores a second message. */
  client_id?: string;
  reply_to_id?: string;
  thread_id?: string;
  message_type?: 'text' | 'image' | 'file';
  /** At most 10. */
  attachments?: Attachment[];
  /** User ids, at most 50. */
  mentions?: string[];
}

export interface TypingFrame {
  type: 'typing';
  is_typing: boolean;
}

export interface RequestHistoryFrame {
  type: 'request_history';
  /** Exclusive; absent = after the newest. */
  before_seq?: number;
  /** 1–100, 50 when absent. */
  limit?: number;
}

export interface MarkReadFrame {
  type: 'mark_read';
  seq: number;
}

/** A fresh access JWT for the socket's own user: the socket then lives until its `exp` (protocol 1.3). */
export interface RefreshFrame {
  type: 'refresh';
  token: string;
}

/** What a client writes on a room socket: one JSON object per text frame, at most 16 KiB. */
export type ClientFrame = PingFrame | SendMessageFrame | TypingFrame | RequestHistoryFrame | MarkReadFrame
  | RefreshFrame;

/** User stream: receive one room's events from now on, after its room_state; `since_seq` resumes (protocol 1.5). */
export interface SubscribeFrame {
  type: 'subscribe';
  room_id: string;
  since_seq?: number;
}

/** User stream: stop receiving one room's events; answered with `unsubscribed` (protocol 1.5). */
export interface UnsubscribeFrame {
  type: 'unsubscribe';
  room_id: string;
}

/** A room frame on the user stream names its (subscribed) room. */
export type StreamRoomFrame = (SendMessageFrame | TypingFrame | RequestHistoryFrame | MarkReadFrame) & { room_id: string };

/** What a client writes on the user stream (`/ws/community/stream/`, protocol 1.5). */
export type StreamFrame = PingFrame | RefreshFrame | SubscribeFrame | UnsubscribeFrame | StreamRoomFrame;

// ---- server → client events ---------------------------------------------------------------------------

/**
 * The first event on every connection. On a fresh connection `messages` are the 50 newest (oldest first); with
 * `since_seq=N` they are those with seq > N (at most 500, the newest, with `has_gap: true` when more were missed).
 * `has_gap` is only present on a resume.
 */
export interface RoomStateEvent {
  event: 'room_state';
  room: Room;
  messages: Message[];
  /** Everyone online, up to the server's presence list limit (that many of them above it). */
  online_users: User[];
  has_more: boolean;
  last_seq: number;
  has_gap?: boolean;
  /** How many are online, always the whole number (protocol 1.2; absent from older servers). */
  online_count?: number;
  /** When this socket's access token runs out: closed with 4401 unless refreshed (protocol 1.3). */
  token_expires_at?: string;
}

/** The answer to an accepted `refresh`: the socket's new end (protocol 1.3). */
export interface TokenRefreshedEvent {
  event: 'token_refreshed';
  expires_at: string;
}

/**
 * Who came and went in a room with more people online than the presence list limit: at most one per tick instead
 * of a user_joined / user_left per person (protocol 1.2). `complete` is false when more changed than the lists hold.
 */
export interface PresenceEvent {
  event: 'presence';
  online_count: number;
  joined: User[];
  left: User[];
  complete: boolean;
}

export interface PongEvent {
  event: 'pong';
}

/** `client_id` is the sender's key on the copies sent to the author's own connections, null otherwise. */
export interface NewMessageEvent {
  event: 'new_message';
  message: Message;
  client_id: string | null;
}

export interface MessageHistoryEvent {
  event: 'message_history';
  messages: Message[];
  has_more: boolean;
}

export interface TypingEvent {
  event: 'typing';
  user: User;
  is_typing: boolean;
}

export interface UserJoinedEvent {
  event: 'user_joined';
  user: User;
}

export interface UserLeftEvent {
  event: 'user_left';
  user: User;
}

export interface MessageUpdatedEvent {
  event: 'message_updated';
  message: Message;
}

export interface MessageDeletedEvent {
  event: 'message_deleted';
  message_id: string;
  seq: number;
}

/**
 * The message's complete counts after one change: `user_id` added (or removed) `emoji` (these three since protocol
 * 1.6). A client whose user is `user_id` updates its own `my_reactions` by it.
 */
export interface ReactionsUpdatedEvent {
  event: 'reactions_updated';
  message_id: string;
  reaction_counts: ReactionCounts;
  user_id: string;
  emoji: string;
  added: boolean;
}

/** A moderator pinned a message of the room (protocol 1.6). */
export interface MessagePinnedEvent {
  event: 'message_pinned';
  message_id: string;
  seq: number;
  pinned_by: User;
  pinned_at: string;
}

/** A moderator unpinned a message of the room (protocol 1.6). */
export interface MessageUnpinnedEvent {
  event: 'message_unpinned';
  message_id: string;
  seq: number;
  unpinned_by: User;
}

/** `role` is null when an unbanned user is no member until they join again; `until` ends a mute or ban. */
export interface MemberUpdatedEvent {
  event: 'member_updated';
  user: User;
  role: Role | null;
  until: string | null;
}

export interface ReadUpdatedEvent {
  event: 'read_updated';
  room_id: string;
  last_read_seq: number;
  unread_count: number;
}

/** `client_id` echoes the failed frame's (null if none); `retry_after_ms` only for rate_limited and slow_mode. */
export interface ErrorEvent {
  event: 'error';
  code: ErrorCode;
  message: string;
  client_id: string | null;
  retry_after_ms?: number;
}

/**
 * One of my rooms on the user stream: the room as I see it (my role, read marker, unread counts) and its newest
 * seq; for a DM, the other participants online now.
 */
export interface MemberRoom {
  room: Room;
  last_seq: number;
  online_users?: User[];
}

/** User stream: the first event; every room and DM I am a member of (protocol 1.5). */
export interface ReadyEvent {
  event: 'ready';
  user: User;
  rooms: MemberRoom[];
  max_subscriptions: number;
  token_expires_at?: string;
}

/** User stream: new messages in one of my rooms, at most one a second per room; my counts now. */
export interface RoomActivityEvent {
  event: 'room_activity';
  room_id: string;
  last_seq: number;
  unread_count: number;
  unread_mentions: number;
}

/** User stream: a message in one of my rooms mentions me. */
export interface MentionedEvent {
  event: 'mentioned';
  room_id: string;
  message: Message;
}

/** User stream: a room or DM became mine (joined, added, a new DM). */
export interface RoomAddedEvent {
  event: 'room_added';
  room: MemberRoom;
}

/** User stream: one of my rooms changed its settings. */
export interface RoomUpdatedEvent {
  event: 'room_updated';
  room: Room;
}

/** User stream: my role changed, or I was muted (`until`: when it ends) or unmuted. */
export interface MembershipUpdatedEvent {
  event: 'membership_updated';
  room_id: string;
  my_role: Exclude<Role, 'banned'>;
  until?: string;
}

/** User stream: a room is no longer mine; a subscription to it has ended (where a room socket closes 4003). */
export interface RoomRemovedEvent {
  event: 'room_removed';
  room_id: string;
  reason: 'banned' | 'left';
}

/** User stream: the answer to `unsubscribe`. */
export interface UnsubscribedEvent {
  event: 'unsubscribed';
  room_id: string;
}

/** Every server → client event, told apart by `event`. */
export type ServerEvent =
  | RoomStateEvent
  | PresenceEvent
  | PongEvent
  | TokenRefreshedEvent
  | NewMessageEvent
  | MessageHistoryEvent
  | TypingEvent
  | UserJoinedEvent
  | UserLeftEvent
  | MessageUpdatedEvent
  | MessageDeletedEvent
  | ReactionsUpdatedEvent
  | MessagePinnedEvent
  | MessageUnpinnedEvent
  | MemberUpdatedEvent
  | ReadUpdatedEvent
  | ErrorEvent
  | ReadyEvent
  | RoomActivityEvent
  | MentionedEvent
  | RoomAddedEvent
  | RoomUpdatedEvent
  | MembershipUpdatedEvent
  | RoomRemovedEvent
  | UnsubscribedEvent;

export type ServerEventName = ServerEvent['event'];

/** The event type of one name: `EventOf<'new_message'>` is NewMessageEvent. */
export type EventOf<K extends ServerEventName> = Extract<ServerEvent, { event: K }>;

/** Every event name the server sends today (a test keeps it equal to the union above). */
export const SERVER_EVENT_NAMES = [
  'room_state',
  'presence',
  'pong',
  'token_refreshed',
  'new_message',
  'message_history',
  'typing',
  'user_joined',
  'user_left',
  'message_updated',
  'message_deleted',
  'reactions_updated',
  'message_pinned',
  'message_unpinned',
  'member_updated',
  'read_updated',
  'error',
  'ready',
  'room_activity',
  'mentioned',
  'room_added',
  'room_updated',
  'membership_updated',
  'room_removed',
  'unsubscribed',
] as const satisfies readonly ServerEventName[];

/**
 * An event as the user stream sends it: a room's events (room_state, new_message, typing, error about a room
 * frame...) name their room with `room_id` there, never on a room socket.
 */
export type StreamEvent = { [K in ServerEventName]: EventOf<K> & { room_id?: string } }[ServerEventName];

const KNOWN_EVENTS: ReadonlySet<string> = new Set(SERVER_EVENT_NAMES);

/**
 * One text frame as a server event; null for anything that is not a JSON object with a known `event` (a newer
 * server's event is ignored rather than misread).
 */
export function parseServerEvent(data: string): ServerEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const name = (value as { event?: unknown }).event;
  return typeof name === 'string' && KNOWN_EVENTS.has(name) ? (value as ServerEvent) : null;
}

// ---- REST bodies ---------------------------------------------------------------------------------------

/** Every list: cursor pagination. `next_cursor` is null on the last page; cursors are opaque. */
export interface Page<T> {
  results: T[];
  next_cursor: string | null;
}

/** `?cursor=&limit=` of every list (limit 1–100, 50 by default). */
export interface PageRequest {
  cursor?: string | null;
  limit?: number;
}

/** The body of every REST error. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** `POST /auth/ws-connection-token/`: a single-use token for one WebSocket upgrade, valid `expires_in` seconds. */
export interface ConnectionTokenResponse {
  connection_token: string;
  expires_in: number;
}

/** A DM thread: a private room of type `dm` with the same id; `room` carries my unread counts. */
export interface DmThread {
  id: string;
  is_group: boolean;
  participants: User[];
  room: Room;
}

export interface Thread {
  id: string;
  room_id: string;
  title: string;
  creator_id: string;
  is_locked: boolean;
  message_count: number;
  last_message_at: string | null;
  created_at: string;
}

/** A room member; banned users are listed too, `until` null meaning permanent. */
export interface Member {
  user: User;
  role: Role;
  until: string | null;
  joined_at: string;
}

export interface BlockedUser {
  user: User;
  created_at: string;
}

export interface ReadMarker {
  last_read_seq: number;
  unread_count: number;
  unread_mentions: number;
}

export interface ReactionsResponse {
  reaction_counts: ReactionCounts;
}

/** What a search result or a mention says of its room (protocol 1.4). */
export interface RoomSummary {
  id: string;
  name: string;
  slug: string;
  room_type: RoomType;
}

/**
 * A search result or a mention: the message as I see it, with its room; `is_read` (mentions only) whether my read
 * marker in that room is at or past it (protocol 1.4).
 */
export interface SearchHit {
  message: Message;
  room: RoomSummary;
  is_read?: boolean;
}

/** `GET /community/search/` parameters (protocol 1.4): `q` in websearch syntax (words, "phrases", -word, OR). */
export interface SearchRequest extends PageRequest {
  q: string;
  room_id?: string;
  author_id?: string;
  before?: string;
  after?: string;
  sort?: 'newest' | 'relevance';
}

/** A pinned message, who pinned it and when (protocol 1.6). */
export interface Pin {
  message: Message;
  pinned_by: User;
  pinned_at: string;
}

/** `GET /community/rooms/{id}/pins/`: every pin of the room, newest pin first. */
export interface PinsResponse {
  pins: Pin[];
}

export interface Report {
  message_id: string;
  reason: string;
  created_at: string;
}

export type ModerationActionName =
  | 'warn'
  | 'mute'
  | 'unmute'
  | 'ban'
  | 'unban'
  | 'hide'
  | 'unhide'
  | 'delete'
  | 'lock'
  | 'unlock';

/** Who did it: a person (`admin`), community reports, content moderation (`ai`), or the system. */
export type ModerationSource = 'admin' | 'community' | 'ai' | 'system';

/**
 * An entry of a room's audit trail. Audit-only actions (`flag`, `reject`; `pin` and `unpin`, which have endpoints of
 * their own) appear beside the requestable ones.
 */
export interface ModerationAction {
  id: string;
  room_id: string;
  action: ModerationActionName | 'flag' | 'reject' | 'pin' | 'unpin';
  source: ModerationSource;
  moderator_id: string | null;
  target_user_id: string | null;
  target_message_id: string | null;
  target_thread_id: string | null;
  reason: string;
  duration_seconds: number | null;
  expires_at: string | null;
  created_at: string;
}

export type QueueStatus = 'pending' | 'reviewed' | 'dismissed' | 'actioned';

export interface ModerationQueueItem {
  id: string;
  room_id: string;
  message_id: string;
  reason: string;
  report_count: number;
  status: QueueStatus;
  created_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
}

// ---- REST requests --------------------------------------------------------------------------------------

export interface CreateRoomRequest {
  /** At most 100 characters. */
  name: string;
  /** `[a-z0-9-]`, at most 64; derived from the name when absent; a chosen slug in use is 409. */
  slug?: string;
  description?: string;
  room_type?: 'forum' | 'circle';
  visibility?: Visibility;
  slow_mode_seconds?: number;
  min_trust_to_join?: number;
  min_trust_to_post?: number;
}

/** Only these fields are written; any other is ignored by the server. */
export interface UpdateRoomRequest {
  /** 1–36500 days; 0 goes back to the server's default (owners and admins). */
  retention_days?: number;
  name?: string;
  description?: string;
  visibility?: Visibility;
  /** 0–86400. */
  slow_mode_seconds?: number;
  min_trust_to_join?: number;
  min_trust_to_post?: number;
}

/** The roles the members endpoints give; mutes and bans are moderation actions. */
export type AssignableRole = 'admin' | 'moderator' | 'trusted' | 'member';

export interface AddMemberRequest {
  user_id: string;
  role?: AssignableRole;
}

/** The `send_message` fields, posted over REST. */
export type PostMessageRequest = Omit<SendMessageFrame, 'type'>;

export interface ModerationRequest {
  action: ModerationActionName;
  target_user_id?: string;
  message_id?: string;
  thread_id?: string;
  reason?: string;
  /** mute and ban only, 1 s – 10 years; absent: until lifted. */
  duration_seconds?: number;
}
