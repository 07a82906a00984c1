import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccessTokenRequest } from '../src/accessToken.js';
import { backoffDelay } from '../src/backoff.js';
import { PING_INTERVAL_MS, refreshDelay } from '../src/connection.js';
import { SendError } from '../src/errors.js';
import type { RoomClient } from '../src/room.js';
import { CloseCode, type EventOf, type Message, type ServerEvent } from '../src/wire.js';
import { alice, bob, FakeSocket, fakeServer, harness, msg, room, ROOM_ID, roomState, seqs, stubWindowEvents, type Harness } from './fakes.js';

/** Lets the fake REST calls and the socket set-up that follow them run (no time passes). */
const flush = () => vi.advanceTimersByTimeAsync(0);

let h: Harness;
let open: RoomClient[];

function openRoom(kind: 'room' | 'dm' = 'room'): RoomClient {
  const r = h.client.openRoom(ROOM_ID, { kind });
  open.push(r);
  return r;
}

/** Waits for socket `index` to be created, opens it and sends room_state. */
async function connected(index: number, state: ServerEvent = roomState()): Promise<FakeSocket> {
  await flush();
  expect(h.sockets).toHaveLength(index + 1);
  const socket = h.sockets[index];
  socket.open();
  socket.emit(state);
  return socket;
}

beforeEach(() => {
  vi.useFakeTimers();
  h = harness();
  open = [];
});

