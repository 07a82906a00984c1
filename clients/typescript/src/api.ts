/**
 * The REST API (every endpoint of docs/API.md) and the connection-token exchange, typed, with the server's error
 * body turned into ApiError. Works with the browser's fetch and Node's (18+), or any fetch-like function.
 */
import type { AccessTokenProvider, AccessTokenRequest } from './accessToken.js';
import { ApiError } from './errors.js';
import type {
  AddMemberRequest,
  AssignableRole,
  BlockedUser,
  ConnectionTokenResponse,
  CreateRoomRequest,
  DmThread,
  ErrorCode,
  Member,
  Message,
  ModerationAction,
  ModerationQueueItem,
  ModerationRequest,
  Page,
  PageRequest,
  PinsResponse,
  SearchHit,
  SearchRequest,
  PostMessageRequest,
  QueueStatus,
  ReactionsResponse,
  ReadMarker,
  Report,
  Room,
  Thread,
  UpdateRoomRequest,
  User,
} from './wire.js';

/** The part of a fetch Response the client reads. */
export interface HttpResponseLike {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface HttpRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export type FetchLike = (url: string, init: HttpRequestInit) => Promise<HttpResponseLike>;

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export type QueryParams = Record<string, string | number | null | undefined>;

/** A room socket is opened on a room (forum or circle) or on a DM thread. */
export type RoomKind = 'room' | 'dm';

export interface ApiOptions {
  /** The server's origin, e.g. `https://chat.example.com`; empty or absent in a browser page it serves. */
  baseUrl?: string;
  /** The access JWT for each call; asked again with `forceRefresh` once when the server answers 401. */
  getAccessToken: AccessTokenProvider;
  /** Called when the server refuses the token even after a refresh. */
  onUnauthorized?: () => void;
  fetch?: FetchLike;
}

export interface RequestOptions {
  body?: unknown;
  query?: QueryParams;
  /** Passed to the token provider: `connect` for the connection-token exchange. */
  reason?: AccessTokenRequest['reason'];
  /** Ask the provider for a fresh token from the start (the last one is known to have run out). */
  forceRefresh?: boolean;
}

export class CommunityApi {
  private readonly fetchImpl: FetchLike;
  readonly baseUrl: string;

  constructor(private readonly options: ApiOptions) {
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
  }

  /**
   * One call: `Authorization: Bearer` with the provider's token, JSON in and out. A 401 asks the provider for a
   * fresh token and, when it gives another one, tries once more. Resolves to the parsed body (undefined for 204).
   *
   * @throws ApiError with the server's code and message, or status 0 and code `network` when it was not reached
   */
  /** A token from the host application's provider, for a socket's `refresh` frame; null when it gave none. */
  async freshAccessToken(): Promise<string | null> {
    return (await this.options.getAccessToken({ reason: 'refresh', forceRefresh: true })) ?? null;
  }

  async request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
    const url = this.baseUrl + path + queryString(options.query);
    const reason = options.reason ?? 'request';
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const forced = options.forceRefresh ?? false;
    const token = await this.options.getAccessToken({ reason, forceRefresh: forced });
    let response = await this.send(method, url, token, body);
    if (response.status === 401 && !forced) {
      const fresh = await this.options.getAccessToken({ reason, forceRefresh: true });
      if (fresh && fresh !== token) response = await this.send(method, url, fresh, body);
    }
    return this.read<T>(response);
  }

