/**
 * RoomClient: one room (or DM thread) kept live. It owns a RoomConnection and the room's state (roomReducer), and
 * keeps the promises a client author relies on: every stored message once and in seq order across reconnects
 * (`since_seq` resume, de-duplicated by seq), every message sent from here delivered exactly once (a client_id,
 * written again on every new socket and after `unavailable` until a `new_message` or a final `error` carrying
 * it answers), sends held through rate-limit and slow-mode countdowns, and presence.
 *
 * State changes reach `subscribe` listeners (`getState()` is an immutable snapshot, fit for React's
 * useSyncExternalStore); each server event also reaches `on(name)` listeners after the state took it in.
 */
import type { CommunityApi, RoomKind } from './api.js';
import type { BackoffOptions } from './backoff.js';
import { newClientId } from './clientId.js';
import { RoomConnection, type SocketFactory } from './connection.js';
import { SendError, type FatalError } from './errors.js';
import { ClientStore } from './store.js';
import {
  displayMessages,
  initialRoomState,
  nextRetryAt,
  roomReducer,
  type DisplayMessage,
  type OutgoingMessage,
  type RoomAction,
  type RoomState,
} from './roomState.js';
import type {
  Attachment,
  EventOf,
  MarkReadFrame,
  Message,
  ModerationAction,
  ModerationRequest,
  RequestHistoryFrame,
  Room,
  SendMessageFrame,
  ServerEvent,
  ServerEventName,
  TypingFrame,
  User,
} from './wire.js';

export interface SendOptions {
  replyToId?: string | null;
  threadId?: string | null;
  mentions?: string[];
  messageType?: 'text' | 'image' | 'file';
  attachments?: Attachment[];
  /** The idempotency key; a fresh one when absent. */
  clientId?: string;
}

/**
 * How a room's frames reach the server and its events come back: its own socket (RoomConnection) or a
 * subscription on the user stream (StreamClient). The room's guarantees (resume, resend by client_id) are
 * RoomClient's whichever carries it.
 */
export interface RoomTransport {
  /** Increases with every socket the frames go out on: a message is written again on a new one. */
  readonly generation: number;
  /** True when the frame was written where the room's events come from now. */
  send(frame: RoomFrame): boolean;
  isOpen(): boolean;
  reconnectNow(): void;
  /** The room is closed: no more of its events. */
  stop(): void;
}

/** What a transport tells its room. */
export interface RoomTransportHandlers {
  /** The newest seq held, or null before the first room_state: the resume point. */
  sinceSeq: () => number | null;
  onEvent: (event: ServerEvent) => void;
  onReconnecting: (attempt: number) => void;
  onFatal: (error: FatalError) => void;
}

/** The frames about one room. */
export type RoomFrame = SendMessageFrame | TypingFrame | RequestHistoryFrame | MarkReadFrame;

export interface RoomClientOptions {
  api: CommunityApi;
  kind: RoomKind;
  id: string;
  /** Opens the room's own socket; needed unless `transport` is given. */
  createSocket?: SocketFactory;
  /** Carries the room some other way (a subscription on the user stream) instead of its own socket. */
  transport?: (handlers: RoomTransportHandlers) => RoomTransport;
  /** Who I am (for my role changes and my pending messages), when known. */
  me: () => User | null;
  backoff?: BackoffOptions;
  random?: () => number;
  pingIntervalMs?: number;
  now?: () => number;
}

/** A `typing: true` is repeated at most this often; the server clears it 3 s after the last one. */
export const TYPING_REFRESH_MS = 2_000;
/** Messages asked for per `loadOlder`. */
export const HISTORY_PAGE = 50;

type Listener<K extends ServerEventName> = (event: EventOf<K>) => void;
type PendingSend = { resolve: (message: Message) => void; reject: (error: SendError) => void };

export class RoomClient {
  readonly kind: RoomKind;
  readonly id: string;
  private readonly store = new ClientStore<RoomState, ServerEvent>(initialRoomState);
  private readonly connection: RoomTransport;
  /** client_id → the socket generation it was last written on. */
  private readonly written = new Map<string, number>();
  private readonly pending = new Map<string, PendingSend>();
  private typingSent = { value: false, at: 0 };
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** A history page asked for once a rate-limit countdown ends. */
  private olderTimer: ReturnType<typeof setTimeout> | null = null;
  private retryAt: number | null = null;
  private closed = false;
  private readonly now: () => number;

