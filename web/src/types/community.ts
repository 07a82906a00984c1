/**
 * The wire types of the community server (PROTOCOL.md §2 and §3), exactly as they travel: snake_case
 * fields, ISO-8601 UTC times as strings, UUIDs as strings.
 */

export interface User {
  id: string;
  username: string;
}

export type RoomType = 'forum' | 'circle' | 'dm';
export type Visibility = 'public' | 'private' | 'unlisted';
export type Role = 'owner' | 'admin' | 'moderator' | 'trusted' | 'member' | 'muted' | 'banned';
export type MessageType = 'text' | 'image' | 'file' | 'system';

export interface Attachment {
  url: string;
  name: string;
  size: number;
  type: string;
}

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
  reaction_counts: Record<string, number>;
  created_at: string;
  edited_at: string | null;
  is_deleted: boolean;
  is_hidden: boolean;
}

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
  unread_count: number;
  unread_mentions: number;
}

/** A DM thread: its id is also its room id. */
export interface DmThread {
  id: string;
  room: Room;
  group: boolean;
  participants: User[];
}

/** Every REST list: cursor pagination. */
export interface Page<T> {
  results: T[];
  next_cursor: string | null;
}

export type ErrorCode =
  | 'invalid_json'
  | 'unknown_type'
  | 'invalid_payload'
  | 'content_too_long'
  | 'empty_content'
  | 'rate_limited'
  | 'slow_mode'
  | 'muted'
  | 'forbidden'
  | 'not_found'
  | 'blocked'
  | 'thread_locked'
  | 'trust_required'
  | 'too_many_connections'
  | 'unavailable'
  | 'internal'
  | 'unauthorized'
  | 'conflict'
  | 'payload_too_large'
  | 'origin_not_allowed';

/** The REST error body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

// ---- client → server frames (§2.1) ----------------------------------------------------------------

export interface SendMessageFrame {
  type: 'send_message';
  content: string;
  client_id?: string;
  reply_to_id?: string;
  thread_id?: string;
  message_type?: 'text' | 'image' | 'file';
  attachments?: Attachment[];
  mentions?: string[];
}

export type ClientFrame =
  | { type: 'ping' }
  | SendMessageFrame
  | { type: 'typing'; is_typing: boolean }
  | { type: 'request_history'; before_seq?: number; limit?: number }
  | { type: 'mark_read'; seq: number };

// ---- server → client events (§2.2) ----------------------------------------------------------------

export interface RoomStateEvent {
  event: 'room_state';
  room: Room;
  messages: Message[];
  online_users: User[];
  has_more: boolean;
  last_seq: number;
  has_gap?: boolean;
}

export type ServerEvent =
  | RoomStateEvent
  | { event: 'pong' }
  | { event: 'new_message'; message: Message; client_id: string | null }
  | { event: 'message_history'; messages: Message[]; has_more: boolean }
  | { event: 'typing'; user: User; is_typing: boolean }
  | { event: 'user_joined'; user: User }
  | { event: 'user_left'; user: User }
  | { event: 'message_updated'; message: Message }
  | { event: 'message_deleted'; message_id: string; seq: number }
  | { event: 'reactions_updated'; message_id: string; reaction_counts: Record<string, number> }
  | { event: 'member_updated'; user: User; role: Role; until: string | null }
  | { event: 'read_updated'; room_id: string; last_read_seq: number; unread_count: number }
  | {
      event: 'error';
      code: ErrorCode;
      message: string;
      client_id?: string | null;
      retry_after_ms?: number;
    };

/** WebSocket close codes (§2.5). */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY: 1008,
  TOO_BIG: 1009,
  BANNED: 4003,
  ROOM_DELETED: 4004,
  TOO_SLOW: 4008,
  AUTH_EXPIRED: 4401,
} as const;

export type ModerationAction =
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

export interface ModerationRequest {
  action: ModerationAction;
  target_user_id?: string;
  message_id?: string;
  thread_id?: string;
  reason: string;
  duration_seconds?: number;
}
