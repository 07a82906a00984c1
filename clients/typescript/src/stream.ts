/**
 * StreamClient: the user stream (protocol 1.5, `/ws/community/stream/`) — one socket for all of a user's rooms, the
 * recommended way to connect. It keeps the socket open as a room socket is kept (KeptSocket: a fresh connection
 * token per attempt, jittered back-off, ping, token refresh in place), keeps what the stream says about every room
 * (streamState.ts: `ready`, unread and mention counts, rooms added and removed, DM presence), and carries the rooms
 * opened on it (`openRoom`) as subscriptions: each is a RoomClient like a room socket's, with the same guarantees
 * (every message once and in order, sends resent by client_id until acknowledged), whose frames name their room and
 * whose events are routed to it by `room_id`. After a reconnect every subscribed room is subscribed again with the
 * newest seq held there (`resumeFrames`).
 */
import type { CommunityApi } from './api.js';
import { Retry, type BackoffOptions } from './backoff.js';
import { KeptSocket, type SocketFactory } from './connection.js';
import type { FatalError } from './errors.js';
import { RoomClient, type RoomFrame, type RoomTransport, type RoomTransportHandlers } from './room.js';
import { ClientStore } from './store.js';
import {
  applyStreamEvent,
  EMPTY_STREAM,
  readLocally,
  resumeFrames,
  subscribing,
  type StreamState,
} from './streamState.js';
import type { ConnectionStatus } from './roomState.js';
import type { ErrorCode, EventOf, ServerEvent, ServerEventName, StreamEvent, User } from './wire.js';

export interface StreamClientOptions {
  api: CommunityApi;
  createSocket: SocketFactory;
  /** Who I am (for my pending messages in the rooms opened on the stream), when known. */
  me: () => User | null;
  backoff?: BackoffOptions;
  random?: () => number;
  pingIntervalMs?: number;
  now?: () => number;
}

/** The stream's rooms and counts (StreamState) and the state of its socket. */
export interface StreamSnapshot extends StreamState {
  status: ConnectionStatus;
  reconnectAttempt: number;
  /** Why the stream stopped for good (the access token refused), else null. */
  fatal: FatalError | null;
}

/** Refusals of a `subscribe` that no retry fixes: the room's client stops with them, as a refused upgrade would. */
const FINAL_SUBSCRIBE_REFUSALS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'not_found', 'forbidden', 'trust_required', 'too_many_subscriptions', 'invalid_payload',
]);

type Listener<K extends ServerEventName> = (event: EventOf<K> & { room_id?: string }) => void;

/** One room opened on the stream: the RoomClient's transport. */
class Subscription implements RoomTransport {
  /** The socket generation whose room_state for this room arrived: frames go out only then. */
  activeOn = -1;

  /** `retry`: the pauses before a subscribe storage refused is sent again; the room's room_state ends the count. */
  constructor(private readonly stream: StreamClient, readonly roomId: string, readonly handlers: RoomTransportHandlers,
    readonly retry: Retry) {}

  get generation(): number {
    return this.stream.socketGeneration();
  }

  send(frame: RoomFrame): boolean {
    return this.isOpen() && this.stream.sendRoomFrame(this.roomId, frame);
  }

  isOpen(): boolean {
    return this.stream.isOpen() && this.activeOn === this.generation;
  }

  reconnectNow(): void {
    this.stream.reconnectNow();
  }

  stop(): void {
    this.stream.unsubscribe(this);
  }
}

export class StreamClient {
  private stream: StreamState = EMPTY_STREAM;
  private status: ConnectionStatus = 'connecting';
  private reconnectAttempt = 0;
  private fatal: FatalError | null = null;
  private readonly connection: KeptSocket;
  private readonly subscriptions = new Map<string, Subscription>();
  /** Rooms unsubscribed whose `unsubscribed` answer has not arrived: the answer must not end a newer subscription. */
  private readonly unsubscribing = new Map<string, number>();
  /** The socket generation `ready` arrived on: subscribes go out after it. */
  private readyOn = -1;
  private readonly store = new ClientStore<StreamSnapshot, StreamEvent>(this.snap());
  private closed = false;

  constructor(private readonly options: StreamClientOptions) {
    this.connection = new KeptSocket({
      api: options.api,
      createSocket: options.createSocket,
      backoff: options.backoff,
      random: options.random,
      pingIntervalMs: options.pingIntervalMs,
      onEvent: (event) => this.onServerEvent(event),
      onReconnecting: (attempt) => this.onReconnecting(attempt),
      onFatal: (error) => this.onFatal(error),
    }, {
      url: (token) => options.api.streamUrl(token),
      welcome: 'ready',
      // A refused stream upgrade has no REST twin: an access token refused for good already stopped it (401 on
      // the connection token); an origin refused, the connection cap or a busy node may pass on a later attempt.
      whyRefused: async () => null,
    });
    this.connection.start();
  }

