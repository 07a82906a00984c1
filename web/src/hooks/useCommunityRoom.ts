/**
 * `useCommunityRoom(roomId)` — the seed's hook: `{messages, sendMessage, onlineUsers, isConnected}` and everything
 * else a room view needs. It keeps one WebSocket open for the room (see RoomConnection), feeds its events into
 * `roomReducer`, sends my messages optimistically (shown at once, pending until the `new_message` carrying their
 * `client_id`), resends them after a reconnect or an `unavailable`, and holds them through rate-limit and
 * slow-mode countdowns.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { useCommunity } from './useCommunity';
import {
  displayMessages,
  initialRoomState,
  nextRetryAt,
  roomReducer,
  type DisplayMessage,
  type OutgoingMessage,
  type RoomState,
} from './roomReducer';
import { RoomConnection } from '../services/roomSocket';
import type { RoomKind } from '../services/community';
import type { Message, ModerationRequest, Room, User } from '../types/community';

export interface SendOptions {
  replyToId?: string | null;
  mentions?: string[];
}

export interface CommunityRoom {
  messages: DisplayMessage[];
  sendMessage: (content: string, options?: SendOptions) => string | null;
  onlineUsers: User[];
  isConnected: boolean;
  room: Room | null;
  status: RoomState['status'];
  reconnectAttempt: number;
  typingUsers: User[];
  hasMore: boolean;
  loadingHistory: boolean;
  loadOlder: () => void;
  setTyping: (isTyping: boolean) => void;
  markRead: (seq: number) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
  cooldown: RoomState['cooldown'];
  notice: RoomState['notice'];
  clearNotice: () => void;
  fatal: RoomState['fatal'];
  editMessage: (messageId: string, content: string) => Promise<void>;
  deleteMessage: (messageId: string) => Promise<void>;
  react: (messageId: string, emoji: string) => Promise<void>;
  unreact: (messageId: string, emoji: string) => Promise<void>;
  moderate: (request: ModerationRequest) => Promise<void>;
}

/** A typing "true" is repeated at most this often; the server clears it 3 s after the last one. */
export const TYPING_REFRESH_MS = 2_000;
export const HISTORY_PAGE = 50;