  constructor(private readonly options: RoomClientOptions) {
    this.kind = options.kind;
    this.id = options.id;
    this.now = options.now ?? Date.now;
    const handlers: RoomTransportHandlers = {
      sinceSeq: () => (this.state.synced ? this.state.lastSeq : null),
      onEvent: (event) => this.onServerEvent(event),
      onReconnecting: (attempt) => this.dispatch({ type: 'reconnecting', attempt }),
      onFatal: (error) => this.onFatal(error),
    };
    if (options.transport) {
      this.connection = options.transport(handlers);
    } else {
      if (!options.createSocket) throw new Error('a RoomClient needs createSocket or a transport');
      const connection = new RoomConnection({
        api: options.api,
        kind: options.kind,
        id: options.id,
        createSocket: options.createSocket,
        backoff: options.backoff,
        random: options.random,
        pingIntervalMs: options.pingIntervalMs,
        ...handlers,
      });
      this.connection = connection;
      connection.start();
    }
  }

  // ---- observing -------------------------------------------------------------------------------------

  /** The current state: a new object after every change, never mutated. */
  getState: () => RoomState = this.store.getState;

  /** Calls `listener` after every state change; returns the unsubscribe function. */
  subscribe: (listener: () => void) => (() => void) = this.store.subscribe;

  /** Calls `listener` with every server event of this name, after the state took it in; returns the unsubscribe. */
  on<K extends ServerEventName>(name: K, listener: Listener<K>): () => void {
    return this.store.on(name, listener as (event: ServerEvent) => void);
  }

  /** Resolves with the room once the first room_state arrived; rejects if the connection stops for good first. */
  ready(): Promise<Room> {
    return this.store.settle<Room>(() => {
      const { synced, room, fatal } = this.state;
      if (synced && room) return { value: room };
      if (fatal) return { error: fatal.message };
      if (this.closed) return { error: 'the room was closed' };
      return null;
    });
  }

  /** Stored messages in seq order, then mine still on their way. */
  displayMessages(): DisplayMessage[] {
    return displayMessages(this.state, this.options.me());
  }

  // ---- sending ---------------------------------------------------------------------------------------

  /**
   * Sends a message and resolves with it once stored (the `new_message` carrying its client_id). It is shown at
   * once as pending, written again on every new connection and after `unavailable` until the server answers,
   * and held through rate-limit and slow-mode countdowns. Rejects with a SendError when the server refuses it
   * for good (or it is discarded, or the room closes); nothing was stored then.
   */
  send(content: string, options: SendOptions = {}): Promise<Message> {
    const clientId = this.sendMessage(content, options);
    if (clientId == null) return Promise.reject(new SendError('empty_content', 'the message is empty', ''));
    return this.settled(clientId);
  }

  /**
   * As `send`, without a promise: returns the message's client_id (null for blank content) and the message's
   * progress shows in the state's outbox.
   */
  sendMessage(content: string, options: SendOptions = {}): string | null {
    const text = content.trim();
    if (!text && !options.attachments?.length) return null;
    if (this.closed) return null;
    const cooldown = this.state.cooldown;
    const waiting = cooldown != null && cooldown.until > this.now();
    const message: OutgoingMessage = {
      client_id: options.clientId ?? newClientId(),
      content: text,
      reply_to_id: options.replyToId ?? null,
      thread_id: options.threadId ?? null,
      message_type: options.messageType,
      attachments: options.attachments,
      mentions: options.mentions ?? [],
      created_at: new Date(this.now()).toISOString(),
      status: waiting ? 'waiting' : 'sending',
      retry_at: waiting ? cooldown.until : null,
      attempts: 0,
      error: null,
    };
    this.dispatch({ type: 'enqueue', message });
    return message.client_id;
  }

