/**
 * What a user stream (protocol 1.5, `/ws/community/stream/`) tells a client about all of its rooms, as one
 * immutable value: the rooms and DMs from `ready`, kept current by the user-level events (activity and unread
 * counts, mentions, rooms added, updated and removed, my role, read markers from my other devices, a DM's
 * presence), and the subscriptions with the newest seq held in each — what a reconnect resumes with
 * (`resumeFrames`). The transport (token, socket, backoff) stays with the caller; a room's own events, routed by
 * their `room_id`, go to that room's state (roomState.ts) as on a room socket.
 */
import type { Message, Room, MemberRoom, StreamEvent, SubscribeFrame, User } from './wire.js';

/** One of my rooms as the stream keeps it. */
export interface StreamRoom {
  room: Room;
  /** The newest seq the server told of. */
  lastSeq: number;
  /** For DMs: the other participants online. */
  onlineUsers: User[] | null;
}

export interface StreamState {
  me: User | null;
  /** My rooms and DMs by id, in the order the server first told of them. */
  rooms: Record<string, StreamRoom>;
  order: string[];
  /** Subscribed rooms: the newest seq held in each (null before its room_state). */
  subscriptions: Record<string, number | null>;
  /** Mentions of me not yet seen by the user interface (newest last; the caller clears them). */
  mentions: { roomId: string; message: Message }[];
  maxSubscriptions: number;
  ready: boolean;
}

export const EMPTY_STREAM: StreamState = {
  me: null,
  rooms: {},
  order: [],
  subscriptions: {},
  mentions: [],
  maxSubscriptions: 0,
  ready: false,
};

/** How many mentions the state keeps for a user interface that has not looked at them yet. */
export const MAX_PENDING_MENTIONS = 50;

function fromSummary(summary: MemberRoom): StreamRoom {
  return { room: summary.room, lastSeq: summary.last_seq, onlineUsers: summary.online_users ?? null };
}

function withRoom(state: StreamState, id: string, room: StreamRoom): StreamState {
  return {
    ...state,
    rooms: { ...state.rooms, [id]: room },
    order: state.order.includes(id) ? state.order : [...state.order, id],
  };
}

function updateRoom(state: StreamState, id: string, change: (room: StreamRoom) => StreamRoom): StreamState {
  const current = state.rooms[id];
  return current ? withRoom(state, id, change(current)) : state;
}

/** Applies one event the stream received. */
export function applyStreamEvent(state: StreamState, event: StreamEvent): StreamState {
  switch (event.event) {
    case 'ready': {
      const rooms: Record<string, StreamRoom> = {};
      const order: string[] = [];
      for (const summary of event.rooms) {
        rooms[summary.room.id] = fromSummary(summary);
        order.push(summary.room.id);
      }
      // subscriptions survive a reconnect: resumeFrames asks for them again
      return { ...state, me: event.user, rooms, order, maxSubscriptions: event.max_subscriptions, ready: true };
    }
    case 'room_added':
      return withRoom(state, event.room.room.id, fromSummary(event.room));
    case 'room_updated':
      return updateRoom(state, event.room.id, (r) => ({ ...r, room: event.room }));
    case 'room_removed': {
      const rooms = { ...state.rooms };
      delete rooms[event.room_id];
      const subscriptions = { ...state.subscriptions };
      delete subscriptions[event.room_id];
      return { ...state, rooms, subscriptions, order: state.order.filter((id) => id !== event.room_id) };
    }
    case 'membership_updated':
      return updateRoom(state, event.room_id, (r) => ({ ...r, room: { ...r.room, my_role: event.my_role } }));
    case 'room_activity':
      return updateRoom(state, event.room_id, (r) => ({
        ...r,
        lastSeq: Math.max(r.lastSeq, event.last_seq),
        room: { ...r.room, unread_count: event.unread_count, unread_mentions: event.unread_mentions },
      }));
    case 'read_updated':
      return updateRoom(state, event.room_id, (r) => ({
        ...r,
        room: {
          ...r.room,
          last_read_seq: event.last_read_seq,
          unread_count: event.unread_count,
          unread_mentions: event.unread_count === 0 ? 0 : Math.min(r.room.unread_mentions, event.unread_count),
        },
      }));
    case 'mentioned':
      return { ...state, mentions: [...state.mentions, { roomId: event.room_id, message: event.message }].slice(-MAX_PENDING_MENTIONS) };
    case 'unsubscribed': {
      const subscriptions = { ...state.subscriptions };
      delete subscriptions[event.room_id];
      return { ...state, subscriptions };
    }
    case 'room_state':
      return event.room_id && event.room_id in state.subscriptions
        ? { ...state, subscriptions: { ...state.subscriptions, [event.room_id]: event.last_seq } }
        : state;
    case 'new_message':
      return event.room_id && event.room_id in state.subscriptions
        ? {
          ...state,
          subscriptions: {
            ...state.subscriptions,
            [event.room_id]: Math.max(state.subscriptions[event.room_id] ?? 0, event.message.seq),
          },
        }
        : state;
    case 'user_joined':
    case 'user_left': {
      const roomId = event.room_id;
      if (!roomId || state.subscriptions[roomId] !== undefined) return state;
      // a DM's presence, told without a subscription
      return updateRoom(state, roomId, (r) => {
        const others = (r.onlineUsers ?? []).filter((u) => u.id !== event.user.id);
        return { ...r, onlineUsers: event.event === 'user_joined' ? [...others, event.user] : others };
      });
    }
    default:
      return state;
  }
}

/** Records that the client sent `subscribe` for a room (its room_state will say from which seq on). */
export function subscribing(state: StreamState, roomId: string): StreamState {
  return roomId in state.subscriptions ? state : { ...state, subscriptions: { ...state.subscriptions, [roomId]: null } };
}

/** After a reconnect: one subscribe per subscribed room, resuming from the newest seq held there. */
export function resumeFrames(state: StreamState): SubscribeFrame[] {
  return Object.entries(state.subscriptions).map(([roomId, seq]) =>
    seq == null ? { type: 'subscribe', room_id: roomId } : { type: 'subscribe', room_id: roomId, since_seq: seq });
}

/** All unread messages and mentions across my rooms (a tab title, a badge). */
export function unreadTotals(state: StreamState): { unread: number; mentions: number } {
  let unread = 0;
  let mentions = 0;
  for (const id of state.order) {
    unread += state.rooms[id].room.unread_count;
    mentions += state.rooms[id].room.unread_mentions;
  }
  return { unread, mentions };
}

/**
 * This stream's own `mark_read` moved my marker in a room (the server tells my other connections, not this one):
 * the room's counts as they will be — nothing unread once the newest message is read; before that the counts
 * stay until the next `room_activity` or `read_updated` (what lies between is not known here).
 */
export function readLocally(state: StreamState, roomId: string, seq: number): StreamState {
  return updateRoom(state, roomId, (r) => {
    if (seq <= (r.room.last_read_seq ?? 0)) return r;
    const all = seq >= r.lastSeq;
    return {
      ...r,
      room: {
        ...r.room,
        last_read_seq: seq,
        unread_count: all ? 0 : r.room.unread_count,
        unread_mentions: all ? 0 : r.room.unread_mentions,
      },
    };
  });
}