export function newClientId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function useCommunityRoom(roomId: string | null, options: { kind?: RoomKind } = {}): CommunityRoom {
  const kind = options.kind ?? 'room';
  const { api, me, createSocket } = useCommunity();
  const [state, dispatch] = useReducer(roomReducer, initialRoomState);
  const stateRef = useRef(state);
  stateRef.current = state;
  const connection = useRef<RoomConnection | null>(null);
  /** client_id → the socket generation it was last written on. */
  const written = useRef(new Map<string, number>());
  const typingSent = useRef<{ value: boolean; at: number }>({ value: false, at: 0 });

  useEffect(() => {
    dispatch({ type: 'reset' });
    written.current.clear();
    if (!roomId) return undefined;
    const conn = new RoomConnection({
      api,
      kind,
      id: roomId,
      createSocket,
      sinceSeq: () => (stateRef.current.synced ? stateRef.current.lastSeq : null),
      onEvent: (event) => dispatch({ type: 'server', event, me: me.id, now: Date.now() }),
      onReconnecting: (attempt) => dispatch({ type: 'reconnecting', attempt }),
      onFatal: (error) => dispatch({ type: 'fatal', error }),
    });
    connection.current = conn;
    conn.start();
    const online = () => conn.reconnectNow();
    window.addEventListener('online', online);
    return () => {
      window.removeEventListener('online', online);
      conn.stop();
      connection.current = null;
    };
  }, [api, kind, roomId, me.id, createSocket]);

  // Write every message that is due on the socket that is open now (again after a reconnect: same client_id).
  useEffect(() => {
    const conn = connection.current;
    if (!conn || state.status !== 'open' || !conn.isOpen()) return;
    const sent: string[] = [];
    for (const o of state.outbox) {
      if (o.status !== 'sending') {
        written.current.delete(o.client_id);
        continue;
      }
      if (written.current.get(o.client_id) === conn.generation) continue;
      const ok = conn.send({
        type: 'send_message',
        content: o.content,
        client_id: o.client_id,
        ...(o.reply_to_id ? { reply_to_id: o.reply_to_id } : {}),
        ...(o.mentions.length ? { mentions: o.mentions } : {}),
      });
      if (ok) {
        written.current.set(o.client_id, conn.generation);
        sent.push(o.client_id);
      }
    }
    if (sent.length) {
      dispatch({ type: 'sent', clientIds: sent });
      typingSent.current = { value: false, at: 0 };
    }
  }, [state.outbox, state.status]);

  // Held messages and countdowns end by themselves.
  const retryAt = nextRetryAt(state);
  useEffect(() => {
    if (retryAt == null) return undefined;
    const timer = setTimeout(() => dispatch({ type: 'tick', now: Date.now() }), Math.max(0, retryAt - Date.now()));
    return () => clearTimeout(timer);
  }, [retryAt]);

  const sendMessage = useCallback((content: string, opts: SendOptions = {}): string | null => {
    const text = content.trim();
    if (!text) return null;
    const cooldown = stateRef.current.cooldown;
    const waiting = cooldown != null && cooldown.until > Date.now();
    const message: OutgoingMessage = {
      client_id: newClientId(),
      content: text,
      reply_to_id: opts.replyToId ?? null,
      mentions: opts.mentions ?? [],
      created_at: new Date().toISOString(),
      status: waiting ? 'waiting' : 'sending',
      retry_at: waiting ? cooldown.until : null,
      attempts: 0,
      error: null,
    };
    dispatch({ type: 'enqueue', message });
    return message.client_id;
  }, []);

  const setTyping = useCallback((isTyping: boolean) => {
    const conn = connection.current;
    if (!conn) return;
    const last = typingSent.current;
    const now = Date.now();
    if (isTyping === last.value && (!isTyping || now - last.at < TYPING_REFRESH_MS)) return;
    if (conn.send({ type: 'typing', is_typing: isTyping })) typingSent.current = { value: isTyping, at: now };
  }, []);

  const loadOlder = useCallback(() => {
    const s = stateRef.current;
    const conn = connection.current;
    if (!conn || !s.synced || !s.hasMore || s.loadingHistory) return;
    const oldest = s.messages[0]?.seq;
    if (conn.send({ type: 'request_history', ...(oldest ? { before_seq: oldest } : {}), limit: HISTORY_PAGE })) {
      dispatch({ type: 'history_requested' });
    }
  }, []);

  const markRead = useCallback((seq: number) => {
    const room = stateRef.current.room;
    if (!room || seq <= (room.last_read_seq ?? 0) || room.my_role == null) return;
    if (connection.current?.send({ type: 'mark_read', seq })) dispatch({ type: 'read_locally', seq });
  }, []);

  const retry = useCallback((clientId: string) => dispatch({ type: 'requeue', clientId }), []);
  const discard = useCallback((clientId: string) => dispatch({ type: 'discard', clientId }), []);
  const clearNotice = useCallback(() => dispatch({ type: 'clear_notice' }), []);

  const roomIdForRest = state.room?.id ?? roomId;
  const editMessage = useCallback(async (messageId: string, content: string) => {
    if (!roomIdForRest) return;
    const updated: Message = await api.editMessage(roomIdForRest, messageId, content);
    if (updated && updated.id) dispatch({ type: 'local_update', message: updated });
  }, [api, roomIdForRest]);
  const deleteMessage = useCallback(async (messageId: string) => {
    if (roomIdForRest) await api.deleteMessage(roomIdForRest, messageId);
  }, [api, roomIdForRest]);
  const react = useCallback(async (messageId: string, emoji: string) => {
    if (!roomIdForRest) return;
    const result = await api.react(roomIdForRest, messageId, emoji);
    applyCounts(messageId, result?.reaction_counts);
  }, [api, roomIdForRest]); // eslint-disable-line react-hooks/exhaustive-deps
  const unreact = useCallback(async (messageId: string, emoji: string) => {
    if (!roomIdForRest) return;
    const result = await api.unreact(roomIdForRest, messageId, emoji);
    applyCounts(messageId, result?.reaction_counts);
  }, [api, roomIdForRest]); // eslint-disable-line react-hooks/exhaustive-deps
  const moderate = useCallback(async (request: ModerationRequest) => {
    if (roomIdForRest) await api.moderate(roomIdForRest, request);
  }, [api, roomIdForRest]);

  function applyCounts(messageId: string, counts: Record<string, number> | undefined) {
    if (!counts) return;
    dispatch({
      type: 'server',
      event: { event: 'reactions_updated', message_id: messageId, reaction_counts: counts },
      me: me.id,
      now: Date.now(),
    });
  }

  const messages = useMemo(() => displayMessages(state, me), [state, me]);
  const typingUsers = useMemo(() => Object.values(state.typing), [state.typing]);

  return {
    messages,
    sendMessage,
    onlineUsers: state.onlineUsers,
    isConnected: state.status === 'open',
    room: state.room,
    status: state.status,
    reconnectAttempt: state.reconnectAttempt,
    typingUsers,
    hasMore: state.hasMore,
    loadingHistory: state.loadingHistory,
    loadOlder,
    setTyping,
    markRead,
    retry,
    discard,
    cooldown: state.cooldown,
    notice: state.notice,
    clearNotice,
    fatal: state.fatal,
    editMessage,
    deleteMessage,
    react,
    unreact,
    moderate,
  };
}
