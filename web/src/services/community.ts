/**
 * The REST side of the community server (PROTOCOL.md §1 and §3) and where the page's access token comes from.
 *
 * In production the host application signs the user's access JWT and hands it to the page, in one of two ways:
 * - it sets `window.COMMUNITY_ACCESS_TOKEN = "<jwt>"` in a page that loads the Lounge's script, or
 * - it redirects to `/lounge/#access_token=<jwt>` (a URL fragment never reaches a server or its logs); the page
 *   moves the token into sessionStorage and removes it from the address bar.
 * For local development only, a server started with `--web.dev_sign_in=true` lets a person pick a username.
 */
import type {
  DmThread,
  ErrorCode,
  Message,
  ModerationRequest,
  Page,
  Room,
  User,
} from '../types/community';

declare global {
  interface Window {
    COMMUNITY_ACCESS_TOKEN?: string;
  }
}

export const TOKEN_STORAGE_KEY = 'community.access_token';

/** A failed REST call: the contract's error code and message, and how long to wait when told to. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What the page knows about its user, read from the access JWT's claims (the server verifies them). */
export interface Me {
  id: string;
  username: string;
  staff: boolean;
  expiresAt: number | null;
}

/** Decodes (does not verify) a JWT's payload; null when it is not a JWT with a `sub`. */
export function meFromToken(token: string): Me | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json) as Record<string, unknown>;
    if (typeof claims.sub !== 'string' || claims.sub === '') return null;
    return {
      id: claims.sub,
      username: typeof claims.username === 'string' && claims.username ? claims.username : claims.sub,
      staff: claims.staff === true,
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
  } catch {
    return null;
  }
}

/**
 * The access token handed over by the host (global variable, then URL fragment), else the one kept in
 * sessionStorage from an earlier hand-over or a development sign-in. A fragment token is removed from the URL.
 */