  // ---- observing -------------------------------------------------------------------------------------

  /** The current rooms, counts and socket state: a new object after every change, never mutated. */
  getState: () => StreamSnapshot = this.store.getState;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe: (listener: () => void) => (() => void) = this.store.subscribe;

  /**
   * Calls `listener` with every event of this name the stream receives (user-level events such as `mentioned` or
   * `room_added`, and the events of subscribed rooms, which carry `room_id`), after the state took it in.
   */
  on<K extends ServerEventName>(name: K, listener: Listener<K>): () => void {
    return this.store.on(name, listener as (event: StreamEvent) => void);
  }

  /** Resolves once `ready` arrived; rejects if the stream stops for good first. */
  ready(): Promise<StreamSnapshot> {
    return this.store.settle<StreamSnapshot>(() => {
      const snapshot = this.getState();
      if (snapshot.ready) return { value: snapshot };
      if (this.fatal) return { error: this.fatal.message };
      if (this.closed) return { error: 'the stream was closed' };
      return null;
    });
  }

  /** Drops the mentions the user interface has shown. */
  clearMentions(): void {
    if (!this.stream.mentions.length) return;
    this.setStream({ ...this.stream, mentions: [] });
  }

  // ---- rooms -----------------------------------------------------------------------------------------

  /**
   * Opens a room or DM thread on the stream (a subscription; entering a public room joins it) and keeps it live
   * until the RoomClient's `close()`, which unsubscribes. One RoomClient per room at a time: opening a room again
   * closes the previous client of it.
   */
  openRoom(id: string): RoomClient {
    if (this.closed) throw new Error('the stream was closed');
    const previous = this.subscriptions.get(id);
    if (previous) {
      this.unsubscribe(previous);
      previous.handlers.onFatal({ code: 'conflict', message: 'the room was opened again' });
    }
    let subscription: Subscription | null = null;
    const room = new RoomClient({
      api: this.options.api,
      kind: this.stream.rooms[id]?.room.room_type === 'dm' ? 'dm' : 'room',
      id,
      me: this.options.me,
      now: this.options.now,
      transport: (handlers) => {
        subscription = new Subscription(this, id, handlers, new Retry(this.options.random, this.options.backoff));
        return subscription;
      },
    });
    const opened = subscription as Subscription | null;
    if (opened) {
      this.subscriptions.set(id, opened);
      this.setStream(subscribing(this.stream, id));
      this.sendSubscribe(id);
    }
    return room;
  }

  // ---- the connection --------------------------------------------------------------------------------

  isOpen(): boolean {
    return this.connection.isOpen();
  }

  /** Reconnects now rather than after the current pause. */
  reconnectNow(): void {
    this.connection.reconnectNow();
  }

  /** Closes the stream (1000) and every room opened on it, for good. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const subscription of [...this.subscriptions.values()]) {
      subscription.handlers.onFatal({ code: 'network', message: 'the stream was closed' });
      this.forget(subscription);
    }
    this.connection.stop();
    this.status = 'closed';
    this.emit();
  }

  // ---- for the subscriptions -------------------------------------------------------------------------

  /** @internal */
  socketGeneration(): number {
    return this.connection.generation;
  }

  /** @internal A room frame, named by its room; this stream's own mark_read counts here at once. */
  sendRoomFrame(roomId: string, frame: RoomFrame): boolean {
    const sent = this.connection.send({ ...frame, room_id: roomId });
    if (sent && frame.type === 'mark_read') this.setStream(readLocally(this.stream, roomId, frame.seq));
    return sent;
  }

  /** @internal A room's client closed: unsubscribe (the server's answer ends it in the state). */
  unsubscribe(subscription: Subscription): void {
    if (this.subscriptions.get(subscription.roomId) !== subscription) return;
    this.forget(subscription);
    if (this.readyOn === this.connection.generation
      && this.connection.send({ type: 'unsubscribe', room_id: subscription.roomId })) {
      this.unsubscribing.set(subscription.roomId, (this.unsubscribing.get(subscription.roomId) ?? 0) + 1);
    }
  }

  // ---- internals -------------------------------------------------------------------------------------

  private forget(subscription: Subscription): void {
    subscription.retry.cancel();
    this.subscriptions.delete(subscription.roomId);
    if (subscription.roomId in this.stream.subscriptions) {
      const subscriptions = { ...this.stream.subscriptions };
      delete subscriptions[subscription.roomId];
      this.setStream({ ...this.stream, subscriptions });
    }
  }

