/**
 * The user stream against the real server: ready and live badges of every room without subscribing, a DM arriving
 * live, rooms opened as subscriptions on the one socket (switching unsubscribes), a ban ending a subscription, and
 * after a server restart every subscribed room resumed (one since_seq each) with every message exactly once and a
 * send made while the server was down stored once.
 */
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommunityClient, CommunityClientOptions } from '../src/client.js';
import type { RoomClient } from '../src/room.js';
import type { StreamClient } from '../src/stream.js';
import type { Message, StreamFrame } from '../src/wire.js';
import { accessToken, missingPieces, ServerProcess } from './server.js';

const missing = missingPieces();
const WAIT = { timeout: 30_000, interval: 50 };

describe.skipIf(missing.length > 0)('the user stream against the real server', () => {
  let server: ServerProcess;
  const streams: StreamClient[] = [];

  beforeAll(async () => {
    server = await ServerProcess.start(['--limits.rate_messages=1000']);
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    await server?.close();
  });

  /** A stream whose sockets are counted and whose frames are recorded. */
  function openStream(c: CommunityClient, sockets: { urls: string[]; frames: StreamFrame[] } = { urls: [], frames: [] }) {
    return { stream: track(c.openStream()), sockets };
  }

  function track(stream: StreamClient): StreamClient {
    streams.push(stream);
    return stream;
  }

  function recording(user: string, extra: Partial<CommunityClientOptions> = {}) {
    const sockets = { urls: [] as string[], frames: [] as StreamFrame[] };
    const c = server.client(user, {
      ...extra,
      createSocket: (url) => {
        sockets.urls.push(url);
        const socket = new WebSocket(url);
        const send = socket.send.bind(socket);
        socket.send = ((data: string) => {
          sockets.frames.push(JSON.parse(data) as StreamFrame);
          send(data);
        }) as typeof socket.send;
        return socket as never;
      },
    });
    return { c, sockets };
  }

  const texts = (room: RoomClient) => room.getState().messages.map((m) => m.content);

  it('tells every room\'s activity and mentions without subscribing, and a new DM live', async () => {
    const general = server.forums.general;
    const bob = server.client('bob');
    const carol = server.client('carol');
    await carol.api.postMessage(general, { content: 'carol is here' });
    await bob.api.postMessage(general, { content: 'bob too' });
    const { stream } = openStream(carol);
    const ready = await stream.ready();
    expect(ready.me).toMatchObject({ id: 'carol' });
    expect(ready.rooms[general].room).toMatchObject({ my_role: 'member', unread_count: 1 });

    const mentioned: Message[] = [];
    stream.on('mentioned', (e) => mentioned.push(e.message));
    const hello = await bob.api.postMessage(general, { content: 'hi @carol', mentions: ['carol'] });
    await vi.waitFor(() => {
      expect(stream.getState().rooms[general].room).toMatchObject({ unread_count: 2, unread_mentions: 1 });
      expect(stream.getState().rooms[general].lastSeq).toBe(hello.seq);
    }, WAIT);
    expect(mentioned.map((m) => m.id)).toEqual([hello.id]);

    const dm = await bob.api.openDm(['carol']);
    await vi.waitFor(() => expect(stream.getState().rooms[dm.id]?.room.room_type).toBe('dm'), WAIT);

    // a public forum joined by a first post over REST is one of mine at once (1.8)
    const random = server.forums.random;
    await carol.api.postMessage(random, { content: 'first words in random' });
    await vi.waitFor(() => expect(stream.getState().rooms[random]?.room.my_role).toBe('member'), WAIT);
  });

  it('opens rooms as subscriptions on its one socket, switching by unsubscribe and subscribe', async () => {
    const { c, sockets } = recording('dora');
    const { stream } = openStream(c, sockets);
    await stream.ready();
    const general = stream.openRoom(server.forums.general);
    await general.ready();
    const sent = await general.send('dora on the stream', { clientId: 'dora-1' });
    expect(sent).toMatchObject({ content: 'dora on the stream', author: { id: 'dora' } });
    general.markRead(sent.seq);
    general.close();
    const random = stream.openRoom(server.forums.random);
    await random.ready();
    expect(sockets.urls).toHaveLength(1);
    expect(sockets.frames.filter((f) => f.type === 'subscribe' || f.type === 'unsubscribe')).toEqual([
      { type: 'subscribe', room_id: server.forums.general },
      { type: 'unsubscribe', room_id: server.forums.general },
      { type: 'subscribe', room_id: server.forums.random },
    ]);
    await vi.waitFor(() => expect(stream.getState().subscriptions).toEqual({ [server.forums.random]: expect.any(Number) }), WAIT);
  });

  it('ends a subscription on a ban and keeps the stream open', async () => {
    const staff = server.client('sam', { getAccessToken: () => accessToken('sam', { staff: true }) });
    const { id } = await staff.api.createRoom({ name: 'Strict' });
    const { stream } = openStream(server.client('erin'));
    await stream.ready();
    const strict = stream.openRoom(id);
    await strict.ready();
    await staff.api.moderate(id, { action: 'ban', target_user_id: 'erin', reason: 'test' });
    await vi.waitFor(() => expect(strict.getState().fatal).toMatchObject({ code: 'banned' }), WAIT);
    expect(stream.getState().rooms[id]).toBeUndefined();
    expect(stream.getState().status).toBe('open');
  });

  it('after a server restart resumes every subscribed room with every message exactly once', async () => {
    const general = server.forums.general;
    const bob = server.client('bob');
    // a DM names someone the server has seen (1.9): frida joins a forum first
    await server.client('frida').api.joinRoom(general);
    const dm = await bob.api.openDm(['frida']);
    let release: () => void = () => undefined;
    let held: Promise<void> | null = null;
    const { c, sockets } = recording('frida', {
      getAccessToken: async () => {
        if (held) await held;
        return accessToken('frida');
      },
    });
    const { stream } = openStream(c, sockets);
    await stream.ready();
    const rooms = { general: stream.openRoom(general), dm: stream.openRoom(dm.id) };
    await Promise.all([rooms.general.ready(), rooms.dm.ready()]);
    const before = await rooms.general.send('before the restart');
    const dmBefore = await bob.api.postMessage(dm.id, { content: 'dm before' });
    await vi.waitFor(() => expect(texts(rooms.dm)).toContain('dm before'), WAIT);

    held = new Promise((resolve) => {
      release = resolve;
    });
    await server.stop();
    await vi.waitFor(() => expect(stream.getState().status).toBe('reconnecting'), WAIT);
    const whileDown = rooms.general.send('sent while the server was down');
    await server.start();
    const away = await bob.api.postMessage(general, { content: 'posted while frida was away' });
    const dmAway = await bob.api.postMessage(dm.id, { content: 'dm while away' });
    release();
    held = null;

    const resent = await whileDown;
    await vi.waitFor(() => {
      expect(texts(rooms.general)).toContain('posted while frida was away');
      expect(texts(rooms.dm)).toContain('dm while away');
    }, WAIT);
    expect(sockets.urls).toHaveLength(2);
    const resumes = sockets.frames.filter((f) => f.type === 'subscribe').slice(2);
    expect(resumes).toEqual(expect.arrayContaining([
      { type: 'subscribe', room_id: general, since_seq: before.seq },
      { type: 'subscribe', room_id: dm.id, since_seq: dmBefore.seq },
    ]));
    expect(resumes).toHaveLength(2);
    const expected = ['before the restart', 'posted while frida was away', 'sent while the server was down'];
    expect(texts(rooms.general).filter((t) => expected.includes(t))).toEqual(expected);
    expect(texts(rooms.dm).filter((t) => t.startsWith('dm '))).toEqual(['dm before', 'dm while away']);
    for (const r of [rooms.general, rooms.dm]) {
      const seqs = r.getState().messages.map((m) => m.seq);
      expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      expect(r.getState().outbox).toEqual([]);
    }
    expect([away.seq, resent.seq]).toEqual([before.seq + 1, before.seq + 2]);
    expect(dmAway.seq).toBe(dmBefore.seq + 1);
    const stored = (await c.api.listMessages(general, { limit: 100 })).results.map((m: Message) => m.content);
    for (const text of expected) expect(stored.filter((t) => t === text)).toHaveLength(1);
  });
});