export function takeHostToken(win: Window = window): string | null {
  if (typeof win.COMMUNITY_ACCESS_TOKEN === 'string' && win.COMMUNITY_ACCESS_TOKEN) {
    return win.COMMUNITY_ACCESS_TOKEN;
  }
  const fragment = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('access_token');
  if (fromFragment) {
    storeToken(fromFragment, win);
    fragment.delete('access_token');
    const rest = fragment.toString();
    win.history.replaceState(win.history.state, '', win.location.pathname + win.location.search + (rest ? `#${rest}` : ''));
    return fromFragment;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null, win: Window = window): void {
  try {
    if (token) win.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
    else win.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode): the token then lives only as long as the page.
  }
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiOptions {
  /** The current access token; null when signed out. */
  token: () => string | null;
  /** Called when the server refuses the token (expired or revoked). */
  onUnauthorized?: () => void;
  /** Origin of the server; empty = the page's own. */
  baseUrl?: string;
  fetch?: FetchLike;
}

export type RoomKind = 'room' | 'dm';

/** The REST API of §3 plus the connection-token exchange of §1, with the contract's error body turned into ApiError. */
export class CommunityApi {
  private readonly fetchImpl: FetchLike;
  private readonly baseUrl: string;

  constructor(private readonly options: ApiOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.baseUrl = options.baseUrl ?? '';
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.options.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error');
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const error = (json as { error?: { code?: ErrorCode; message?: string } } | undefined)?.error;
      const retryAfter = response.headers.get('Retry-After');
      if (response.status === 401) this.options.onUnauthorized?.();
      throw new ApiError(
        response.status,
        error?.code ?? (response.status === 401 ? 'unauthorized' : 'internal'),
        error?.message ?? `HTTP ${response.status}`,
        retryAfter ? Number(retryAfter) * 1000 : undefined,
      );
    }
    return json as T;
  }

  /** A single-use connection token for one WebSocket (valid 60 s). */
  async connectionToken(): Promise<string> {
    const body = await this.request<{ connection_token: string }>('POST', '/auth/ws-connection-token/');
    return body.connection_token;
  }

  /** The WebSocket URL of a room or DM thread, on the page's origin (ws: or wss: to match http: or https:). */
  socketUrl(kind: RoomKind, id: string, connectionToken: string, sinceSeq?: number | null, loc: Location = location): string {
    const base = this.baseUrl || `${loc.protocol}//${loc.host}`;
    const url = new URL(`/ws/community/${kind}/${encodeURIComponent(id)}/`, base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('connection_token', connectionToken);
    if (sinceSeq != null && sinceSeq > 0) url.searchParams.set('since_seq', String(sinceSeq));
    return url.toString();
  }

  // ---- rooms -------------------------------------------------------------------------------------

  listRooms(cursor?: string | null): Promise<Page<Room>> {
    return this.request('GET', `/community/rooms/${query({ cursor })}`);
  }

  /** Every page of a list, for the small lists a sidebar shows. */
  async all<T>(list: (cursor?: string | null) => Promise<Page<T>>, maxPages = 10): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null | undefined = undefined;
    for (let i = 0; i < maxPages; i++) {
      const page: Page<T> = await list(cursor);
      items.push(...page.results);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    return items;
  }

  getRoom(roomId: string): Promise<Room> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/`);
  }

  joinRoom(roomId: string): Promise<Room> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/join/`);
  }

  leaveRoom(roomId: string): Promise<void> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/leave/`);
  }

  markRead(roomId: string, seq: number): Promise<{ last_read_seq: number; unread_count: number }> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/read/`, { seq });
  }

  // ---- messages ----------------------------------------------------------------------------------

  listMessages(roomId: string, cursor?: string | null, limit = 50): Promise<Page<Message>> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/messages/${query({ cursor, limit: String(limit) })}`);
  }

  postMessage(roomId: string, content: string, clientId?: string): Promise<Message> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/messages/`, { content, client_id: clientId });
  }

  editMessage(roomId: string, messageId: string, content: string): Promise<Message> {
    return this.request('PATCH', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/`, { content });
  }

  deleteMessage(roomId: string, messageId: string): Promise<void> {
    return this.request('DELETE', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/`);
  }

  react(roomId: string, messageId: string, emoji: string): Promise<{ reaction_counts: Record<string, number> }> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/react/`, { emoji });
  }

  unreact(roomId: string, messageId: string, emoji: string): Promise<{ reaction_counts: Record<string, number> }> {
    return this.request('DELETE', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/react/${query({ emoji })}`);
  }

  report(roomId: string, messageId: string, reason: string): Promise<unknown> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/report/`, { reason });
  }

  moderate(roomId: string, action: ModerationRequest): Promise<unknown> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/moderation/`, action);
  }

  // ---- direct messages and blocks ----------------------------------------------------------------

  async listDms(cursor?: string | null): Promise<Page<DmThread>> {
    const page = await this.request<Page<unknown>>('GET', `/community/dm/${query({ cursor })}`);
    return { results: page.results.map(dmFromWire), next_cursor: page.next_cursor };
  }

  /** Opens the 1:1 (or group) thread with `participantIds`; an existing 1:1 thread is returned as it is. */
  async openDm(participantIds: string[]): Promise<DmThread> {
    return dmFromWire(await this.request<unknown>('POST', '/community/dm/', { participant_ids: participantIds }));
  }

  async getDm(threadId: string): Promise<DmThread> {
    return dmFromWire(await this.request<unknown>('GET', `/community/dm/${seg(threadId)}/`));
  }

  block(userId: string): Promise<unknown> {
    return this.request('POST', '/community/block/', { user_id: userId });
  }

  unblock(userId: string): Promise<void> {
    return this.request('DELETE', `/community/block/${query({ user_id: userId })}`);
  }

  // ---- development sign-in (a server started with web.dev_sign_in=true only) -----------------------

  async devSignInEnabled(): Promise<boolean> {
    try {
      const body = await this.request<{ enabled?: boolean }>('GET', '/lounge/dev-sign-in');
      return body?.enabled === true;
    } catch {
      return false;
    }
  }

  devSignIn(username: string, staff = false): Promise<{ access_token: string; user: User }> {
    return this.request('POST', '/lounge/dev-sign-in', { username, staff });
  }
}

/** A DM thread as the server sends it: `{id, is_group, participants, room}` (or the room's fields at the top level). */
export function dmFromWire(wire: unknown): DmThread {
  const w = wire as Partial<DmThread> & Partial<Room> & { room?: Room; is_group?: boolean };
  const room = (w.room ?? (w as Room)) as Room;
  const participants = Array.isArray(w.participants) ? w.participants : [];
  return { id: w.id ?? room.id, room, group: w.is_group ?? w.group ?? participants.length > 2, participants };
}

/** The name of a DM thread as one participant sees it: the others' names. */
export function dmTitle(thread: DmThread, meId: string | null): string {
  const others = thread.participants.filter((p) => p.id !== meId);
  if (others.length === 0) return thread.room.name || 'Direct message';
  return others.map((p) => p.username).join(', ');
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value != null && value !== '') search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
