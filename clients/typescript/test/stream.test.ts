import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from '../src/backoff.js';
import { refreshDelay } from '../src/connection.js';
import { SendError } from '../src/errors.js';
import type { RoomClient } from '../src/room.js';
import type { StreamClient } from '../src/stream.js';
import { CloseCode, type Message, type ServerEvent } from '../src/wire.js';
import { alice, bob, FakeSocket, harness, msg, room, ROOM_ID, roomState, seqs, stubWindowEvents, type Harness } from './fakes.js';

const DM_ID = '0190f0c5-0000-7000-8000-000000000022';
const flush = () => vi.advanceTimersByTimeAsync(0);

let h: Harness;
let stream: StreamClient;

function readyEvent(extra: Partial<Extract<ServerEvent, { event: 'ready' }>> = {}): ServerEvent {
  return {
    event: 'ready',
    user: alice,
    max_subscriptions: 100,
    rooms: [
      { room: room({ unread_count: 1 }), last_seq: 2 },
      { room: room({ id: DM_ID, room_type: 'dm' }), last_seq: 4, online_users: [bob] },
    ],
    ...extra,
  };
}

/** Waits for stream socket `index`, opens it and sends ready. */
async function streamOpen(index: number, ready: ServerEvent = readyEvent()): Promise<FakeSocket> {
  await flush();
  expect(h.sockets).toHaveLength(index + 1);
  const socket = h.sockets[index];
  socket.open();
  socket.emit(ready);
  return socket;
}

/** A room's event as the stream sends it: named by the room. */
function inRoom(event: ServerEvent, roomId = ROOM_ID): ServerEvent {
  return { ...event, room_id: roomId } as ServerEvent;
}

beforeEach(() => {
  vi.useFakeTimers();
  h = harness();
  stream = h.client.openStream();
});

afterEach(() => {
  stream.close();
  vi.useRealTimers();
});

