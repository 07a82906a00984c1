/**
 * One WebSocket kept open — a room's (RoomConnection) or the user stream's (StreamClient): a fresh single-use
 * connection token for every attempt, reconnects after growing, jittered pauses (a room socket resumes with
 * `since_seq`, a stream by its subscribes), a ping well inside the server's idle limit, a fresh access token handed
 * to the open socket before its own runs out (`refresh`; after close code 4401 on a server without it), and a stop
 * for good on the close codes and refusals that no retry fixes.
 */
import type { CommunityApi, RoomKind } from './api.js';
import { Retry, type BackoffOptions } from './backoff.js';
import { ApiError, type FatalError } from './errors.js';
import { CloseCode, parseServerEvent, type ClientFrame, type ServerEvent, type StreamFrame } from './wire.js';

/** The part of a WebSocket (the browser's, or the `ws` package's in Node) the client uses; tests hand in fakes. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => unknown) | null;
  onmessage: ((event: { data: unknown }) => unknown) | null;
  onclose: ((event: { code: number; reason?: string }) => unknown) | null;
  onerror: ((event: unknown) => unknown) | null;
}

export type SocketFactory = (url: string) => SocketLike;

/** WebSocket.OPEN. */
export const SOCKET_OPEN = 1;
/** The server closes a connection after 90 s without a frame; a ping every 25 s keeps a quiet room open. */
export const PING_INTERVAL_MS = 25_000;
/** How long before its token's end a socket asks for a fresh one: a minute, or a tenth of what is left if less. */
export const REFRESH_LEAD_MS = 60_000;

/** When to refresh a token that runs out at `expiresAtMs`, as a delay from `nowMs` (0: at once). */
export function refreshDelay(expiresAtMs: number, nowMs: number): number {
  const left = expiresAtMs - nowMs;
  return Math.max(0, left - Math.min(REFRESH_LEAD_MS, left / 10));
}

/** What a kept-open socket needs to know about the endpoint it connects to. */
export interface SocketEndpoint {
  /** The URL of the next attempt, with its fresh connection token. */
  url: (connectionToken: string) => string;
  /** The event that opens every socket (room_state, ready): the attempts start over and the token's end is known. */
  welcome: 'room_state' | 'ready';
  /** After a refused upgrade: what the REST twin of the same checks says, or null when a retry may succeed. */
  whyRefused: () => Promise<FatalError | null>;
}

/** The parts of a kept-open socket's options that are not about its endpoint. */
export interface KeptSocketOptions {
  api: CommunityApi;
  createSocket: SocketFactory;
  onEvent: (event: ServerEvent) => void;
  /** A pause before the next attempt began. */
  onReconnecting: (attempt: number, delayMs: number) => void;
  onFatal: (error: FatalError) => void;
  random?: () => number;
  backoff?: BackoffOptions;
  pingIntervalMs?: number;
}

export interface RoomConnectionOptions extends KeptSocketOptions {
  kind: RoomKind;
  id: string;
  /** The newest seq held, or null before the first room_state: the resume point of a reconnect. */
  sinceSeq: () => number | null;
}

/** A refused REST twin's answer as the reason a socket stops for good; null for anything a retry may fix. */
export function refusalOf(e: unknown, notFound: FatalError, forbidden: FatalError): FatalError | null {
  if (!(e instanceof ApiError)) return null;
  if (e.status === 404) return notFound;
  if (e.status === 403) return forbidden;
  if (e.status === 401) return { code: 'unauthorized', message: 'The server refused the access token.' };
  return null;
}

/** A WebSocket kept open to one endpoint, whichever: the behaviour both socket kinds share. */
export class KeptSocket {
  private socket: SocketLike | null = null;
  private stopped = false;
  /** The pauses between attempts; the welcome event ends the count. */
  private readonly retry: Retry;
  /** The access token was refused or ran out (4401): the next attempt asks the provider for a fresh one. */
  private tokenExpired = false;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** When the open socket's access token runs out (epoch ms), as the server last said; 0 before it did. */
  private tokenExpiresAt = 0;
  /** Increases with every socket, so a sender can tell whether a frame went out on the socket open now. */
  generation = 0;
  /** The device came back online (a browser's `online` event): the pause that runs is not worth waiting out. */
  private readonly onOnline = () => this.reconnectNow();

  constructor(private readonly options: KeptSocketOptions, private readonly endpoint: SocketEndpoint) {
    this.retry = new Retry(options.random, options.backoff);
  }

  start(): void {
    globalThis.addEventListener?.('online', this.onOnline);
    void this.connect();
  }