  /** A subscribe for one room, resuming from the newest seq its client holds, once the socket said `ready`. */
  private sendSubscribe(roomId: string): void {
    const subscription = this.subscriptions.get(roomId);
    if (!subscription || this.readyOn !== this.connection.generation) return;
    const since = subscription.handlers.sinceSeq();
    this.connection.send(since != null && since > 0
      ? { type: 'subscribe', room_id: roomId, since_seq: since }
      : { type: 'subscribe', room_id: roomId });
  }

  private onServerEvent(event: ServerEvent): void {
    if (this.closed) return;
    const streamEvent = event as StreamEvent;
    const roomId = 'room_id' in streamEvent && typeof streamEvent.room_id === 'string' ? streamEvent.room_id : null;
    if (event.event === 'unsubscribed' && roomId && this.unsubscribing.has(roomId)) {
      // the answer to an unsubscribe of a room since forgotten (or opened again): nothing to end in the state
      const left = (this.unsubscribing.get(roomId) ?? 1) - 1;
      if (left > 0) this.unsubscribing.set(roomId, left);
      else this.unsubscribing.delete(roomId);
    } else {
      this.setStream(applyStreamEvent(this.stream, streamEvent), false);
    }
    if (event.event === 'ready') {
      this.readyOn = this.connection.generation;
      this.unsubscribing.clear();
      this.status = 'open';
      this.reconnectAttempt = 0;
      // one subscribe per room opened here, with the since_seq held there (resumeFrames' rooms, the clients' seqs)
      for (const frame of resumeFrames(this.stream)) this.sendSubscribe(frame.room_id);
    }
    const subscription = roomId ? this.subscriptions.get(roomId) : undefined;
    if (subscription) this.route(subscription, event);
    this.emit();
    this.store.deliver(streamEvent);
  }

  /** One subscribed room's event, to its client; the stream's word for what ends the subscription. */
  private route(subscription: Subscription, event: ServerEvent): void {
    switch (event.event) {
      case 'room_state':
        subscription.activeOn = this.connection.generation;
        subscription.retry.succeeded();
        subscription.handlers.onEvent(event);
        return;
      case 'room_removed':
        // where a room socket closes with 4003
        this.forget(subscription);
        subscription.handlers.onFatal(event.reason === 'banned'
          ? { code: 'banned', message: 'You were banned or removed from this room.' }
          : { code: 'forbidden', message: 'You are no longer a member of this room.' });
        return;
      case 'error':
        if (subscription.activeOn !== this.connection.generation) {
          this.subscribeRefused(subscription, event);
          return;
        }
        subscription.handlers.onEvent(event);
        return;
      case 'room_activity':
      case 'mentioned':
      case 'room_added':
      case 'room_updated':
      case 'membership_updated':
      case 'unsubscribed':
        return; // the stream's own: the room's client hears the room's events for these
      default:
        subscription.handlers.onEvent(event);
    }
  }

  /** A subscribe was refused: for good (as a refused upgrade), or after a pause when storage did not answer. */
  private subscribeRefused(subscription: Subscription, event: EventOf<'error'>): void {
    if (FINAL_SUBSCRIBE_REFUSALS.has(event.code)) {
      this.forget(subscription);
      subscription.handlers.onFatal({ code: event.code, message: event.message });
      return;
    }
    subscription.retry.schedule(() => this.sendSubscribe(subscription.roomId),
      (attempt) => subscription.handlers.onReconnecting(attempt));
  }

  private onReconnecting(attempt: number): void {
    this.status = 'reconnecting';
    this.reconnectAttempt = attempt;
    for (const subscription of this.subscriptions.values()) subscription.handlers.onReconnecting(attempt);
    this.emit();
  }

  private onFatal(error: FatalError): void {
    this.status = 'closed';
    this.fatal = error;
    for (const subscription of [...this.subscriptions.values()]) {
      this.forget(subscription);
      subscription.handlers.onFatal(error);
    }
    this.emit();
  }

  private setStream(next: StreamState, notify = true): void {
    if (next === this.stream) return;
    this.stream = next;
    if (notify) this.emit();
  }

  private snap(): StreamSnapshot {
    return { ...this.stream, status: this.status, reconnectAttempt: this.reconnectAttempt, fatal: this.fatal };
  }

  /** A new snapshot, told to the listeners, when any part of it changed. */
  private emit(): void {
    const next = this.snap();
    const s = this.getState();
    if (s.status === next.status && s.reconnectAttempt === next.reconnectAttempt && s.fatal === next.fatal
      && s.me === next.me && s.rooms === next.rooms && s.order === next.order && s.subscriptions === next.subscriptions
      && s.mentions === next.mentions && s.ready === next.ready && s.maxSubscriptions === next.maxSubscriptions) return;
    this.store.replace(next);
    this.store.notify();
  }
}
