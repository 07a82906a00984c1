import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CommunityProvider } from '@community/client/react';
import type { ServerEvent } from '@community/client';
import { RoomView } from '../src/components/Room/RoomView';
import { CommunityContext } from '../src/hooks/useCommunity';
import { FakeSocket, fakeClient } from './fakes';
import { alice, bob, msg, room, ROOM_ID } from './fixtures';

let sockets: FakeSocket[];

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true });
  sockets = [];
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function renderRoom() {
  const { client } = fakeClient((url) => {
    const socket = new FakeSocket(url);
    sockets.push(socket);
    return socket;
  }, {}, alice);
  const me = { ...alice, staff: false } as never;
  render(
    <CommunityContext.Provider value={{ client, api: client.api, me, signOut: () => {} }}>
      <CommunityProvider client={client}>
        <RoomView roomId={ROOM_ID} kind="room" title="general" onRoomChange={() => {}} onOpenRooms={() => {}}
          onOpenDm={() => {}} />
      </CommunityProvider>
    </CommunityContext.Provider>,
  );
}

describe('the room view', () => {
  it('closes the composer while a temporary mute lasts and opens it again when it ends, without a reload', async () => {
    renderRoom();
    await waitFor(() => expect(sockets.length).toBe(1));
    const socket = sockets[0];
    act(() => socket.open());
    const state: ServerEvent = { event: 'room_state', room: room(), messages: [msg(1)], online_users: [alice, bob],
      has_more: false, last_seq: 1 };
    act(() => socket.emit(state));
    const input = () => screen.getByTestId('message-input') as HTMLTextAreaElement;
    expect(input().disabled).toBe(false);

    const until = new Date(Date.now() + 5_000).toISOString();
    act(() => socket.emit({ event: 'member_updated', user: alice, role: 'muted', until }));
    expect(input().disabled).toBe(true);
    expect(input().placeholder).toBe('You are muted in this room.');

    await act(async () => {
      await vi.advanceTimersByTimeAsync(5_100);
    });
    expect(input().disabled).toBe(false);
  });
});