afterEach(() => {
  for (const r of open) r.close();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('connecting', () => {
  it('exchanges the access token for a connection token and opens the room socket', async () => {
    const r = openRoom();
    const ready = r.ready();
    expect(r.getState().status).toBe('connecting');
    const socket = await connected(0);
    expect(h.server.calls).toEqual(['POST /auth/ws-connection-token/']);
    expect(h.server.auth).toEqual(['Bearer access-token']);
    expect(socket.url).toBe(`ws://chat.test/ws/community/room/${ROOM_ID}/?connection_token=ct-1`);
    await expect(ready).resolves.toMatchObject({ id: ROOM_ID, name: 'general' });
    expect(r.getState()).toMatchObject({ status: 'open', synced: true, lastSeq: 2, hasMore: true });
    expect(seqs(r.getState().messages)).toEqual([1, 2]);
  });

  it('says what to pass where there is no WebSocket (Node 20)', async () => {
    vi.stubGlobal('WebSocket', undefined);
    const { CommunityClient } = await import('../src/client.js');
    const client = new CommunityClient({ baseUrl: 'http://chat.test', getAccessToken: () => 't' });
    expect(() => client.openRoom(ROOM_ID)).toThrow('no WebSocket here: pass one as the WebSocket option');
  });

  it('opens sockets with the WebSocket class it is given', async () => {
    const urls: string[] = [];
    class GivenSocket extends FakeSocket {
      constructor(url: string) {
        super(url);
        urls.push(url);
      }
    }
    const { CommunityClient } = await import('../src/client.js');
    const client = new CommunityClient({ baseUrl: 'http://chat.test', getAccessToken: () => 't', fetch: fakeServer().fetch, WebSocket: GivenSocket });
    open.push(client.openRoom(ROOM_ID));
    await flush();
    expect(urls).toEqual([`ws://chat.test/ws/community/room/${ROOM_ID}/?connection_token=ct-1`]);
  });

  it('opens a DM thread on its own path', async () => {
    openRoom('dm');
    await flush();
    expect(h.sockets[0].url).toBe(`ws://chat.test/ws/community/dm/${ROOM_ID}/?connection_token=ct-1`);
  });

  it('pings every 25 s while open, and stops when closed', async () => {
    const r = openRoom();
    const socket = await connected(0);
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS * 2);
    expect(socket.frames('ping')).toHaveLength(2);
    r.close();
    expect(socket.closedByClient).toBe(1000);
    expect(r.getState().status).toBe('closed');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('reconnecting', () => {
  it.each([
    [1, 0, 250], [1, 1, 500], [2, 0.5, 750], [3, 0.5, 1500], [5, 0.5, 6000], [6, 0, 7500], [6, 1, 15000], [30, 0.5, 11250],
  ])('attempt %i with random %d waits %d ms: doubling, jittered between half and all of the ceiling, capped at 15 s',
    (attempt, random, delay) => {
      expect(backoffDelay(attempt, () => random)).toBe(delay);
    });

  it('pauses 375, 750, 1500 … 11250 ms between attempts, then 375 ms again once a room_state came', async () => {
    h = harness({}, fakeServer({ [`GET /community/rooms/${ROOM_ID}/`]: [200, room()] }));
    const r = openRoom();
    await flush();
    const pauses = [375, 750, 1500, 3000, 6000, 11250, 11250];
    for (const [i, pause] of pauses.entries()) {
      h.sockets[i].serverClose(1006);
      await flush();
      expect(r.getState()).toMatchObject({ status: 'reconnecting', reconnectAttempt: i + 1 });
      await vi.advanceTimersByTimeAsync(pause - 1);
      expect(h.sockets).toHaveLength(i + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(h.sockets).toHaveLength(i + 2);
    }
    const last = h.sockets[pauses.length];
    last.open();
    last.emit(roomState());
    expect(r.getState()).toMatchObject({ status: 'open', reconnectAttempt: 0 });
    last.serverClose(CloseCode.GOING_AWAY);
    await flush();
    await vi.advanceTimersByTimeAsync(374);
    expect(h.sockets).toHaveLength(pauses.length + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.sockets).toHaveLength(pauses.length + 2);
    expect(h.server.calls.filter((c) => c.startsWith('POST /auth/ws-connection-token/'))).toHaveLength(pauses.length + 2);
    expect(new Set(h.sockets.map((s) => new URL(s.url).searchParams.get('connection_token'))).size).toBe(h.sockets.length);
  });

  it('keeps trying while the server cannot be reached', async () => {
    let up = false;
    h = harness({}, fakeServer({
      'POST /auth/ws-connection-token/': () => (up ? [200, { connection_token: 'ct-up', expires_in: 60 }] : [503, { error: { code: 'unavailable', message: 'down' } }]),
    }));
    const r = openRoom();
    await flush();
    await vi.advanceTimersByTimeAsync(375 + 750 + 1500);
    expect(h.sockets).toHaveLength(0);
    expect(r.getState()).toMatchObject({ status: 'reconnecting', reconnectAttempt: 4 });
    up = true;
    await vi.advanceTimersByTimeAsync(3000);
    expect(h.sockets).toHaveLength(1);
  });

  it('reconnects at once when the device comes back online', async () => {
    const listeners = stubWindowEvents();
    h = harness({}, fakeServer({ [`GET /community/rooms/${ROOM_ID}/`]: [200, room()] }));
    const r = openRoom();
    await connected(0);
    h.sockets[0].serverClose(CloseCode.GOING_AWAY);
    await flush();
    expect(h.sockets).toHaveLength(1);
    listeners.get('online')?.();
    await flush();
    expect(h.sockets).toHaveLength(2);
    r.close();
    expect(listeners.size).toBe(0);
    vi.unstubAllGlobals();
  });
});

describe('resume', () => {
  it('reconnects with since_seq = the newest seq held and keeps every message once, in seq order', async () => {
    const r = openRoom();
    const first = await connected(0, roomState([msg(1), msg(2), msg(3)]));
    first.emit({ event: 'new_message', message: msg(4), client_id: null });
    first.serverClose(CloseCode.GOING_AWAY);
    await flush();
    expect(r.getState().status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(375);
    expect(h.sockets[1].url).toContain('since_seq=4');
    expect(h.sockets[1].url).toContain('connection_token=ct-2');
    h.sockets[1].open();
    // The replay overlaps what is held, and a live copy of a replayed message follows.
    h.sockets[1].emit(roomState([msg(3), msg(4), msg(5), msg(6)], { has_more: false, last_seq: 6 }));
    h.sockets[1].emit({ event: 'new_message', message: msg(6), client_id: null });
    h.sockets[1].emit({ event: 'new_message', message: msg(7), client_id: null });
    expect(seqs(r.getState().messages)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.getState().lastSeq).toBe(7);
    expect(r.getState().hasMore).toBe(true);
  });

  it('after a gap keeps the replayed window and pages older history before it', async () => {
    const r = openRoom();
    const first = await connected(0, roomState([msg(1), msg(2)]));
    first.serverClose(CloseCode.GOING_AWAY);
    await vi.advanceTimersByTimeAsync(375);
    h.sockets[1].open();
    h.sockets[1].emit(roomState([msg(600), msg(601)], { has_gap: true, has_more: false, last_seq: 601 }));
    expect(seqs(r.getState().messages)).toEqual([600, 601]);
    expect(r.getState().hadGap).toBe(true);
    r.loadOlder();
    expect(h.sockets[1].frames('request_history')).toEqual([{ type: 'request_history', before_seq: 600, limit: 50 }]);
  });
});

describe('sending', () => {
  it('writes a message sent before the room opened once it is open, and resolves with the stored message', async () => {
    const r = openRoom();
    const sent = r.send('  hello  ', { mentions: ['bob'], replyToId: 'm-1' });
    const clientId = r.getState().outbox[0].client_id;
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.displayMessages().at(-1)).toMatchObject({ content: 'hello', pending: 'sending', author: alice });
    const socket = await connected(0);
    expect(socket.frames('send_message')).toEqual([
      { type: 'send_message', content: 'hello', client_id: clientId, reply_to_id: 'm-1', mentions: ['bob'] },
    ]);
    socket.emit({ event: 'new_message', message: msg(3, alice, 'hello'), client_id: clientId });
    await expect(sent).resolves.toMatchObject({ seq: 3, content: 'hello' });
    expect(r.getState().outbox).toEqual([]);
  });

  it('resends with the same client_id on every new socket until acknowledged, and never after', async () => {
    h = harness({}, fakeServer({ [`GET /community/rooms/${ROOM_ID}/`]: [200, room()] }));
    const r = openRoom();
    const first = await connected(0);
    const sent = r.send('are you there?');
    const other = r.send('second');
    first.emit({ event: 'typing', user: bob, is_typing: true });
    expect(first.frames('send_message').map((f) => f.content)).toEqual(['are you there?', 'second']);
    first.emit({ event: 'new_message', message: msg(3, alice, 'second'), client_id: first.frames('send_message')[1].client_id as string });
    await expect(other).resolves.toMatchObject({ seq: 3 });
    const clientId = first.frames('send_message')[0].client_id;

    first.serverClose(CloseCode.GOING_AWAY);
    await vi.advanceTimersByTimeAsync(375);
    const second = h.sockets[1];
    second.open();
    expect(second.frames('send_message')).toEqual([]);
    second.emit(roomState([msg(1), msg(2), msg(3)], { last_seq: 3 }));
    expect(second.frames('send_message')).toEqual([{ type: 'send_message', content: 'are you there?', client_id: clientId }]);
    expect(r.getState().outbox[0]).toMatchObject({ attempts: 2, status: 'sending' });

    second.serverClose(1006);
    await flush();
    await vi.advanceTimersByTimeAsync(375);
    const third = h.sockets[2];
    third.open();
    third.emit(roomState([], { last_seq: 3 }));
    expect(third.frames('send_message')).toEqual([{ type: 'send_message', content: 'are you there?', client_id: clientId }]);
    third.emit({ event: 'new_message', message: msg(4, alice, 'are you there?'), client_id: clientId as string });
    await expect(sent).resolves.toMatchObject({ seq: 4 });

    third.serverClose(CloseCode.GOING_AWAY);
    await vi.advanceTimersByTimeAsync(375);
    h.sockets[3].open();
    h.sockets[3].emit(roomState([], { last_seq: 4 }));
    expect(h.sockets[3].frames('send_message')).toEqual([]);
    expect(seqs(r.getState().messages)).toEqual([1, 2, 3, 4]);
  });

  it('resends after unavailable with growing pauses, then gives up and lets the caller retry', async () => {
    const r = openRoom();
    const socket = await connected(0);
    const sent = r.send('try me');
    const clientId = socket.frames('send_message')[0].client_id as string;
    const pauses = [1000, 2000, 4000, 8000];
    for (const [i, pause] of pauses.entries()) {
      socket.emit({ event: 'error', code: 'unavailable', message: 'not stored; retry', client_id: clientId });
      expect(r.getState().outbox[0]).toMatchObject({ status: 'waiting' });
      await vi.advanceTimersByTimeAsync(pause - 1);
      expect(socket.frames('send_message')).toHaveLength(i + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(socket.frames('send_message')).toHaveLength(i + 2);
    }
    expect(new Set(socket.frames('send_message').map((f) => f.client_id))).toEqual(new Set([clientId]));
    socket.emit({ event: 'error', code: 'unavailable', message: 'still down', client_id: clientId });
    const error = await sent.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ code: 'unavailable', message: 'still down', clientId });
    expect(r.getState().outbox[0]).toMatchObject({ status: 'failed' });

    const again = r.retry(clientId);
    expect(socket.frames('send_message')).toHaveLength(6);
    socket.emit({ event: 'new_message', message: msg(3, alice, 'try me'), client_id: clientId });
    await expect(again).resolves.toMatchObject({ seq: 3 });
  });

  it.each(['content_too_long', 'muted', 'forbidden', 'blocked', 'invalid_payload'] as const)(
    'an error with its client_id (%s) ends the resending: rejected, and not written on the next socket', async (code) => {
      h = harness({}, fakeServer({ [`GET /community/rooms/${ROOM_ID}/`]: [200, room()] }));
      const r = openRoom();
      const socket = await connected(0);
      const sent = r.send('no');
      const clientId = socket.frames('send_message')[0].client_id as string;
      socket.emit({ event: 'error', code, message: 'refused', client_id: clientId });
      await expect(sent).rejects.toMatchObject({ name: 'SendError', code, clientId });
      socket.serverClose(CloseCode.GOING_AWAY);
      await vi.advanceTimersByTimeAsync(375);
      await connected(1);
      expect(h.sockets[1].frames('send_message')).toEqual([]);
      r.discard(clientId);
      expect(r.getState().outbox).toEqual([]);
    });

  it('holds sends through a rate limit for retry_after_ms, then writes them in order with their client_ids', async () => {
    const r = openRoom();
    const socket = await connected(0);
    const first = r.send('one too many');
    const clientId = socket.frames('send_message')[0].client_id as string;
    socket.emit({ event: 'error', code: 'rate_limited', message: 'slow down', client_id: clientId, retry_after_ms: 5000 });
    expect(r.getState().cooldown).toEqual({ until: Date.now() + 5000, code: 'rate_limited' });
    const second = r.send('queued behind it');
    expect(r.getState().outbox.map((o) => o.status)).toEqual(['waiting', 'waiting']);
    await vi.advanceTimersByTimeAsync(4999);
    expect(socket.frames('send_message')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.getState().cooldown).toBeNull();
    const frames = socket.frames('send_message');
    expect(frames.map((f) => f.content)).toEqual(['one too many', 'one too many', 'queued behind it']);
    expect(frames[1].client_id).toBe(clientId);
    socket.emit({ event: 'new_message', message: msg(3, alice, 'one too many'), client_id: clientId });
    socket.emit({ event: 'new_message', message: msg(4, alice, 'queued behind it'), client_id: frames[2].client_id as string });
    await expect(Promise.all([first, second])).resolves.toHaveLength(2);
  });

  it('refuses blank content', async () => {
    const r = openRoom();
    expect(r.sendMessage('   ')).toBeNull();
    await expect(r.send('')).rejects.toMatchObject({ code: 'empty_content' });
  });

  it('rejects what is unsent when the room closes', async () => {
    const r = openRoom();
    const sent = r.send('never mind');
    r.close();
    await expect(sent).rejects.toMatchObject({ code: 'closed' });
    expect(r.sendMessage('after')).toBeNull();
  });
});

describe('access tokens', () => {
  it('hands the open socket a fresh token a minute before its own runs out, and again after each refresh', async () => {
    vi.setSystemTime(new Date('2026-12-05T10:00:00Z'));
    const asked: AccessTokenRequest[] = [];
    h = harness({
      getAccessToken: (request) => {
        asked.push(request);
        return request.reason === 'refresh' ? `fresh-${asked.length}` : 'first-token';
      },
    });
    openRoom();
    const socket = await connected(0, roomState([], { last_seq: 0, token_expires_at: '2026-12-05T10:10:00.000Z' }));
    expect(refreshDelay(Date.parse('2026-12-05T10:10:00Z'), Date.now())).toBe(540_000);
    await vi.advanceTimersByTimeAsync(539_999);
    expect(socket.frames('refresh')).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.frames('refresh')).toEqual([{ type: 'refresh', token: 'fresh-2' }]);
    expect(asked[1]).toEqual({ reason: 'refresh', forceRefresh: true });
    // The server's answer schedules the next one: a tenth of the 100 s left, as that is less than a minute.
    socket.emit({ event: 'token_refreshed', expires_at: '2026-12-05T10:10:40.000Z' });
    await vi.advanceTimersByTimeAsync(89_999);
    expect(socket.frames('refresh')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.frames('refresh')).toEqual([{ type: 'refresh', token: 'fresh-2' }, { type: 'refresh', token: 'fresh-3' }]);
    expect(h.sockets).toHaveLength(1);
  });

  it('a refresh that did not move the end (the provider had nothing newer) is not repeated', async () => {
    vi.setSystemTime(new Date('2026-12-05T10:00:00Z'));
    openRoom();
    const socket = await connected(0, roomState([], { last_seq: 0, token_expires_at: '2026-12-05T10:10:00.000Z' }));
    await vi.advanceTimersByTimeAsync(540_000);
    expect(socket.frames('refresh')).toEqual([{ type: 'refresh', token: 'access-token' }]);
    socket.emit({ event: 'token_refreshed', expires_at: '2026-12-05T10:10:00.000Z' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(socket.frames('refresh')).toHaveLength(1);
  });

  it('a room_state without token_expires_at (an older server) schedules no refresh', async () => {
    openRoom();
    const socket = await connected(0);
    await vi.advanceTimersByTimeAsync(24 * 3600_000);
    expect(socket.frames('refresh')).toEqual([]);
  });

  it('after 4401 reconnects with a fresh access token from the provider', async () => {
    const asked: AccessTokenRequest[] = [];
    const server = fakeServer();
    h = harness({
      getAccessToken: (request) => {
        asked.push(request);
        return request.forceRefresh ? 'fresh-token' : 'first-token';
      },
    }, server);
    const r = openRoom();
    const socket = await connected(0);
    socket.serverClose(CloseCode.AUTH_EXPIRED);
    await vi.advanceTimersByTimeAsync(375);
    expect(h.sockets).toHaveLength(2);
    expect(asked).toEqual([{ reason: 'connect', forceRefresh: false }, { reason: 'connect', forceRefresh: true }]);
    expect(server.auth).toEqual(['Bearer first-token', 'Bearer fresh-token']);
    expect(h.sockets[1].url).toContain('since_seq=2');
    h.sockets[1].open();
    h.sockets[1].emit(roomState([], { last_seq: 2 }));
    expect(r.getState().status).toBe('open');
  });

  it('an access token the server refuses even after a refresh ends the room', async () => {
    let unauthorized = 0;
    h = harness({ onUnauthorized: () => { unauthorized += 1; } },
      fakeServer({ 'POST /auth/ws-connection-token/': [401, { error: { code: 'unauthorized', message: 'expired' } }] }));
    const r = openRoom();
    const ready = r.ready().catch((e: unknown) => e);
    await flush();
    expect(r.getState().fatal).toEqual({ code: 'unauthorized', message: 'The server refused the access token.' });
    expect(await ready).toMatchObject({ message: 'The server refused the access token.' });
    expect(h.sockets).toHaveLength(0);
    expect(unauthorized).toBe(1);
  });

  it('knows who I am from the access token when not told', async () => {
    const claims = btoa(JSON.stringify({ sub: 'carol', username: 'Carol' })).replace(/=+$/, '');
    h = harness({ user: undefined, getAccessToken: () => `e30.${claims}.sig` });
    expect(h.client.user).toBeNull();
    const r = openRoom();
    await connected(0);
    expect(h.client.user).toEqual({ id: 'carol', username: 'Carol' });
    h.sockets[0].emit({ event: 'member_updated', user: { id: 'carol', username: 'Carol' }, role: 'muted', until: null });
    expect(r.getState().room?.my_role).toBe('muted');
  });
});

describe('stopping for good', () => {
  it.each([
    [CloseCode.BANNED, 'banned'],
    [CloseCode.ROOM_DELETED, 'room_deleted'],
  ])('on close code %i: no reconnect, and unsent messages are rejected', async (code, fatal) => {
    const r = openRoom();
    const socket = await connected(0);
    socket.emit({ event: 'error', code: 'rate_limited', message: 'wait', client_id: null, retry_after_ms: 60_000 });
    const sent = r.send('too late');
    socket.serverClose(code);
    expect(r.getState().fatal?.code).toBe(fatal);
    await expect(sent).rejects.toMatchObject({ code: fatal });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.sockets).toHaveLength(1);
  });

  it.each([
    [404, 'not_found'],
    [403, 'forbidden'],
  ])('a refused upgrade is explained by the REST room lookup (%i)', async (status, code) => {
    h = harness({}, fakeServer({ [`GET /community/rooms/${ROOM_ID}/`]: [status, { error: { code, message: 'no' } }] }));
    const r = openRoom();
    await flush();
    h.sockets[0].serverClose(1006);
    await flush();
    expect(r.getState().fatal?.code).toBe(code);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.sockets).toHaveLength(1);
  });

  it('a refused upgrade to a DM thread asks the DM endpoint', async () => {
    h = harness({}, fakeServer({ [`GET /community/dm/${ROOM_ID}/`]: [403, { error: { code: 'forbidden', message: 'no' } }] }));
    const r = openRoom('dm');
    await flush();
    h.sockets[0].serverClose(1006);
    await flush();
    expect(h.server.calls).toContain(`GET /community/dm/${ROOM_ID}/`);
    expect(r.getState().fatal?.code).toBe('forbidden');
  });

  it('a refused upgrade for a room that exists is retried, without since_seq before a room_state', async () => {
    h = harness({}, fakeServer({ [`GET /community/rooms/${ROOM_ID}/`]: [200, room()] }));
    const r = openRoom();
    await flush();
    h.sockets[0].serverClose(1006);
    await flush();
    expect(r.getState().status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(375);
    expect(h.sockets).toHaveLength(2);
    expect(h.sockets[1].url).not.toContain('since_seq');
  });
});

describe('events', () => {
  it('reach typed listeners after the state took them in; unknown and malformed frames are ignored', async () => {
    const r = openRoom();
    const received: EventOf<'new_message'>[] = [];
    const states: number[] = [];
    const off = r.on('new_message', (event) => {
      received.push(event);
      states.push(r.getState().messages.length);
    });
    const joined: string[] = [];
    r.on('user_joined', (event) => joined.push(event.user.username));
    r.on('user_joined', () => {
      throw new Error('a listener bug');
    });
    const socket = await connected(0);
    socket.raw('not json');
    socket.raw('[1,2]');
    socket.emit({ event: 'from_the_future', data: 1 });
    socket.emit({ event: 'new_message', message: msg(3), client_id: null });
    socket.emit({ event: 'user_joined', user: { id: 'carol', username: 'Carol' } });
    off();
    socket.emit({ event: 'new_message', message: msg(4), client_id: null });
    expect(received.map((e) => e.message.seq)).toEqual([3]);
    expect(states).toEqual([3]);
    expect(joined).toEqual(['Carol']);
    expect(seqs(r.getState().messages)).toEqual([1, 2, 3, 4]);
    await expect(vi.runOnlyPendingTimersAsync()).rejects.toThrow('a listener bug');
  });

  it('tracks presence and typing', async () => {
    const r = openRoom();
    const socket = await connected(0);
    expect(r.getState().onlineUsers.map((u) => u.id)).toEqual(['alice', 'bob']);
    socket.emit({ event: 'user_joined', user: { id: 'carol', username: 'Carol' } });
    socket.emit({ event: 'typing', user: bob, is_typing: true });
    expect(Object.keys(r.getState().typing)).toEqual(['bob']);
    socket.emit({ event: 'user_left', user: bob });
    expect(r.getState().onlineUsers.map((u) => u.id)).toEqual(['alice', 'carol']);
    expect(r.getState().typing).toEqual({});
  });

  it('notifies state listeners on every change until unsubscribed', async () => {
    const r = openRoom();
    let changes = 0;
    const off = r.subscribe(() => { changes += 1; });
    const socket = await connected(0);
    expect(changes).toBe(1);
    socket.emit({ event: 'pong' });
    expect(changes).toBe(1);
    off();
    socket.emit({ event: 'new_message', message: msg(3), client_id: null });
    expect(changes).toBe(1);
  });
});

describe('typing, history and read markers', () => {
  it('sends typing true at most every two seconds and false once', async () => {
    const r = openRoom();
    const socket = await connected(0);
    r.setTyping(true);
    r.setTyping(true);
    r.setTyping(false);
    r.setTyping(false);
    r.setTyping(true);
    expect(socket.frames('typing').map((f) => f.is_typing)).toEqual([true, false, true]);
    await vi.advanceTimersByTimeAsync(2000);
    r.setTyping(true);
    expect(socket.frames('typing').map((f) => f.is_typing)).toEqual([true, false, true, true]);
  });

  it('asks for older history once at a time', async () => {
    const r = openRoom();
    const socket = await connected(0, roomState([msg(51), msg(52)]));
    r.loadOlder();
    r.loadOlder();
    expect(socket.frames('request_history')).toEqual([{ type: 'request_history', before_seq: 51, limit: 50 }]);
    socket.emit({ event: 'message_history', messages: [msg(49), msg(50)], has_more: false });
    expect(seqs(r.getState().messages)).toEqual([49, 50, 51, 52]);
    r.loadOlder();
    expect(socket.frames('request_history')).toHaveLength(1);
  });

  it('asks for the history page again once a rate-limit countdown ends, not before', async () => {
    const r = openRoom();
    const socket = await connected(0, roomState([msg(51), msg(52)]));
    r.loadOlder();
    socket.emit({ event: 'error', code: 'rate_limited', message: 'slow down', client_id: null, retry_after_ms: 1000 });
    expect(r.getState().loadingHistory).toBe(false);
    r.loadOlder();
    expect(socket.frames('request_history')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(socket.frames('request_history')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.frames('request_history')).toEqual([
      { type: 'request_history', before_seq: 51, limit: 50 },
      { type: 'request_history', before_seq: 51, limit: 50 },
    ]);
  });

  it('marks read only forward', async () => {
    const r = openRoom();
    const socket = await connected(0, roomState([msg(1), msg(2)], { room: room({ last_read_seq: 1, unread_count: 1 }) }));
    r.markRead(2);
    r.markRead(2);
    r.markRead(1);
    expect(socket.frames('mark_read')).toEqual([{ type: 'mark_read', seq: 2 }]);
    expect(r.getState().room?.unread_count).toBe(0);
  });

  it('edits, reacts and moderates over REST and shows the result at once', async () => {
    const edited: Message = msg(2, alice, 'edited', { edited_at: '2026-01-01T13:00:00.000Z' });
    h = harness({}, fakeServer({
      [`PATCH /community/rooms/${ROOM_ID}/messages/m-2/`]: [200, edited],
      [`POST /community/rooms/${ROOM_ID}/messages/m-1/react/`]: [200, { reaction_counts: { '👍': 1 } }],
      [`DELETE /community/rooms/${ROOM_ID}/messages/m-1/react/?emoji=%F0%9F%91%8D`]: [200, { reaction_counts: {} }],
      [`POST /community/rooms/${ROOM_ID}/moderation/`]: [201, { id: 'a-1', action: 'hide' }],
    }));
    const r = openRoom();
    await connected(0);
    await r.editMessage('m-2', 'edited');
    await r.react('m-1', '👍');
    expect(r.getState().messages.map((m) => [m.content, m.reaction_counts])).toEqual([['message 1', { '👍': 1 }], ['edited', {}]]);
    await r.unreact('m-1', '👍');
    expect(r.getState().messages[0].reaction_counts).toEqual({});
    await expect(r.moderate({ action: 'hide', message_id: 'm-2', reason: 'spam' })).resolves.toMatchObject({ id: 'a-1' });
  });
});
