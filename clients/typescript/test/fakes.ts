import { vi } from 'vitest';
import { CommunityClient, type CommunityClientOptions } from '../src/client.js';
import type { FetchLike, HttpResponseLike } from '../src/api.js';
import type { SocketLike } from '../src/connection.js';
import type { Message, Room, ServerEvent, User } from '../src/wire.js';

/** A WebSocket the test drives: it records frames and delivers events and closes on command. */
export class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((event: unknown) => unknown) | null = null;
  onmessage: ((event: { data: unknown }) => unknown) | null = null;
  onclose: ((event: { code: number; reason?: string }) => unknown) | null = null;
  onerror: ((event: unknown) => unknown) | null = null;
  closedByClient: number | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }

  close(code = 1000): void {
    this.closedByClient = code;
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  emit(event: ServerEvent | Record<string, unknown>): void {
    this.onmessage?.({ data: JSON.stringify(event) });
  }

  raw(data: string): void {
    this.onmessage?.({ data });
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }

  frames(type: string): Record<string, unknown>[] {
    return this.sent.filter((f) => f.type === type);
  }
}

export function response(status: number, body?: unknown, headers: Record<string, string> = {}): HttpResponseLike {
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (name) => headers[name] ?? headers[name.toLowerCase()] ?? null },
    text: async () => (body === undefined ? '' : JSON.stringify(body)),
  };
}

export interface FakeServer {
  fetch: FetchLike;
  /** "METHOD /path?query" of every call, in order. */
  calls: string[];
  /** The Authorization header of every call. */
  auth: (string | undefined)[];
  bodies: (string | undefined)[];
}

/**
 * A REST server whose every call answers from `routes` ("METHOD /path" → [status, body]); the connection-token
 * exchange answers ct-1, ct-2, … unless a route says otherwise. Anything else is 404.
 */
export function fakeServer(routes: Record<string, [number, unknown] | (() => [number, unknown])> = {}): FakeServer {
  const calls: string[] = [];
  const auth: (string | undefined)[] = [];
  const bodies: (string | undefined)[] = [];
  let tokens = 0;
  const fetch: FetchLike = async (url, init) => {
    const path = url.replace('http://chat.test', '');
    const key = `${init.method} ${path}`;
    calls.push(key);
    auth.push(init.headers.Authorization);
    bodies.push(init.body);
    const route = routes[key];
    if (route) {
      const [status, body] = typeof route === 'function' ? route() : route;
      return response(status, body);
    }
    if (key === 'POST /auth/ws-connection-token/') {
      tokens += 1;
      return response(200, { connection_token: `ct-${tokens}`, expires_in: 60 });
    }
    return response(404, { error: { code: 'not_found', message: 'no such endpoint' } });
  };
  return { fetch, calls, auth, bodies };
}

export interface Harness {
  client: CommunityClient;
  server: FakeServer;
  sockets: FakeSocket[];
}

/** A client on fake sockets and a fake REST server, signed in as alice; the jitter is fixed at its midpoint. */
export function harness(options: Partial<CommunityClientOptions> = {}, server = fakeServer()): Harness {
  const sockets: FakeSocket[] = [];
  const client = new CommunityClient({
    baseUrl: 'http://chat.test',
    getAccessToken: () => 'access-token',
    fetch: server.fetch,
    user: alice,
    random: () => 0.5,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    ...options,
  });
  return { client, server, sockets };
}

export const ROOM_ID = '0190f0c5-0000-7000-8000-000000000001';
export const alice: User = { id: 'alice', username: 'Alice' };
export const bob: User = { id: 'bob', username: 'Bob' };

export function room(overrides: Partial<Room> = {}): Room {
  return {
    id: ROOM_ID,
    name: 'general',
    slug: 'general',
    room_type: 'forum',
    visibility: 'public',
    creator_id: null,
    description: 'Say hello',
    slow_mode_seconds: 0,
    min_trust_to_join: 0,
    min_trust_to_post: 0,
    member_count: 2,
    message_count: 0,
    last_message_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    my_role: 'member',
    last_read_seq: 0,
    unread_count: 0,
    unread_mentions: 0,
    retention_days: null,
    ...overrides,
  };
}

export function msg(seq: number, author: User = bob, content = `message ${seq}`, overrides: Partial<Message> = {}): Message {
  return {
    id: `m-${seq}`,
    room_id: ROOM_ID,
    seq,
    thread_id: null,
    author,
    content,
    message_type: 'text',
    attachments: [],
    mentions: [],
    reply_to_id: null,
    reaction_counts: {},
    created_at: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
    edited_at: null,
    is_deleted: false,
    is_hidden: false,
    is_pinned: false,
    ...overrides,
  };
}

export function roomState(messages = [msg(1), msg(2)], extra: Partial<Extract<ServerEvent, { event: 'room_state' }>> = {}): ServerEvent {
  return {
    event: 'room_state', room: room(), messages, online_users: [alice, bob], has_more: true,
    last_seq: messages.length ? messages[messages.length - 1].seq : 0, ...extra,
  };
}

export function seqs(messages: { seq: number }[]): number[] {
  return messages.map((m) => m.seq);
}

/**
 * Stands in for the browser's window events (`online`) with a map by name, until vi.unstubAllGlobals(): a test fires
 * one by calling its listener, and sees by the map's size whether the client stopped listening.
 */
export function stubWindowEvents(): Map<string, () => void> {
  const listeners = new Map<string, () => void>();
  vi.stubGlobal('addEventListener', (name: string, listener: () => void) => listeners.set(name, listener));
  vi.stubGlobal('removeEventListener', (name: string) => listeners.delete(name));
  return listeners;
}
