import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CloseCode, DEFAULT_BACKOFF, type ServerEvent } from '@community/client';
import { CommunityProvider, useCommunityRoom } from '@community/client/react';
import { FakeSocket, fakeClient } from './fakes';
import { alice, bob, msg, room, ROOM_ID, seqs } from './fixtures';

/** The longest pause before a reconnect. */
const MAX_BACKOFF_MS = DEFAULT_BACKOFF.maxMs;

let sockets: FakeSocket[];

/** The Lounge's wiring: a client per signed-in user, handed to useCommunityRoom by the provider. */
function setup(routes: Record<string, [number, unknown]> = {}) {
  sockets = [];
  const { client } = fakeClient((url) => {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  }, routes, alice);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <CommunityProvider client={client}>{children}</CommunityProvider>
  );
  return renderHook(() => useCommunityRoom(ROOM_ID), { wrapper });
}

function roomState(messages = [msg(1), msg(2)], extra: Partial<Extract<ServerEvent, { event: 'room_state' }>> = {}): ServerEvent {
  return {
    event: 'room_state', room: room(), messages, online_users: [alice, bob], has_more: true,
    last_seq: messages.length ? messages[messages.length - 1].seq : 0, ...extra,
  };
}

async function connected(index = 0): Promise<FakeSocket> {
  await waitFor(() => expect(sockets.length).toBeGreaterThan(index));
  const socket = sockets[index];
  act(() => socket.open());
  return socket;
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('useCommunityRoom', () => {
  it('connects with a fresh connection token and shows the room once room_state arrives', async () => {
    const { result } = setup();
    expect(result.current.isConnected).toBe(false);
    const socket = await connected();
    expect(socket.url).toBe(`ws://lounge.test/ws/community/room/${ROOM_ID}/?connection_token=ct-1`);
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
    expect(result.current.messages.at(-1)).toMatchObject({ content: 'hello @bob', pending: 'sending', client_id: clientId });
    expect(socket.frames('send_message')).toEqual([
      { type: 'send_message', content: 'hello @bob', client_id: clientId, mentions: ['bob'] },
    ]);
    act(() => socket.emit({ event: 'new_message', message: msg(3, alice, 'hello @bob'), client_id: clientId }));
    expect(result.current.messages.map((m) => [m.seq, m.pending])).toEqual([[1, undefined], [2, undefined], [3, undefined]]);
    expect(result.current.sendMessage('   ')).toBeNull();
  });

  it('after the server goes away resumes with since_seq, resends what was unacknowledged once, and shows every message once', async () => {
    const { result } = setup();
    const first = await connected();
    act(() => first.emit(roomState([msg(1), msg(2), msg(3)])));
    let clientId: string | null = null;
    act(() => {
      clientId = result.current.sendMessage('are you there?');
    });
    expect(first.frames('send_message')).toHaveLength(1);
    act(() => first.serverClose(CloseCode.GOING_AWAY));
    expect(result.current.status).toBe('reconnecting');
    expect(result.current.isConnected).toBe(false);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS);
    });
    const second = await connected(1);
    expect(second.url).toContain('connection_token=ct-2');
    expect(second.url).toContain('since_seq=3');
    // The replay overlaps what the page has; my message was stored before the server went away.
    act(() => second.emit(roomState([msg(3), msg(4, alice, 'are you there?'), msg(5)], { has_more: false, last_seq: 5 })));
    expect(second.frames('send_message')).toEqual([{ type: 'send_message', content: 'are you there?', client_id: clientId }]);
    act(() => second.emit({ event: 'new_message', message: msg(4, alice, 'are you there?'), client_id: clientId }));
    act(() => second.emit({ event: 'new_message', message: msg(5), client_id: null }));
    expect(seqs(result.current.messages)).toEqual([1, 2, 3, 4, 5]);
    expect(result.current.messages.some((m) => m.pending)).toBe(false);
    expect(result.current.status).toBe('open');
  });

  it('holds a rate-limited message for the countdown, then sends it again with the same client_id', async () => {
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
    act(() => {
      result.current.sendMessage('queued behind it');
    });
    expect(result.current.messages.at(-1)?.pending).toBe('waiting');
    expect(socket.frames('send_message')).toHaveLength(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(result.current.cooldown).toBeNull();
    expect(socket.frames('send_message').map((f) => f.content)).toEqual(['one too many', 'one too many', 'queued behind it']);
    expect(socket.frames('send_message')[1].client_id).toBe(clientId);
  });

  it('asks for older history before the oldest message it holds, once at a time', async () => {
    const { result } = setup();
    const socket = await connected();
    act(() => socket.emit(roomState([msg(51), msg(52)])));
    act(() => result.current.loadOlder());
    act(() => result.current.loadOlder());
    expect(socket.frames('request_history')).toEqual([{ type: 'request_history', before_seq: 51, limit: 50 }]);
    act(() => socket.emit({ event: 'message_history', messages: [msg(49), msg(50)], has_more: false }));
    expect(seqs(result.current.messages)).toEqual([49, 50, 51, 52]);
    act(() => result.current.loadOlder());
    expect(socket.frames('request_history')).toHaveLength(1);
  });

  it('sends typing true at most every two seconds and false once', async () => {
    const { result } = setup();
    const socket = await connected();
    act(() => socket.emit(roomState()));
    act(() => {
      result.current.setTyping(true);
      result.current.setTyping(true);
      result.current.setTyping(false);
      result.current.setTyping(false);
      result.current.setTyping(true);
    });
    expect(socket.frames('typing').map((f) => f.is_typing)).toEqual([true, false, true]);
    act(() => result.current.setTyping(true));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2100);
    });
    act(() => result.current.setTyping(true));
    expect(socket.frames('typing').map((f) => f.is_typing)).toEqual([true, false, true, true]);
  });

  it('marks read only forward', async () => {
    const { result } = setup();
    const socket = await connected();
    act(() => socket.emit(roomState([msg(1), msg(2)], { room: room({ last_read_seq: 1, unread_count: 1 }) })));
    act(() => result.current.markRead(2));
    act(() => result.current.markRead(2));
    act(() => result.current.markRead(1));
    expect(socket.frames('mark_read')).toEqual([{ type: 'mark_read', seq: 2 }]);
    expect(result.current.room?.unread_count).toBe(0);
  });

  it.each([
    [CloseCode.BANNED, 'banned'],
    [CloseCode.ROOM_DELETED, 'room_deleted'],
  ])('stops for good on close code %i', async (code, fatal) => {
    const { result } = setup();
    const socket = await connected();
    act(() => socket.emit(roomState()));
    act(() => socket.serverClose(code));
    expect(result.current.fatal?.code).toBe(fatal);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS * 2);
    });
    expect(sockets).toHaveLength(1);
  });

  it.each([
    [404, 'not_found'],
    [403, 'forbidden'],
  ])('a refused upgrade is explained by the REST room lookup (%i)', async (status, code) => {
    const { result } = setup({ [`GET /community/rooms/${ROOM_ID}/`]: [status, { error: { code, message: 'no' } }] });
    await waitFor(() => expect(sockets).toHaveLength(1));
    act(() => sockets[0].serverClose(1006));
    await waitFor(() => expect(result.current.fatal?.code).toBe(code));
  });

  it('a refused upgrade for a room that exists is retried', async () => {
    const { result } = setup({ [`GET /community/rooms/${ROOM_ID}/`]: [200, room()] });
    await waitFor(() => expect(sockets).toHaveLength(1));
    act(() => sockets[0].serverClose(1006));
    await waitFor(() => expect(result.current.status).toBe('reconnecting'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(MAX_BACKOFF_MS);
    });
    await waitFor(() => expect(sockets).toHaveLength(2));
    expect(sockets[1].url).not.toContain('since_seq');
  });

  it('an access token the server refuses ends the session', async () => {
    const { result } = setup({ 'POST /auth/ws-connection-token/': [401, { error: { code: 'unauthorized', message: 'expired' } }] });
    await waitFor(() => expect(result.current.fatal?.code).toBe('unauthorized'));
    expect(sockets).toHaveLength(0);
  });

  it('closes its socket when the room is left', async () => {
    const { unmount } = setup();
    const socket = await connected();
    unmount();
    expect(socket.closedByClient).toBe(1000);
  });
});