describe('the user stream', () => {
  it('connects to the stream endpoint with a connection token and takes ready into its state', async () => {
    expect(stream.getState().status).toBe('connecting');
    const ready = stream.ready();
    const socket = await streamOpen(0);
    expect(h.server.calls).toEqual(['POST /auth/ws-connection-token/']);
    expect(socket.url).toBe('ws://chat.test/ws/community/stream/?connection_token=ct-1');
    await expect(ready).resolves.toMatchObject({ ready: true, me: alice, status: 'open', order: [ROOM_ID, DM_ID] });
    expect(stream.getState().rooms[DM_ID].onlineUsers).toEqual([bob]);
  });

  it('keeps badges live from user-level events and tells listeners', async () => {
    const socket = await streamOpen(0);
    const mentioned: Message[] = [];
    stream.on('mentioned', (e) => mentioned.push(e.message));
    const changes = vi.fn();
    stream.subscribe(changes);
    socket.emit({ event: 'room_activity', room_id: ROOM_ID, last_seq: 5, unread_count: 3, unread_mentions: 1 });
    socket.emit({ event: 'mentioned', room_id: ROOM_ID, message: msg(5) });
    socket.emit({ event: 'room_added', room: { room: room({ id: 'new-dm', room_type: 'dm' }), last_seq: 1 } });
    const state = stream.getState();
    expect(state.rooms[ROOM_ID].room).toMatchObject({ unread_count: 3, unread_mentions: 1 });
    expect(state.order).toEqual([ROOM_ID, DM_ID, 'new-dm']);
    expect(seqs(mentioned)).toEqual([5]);
    expect(changes).toHaveBeenCalledTimes(3);
  });

  it('subscribes a room once ready, routes its events by room_id and names the room in its frames', async () => {
    const r = stream.openRoom(ROOM_ID);
    const socket = await streamOpen(0);
    expect(socket.frames('subscribe')).toEqual([{ type: 'subscribe', room_id: ROOM_ID }]);
    socket.emit(inRoom(roomState()));
    await expect(r.ready()).resolves.toMatchObject({ id: ROOM_ID });
    socket.emit(inRoom({ event: 'new_message', message: msg(3), client_id: null }));
    socket.emit(inRoom({ event: 'new_message', message: msg(1, bob, 'elsewhere', { room_id: DM_ID }), client_id: null }, DM_ID));
    expect(seqs(r.getState().messages)).toEqual([1, 2, 3]);
    r.setTyping(true);
    r.markRead(3);
    r.loadOlder();
    expect(socket.sent.filter((f) => f.type !== 'subscribe')).toEqual([
      { type: 'typing', is_typing: true, room_id: ROOM_ID },
      { type: 'mark_read', seq: 3, room_id: ROOM_ID },
      { type: 'request_history', before_seq: 1, limit: 50, room_id: ROOM_ID },
    ]);
    // the stream's own mark_read is not echoed: its badge clears here
    expect(stream.getState().rooms[ROOM_ID].room).toMatchObject({ last_read_seq: 3, unread_count: 0 });
  });

  it('sends nothing about a room before its room_state on the socket open now', async () => {
    const r = stream.openRoom(ROOM_ID);
    const socket = await streamOpen(0);
    const clientId = r.sendMessage('early');
    r.setTyping(true);
    expect(socket.frames('send_message')).toEqual([]);
    expect(socket.frames('typing')).toEqual([]);
    socket.emit(inRoom(roomState()));
    expect(socket.frames('send_message')).toEqual([{ type: 'send_message', content: 'early', client_id: clientId, room_id: ROOM_ID }]);
  });

  it('unsubscribes a closed room, and its late answer does not end a newer subscription', async () => {
    const first = stream.openRoom(ROOM_ID);
    const socket = await streamOpen(0);
    socket.emit(inRoom(roomState()));
    first.close();
    expect(socket.frames('unsubscribe')).toEqual([{ type: 'unsubscribe', room_id: ROOM_ID }]);
    expect(stream.getState().subscriptions).toEqual({});
    const second = stream.openRoom(ROOM_ID);
    expect(socket.frames('subscribe')).toHaveLength(2);
    socket.emit({ event: 'unsubscribed', room_id: ROOM_ID });
    expect(stream.getState().subscriptions).toEqual({ [ROOM_ID]: null });
    socket.emit(inRoom(roomState([msg(1), msg(2), msg(3)])));
    expect(seqs(second.getState().messages)).toEqual([1, 2, 3]);
    expect(stream.getState().subscriptions).toEqual({ [ROOM_ID]: 3 });
  });

  it('reconnects after a jittered pause, resumes every subscribed room with its own since_seq and resends unacknowledged sends', async () => {
    const general = stream.openRoom(ROOM_ID);
    const dm = stream.openRoom(DM_ID);
    const first = await streamOpen(0);
    first.emit(inRoom(roomState()));
    first.emit(inRoom(roomState([msg(4, bob, 'dm', { room_id: DM_ID })]), DM_ID));
    const sent = general.send('are you there?', { clientId: 'c-1' });
    expect(first.frames('send_message')).toEqual([{ type: 'send_message', content: 'are you there?', client_id: 'c-1', room_id: ROOM_ID }]);

    first.serverClose(CloseCode.GOING_AWAY);
    expect(stream.getState()).toMatchObject({ status: 'reconnecting', reconnectAttempt: 1 });
    expect(general.getState().status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(backoffDelay(1, () => 0.5) - 1);
    expect(h.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const second = await streamOpen(1);
    expect(second.frames('subscribe')).toEqual([
      { type: 'subscribe', room_id: ROOM_ID, since_seq: 2 },
      { type: 'subscribe', room_id: DM_ID, since_seq: 4 },
    ]);
    // the send waits for its room's resumed room_state, then goes out again with the same client_id
    expect(second.frames('send_message')).toEqual([]);
    second.emit(inRoom(roomState([msg(2), msg(3)], { last_seq: 3 })));
    expect(second.frames('send_message')).toEqual([{ type: 'send_message', content: 'are you there?', client_id: 'c-1', room_id: ROOM_ID }]);
    const stored = msg(4, alice, 'are you there?');
    second.emit(inRoom({ event: 'new_message', message: stored, client_id: 'c-1' }));
    await expect(sent).resolves.toEqual(stored);
    expect(seqs(general.getState().messages)).toEqual([1, 2, 3, 4]);
    expect(general.getState().outbox).toEqual([]);
    expect(dm.getState().status).toBe('reconnecting');
  });

  it('hands the open stream a fresh access token before its own runs out', async () => {
    const expires = new Date(Date.now() + 600_000).toISOString();
    const socket = await streamOpen(0, readyEvent({ token_expires_at: expires }));
    await vi.advanceTimersByTimeAsync(refreshDelay(Date.parse(expires), Date.now()));
    expect(socket.frames('refresh')).toEqual([{ type: 'refresh', token: 'access-token' }]);
  });

  it('ends a subscription the server ended: a ban, a refused subscribe', async () => {
    const general = stream.openRoom(ROOM_ID);
    const dm = stream.openRoom(DM_ID);
    const socket = await streamOpen(0);
    socket.emit(inRoom(roomState()));
    const pending = general.send('hello');
    socket.emit({ event: 'room_removed', room_id: ROOM_ID, reason: 'banned' });
    await expect(pending).rejects.toEqual(new SendError('banned', 'You were banned or removed from this room.', expect.any(String) as unknown as string));
    expect(general.getState().fatal).toEqual({ code: 'banned', message: 'You were banned or removed from this room.' });
    socket.emit(inRoom({ event: 'error', code: 'forbidden', message: 'you may not access this room', client_id: null }, DM_ID));
    expect(dm.getState().fatal).toEqual({ code: 'forbidden', message: 'you may not access this room' });
    expect(stream.getState().subscriptions).toEqual({});
    expect(stream.getState().status).toBe('open');
  });

  it('asks again after a pause when storage did not answer a subscribe', async () => {
    const general = stream.openRoom(ROOM_ID);
    const socket = await streamOpen(0);
    socket.emit(inRoom({ event: 'error', code: 'unavailable', message: 'storage is unavailable; retry', client_id: null }));
    expect(general.getState().status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(backoffDelay(1, () => 0.5));
    expect(socket.frames('subscribe')).toEqual([
      { type: 'subscribe', room_id: ROOM_ID },
      { type: 'subscribe', room_id: ROOM_ID },
    ]);
    socket.emit(inRoom(roomState()));
    expect(general.getState().status).toBe('open');
  });

  it('stops for good when the access token is refused, and closes its rooms', async () => {
    h.client.api.connectionToken = async () => {
      const { ApiError } = await import('../src/errors.js');
      throw new ApiError(401, 'unauthorized', 'no');
    };
    const again = h.client.openStream();
    const ready = again.ready().catch((e: unknown) => e);
    const r: RoomClient = again.openRoom(ROOM_ID);
    await flush();
    expect(await ready).toMatchObject({ message: 'The server refused the access token.' });
    expect(again.getState()).toMatchObject({ status: 'closed', fatal: { code: 'unauthorized' } });
    expect(r.getState().fatal).toMatchObject({ code: 'unauthorized' });
    again.close();
  });

  it('reconnects at once when the device comes back online, and stops listening once closed', async () => {
    const listeners = stubWindowEvents();
    const again = h.client.openStream();
    await streamOpen(1);
    h.sockets[1].serverClose(CloseCode.GOING_AWAY);
    await flush();
    expect(again.getState().status).toBe('reconnecting');
    expect(h.sockets).toHaveLength(2);
    listeners.get('online')?.();
    await flush();
    expect(h.sockets).toHaveLength(3);
    again.close();
    expect(listeners.size).toBe(0);
    vi.unstubAllGlobals();
  });

  it('closing the stream before ready rejects what waits for it', async () => {
    const ready = stream.ready().catch((e: unknown) => e);
    await flush();
    stream.close();
    expect(await ready).toMatchObject({ message: 'the stream was closed' });
  });

  it('closing the stream closes its socket and its rooms', async () => {
    const r = stream.openRoom(ROOM_ID);
    const socket = await streamOpen(0);
    stream.close();
    expect(socket.closedByClient).toBe(CloseCode.NORMAL);
    expect(r.getState().fatal).toMatchObject({ code: 'network' });
    expect(stream.getState().status).toBe('closed');
  });
});
