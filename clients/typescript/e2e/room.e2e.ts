/**
 * The client against the real server: connect, send, receive, presence and typing, resume after a server restart
 * with every message exactly once, a fresh access token handed to the open socket (refresh), and a reconnect with a
 * fresh one after the old one ran out (4401).
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommunityClient } from '../src/client.js';
import type { AccessTokenRequest } from '../src/accessToken.js';
import type { RoomClient } from '../src/room.js';
import type { Message, ServerEvent } from '../src/wire.js';
import { expectWireShapes, recordEvents } from './wire.js';
import { accessToken, missingPieces, ServerProcess } from './server.js';

const missing = missingPieces();
const WAIT = { timeout: 30_000, interval: 50 };

describe.skipIf(missing.length > 0)('a room against the real server', () => {
  let server: ServerProcess;
  const rooms: RoomClient[] = [];

  beforeAll(async () => {
    server = await ServerProcess.start(['--limits.rate_messages=1000']);
  });

  afterAll(async () => {
    for (const room of rooms) room.close();
    await server?.close();
  });

  function open(c: CommunityClient, id: string): { room: RoomClient; events: ServerEvent[] } {
    const room = c.openRoom(id);
    rooms.push(room);
    return { room, events: recordEvents(room) };
  }

  const texts = (room: RoomClient) => room.getState().messages.map((m) => m.content);
  const ids = (users: { id: string }[]) => users.map((u) => u.id);

  it('connects, sends and receives, with presence, typing and live REST changes', async () => {
    const general = server.forums.general;
    const bob = open(server.client('bob'), general);
    await bob.room.ready();
    const alice = open(server.client('alice', { user: { id: 'alice', username: 'alice' } }), general);
    const room = await alice.room.ready();
    expect(room).toMatchObject({ id: general, slug: 'general', room_type: 'forum', my_role: 'member' });
    expect(ids(alice.room.getState().onlineUsers)).toEqual(['alice', 'bob']);
    await vi.waitFor(() => expect(ids(bob.room.getState().onlineUsers)).toEqual(['alice', 'bob']), WAIT);

    alice.room.setTyping(true);
    await vi.waitFor(() => expect(Object.keys(bob.room.getState().typing)).toEqual(['alice']), WAIT);

    const stored = await alice.room.send('hello @bob', { mentions: ['bob'], clientId: 'hello-1' });
    expect(stored).toMatchObject({ content: 'hello @bob', author: { id: 'alice' }, mentions: ['bob'], message_type: 'text' });
    await vi.waitFor(() => expect(texts(bob.room)).toContain('hello @bob'), WAIT);
    await vi.waitFor(() => expect(bob.room.getState().typing).toEqual({}), WAIT);
    const live = (events: ServerEvent[]) => events.filter((e) => e.event === 'new_message' && e.message.id === stored.id);
    expect(live(alice.events)).toEqual([{ event: 'new_message', message: stored, client_id: 'hello-1' }]);
    expect(live(bob.events)).toEqual([{ event: 'new_message', message: stored, client_id: null }]);

    // A reply from bob, a reaction and an edit made over REST reach both sockets.
    const reply = await bob.room.send('hi alice', { replyToId: stored.id });
    expect(reply.reply_to_id).toBe(stored.id);
    await bob.room.react(stored.id, '👍');
    await alice.room.editMessage(stored.id, 'hello @bob, edited');
    await vi.waitFor(() => {
      for (const r of [alice.room, bob.room]) {
        const held = r.getState().messages.find((m) => m.id === stored.id);
        expect(held).toMatchObject({ content: 'hello @bob, edited', reaction_counts: { '👍': 1 } });
        expect(held?.edited_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    }, WAIT);
    await vi.waitFor(() => expect(texts(alice.room)).toContain('hi alice'), WAIT);

    alice.room.markRead(reply.seq);
    expect(alice.room.getState().room?.last_read_seq).toBe(reply.seq);

    alice.room.close();
    await vi.waitFor(() => expect(ids(bob.room.getState().onlineUsers)).toEqual(['bob']), WAIT);
    expect(bob.events.map((e) => e.event)).toEqual(expect.arrayContaining(
      ['room_state', 'user_joined', 'typing', 'new_message', 'reactions_updated', 'message_updated', 'user_left']));
    expectWireShapes(alice.events);
    expectWireShapes(bob.events);
  });

  it('pages older history over the socket, before the 50 newest of room_state', async () => {
    const staff = server.client('sam', { getAccessToken: () => accessToken('sam', { staff: true }) });
    const { id } = await staff.api.createRoom({ name: 'History' });
    for (let i = 1; i <= 60; i++) await staff.api.postMessage(id, { content: `history ${i}` });
    const reader = open(server.client('ivan'), id);
    await reader.room.ready();
    expect(reader.room.getState()).toMatchObject({ hasMore: true, lastSeq: 60 });
    expect(texts(reader.room)).toEqual(Array.from({ length: 50 }, (_, i) => `history ${i + 11}`));
    reader.room.loadOlder();
    await vi.waitFor(() => expect(reader.room.getState().loadingHistory).toBe(false), WAIT);
    expect(texts(reader.room)).toEqual(Array.from({ length: 60 }, (_, i) => `history ${i + 1}`));
    expect(reader.room.getState().hasMore).toBe(false);
    expect(reader.events.map((e) => e.event)).toEqual(['room_state', 'message_history']);
    expectWireShapes(reader.events);
  });

  it('after a server restart resumes with since_seq and holds every message exactly once', async () => {
    const random = server.forums.random;
    // Alice's way back is held (her token provider waits) until Bob has posted, so she must catch up on a
    // message she never saw live, and resend one the server never got.
    let release: () => void = () => undefined;
    let held: Promise<void> | null = null;
    const urls: string[] = [];
    const aliceClient = server.client('alice', {
      getAccessToken: async () => {
        if (held) await held;
        return accessToken('alice');
      },
      createSocket: (url) => {
        urls.push(url);
        return new WebSocket(url) as never;
      },
    });
    const alice = open(aliceClient, random);
    const bob = open(server.client('bob'), random);
    await Promise.all([alice.room.ready(), bob.room.ready()]);

    const before = await alice.room.send('before the restart');
    await vi.waitFor(() => expect(texts(bob.room)).toContain('before the restart'), WAIT);

    held = new Promise((resolve) => {
      release = resolve;
    });
    await server.stop();
    await vi.waitFor(() => {
      expect(alice.room.getState().status).toBe('reconnecting');
      expect(bob.room.getState().status).toBe('reconnecting');
    }, WAIT);
    const whileDown = alice.room.send('sent while the server was down');
    expect(alice.room.getState().outbox.map((o) => o.content)).toEqual(['sent while the server was down']);

    await server.start();
    await vi.waitFor(() => expect(bob.room.getState().status).toBe('open'), WAIT);
    const away = await bob.room.send('posted while alice was away');
    expect(alice.room.getState().status).toBe('reconnecting');
    release();
    held = null;

    const resent = await whileDown;
    await vi.waitFor(() => expect(texts(bob.room)).toContain('sent while the server was down'), WAIT);
    expect(urls.at(-1)).toContain(`since_seq=${before.seq}`);
    const expected = ['before the restart', 'posted while alice was away', 'sent while the server was down'];
    for (const r of [alice.room, bob.room]) {
      const state = r.getState();
      expect(state.status).toBe('open');
      expect(state.outbox).toEqual([]);
      expect(texts(r).filter((t) => expected.includes(t))).toEqual(expected);
      const seqs = state.messages.map((m) => m.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
    }
    expect([before.seq, away.seq, resent.seq]).toEqual([before.seq, before.seq + 1, before.seq + 2]);
    // Stored once each, whatever was resent.
    const storedTexts = (await aliceClient.api.listMessages(random, { limit: 100 })).results.map((m: Message) => m.content);
    for (const text of expected) expect(storedTexts.filter((t) => t === text)).toHaveLength(1);
    expectWireShapes(alice.events);
    expectWireShapes(bob.events);
  });

  it('hands the open socket a fresh access token before its own runs out, without reconnecting', async () => {
    const asked: AccessTokenRequest[] = [];
    const closes: number[] = [];
    const frank = open(server.client('frank', {
      getAccessToken: (request) => {
        asked.push(request);
        // The first token lives two or three seconds (exp is in whole seconds); the refreshed one an hour.
        return accessToken('frank', { expiresInSeconds: request.reason === 'refresh' ? 3600 : 3 });
      },
      createSocket: (url) => {
        const socket = new WebSocket(url);
        socket.addEventListener('close', (event) => closes.push(event.code));
        return socket as never;
      },
    }), server.forums.general);
    await frank.room.ready();
    await vi.waitFor(() => expect(frank.events.some((e) => e.event === 'token_refreshed')).toBe(true), WAIT);
    const state = frank.events.find((e) => e.event === 'room_state');
    const firstEnd = Date.parse(state && state.event === 'room_state' ? state.token_expires_at ?? '' : '');
    expect(firstEnd).toBeGreaterThan(0);
    expect(asked).toEqual([{ reason: 'connect', forceRefresh: false }, { reason: 'refresh', forceRefresh: true }]);
    // The socket outlives its first token: once the clock is past that token's end, it is still the same socket.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(firstEnd + 500), WAIT);
    expect(closes).toEqual([]);
    expect(frank.events.filter((e) => e.event === 'room_state')).toHaveLength(1);
    await expect(frank.room.send('still here, refreshed in place')).resolves.toMatchObject({ author: { id: 'frank' } });
    expectWireShapes(frank.events);
  });

  it('when the provider has nothing newer, the socket closes 4401 at its end and reconnects with a fresh token', async () => {
    const asked: AccessTokenRequest[] = [];
    const closes: number[] = [];
    let first: string | null = null;
    const dave = open(server.client('dave', {
      getAccessToken: (request) => {
        asked.push(request);
        // The first token lives two or three seconds (exp is in whole seconds); asked to refresh, the provider has
        // nothing newer (the same token); after the 4401 it has one that lives an hour.
        if (request.forceRefresh && request.reason === 'connect') return accessToken('dave', { expiresInSeconds: 3600 });
        first ??= accessToken('dave', { expiresInSeconds: 3 });
        return first;
      },
      createSocket: (url) => {
        const socket = new WebSocket(url);
        socket.addEventListener('close', (event) => closes.push(event.code));
        return socket as never;
      },
    }), server.forums.general);
    await dave.room.ready();
    await vi.waitFor(() => expect(dave.events.filter((e) => e.event === 'room_state')).toHaveLength(2), WAIT);
    expect(closes).toEqual([4401]);
    expect(asked).toEqual([{ reason: 'connect', forceRefresh: false }, { reason: 'refresh', forceRefresh: true },
      { reason: 'connect', forceRefresh: true }]);
    expect(dave.room.getState().status).toBe('open');
    await expect(dave.room.send('still here with a fresh token')).resolves.toMatchObject({ author: { id: 'dave' } });
    expectWireShapes(dave.events);
  });

  it('stops for good when banned, and explains a refused upgrade', async () => {
    const staff = server.client('sam', { getAccessToken: () => accessToken('sam', { staff: true }) });
    const erin = open(server.client('erin'), server.forums.general);
    await erin.room.ready();
    await staff.api.moderate(server.forums.general, { action: 'ban', target_user_id: 'erin', reason: 'test' });
    await vi.waitFor(() => expect(erin.room.getState().fatal).toMatchObject({ code: 'banned' }), WAIT);
    const again = open(server.client('erin'), server.forums.general);
    await expect(again.room.ready()).rejects.toThrow('You may not enter this room.');
    expect(again.room.getState().fatal).toMatchObject({ code: 'forbidden' });
    const nowhere = open(server.client('erin'), '0190f0c5-0000-7000-8000-00000000dead');
    await expect(nowhere.room.ready()).rejects.toThrow('There is no such room.');
  });
});
