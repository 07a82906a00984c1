// @vitest-environment jsdom
import { act, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommunityProvider, useCommunityClient, useCommunityRoom, useCommunityStream } from '../src/react/index.js';
import { DEFAULT_BACKOFF } from '../src/backoff.js';
import { CloseCode } from '../src/wire.js';
import { alice, fakeServer, harness, msg, room, ROOM_ID, roomState, seqs, type Harness } from './fakes.js';

let h: Harness;

function setup(server = fakeServer(), roomId: string | null = ROOM_ID) {
  h = harness({}, server);
  const wrapper = ({ children }: { children: ReactNode }) => <CommunityProvider client={h.client}>{children}</CommunityProvider>;
  return renderHook(({ id }) => useCommunityRoom(id), { wrapper, initialProps: { id: roomId } });
}

async function connected(index = 0) {
  await waitFor(() => expect(h.sockets.length).toBeGreaterThan(index));
  const socket = h.sockets[index];
  act(() => socket.open());
  return socket;
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('useCommunityRoom', () => {
  it('gives the seed\'s {messages, sendMessage, onlineUsers, isConnected} once room_state arrives', async () => {
    const { result } = setup();
    expect(result.current.isConnected).toBe(false);
    const socket = await connected();
    expect(socket.url).toBe(`ws://chat.test/ws/community/room/${ROOM_ID}/?connection_token=ct-1`);
    act(() => socket.emit(roomState()));
    expect(result.current.isConnected).toBe(true);
    expect(seqs(result.current.messages)).toEqual([1, 2]);
    expect(result.current.onlineUsers.map((u) => u.id)).toEqual(['alice', 'bob']);
    expect(result.current.room?.name).toBe('general');
  });

  it('shows my message at once and settles it by the ack with its client_id', async () => {
    const { result } = setup();
    const socket = await connected();
    act(() => socket.emit(roomState()));
    let clientId: string | null = null;
    act(() => {
      clientId = result.current.sendMessage('  hello @bob  ', { mentions: ['bob'] });
    });
    expect(result.current.messages.at(-1)).toMatchObject({ content: 'hello @bob', pending: 'sending', client_id: clientId, author: alice });
    expect(socket.frames('send_message')).toEqual([{ type: 'send_message', content: 'hello @bob', client_id: clientId, mentions: ['bob'] }]);
    act(() => socket.emit({ event: 'new_message', message: msg(3, alice, 'hello @bob'), client_id: clientId }));
    expect(result.current.messages.map((m) => [m.seq, m.pending])).toEqual([[1, undefined], [2, undefined], [3, undefined]]);
    expect(result.current.sendMessage('   ')).toBeNull();
  });

  it('after the server goes away resumes with since_seq, resends once, and shows every message once', async () => {
    const { result } = setup();
    const first = await connected();
    act(() => first.emit(roomState([msg(1), msg(2), msg(3)])));
    let clientId: string | null = null;
    act(() => {
      clientId = result.current.sendMessage('are you there?');
    });
    act(() => first.serverClose(CloseCode.GOING_AWAY));
    expect(result.current.status).toBe('reconnecting');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(DEFAULT_BACKOFF.maxMs);
    });
    const second = await connected(1);
    expect(second.url).toContain('since_seq=3');
    act(() => second.emit(roomState([msg(3), msg(4, alice, 'are you there?'), msg(5)], { has_more: false, last_seq: 5 })));
    expect(second.frames('send_message')).toEqual([{ type: 'send_message', content: 'are you there?', client_id: clientId }]);
    act(() => second.emit({ event: 'new_message', message: msg(4, alice, 'are you there?'), client_id: clientId }));
    expect(seqs(result.current.messages)).toEqual([1, 2, 3, 4, 5]);
    expect(result.current.messages.some((m) => m.pending)).toBe(false);
  });

  it('shows a rate-limit countdown and sends what waited when it ends', async () => {
    const { result } = setup();
    const socket = await connected();
    act(() => socket.emit(roomState()));
    let clientId: string | null = null;
    act(() => {
      clientId = result.current.sendMessage('one too many');
    });
    act(() => socket.emit({ event: 'error', code: 'rate_limited', message: 'slow down', client_id: clientId, retry_after_ms: 5000 }));
    expect(result.current.cooldown?.code).toBe('rate_limited');
    expect(result.current.messages.at(-1)?.pending).toBe('waiting');
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(result.current.cooldown).toBeNull();
    expect(socket.frames('send_message').map((f) => f.client_id)).toEqual([clientId, clientId]);
  });

  it('a refused upgrade is explained by the REST room lookup', async () => {
    const { result } = setup(fakeServer({ [`GET /community/rooms/${ROOM_ID}/`]: [404, { error: { code: 'not_found', message: 'no' } }] }));
    await waitFor(() => expect(h.sockets).toHaveLength(1));
    act(() => h.sockets[0].serverClose(1006));
    await waitFor(() => expect(result.current.fatal?.code).toBe('not_found'));
  });

  it('closes its socket when unmounted, and opens another room when the id changes', async () => {
    const { rerender, result, unmount } = setup(fakeServer({ 'GET /community/rooms/other/': [200, room({ id: 'other' })] }));
    const socket = await connected();
    act(() => socket.emit(roomState()));
    rerender({ id: 'other' });
    expect(socket.closedByClient).toBe(1000);
    expect(result.current.messages).toEqual([]);
    const other = await connected(1);
    expect(other.url).toContain('/room/other/');
    unmount();
    expect(other.closedByClient).toBe(1000);
  });

  it('opens nothing without a room id', async () => {
    const { result } = setup(fakeServer(), null);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(1000);
    });
    expect(h.sockets).toHaveLength(0);
    expect(result.current.status).toBe('connecting');
    expect(result.current.sendMessage('hi')).toBeNull();
  });

  it('works under StrictMode with one live socket', async () => {
    h = harness();
    function Room() {
      const { messages, isConnected } = useCommunityRoom(ROOM_ID);
      return <p data-testid="state">{isConnected ? `${messages.length} messages` : 'connecting'}</p>;
    }
    render(<StrictMode><CommunityProvider client={h.client}><Room /></CommunityProvider></StrictMode>);
    await waitFor(() => expect(h.sockets.filter((s) => s.closedByClient == null)).toHaveLength(1));
    const live = h.sockets.find((s) => s.closedByClient == null)!;
    act(() => live.open());
    act(() => live.emit(roomState()));
    expect(screen.getByTestId('state').textContent).toBe('2 messages');
  });

  it('needs a client', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(() => renderHook(() => useCommunityRoom(ROOM_ID))).toThrow('CommunityProvider');
    expect(() => renderHook(() => useCommunityClient())).toThrow('CommunityProvider');
  });
});

