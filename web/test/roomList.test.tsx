import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CommunityProvider, useCommunityStream } from '@community/client/react';
import { useRoomList } from '../src/hooks/useRoomList';
import { FakeSocket, fakeClient } from './fakes';
import { alice, bob, room, ROOM_ID } from './fixtures';

const DISCOVER = '0190f0c5-0000-7000-8000-000000000002';
const DM = '0190f0c5-0000-7000-8000-000000000003';
const NEW_DM = '0190f0c5-0000-7000-8000-000000000004';

afterEach(() => {
  vi.useRealTimers();
});

/** The sidebar as the Lounge wires it: the room list over the tab's stream. */
function setup() {
  const sockets: FakeSocket[] = [];
  const dmRoom = room({ id: DM, name: '', room_type: 'dm', visibility: 'private' });
  const { client, calls } = fakeClient((url) => {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  }, {
    'GET /community/rooms/': [200, { results: [room(), room({ id: DISCOVER, name: 'discover', my_role: null })], next_cursor: null }],
    'GET /community/dm/': [200, { results: [{ id: DM, is_group: false, participants: [alice, bob], room: dmRoom }], next_cursor: null }],
    [`GET /community/dm/${NEW_DM}/`]: [200, { id: NEW_DM, is_group: false, participants: [alice, { id: 'carol', username: 'Carol' }],
      room: room({ id: NEW_DM, name: '', room_type: 'dm' }) }],
  });
  const wrapper = ({ children }: { children: ReactNode }) => <CommunityProvider client={client}>{children}</CommunityProvider>;
  const hook = renderHook(() => {
    const { state } = useCommunityStream();
    return useRoomList(client.api, state);
  }, { wrapper });
  return { ...hook, sockets, calls, dmRoom };
}

describe('the sidebar on the user stream', () => {
  it('lists once over REST, then takes badges, new DMs and DM presence from the stream without polling', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { result, sockets, calls, dmRoom } = setup();
    await waitFor(() => expect(result.current.rooms.map((r) => r.id)).toEqual([ROOM_ID, DISCOVER]));
    await waitFor(() => expect(sockets).toHaveLength(1));
    const stream = sockets[0];
    act(() => {
      stream.open();
      stream.emit({ event: 'ready', user: alice, max_subscriptions: 100, rooms: [
        { room: room({ unread_count: 1 }), last_seq: 3 },
        { room: dmRoom, last_seq: 1, online_users: [] },
      ] });
    });
    expect(result.current.rooms.find((r) => r.id === ROOM_ID)?.unread_count).toBe(1);
    expect(result.current.dms.map((d) => [d.id, d.participants.map((p) => p.id)])).toEqual([[DM, ['alice', 'bob']]]);
    expect(result.current.onlineDms.has(DM)).toBe(false);

    act(() => {
      stream.emit({ event: 'room_activity', room_id: ROOM_ID, last_seq: 5, unread_count: 3, unread_mentions: 1 });
      stream.emit({ event: 'user_joined', room_id: DM, user: bob } as never);
      stream.emit({ event: 'room_added', room: { room: room({ id: NEW_DM, name: '', room_type: 'dm' }), last_seq: 0, online_users: [] } });
    });
    expect(result.current.rooms.find((r) => r.id === ROOM_ID)).toMatchObject({ unread_count: 3, unread_mentions: 1 });
    expect(result.current.onlineDms.has(DM)).toBe(true);
    await waitFor(() => expect(result.current.dms.find((d) => d.id === NEW_DM)?.participants.map((p) => p.id))
      .toEqual(['alice', 'carol']));

    // a room I left is offered to join again
    act(() => stream.emit({ event: 'room_removed', room_id: ROOM_ID, reason: 'left' }));
    expect(result.current.rooms.find((r) => r.id === ROOM_ID)?.my_role).toBeNull();

    await act(() => vi.advanceTimersByTimeAsync(120_000));
    expect(calls.filter((c) => c.startsWith('GET /community/rooms/'))).toEqual(['GET /community/rooms/']);
    expect(calls.filter((c) => c === 'GET /community/dm/')).toHaveLength(1);
  });
});
