import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FoundMessages } from '../src/components/Lounge/FoundMessages';
import { PinsPanel } from '../src/components/Room/PinsPanel';
import { MessageItem } from '../src/components/Room/MessageItem';
import { fakeClient, FakeSocket } from './fakes';
import { alice, bob, msg, ROOM_ID } from './fixtures';

afterEach(cleanup);

const noSocket = (url: string) => new FakeSocket(url);

function api(routes: Record<string, [number, unknown]>) {
  const { client, calls } = fakeClient(noSocket, routes, alice);
  return { api: client.api, calls };
}

const hit = (seq: number, overrides = {}) => ({
  message: msg(seq, bob, `about dune ${seq}`),
  room: { id: ROOM_ID, name: 'general', slug: 'general', room_type: 'forum' as const },
  ...overrides,
});

describe('search results and mentions', () => {
  it('lists what the server found and opens the one chosen', async () => {
    const { api: client, calls } = api({
      'GET /community/search/?q=dune&limit=25': [200, { results: [hit(7), hit(3)], next_cursor: null }],
    });
    const onOpen = vi.fn();
    render(<FoundMessages api={client} finding={{ kind: 'search', q: 'dune' }} onOpen={onOpen} onClose={() => {}} />);
    const hits = await screen.findAllByTestId('found-hit');
    expect(hits.map((h) => h.textContent)).toEqual([
      expect.stringContaining('about dune 7'), expect.stringContaining('about dune 3'),
    ]);
    fireEvent.click(hits[1]);
    expect(onOpen).toHaveBeenCalledWith(hit(3));
    expect(calls).toContain('GET /community/search/?q=dune&limit=25');
  });

  it('marks mentions I have not read and pages on', async () => {
    const { api: client } = api({
      'GET /community/mentions/?limit=25': [200, { results: [hit(9, { is_read: false })], next_cursor: 'c1' }],
      'GET /community/mentions/?cursor=c1&limit=25': [200, { results: [hit(2, { is_read: true })], next_cursor: null }],
    });
    render(<FoundMessages api={client} finding={{ kind: 'mentions' }} onOpen={() => {}} onClose={() => {}} />);
    const first = await screen.findByTestId('found-hit');
    expect(first.className).toContain('unread');
    fireEvent.click(screen.getByText('More'));
    await waitFor(() => expect(screen.getAllByTestId('found-hit')).toHaveLength(2));
    expect(screen.getAllByTestId('found-hit')[1].className).not.toContain('unread');
    expect(screen.queryByText('More')).toBeNull();
  });
});

describe('pins', () => {
  it('lists the room pins, jumps to one, and lets a moderator unpin', async () => {
    const { api: client } = api({
      [`GET /community/rooms/${ROOM_ID}/pins/`]: [200, {
        pins: [{ message: msg(4, bob, 'the rules', { is_pinned: true }), pinned_by: alice, pinned_at: '2026-01-01T12:00:00.000Z' }],
      }],
    });
    const onJump = vi.fn();
    const onUnpin = vi.fn();
    render(<PinsPanel api={client} roomId={ROOM_ID} version="m-4" isModerator onJump={onJump} onUnpin={onUnpin} />);
    expect(await screen.findByText('the rules')).toBeTruthy();
    expect(screen.getByText(/pinned by Alice/)).toBeTruthy();
    fireEvent.click(screen.getByTitle('Show in the conversation'));
    expect(onJump).toHaveBeenCalledWith(4);
    fireEvent.click(screen.getByText('Unpin'));
    expect(onUnpin).toHaveBeenCalledWith('m-4');
  });

  it('offers no unpin below moderator', async () => {
    const { api: client } = api({ [`GET /community/rooms/${ROOM_ID}/pins/`]: [200, { pins: [] }] });
    render(<PinsPanel api={client} roomId={ROOM_ID} version="" isModerator={false} onJump={() => {}} onUnpin={() => {}} />);
    expect(await screen.findByText('Nothing is pinned yet.')).toBeTruthy();
  });
});

describe('a message', () => {
  const actions = {
    onReply: () => {}, onToggleReaction: vi.fn(), onEdit: async () => {}, onDelete: () => {}, onModerate: () => {},
    onTogglePin: vi.fn(), onRetry: () => {}, onDiscard: () => {}, onOpenDm: () => {},
  };
  const me = { ...alice, staff: false } as never;

  it('marks my own reactions as the server reports them, after a reload too, and shows a pin', () => {
    const m = msg(5, bob, 'hello', { reaction_counts: { '👍': 2, '🎉': 1 }, my_reactions: ['👍'], is_pinned: true });
    render(<ul><MessageItem {...actions} message={m} me={me} isModerator replyTo={undefined} compact={false}
      connected focused={false} /></ul>);
    expect(screen.getByLabelText('👍 2').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByLabelText('🎉 1').getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByTestId('pinned-tag')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Unpin'));
    expect(actions.onTogglePin).toHaveBeenCalledWith(m);
  });
});