  /** Sends a failed message again, with its client_id; resolves as `send` does. */
  retry(clientId: string): Promise<Message> {
    if (!this.state.outbox.some((o) => o.client_id === clientId)) {
      return Promise.reject(new SendError('not_found', 'no such message waiting to be sent', clientId));
    }
    const settled = this.settled(clientId);
    this.dispatch({ type: 'requeue', clientId });
    return settled;
  }

  /** Gives up on a message not yet stored. */
  discard(clientId: string): void {
    this.written.delete(clientId);
    this.dispatch({ type: 'discard', clientId });
    this.rejectPending(clientId, new SendError('discarded', 'the message was discarded', clientId));
  }

  /** Tells the others I am (or stopped) typing; a repeated `true` goes out at most every two seconds. */
  setTyping(isTyping: boolean): void {
    const last = this.typingSent;
    const now = this.now();
    if (isTyping === last.value && (!isTyping || now - last.at < TYPING_REFRESH_MS)) return;
    if (this.connection.send({ type: 'typing', is_typing: isTyping })) this.typingSent = { value: isTyping, at: now };
  }

  /**
   * Asks for the page of history before the oldest message held (once at a time, while there is more). While the
   * server's request budget is spent (a `rate_limited` countdown), it asks when the countdown ends instead: paging
   * far back (a jump to an old message) runs into the budget, and asking again at once would be refused again.
   */
  loadOlder(): void {
    const s = this.state;
    if (this.closed || !s.synced || !s.hasMore || s.loadingHistory) return;
    const cooldown = s.cooldown;
    if (cooldown?.code === 'rate_limited' && cooldown.until > this.now()) {
      if (this.olderTimer == null) {
        this.olderTimer = setTimeout(() => {
          this.olderTimer = null;
          this.loadOlder();
        }, cooldown.until - this.now());
      }
      return;
    }
    const oldest = s.messages[0]?.seq;
    if (this.connection.send({ type: 'request_history', ...(oldest ? { before_seq: oldest } : {}), limit: HISTORY_PAGE })) {
      this.dispatch({ type: 'history_requested' });
    }
  }

  /** Marks everything up to `seq` read; only ever forward, and only in a room I am a member of. */
  markRead(seq: number): void {
    const room = this.state.room;
    if (!room || seq <= (room.last_read_seq ?? 0) || room.my_role == null) return;
    if (this.connection.send({ type: 'mark_read', seq })) this.dispatch({ type: 'read_locally', seq });
  }

  clearNotice(): void {
    this.dispatch({ type: 'clear_notice' });
  }

  // ---- REST actions on this room's messages ----------------------------------------------------------

  async editMessage(messageId: string, content: string): Promise<Message> {
    const updated = await this.options.api.editMessage(this.restId(), messageId, content);
    this.dispatch({ type: 'local_update', message: updated });
    return updated;
  }

  deleteMessage(messageId: string): Promise<void> {
    return this.options.api.deleteMessage(this.restId(), messageId);
  }

  async react(messageId: string, emoji: string): Promise<void> {
    const { reaction_counts } = await this.options.api.react(this.restId(), messageId, emoji);
    this.applyCounts(messageId, reaction_counts, emoji, true);
  }

  async unreact(messageId: string, emoji: string): Promise<void> {
    const { reaction_counts } = await this.options.api.unreact(this.restId(), messageId, emoji);
    this.applyCounts(messageId, reaction_counts, emoji, false);
  }

  moderate(request: ModerationRequest): Promise<ModerationAction> {
    return this.options.api.moderate(this.restId(), request);
  }

  // ---- the connection --------------------------------------------------------------------------------

