/**
 * The state of one open room as a pure reducer over server events and local intents, so that every rule —
 * ordering and de-duplication by seq, resume after a reconnect, optimistic sends settled by their client_id,
 * rate-limit and slow-mode countdowns, presence — is tested without a socket. RoomClient drives it.
 */
import type { FatalError } from './errors.js';
import type { Attachment, ErrorCode, ErrorEvent, Message, Room, ServerEvent, User } from './wire.js';

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A message sent from here and not yet acknowledged by a `new_message` carrying its client_id. */
export interface OutgoingMessage {
  client_id: string;
  content: string;
  reply_to_id: string | null;
  thread_id?: string | null;
  message_type?: 'text' | 'image' | 'file';
  attachments?: Attachment[];
  mentions: string[];
  created_at: string;
  /** sending: on the wire or waiting for a connection; waiting: held until `retry_at`; failed: refused. */
  status: 'sending' | 'waiting' | 'failed';
  retry_at: number | null;
  /** How often it was written to a socket. */
  attempts: number;
  error: { code: ErrorCode | 'network'; message: string } | null;
}

/** A row of a message list: a stored message, or one of mine still on its way (`pending`). */
export type DisplayMessage = Message & { pending?: OutgoingMessage['status']; client_id?: string; error?: string };

export type Cooldown = { until: number; code: 'rate_limited' | 'slow_mode' };

export interface RoomState {
  room: Room | null;
  /** Stored messages in strictly increasing seq, each once. */
  messages: Message[];
  outbox: OutgoingMessage[];
  /**
   * Who is in the room now (room_state, then user_joined / user_left or presence summaries), me included, by
   * username; in a large room only as many as the server lists, see `onlineCount`.
   */
  onlineUsers: User[];
  /** How many are online (the whole number, also when `onlineUsers` holds only part of them). */
  onlineCount: number;
  /** Who is typing, by user id (never me). */
  typing: Record<string, User>;
  hasMore: boolean;
  loadingHistory: boolean;
  /** The newest seq seen: the `since_seq` of the next reconnect. */
  lastSeq: number;
  status: ConnectionStatus;
  reconnectAttempt: number;
  /** Set once a room_state arrived: after a reconnect, a resume rather than a first load. */
  synced: boolean;
  /** The last resume missed more than the server replays: older history must be paged in. */
  hadGap: boolean;
  /**
   * When my mute or ban here ends, as `member_updated` announced it (null: for good, or not announced since
   * room_state, whose `my_role` already is the role as it applies then). After it `my_role` no longer holds.
   */
  myRoleUntil: string | null;
  /** A send refusal with a wait (rate limit, slow mode): no send before this time (epoch ms). */
  cooldown: Cooldown | null;
  /** The last error not tied to one of my messages. */
  notice: { code: string; message: string; at: number } | null;
  fatal: FatalError | null;
}

export const initialRoomState: RoomState = {
  room: null,
  messages: [],
  outbox: [],
  onlineUsers: [],
  onlineCount: 0,
  typing: {},
  hasMore: false,
  loadingHistory: false,
  lastSeq: 0,
  status: 'connecting',
  reconnectAttempt: 0,
  synced: false,
  hadGap: false,
  myRoleUntil: null,
  cooldown: null,
  notice: null,
  fatal: null,
};

export type RoomAction =
  | { type: 'server'; event: ServerEvent; me: string | null; now: number }
  | { type: 'reset' }
  | { type: 'connecting' }
  | { type: 'read_locally'; seq: number }
  | { type: 'reconnecting'; attempt: number }
  | { type: 'fatal'; error: FatalError }
  | { type: 'closed' }
  | { type: 'enqueue'; message: OutgoingMessage }
  | { type: 'sent'; clientIds: string[] }
  | { type: 'requeue'; clientId: string }
  | { type: 'discard'; clientId: string }
  | { type: 'history_requested' }
  | { type: 'tick'; now: number }
  | { type: 'clear_notice' }
  | { type: 'local_update'; message: Message };

/** How often an `unavailable` send is retried by itself before it is left to the person. */
export const MAX_AUTOMATIC_ATTEMPTS = 5;

