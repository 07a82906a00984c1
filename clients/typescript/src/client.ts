/**
 * CommunityClient: the entry point. It holds the REST API and opens the user stream (one socket for all of my
 * rooms, each room shown live a subscription on it: the recommended way) or rooms on their own sockets (each a
 * RoomClient with its own socket, as before 1.5). One client per signed-in user.
 */
import { userFromAccessToken, type AccessTokenProvider } from './accessToken.js';
import { CommunityApi, type FetchLike, type RoomKind } from './api.js';
import type { BackoffOptions } from './backoff.js';
import type { SocketFactory, SocketLike } from './connection.js';
import { RoomClient } from './room.js';
import { StreamClient } from './stream.js';
import type { User } from './wire.js';

/** A WebSocket class: the browser's, Node 22's, or the `ws` package's (`import WebSocket from 'ws'`). */
export type WebSocketConstructor = new (url: string) => object;

export interface CommunityClientOptions {
  /** The server's origin, e.g. `https://chat.example.com`; may be left out in a page the server serves. */
  baseUrl?: string;
  /**
   * The user's access JWT, from the host application: called before every REST call and every connection
   * attempt, with `forceRefresh: true` after the server refused the last one (401) or a socket's ran out (4401).
   */
  getAccessToken: AccessTokenProvider;
  /** Called when the server refuses the access token even after a refresh: the user must sign in again. */
  onUnauthorized?: () => void;
  /** The WebSocket class where there is no global one (Node 20 and 21: the `ws` package's). */
  WebSocket?: WebSocketConstructor;
  /** Opens sockets instead of `WebSocket` (tests hand in fakes; Node may pass TLS options this way). */
  createSocket?: SocketFactory;
  fetch?: FetchLike;
  /** Who I am; read from the access token's claims (`sub`, `username`) when absent. */
  user?: User;
  /** The reconnect pauses: 500 ms doubling up to 15 s by default, jittered. */
  backoff?: BackoffOptions;
  /** How often an idle socket sends `ping` (25 s; the server closes sockets silent for 90 s). */
  pingIntervalMs?: number;
  random?: () => number;
}

export class CommunityClient {
  readonly api: CommunityApi;
  private tokenUser: User | null = null;

  constructor(private readonly options: CommunityClientOptions) {
    this.api = new CommunityApi({
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      onUnauthorized: options.onUnauthorized,
      getAccessToken: async (request) => {
        const token = await options.getAccessToken(request);
        if (token) {
          const claims = userFromAccessToken(token);
          if (claims) this.tokenUser = { id: claims.id, username: claims.username };
        }
        return token;
      },
    });
  }

  /** Who I am: the `user` option, else the `sub` and `username` of the last access token (null before one). */
  get user(): User | null {
    return this.options.user ?? this.tokenUser;
  }

  /**
   * Opens a room (`kind: 'room'`, a forum or circle) or a DM thread (`kind: 'dm'`) and keeps it live until
   * `close()`. Connecting to a public or unlisted room makes me a member.
   */
  openRoom(id: string, options: { kind?: RoomKind } = {}): RoomClient {
    return new RoomClient({
      api: this.api,
      kind: options.kind ?? 'room',
      id,
      createSocket: this.socketFactory(),
      me: () => this.user,
      backoff: this.options.backoff,
      random: this.options.random,
      pingIntervalMs: this.options.pingIntervalMs,
    });
  }

  /**
   * Opens the user stream (protocol 1.5): one socket for all of my rooms, the recommended way — live unread and
   * mention counts of every room, rooms and DMs as they become mine, and `stream.openRoom(id)` for each room shown
   * live (a subscription on the same socket, with a room socket's guarantees). Kept open until `close()`.
   */
  openStream(): StreamClient {
    return new StreamClient({
      api: this.api,
      createSocket: this.socketFactory(),
      me: () => this.user,
      backoff: this.options.backoff,
      random: this.options.random,
      pingIntervalMs: this.options.pingIntervalMs,
    });
  }

  private socketFactory(): SocketFactory {
    if (this.options.createSocket) return this.options.createSocket;
    const WebSocketClass = this.options.WebSocket
      ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!WebSocketClass) {
      throw new Error('no WebSocket here: pass one as the WebSocket option (in Node 20: `import WebSocket from "ws"`)');
    }
    return (url) => new WebSocketClass(url) as SocketLike;
  }
}