  private async send(method: HttpMethod, url: string, token: string | null | undefined,
    body: string | undefined): Promise<HttpResponseLike> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
      return await this.fetchImpl(url, { method, headers, body });
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error');
    }
  }

  private async read<T>(response: HttpResponseLike): Promise<T> {
    if (response.status === 204) return undefined as T;
    let text: string;
    try {
      text = await response.text();
    } catch (e) {
      throw new ApiError(0, 'network', e instanceof Error ? e.message : 'network error');
    }
    let json: unknown = undefined;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.ok) return json as T;
    const error = (json as { error?: { code?: ErrorCode; message?: string } } | undefined)?.error;
    if (response.status === 401) this.options.onUnauthorized?.();
    const retryAfter = response.headers.get('Retry-After');
    throw new ApiError(
      response.status,
      error?.code ?? (response.status === 401 ? 'unauthorized' : 'internal'),
      error?.message ?? `HTTP ${response.status}`,
      retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined,
    );
  }

  // ---- connections -------------------------------------------------------------------------------------

  /** A single-use connection token for one WebSocket upgrade (valid `expires_in` seconds, 60). */
  connectionToken(options: { forceRefresh?: boolean } = {}): Promise<ConnectionTokenResponse> {
    return this.request('POST', '/auth/ws-connection-token/', { reason: 'connect', forceRefresh: options.forceRefresh });
  }

  /**
   * The WebSocket URL of a room or DM thread: ws: or wss: to match the base URL's http: or https: (the page's
   * own origin when there is no base URL), with the connection token and, to resume, `since_seq`.
   */
  socketUrl(kind: RoomKind, id: string, connectionToken: string, sinceSeq?: number | null,
    origin: { protocol: string; host: string } | undefined = globalThis.location): string {
    const url = this.webSocketUrl(`/ws/community/${kind}/${encodeURIComponent(id)}/`, connectionToken, origin);
    if (sinceSeq != null && sinceSeq > 0) url.searchParams.set('since_seq', String(sinceSeq));
    return url.toString();
  }

  /** The user stream's WebSocket URL (protocol 1.5: all of my rooms on one socket), as `socketUrl` builds it. */
  streamUrl(connectionToken: string, origin: { protocol: string; host: string } | undefined = globalThis.location): string {
    return this.webSocketUrl('/ws/community/stream/', connectionToken, origin).toString();
  }

  private webSocketUrl(path: string, connectionToken: string, origin: { protocol: string; host: string } | undefined): URL {
    let base = this.baseUrl;
    if (!base) {
      if (!origin) throw new Error('baseUrl is required outside a browser page');
      base = `${origin.protocol}//${origin.host}`;
    }
    const url = new URL(path, base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('connection_token', connectionToken);
    return url;
  }

  // ---- rooms -------------------------------------------------------------------------------------------

  /** Public forums and circles plus the private and unlisted rooms I am in (DMs: listDms). */
  listRooms(page: PageRequest = {}): Promise<Page<Room>> {
    return this.request('GET', '/community/rooms/', { query: pageQuery(page) });
  }

  /** Trust-gated (staff, or an account ≥ 7 days old with ≥ 10 messages): 403 trust_required otherwise. */
  createRoom(room: CreateRoomRequest): Promise<Room> {
    return this.request('POST', '/community/rooms/', { body: room });
  }

  getRoom(roomId: string): Promise<Room> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/`);
  }

  /** Owner or admin. */
  updateRoom(roomId: string, changes: UpdateRoomRequest): Promise<Room> {
    return this.request('PATCH', `/community/rooms/${seg(roomId)}/`, { body: changes });
  }

  joinRoom(roomId: string): Promise<Room> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/join/`);
  }

  /** Closes my sockets in the room (4003); the owner cannot leave, nor can a 1:1 DM be left (409). */
  leaveRoom(roomId: string): Promise<void> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/leave/`);
  }

  /** Everything up to `seq` is read (the marker never moves back); my sockets in the room get read_updated. */
  markRead(roomId: string, seq: number): Promise<ReadMarker> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/read/`, { body: { seq } });
  }

  // ---- members -----------------------------------------------------------------------------------------

  listMembers(roomId: string, page: PageRequest = {}): Promise<Page<Member>> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/members/`, { query: pageQuery(page) });
  }

  /** Owner or admin, with a role below their own (member by default). */
  addMember(roomId: string, member: AddMemberRequest): Promise<Member> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/members/`, { body: member });
  }

  /** Owner or admin, for members below them, to roles below their own. */
  setMemberRole(roomId: string, userId: string, role: AssignableRole): Promise<Member> {
    return this.request('PATCH', `/community/rooms/${seg(roomId)}/members/${seg(userId)}/`, { body: { role } });
  }

  // ---- messages ----------------------------------------------------------------------------------------

  /** Newest first. */
  listMessages(roomId: string, page: PageRequest = {}): Promise<Page<Message>> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/messages/`, { query: pageQuery(page) });
  }

  /** The send_message rules exactly; a `client_id` already stored answers the stored message. */
  postMessage(roomId: string, message: PostMessageRequest): Promise<Message> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/messages/`, { body: message });
  }

  /** The author only. */
  editMessage(roomId: string, messageId: string, content: string): Promise<Message> {
    return this.request('PATCH', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/`, { body: { content } });
  }

  /** The author, or a moderator above them: the message becomes a tombstone. */
  deleteMessage(roomId: string, messageId: string): Promise<void> {
    return this.request('DELETE', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/`);
  }

  /** Once per user and emoji (1–32 characters, no spaces). */
  react(roomId: string, messageId: string, emoji: string): Promise<ReactionsResponse> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/react/`,
      { body: { emoji } });
  }

  unreact(roomId: string, messageId: string, emoji: string): Promise<ReactionsResponse> {
    return this.request('DELETE', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/react/`,
      { query: { emoji } });
  }

  /** Full-text search across my rooms and DMs, newest first by default (protocol 1.4). */
  search(request: SearchRequest): Promise<Page<SearchHit>> {
    const { q, room_id, author_id, before, after, sort, cursor, limit } = request;
    return this.request('GET', '/community/search/',
      { query: { q, room_id, author_id, before, after, sort, cursor, limit } });
  }

  /** The messages that mention me across my rooms and DMs, newest first, each with `is_read` (protocol 1.4). */
  listMentions(page: PageRequest = {}): Promise<Page<SearchHit>> {
    return this.request('GET', '/community/mentions/', { query: pageQuery(page) });
  }

  /**
   * Moderators and above: pins a message of the room (protocol 1.6); 404 for a deleted one, 409 when the room holds
   * `limits.max_pins_per_room` pins already. Answers the message with `is_pinned: true`.
   */
  pinMessage(roomId: string, messageId: string): Promise<Message> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/pin/`);
  }

  /** Moderators and above: unpins a message (protocol 1.6). Answers the message with `is_pinned: false`. */
  unpinMessage(roomId: string, messageId: string): Promise<Message> {
    return this.request('DELETE', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/pin/`);
  }

  /** Every pin of the room, newest pin first (protocol 1.6); for everyone who may read the room. */
  listPins(roomId: string): Promise<PinsResponse> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/pins/`);
  }

  /** Once per user and message (409 the second time), never one's own (403). */
  report(roomId: string, messageId: string, reason?: string): Promise<Report> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/messages/${seg(messageId)}/report/`,
      { body: reason === undefined ? {} : { reason } });
  }

  // ---- threads -----------------------------------------------------------------------------------------

  /** Oldest first. */
  listThreads(roomId: string, page: PageRequest = {}): Promise<Page<Thread>> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/threads/`, { query: pageQuery(page) });
  }

  createThread(roomId: string, title: string): Promise<Thread> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/threads/`, { body: { title } });
  }

  // ---- direct messages and blocks ----------------------------------------------------------------------

  listDms(page: PageRequest = {}): Promise<Page<DmThread>> {
    return this.request('GET', '/community/dm/', { query: pageQuery(page) });
  }

  /**
   * The thread with `participantIds` (the others; I am implied). One other: the pair's 1:1 thread, existing or
   * new; several: a new group thread I own.
   */
  openDm(participantIds: string[]): Promise<DmThread> {
    return this.request('POST', '/community/dm/', { body: { participant_ids: participantIds } });
  }

  /**
   * The people picker (protocol 1.9): users the server has seen whose id or username starts with `q`,
   * case-insensitively, `{id, username}` only; `limit` 1–100 (the server's default 20). One page.
   */
  searchUsers(q: string, limit?: number): Promise<Page<User>> {
    return this.request('GET', '/community/users/', { query: limit == null ? { q } : { q, limit } });
  }

  getDm(threadId: string): Promise<DmThread> {
    return this.request('GET', `/community/dm/${seg(threadId)}/`);
  }

  listBlocks(page: PageRequest = {}): Promise<Page<BlockedUser>> {
    return this.request('GET', '/community/block/', { query: pageQuery(page) });
  }

  block(userId: string): Promise<BlockedUser> {
    return this.request('POST', '/community/block/', { body: { user_id: userId } });
  }

  unblock(userId: string): Promise<void> {
    return this.request('DELETE', '/community/block/', { query: { user_id: userId } });
  }

  // ---- moderation --------------------------------------------------------------------------------------

  /** Moderators and up: answers the audit entry. */
  moderate(roomId: string, action: ModerationRequest): Promise<ModerationAction> {
    return this.request('POST', `/community/rooms/${seg(roomId)}/moderation/`, { body: action });
  }

  /** The room's audit trail, newest first; moderators only. */
  listModerationActions(roomId: string, page: PageRequest = {}): Promise<Page<ModerationAction>> {
    return this.request('GET', `/community/rooms/${seg(roomId)}/moderation/`, { query: pageQuery(page) });
  }

  /** Flagged messages of the rooms I moderate, newest first. */
  listModerationQueue(page: PageRequest & { status?: QueueStatus } = {}): Promise<Page<ModerationQueueItem>> {
    return this.request('GET', '/community/moderation/queue/', { query: { ...pageQuery(page), status: page.status } });
  }

  reviewQueueItem(itemId: string, status: QueueStatus): Promise<ModerationQueueItem> {
    return this.request('PATCH', `/community/moderation/queue/${seg(itemId)}/`, { body: { status } });
  }

  // ---- lists -------------------------------------------------------------------------------------------

  /** Every item of a list, page after page: `for await (const room of api.pages((p) => api.listRooms(p)))`. */
  async *pages<T>(list: (page: PageRequest) => Promise<Page<T>>, limit?: number): AsyncGenerator<T> {
    let cursor: string | null = null;
    do {
      const page: Page<T> = await list({ cursor, limit });
      yield* page.results;
      cursor = page.next_cursor;
    } while (cursor);
  }

  /** The items of the first `maxPages` pages of a list, for the small lists a sidebar shows. */
  async all<T>(list: (page: PageRequest) => Promise<Page<T>>, maxPages = 10): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < maxPages; i++) {
      const page: Page<T> = await list({ cursor });
      items.push(...page.results);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    return items;
  }
}

function seg(value: string): string {
  return encodeURIComponent(value);
}

function pageQuery(page: PageRequest): QueryParams {
  return { cursor: page.cursor, limit: page.limit };
}

function queryString(params: QueryParams | undefined): string {
  if (!params) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value != null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