export function roomReducer(state: RoomState, action: RoomAction): RoomState {
  switch (action.type) {
    case 'reset':
      return initialRoomState;
    case 'read_locally':
      if (!state.room || (state.room.last_read_seq ?? 0) >= action.seq) return state;
      return { ...state, room: { ...state.room, last_read_seq: action.seq, unread_count: 0, unread_mentions: 0 } };
    case 'connecting':
      return { ...state, status: state.synced ? 'reconnecting' : 'connecting' };
    case 'reconnecting':
      return { ...state, status: 'reconnecting', reconnectAttempt: action.attempt, typing: {} };
    case 'fatal':
      return { ...state, status: 'closed', fatal: action.error, typing: {} };
    case 'closed':
      return { ...state, status: 'closed', typing: {} };
    case 'enqueue':
      return {
        ...state,
        outbox: [...state.outbox.filter((o) => o.client_id !== action.message.client_id), action.message],
      };
    case 'sent':
      return {
        ...state,
        outbox: state.outbox.map((o) =>
          action.clientIds.includes(o.client_id) ? { ...o, attempts: o.attempts + 1 } : o,
        ),
      };
    case 'requeue':
      return {
        ...state,
        outbox: state.outbox.map((o) =>
          o.client_id === action.clientId ? { ...o, status: 'sending', retry_at: null, error: null } : o,
        ),
      };
    case 'discard':
      return { ...state, outbox: state.outbox.filter((o) => o.client_id !== action.clientId) };
    case 'history_requested':
      return { ...state, loadingHistory: true };
    case 'tick': {
      // Held messages whose time has come go back to sending, unless a countdown still forbids any send.
      const cooldown = state.cooldown && state.cooldown.until > action.now ? state.cooldown : null;
      return {
        ...state,
        cooldown,
        outbox: state.outbox.map((o) =>
          !cooldown && o.status === 'waiting' && (o.retry_at ?? 0) <= action.now
            ? { ...o, status: 'sending', retry_at: null }
            : o,
        ),
      };
    }
    case 'clear_notice':
      return { ...state, notice: null };
    case 'local_update':
      return { ...state, messages: replaceMessage(state.messages, action.message) };
    case 'server':
      return onServerEvent(state, action.event, action.me, action.now);
  }
}