  /** Closes the socket (1000) and never reconnects. */
  stop(): void {
    globalThis.removeEventListener?.('online', this.onOnline);
    this.stopped = true;
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      // Closing a socket whose upgrade has not finished aborts it, and Node's `ws` reports that abort as an error
      // event, thrown as an uncaught exception when nothing listens: a stopped socket's errors are not news.
      socket.onerror = () => {};
      socket.close(CloseCode.NORMAL, 'closed by the client');
    }
  }

  /** True when the frame was written to an open socket. */
  send(frame: ClientFrame | StreamFrame): boolean {
    if (!this.socket || this.socket.readyState !== SOCKET_OPEN) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  isOpen(): boolean {
    return this.socket != null && this.socket.readyState === SOCKET_OPEN;
  }

  /** Reconnects now rather than after the current pause (the device came back online, say). */
  reconnectNow(): void {
    if (this.stopped || this.isOpen() || !this.retry.isWaiting()) return;
    this.retry.cancel();
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let token: string;
    try {
      // An open socket is handed a fresh access token before its own runs out (refresh); on a server without
      // refresh a token that runs out closes the socket (4401) and the next attempt fetches a fresh one here.
      token = (await this.options.api.connectionToken({ forceRefresh: this.tokenExpired })).connection_token;
    } catch (e) {
      if (this.stopped) return;
      if (e instanceof ApiError && e.status === 401) {
        this.fail({ code: 'unauthorized', message: 'The server refused the access token.' });
      } else {
        this.scheduleReconnect();
      }
      return;
    }
    if (this.stopped) return;
    this.tokenExpired = false;
    const url = this.endpoint.url(token);
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(url);
    } catch (e) {
      this.fail({ code: 'network', message: `cannot open a WebSocket: ${e instanceof Error ? e.message : e}` });
      return;
    }
    this.socket = socket;
    this.generation += 1;
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.startPing();
    };
    socket.onmessage = (message) => {
      const event = parseServerEvent(String(message.data));
      if (!event) return;
      if (event.event === this.endpoint.welcome && (event.event === 'room_state' || event.event === 'ready')) {
        this.retry.succeeded();
        if (event.token_expires_at) this.scheduleRefresh(socket, Date.parse(event.token_expires_at));
      } else if (event.event === 'token_refreshed') {
        // The provider may have had nothing newer (the same token back): then the socket's end did not move and
        // asking again would only repeat it; the socket closes with 4401 at its end and reconnects.
        const expiresAt = Date.parse(event.expires_at);
        if (expiresAt > this.tokenExpiresAt) this.scheduleRefresh(socket, expiresAt);
      }
      this.options.onEvent(event);
    };
    socket.onerror = () => {
      // A close event always follows; it decides what to do.
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.clearTimers();
      if (this.stopped) return;
      void this.afterClose(close.code, opened);
    };
  }

  private async afterClose(code: number, opened: boolean): Promise<void> {
    if (code === CloseCode.BANNED) {
      this.fail({ code: 'banned', message: 'You were banned or removed from this room.' });
      return;
    }
    if (code === CloseCode.ROOM_DELETED) {
      this.fail({ code: 'room_deleted', message: 'This room was deleted.' });
      return;
    }
    if (code === CloseCode.AUTH_EXPIRED) {
      this.tokenExpired = true;
    } else if (!opened) {
      // The upgrade was refused, and a WebSocket does not say why: the REST twin of the same checks does.
      const refusal = await this.endpoint.whyRefused();
      if (this.stopped) return;
      if (refusal) {
        this.fail(refusal);
        return;
      }
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.retry.schedule(() => void this.connect(),
      (attempt, delayMs) => this.options.onReconnecting(attempt, delayMs));
  }

  private fail(error: FatalError): void {
    this.stopped = true;
    this.clearTimers();
    this.options.onFatal(error);
  }

  private startPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ type: 'ping' }), this.options.pingIntervalMs ?? PING_INTERVAL_MS);
  }

  /**
   * Shortly before the socket's token runs out, asks the provider for a fresh one and hands it to the socket. A
   * provider that gives none, or a refusal, leaves the socket to close with 4401 and reconnect as before.
   */
  private scheduleRefresh(socket: SocketLike, expiresAtMs: number): void {
    if (Number.isNaN(expiresAtMs)) return;
    this.tokenExpiresAt = expiresAtMs;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh(socket);
    }, refreshDelay(expiresAtMs, Date.now()));
  }

  private async refresh(socket: SocketLike): Promise<void> {
    let token: string | null;
    try {
      token = await this.options.api.freshAccessToken();
    } catch {
      return;
    }
    if (token && this.socket === socket) this.send({ type: 'refresh', token });
  }

  private clearTimers(): void {
    this.retry.cancel();
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.pingTimer = null;
    this.refreshTimer = null;
  }
}

/** A room or DM socket: `/ws/community/room|dm/{id}/`, resuming with `since_seq`. */
export class RoomConnection extends KeptSocket {
  constructor(options: RoomConnectionOptions) {
    super(options, {
      url: (token) => options.api.socketUrl(options.kind, options.id, token, options.sinceSeq()),
      welcome: 'room_state',
      whyRefused: async () => {
        try {
          if (options.kind === 'dm') await options.api.getDm(options.id);
          else await options.api.getRoom(options.id);
          return null;
        } catch (e) {
          return refusalOf(e, { code: 'not_found', message: 'There is no such room.' },
            { code: 'forbidden', message: 'You may not enter this room.' });
        }
      },
    });
  }
}