  /** Reconnects now rather than after the current pause. */
  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  /** Leaves the room: closes the socket (1000) for good; sends not yet stored are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.connection.stop();
    this.clearRetryTimer();
    if (this.olderTimer) clearTimeout(this.olderTimer);
    this.olderTimer = null;
    this.dispatch({ type: 'closed' });
    for (const clientId of [...this.pending.keys()]) {
      this.rejectPending(clientId, new SendError('closed', 'the room was closed before the message was stored', clientId));
    }
  }

  // ---- internals -------------------------------------------------------------------------------------

  private get state(): RoomState {
    return this.store.getState();
  }

  private onServerEvent(event: ServerEvent): void {
    if (this.closed) return;
    const before = this.state;
    this.dispatch({ type: 'server', event, me: this.options.me()?.id ?? null, now: this.now() });
    if (event.event === 'new_message' && event.client_id != null) {
      const wasMine = before.outbox.some((o) => o.client_id === event.client_id);
      if (wasMine && !this.state.outbox.some((o) => o.client_id === event.client_id)) {
        this.written.delete(event.client_id);
        const pending = this.pending.get(event.client_id);
        this.pending.delete(event.client_id);
        pending?.resolve(event.message);
      }
    } else if (event.event === 'error' && event.client_id != null) {
      const failed = this.state.outbox.find((o) => o.client_id === event.client_id && o.status === 'failed');
      if (failed) {
        this.written.delete(failed.client_id);
        this.rejectPending(failed.client_id, new SendError(event.code, event.message, failed.client_id));
      }
    }
    this.store.deliver(event);
  }

  private onFatal(error: FatalError): void {
    this.dispatch({ type: 'fatal', error });
    for (const clientId of [...this.pending.keys()]) {
      this.rejectPending(clientId, new SendError(error.code, error.message, clientId));
    }
  }

  private dispatch(action: RoomAction): void {
    const next = roomReducer(this.state, action);
    if (next === this.state) return;
    this.store.replace(next);
    this.flushOutbox();
    this.scheduleRetry();
    this.store.notify();
  }

  /** Writes every message that is due on the socket open now (again after a reconnect: same client_id). */
  private flushOutbox(): void {
    if (this.state.status !== 'open' || !this.connection.isOpen()) return;
    const generation = this.connection.generation;
    const sent: string[] = [];
    for (const o of this.state.outbox) {
      if (o.status !== 'sending') {
        this.written.delete(o.client_id);
        continue;
      }
      if (this.written.get(o.client_id) === generation) continue;
      const ok = this.connection.send({
        type: 'send_message',
        content: o.content,
        client_id: o.client_id,
        ...(o.reply_to_id ? { reply_to_id: o.reply_to_id } : {}),
        ...(o.thread_id ? { thread_id: o.thread_id } : {}),
        ...(o.message_type && o.message_type !== 'text' ? { message_type: o.message_type } : {}),
        ...(o.attachments?.length ? { attachments: o.attachments } : {}),
        ...(o.mentions.length ? { mentions: o.mentions } : {}),
      });
      if (!ok) break;
      this.written.set(o.client_id, generation);
      sent.push(o.client_id);
    }
    if (sent.length) {
      // Sending a message ends my typing on the server; the next keystroke announces it again.
      this.typingSent = { value: false, at: 0 };
      this.dispatch({ type: 'sent', clientIds: sent });
    }
  }

  /** Held messages and countdowns end by themselves. */
  private scheduleRetry(): void {
    const at = this.closed ? null : nextRetryAt(this.state);
    if (at === this.retryAt) return;
    this.clearRetryTimer();
    this.retryAt = at;
    if (at == null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retryAt = null;
      this.dispatch({ type: 'tick', now: this.now() });
    }, Math.max(0, at - this.now()));
  }

  private clearRetryTimer(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryAt = null;
  }

  private settled(clientId: string): Promise<Message> {
    return new Promise((resolve, reject) => {
      this.pending.get(clientId)?.reject(new SendError('discarded', 'sent again', clientId));
      this.pending.set(clientId, { resolve, reject });
    });
  }

  private rejectPending(clientId: string, error: SendError): void {
    const pending = this.pending.get(clientId);
    this.pending.delete(clientId);
    pending?.reject(error);
  }

  /** My own change, applied as the room's reactions_updated will say it: the counts, and my set of emoji. */
  private applyCounts(messageId: string, counts: Record<string, number>, emoji: string, added: boolean): void {
    const me = this.options.me()?.id ?? null;
    this.dispatch({
      type: 'server',
      event: { event: 'reactions_updated', message_id: messageId, reaction_counts: counts, user_id: me ?? '', emoji, added },
      me,
      now: this.now(),
    });
  }

  /** A DM thread's messages are its room's: the REST paths take the room id either way. */
  private restId(): string {
    return this.state.room?.id ?? this.id;
  }
}