function onServerEvent(state: RoomState, event: ServerEvent, me: string | null, now: number): RoomState {
  switch (event.event) {
    case 'room_state': {
      // A resume replays seq > since_seq: merged into what is held. After a gap the held window is not
      // continuous with the replay, so only the replay is kept and older history is paged in again.
      const resumed = state.synced && !event.has_gap;
      const messages = resumed ? mergeMessages(state.messages, event.messages) : sortBySeq(event.messages);
      return {
        ...state,
        room: event.room,
        messages,
        onlineUsers: uniqueUsers(event.online_users),
        onlineCount: event.online_count ?? uniqueUsers(event.online_users).length,
        typing: {},
        hasMore: resumed ? state.hasMore : event.has_more || Boolean(event.has_gap),
        loadingHistory: false,
        lastSeq: Math.max(resumed ? state.lastSeq : 0, event.last_seq, maxSeq(messages)),
        status: 'open',
        reconnectAttempt: 0,
        synced: true,
        hadGap: Boolean(event.has_gap),
        myRoleUntil: null,
        fatal: null,
      };
    }
    case 'new_message': {
      const message = event.message;
      const typing = { ...state.typing };
      delete typing[message.author.id];
      const known = state.messages.some((m) => m.seq === message.seq);
      return {
        ...state,
        messages: mergeMessages(state.messages, [message]),
        outbox: event.client_id && (me == null || message.author.id === me)
          ? state.outbox.filter((o) => o.client_id !== event.client_id)
          : state.outbox,
        typing,
        lastSeq: Math.max(state.lastSeq, message.seq),
        room: state.room && !known
          ? { ...state.room, message_count: state.room.message_count + 1, last_message_at: message.created_at }
          : state.room,
      };
    }
    case 'message_history':
      return {
        ...state,
        messages: mergeMessages(state.messages, event.messages),
        hasMore: event.has_more,
        loadingHistory: false,
      };
    case 'typing': {
      if (event.user.id === me) return state;
      const typing = { ...state.typing };
      if (event.is_typing) typing[event.user.id] = event.user;
      else delete typing[event.user.id];
      return { ...state, typing };
    }
    case 'user_joined': {
      if (state.onlineUsers.some((u) => u.id === event.user.id)) return state;
      // kept by username, as room_state lists them
      const onlineUsers = uniqueUsers([...state.onlineUsers, event.user]);
      return { ...state, onlineUsers, onlineCount: state.onlineCount + 1 };
    }
    case 'user_left': {
      if (!state.onlineUsers.some((u) => u.id === event.user.id)) return state;
      const typing = { ...state.typing };
      delete typing[event.user.id];
      const onlineUsers = state.onlineUsers.filter((u) => u.id !== event.user.id);
      return { ...state, onlineUsers, onlineCount: Math.max(onlineUsers.length, state.onlineCount - 1), typing };
    }
    case 'presence': {
      const gone = new Set(event.left.map((u) => u.id));
      const typing = { ...state.typing };
      gone.forEach((id) => delete typing[id]);
      const onlineUsers = uniqueUsers([...state.onlineUsers.filter((u) => !gone.has(u.id)), ...event.joined]);
      return { ...state, onlineUsers, onlineCount: event.online_count, typing };
    }
    case 'message_updated':
      return { ...state, messages: replaceMessage(state.messages, event.message) };
    case 'message_deleted':
      // a tombstone is no longer pinned (protocol 1.6 §2.14)
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.id === event.message_id ? { ...m, is_deleted: true, is_pinned: false, content: '', attachments: [] } : m,
        ),
      };
    case 'reactions_updated':
      // The event is the same for the whole room; it names whose reaction changed, so my own set follows it.
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.id === event.message_id
            ? {
              ...m,
              reaction_counts: event.reaction_counts,
              ...(me != null && event.user_id === me
                ? { my_reactions: withEmoji(m.my_reactions ?? [], event.emoji, event.added) }
                : {}),
            }
            : m,
        ),
      };
    case 'message_pinned':
    case 'message_unpinned': {
      const pinned = event.event === 'message_pinned';
      return {
        ...state,
        messages: state.messages.map((m) => (m.id === event.message_id ? { ...m, is_pinned: pinned } : m)),
      };
    }
    case 'member_updated':
      if (event.user.id !== me || !state.room) return state;
      return { ...state, room: { ...state.room, my_role: event.role }, myRoleUntil: event.until };
    case 'read_updated':
      if (!state.room || state.room.id !== event.room_id) return state;
      return {
        ...state,
        room: { ...state.room, last_read_seq: event.last_read_seq, unread_count: event.unread_count },
      };
    case 'pong':
    case 'token_refreshed':
      // The connection keeps the socket's token fresh; nothing here changes what the room shows.
      return state;
    case 'error':
      return onError(state, event, now);
    case 'ready':
    case 'room_activity':
    case 'mentioned':
    case 'room_added':
    case 'room_updated':
    case 'membership_updated':
    case 'room_removed':
    case 'unsubscribed':
      // The user stream's own events: a room socket never receives them.
      return state;
  }
}

function onError(state: RoomState, event: ErrorEvent, now: number): RoomState {
  const waits = event.code === 'rate_limited' || event.code === 'slow_mode';
  const cooldown = waits && event.retry_after_ms != null
    ? { until: now + event.retry_after_ms, code: event.code as Cooldown['code'] }
    : state.cooldown;
  const target = event.client_id ? state.outbox.find((o) => o.client_id === event.client_id) : undefined;
  if (!target) {
    // an error that names no message may answer the pending history page (rate_limited under the request budget):
    // that page is not coming, so it may be asked for again (RoomClient.loadOlder waits out the countdown)
    return { ...state, cooldown, loadingHistory: false, notice: { code: event.code, message: event.message, at: now } };
  }
  let updated: OutgoingMessage;
  if (waits) {
    // Held, and sent again by itself (same client_id) when the countdown ends.
    updated = { ...target, status: 'waiting', retry_at: cooldown?.until ?? now + 1000, error: null };
  } else if (event.code === 'unavailable' && target.attempts < MAX_AUTOMATIC_ATTEMPTS) {
    // Nothing was stored: the same client_id is safe to resend after a short, growing pause.
    const backoff = Math.min(8000, 500 * 2 ** target.attempts);
    updated = { ...target, status: 'waiting', retry_at: now + backoff, error: null };
  } else {
    updated = { ...target, status: 'failed', retry_at: null, error: { code: event.code, message: event.message } };
  }
  return { ...state, cooldown, outbox: state.outbox.map((o) => (o.client_id === target.client_id ? updated : o)) };
}