describe('useCommunityStream', () => {
  it('keeps one stream open while mounted and opens the rooms asked for on it, one subscription at a time', async () => {
    h = harness();
    const wrapper = ({ children }: { children: ReactNode }) => <CommunityProvider client={h.client}>{children}</CommunityProvider>;
    const OTHER = '0190f0c5-0000-7000-8000-000000000099';
    const { result, rerender, unmount } = renderHook(({ id }) => {
      const stream = useCommunityStream();
      return { stream, room: useCommunityRoom(id, { stream: stream.stream }) };
    }, { wrapper, initialProps: { id: ROOM_ID } });
    const socket = await connected();
    expect(socket.url).toBe('ws://chat.test/ws/community/stream/?connection_token=ct-1');
    act(() => socket.emit({ event: 'ready', user: alice, max_subscriptions: 100, rooms: [{ room: room({ unread_count: 2 }), last_seq: 2 }] }));
    expect(result.current.stream.state).toMatchObject({ ready: true, status: 'open' });
    expect(result.current.stream.state.rooms[ROOM_ID].room.unread_count).toBe(2);
    expect(socket.frames('subscribe')).toEqual([{ type: 'subscribe', room_id: ROOM_ID }]);
    act(() => socket.emit({ ...roomState(), room_id: ROOM_ID } as never));
    expect(result.current.room.isConnected).toBe(true);
    expect(seqs(result.current.room.messages)).toEqual([1, 2]);

    rerender({ id: OTHER });
    expect(socket.frames('unsubscribe')).toEqual([{ type: 'unsubscribe', room_id: ROOM_ID }]);
    expect(socket.frames('subscribe')).toEqual([{ type: 'subscribe', room_id: ROOM_ID }, { type: 'subscribe', room_id: OTHER }]);
    expect(h.sockets).toHaveLength(1);
    unmount();
    expect(socket.closedByClient).toBe(CloseCode.NORMAL);
  });
});
