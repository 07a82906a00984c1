/**
 * One room's WebSocket (PROTOCOL.md §2), kept open: a fresh single-use connection token for every attempt,
 * reconnects with growing, jittered pauses that resume with `since_seq`, a ping well inside the server's idle
 * limit, and a stop for good on the close codes and refusals that no retry can fix.
 */
import { ApiError, type CommunityApi, type RoomKind } from './community';
import { CloseCode, type ClientFrame, type ServerEvent } from '../types/community';
import type { FatalError } from '../hooks/roomReducer';

/** The part of the browser's WebSocket this class uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => unknown) | null;
  onmessage: ((ev: MessageEvent) => unknown) | null;
  onclose: ((ev: CloseEvent) => unknown) | null;
  onerror: ((ev: Event) => unknown) | null;
}

export type SocketFactory = (url: string) => SocketLike;

export const OPEN = 1;
/** The server closes a connection after 90 s without a frame; a ping every 25 s keeps a quiet room open. */
export const PING_INTERVAL_MS = 25_000;
export const MAX_BACKOFF_MS = 15_000;

export interface RoomConnectionOptions {
  api: CommunityApi;
  kind: RoomKind;
  id: string;
  /** The newest seq the page holds, or null before the first room_state: the resume point of a reconnect. */
  sinceSeq: () => number | null;
  onEvent: (event: ServerEvent) => void;
  onReconnecting: (attempt: number) => void;
  onFatal: (error: FatalError) => void;
  createSocket?: SocketFactory;
  random?: () => number;
}

export class RoomConnection {
  private socket: SocketLike | null = null;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  /** Increases with every socket, so a sender can tell a frame went out on the socket that is open now. */
  generation = 0;
  private readonly createSocket: SocketFactory;
  private readonly random: () => number;

  constructor(private readonly options: RoomConnectionOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.random = options.random ?? Math.random;
  }

  start(): void {
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(CloseCode.NORMAL, 'leaving the room');
    }
  }

  /** True when the frame was written to an open socket. */
  send(frame: ClientFrame): boolean {
    if (!this.socket || this.socket.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  isOpen(): boolean {
    return this.socket != null && this.socket.readyState === OPEN;
  }

  /** Reconnects now rather than after the current pause (the browser came back online, say). */
  reconnectNow(): void {
    if (this.stopped || this.isOpen() || !this.retryTimer) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let token: string;
    try {
      token = await this.options.api.connectionToken();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.fail({ code: 'unauthorized', message: 'Your session has expired. Sign in again.' });
      } else {
        this.scheduleReconnect();
      }
      return;
    }
    if (this.stopped) return;
    const url = this.options.api.socketUrl(this.options.kind, this.options.id, token, this.options.sinceSeq());
    const socket = this.createSocket(url);
    this.socket = socket;
    this.generation += 1;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.startPing();
    };
    socket.onmessage = (ev) => {
      let event: ServerEvent;
      try {
        event = JSON.parse(String(ev.data)) as ServerEvent;
      } catch {
        return;
      }
      if (event.event === 'room_state') this.attempt = 0;
      this.options.onEvent(event);
    };
    socket.onerror = () => {
      // A close event always follows; it decides what to do.
    };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (this.stopped) return;
      void this.afterClose(ev.code, opened);
    };
  }

  private async afterClose(code: number, opened: boolean): Promise<void> {
    if (code === CloseCode.BANNED) {
      this.fail({ code: 'banned', message: 'You were removed from this room.' });
      return;
    }
    if (code === CloseCode.ROOM_DELETED) {
      this.fail({ code: 'room_deleted', message: 'This room was deleted.' });
      return;
    }
    if (!opened) {
      // The upgrade was refused, and browsers do not say why: the REST twin of the same checks does.
      const refusal = await this.whyRefused();
      if (refusal) {
        this.fail(refusal);
        return;
      }
    }
    this.scheduleReconnect();
  }

  private async whyRefused(): Promise<FatalError | null> {
    try {
      if (this.options.kind === 'dm') await this.options.api.getDm(this.options.id);
      else await this.options.api.getRoom(this.options.id);
      return null;
    } catch (e) {
      if (!(e instanceof ApiError)) return null;
      if (e.status === 404) return { code: 'not_found', message: 'There is no such room.' };
      if (e.status === 403) return { code: 'forbidden', message: 'You may not enter this room.' };
      if (e.status === 401) return { code: 'unauthorized', message: 'Your session has expired. Sign in again.' };
      return null;
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.attempt += 1;
    this.options.onReconnecting(this.attempt);
    const ceiling = Math.min(MAX_BACKOFF_MS, 500 * 2 ** (this.attempt - 1));
    const delay = ceiling / 2 + this.random() * (ceiling / 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private fail(error: FatalError): void {
    this.stopped = true;
    this.clearTimers();
    this.options.onFatal(error);
  }

  private startPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_INTERVAL_MS);
  }

  private clearTimers(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }
}