/** The rows a message list shows: stored messages in seq order, then mine still on their way. */
export function displayMessages(state: RoomState, me: User | null): DisplayMessage[] {
  const pending: DisplayMessage[] = state.outbox.map((o) => ({
    id: `pending-${o.client_id}`,
    room_id: state.room?.id ?? '',
    seq: Number.MAX_SAFE_INTEGER,
    thread_id: o.thread_id ?? null,
    author: me ? { id: me.id, username: me.username } : { id: '', username: 'me' },
    content: o.content,
    message_type: o.message_type ?? 'text',
    attachments: o.attachments ?? [],
    mentions: o.mentions,
    reply_to_id: o.reply_to_id,
    reaction_counts: {},
    created_at: o.created_at,
    edited_at: null,
    is_deleted: false,
    is_hidden: false,
    is_pinned: false,
    my_reactions: [],
    pending: o.status,
    client_id: o.client_id,
    error: o.error?.message,
  }));
  return [...state.messages, ...pending];
}

/** The earliest time a held message or a countdown ends, or null. */
export function nextRetryAt(state: RoomState): number | null {
  let next: number | null = null;
  for (const o of state.outbox) {
    if (o.status === 'waiting' && o.retry_at != null) next = next == null ? o.retry_at : Math.min(next, o.retry_at);
  }
  if (state.cooldown) next = next == null ? state.cooldown.until : Math.min(next, state.cooldown.until);
  return next;
}

/**
 * Union by seq (a seq names one stored message), in seq order; a later copy of a message (an edit, a resume's
 * replay) replaces the earlier. The common case — newer messages after the newest held — only appends.
 */
export function mergeMessages(current: Message[], incoming: Message[]): Message[] {
  if (incoming.length === 0) return current;
  if (isSorted(incoming) && (current.length === 0 || incoming[0].seq > current[current.length - 1].seq)) {
    return [...current, ...incoming];
  }
  const bySeq = new Map<number, Message>();
  for (const m of current) bySeq.set(m.seq, m);
  for (const m of incoming) bySeq.set(m.seq, keepMine(bySeq.get(m.seq), m));
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function replaceMessage(messages: Message[], message: Message): Message[] {
  return messages.map((m) => (m.id === message.id ? keepMine(m, message) : m));
}

/** A copy that goes alike to everyone carries no `my_reactions`: the set held for the message stays. */
function keepMine(held: Message | undefined, incoming: Message): Message {
  if (incoming.my_reactions !== undefined || held?.my_reactions === undefined || held.id !== incoming.id) {
    return incoming;
  }
  return { ...incoming, my_reactions: held.my_reactions };
}

/** My set of emoji on a message after one change of mine, sorted as the server sorts it. */
function withEmoji(mine: string[], emoji: string, added: boolean): string[] {
  const set = new Set(mine);
  if (added) set.add(emoji);
  else set.delete(emoji);
  return [...set].sort();
}

function sortBySeq(messages: Message[]): Message[] {
  return mergeMessages([], [...messages].sort((a, b) => a.seq - b.seq));
}

function isSorted(messages: Message[]): boolean {
  for (let i = 1; i < messages.length; i++) if (messages[i - 1].seq >= messages[i].seq) return false;
  return true;
}

function maxSeq(messages: Message[]): number {
  return messages.length ? messages[messages.length - 1].seq : 0;
}

function uniqueUsers(users: User[]): User[] {
  const byId = new Map<string, User>();
  for (const u of users) byId.set(u.id, u);
  return [...byId.values()].sort((a, b) => a.username.localeCompare(b.username));
}
