import { describe, expect, it } from 'vitest';
import {
  displayMessages,
  initialRoomState,
  MAX_AUTOMATIC_ATTEMPTS,
  mergeMessages,
  nextRetryAt,
  roomReducer,
  type OutgoingMessage,
  type RoomAction,
  type RoomState,
} from '../src/roomState.js';
import type { ServerEvent } from '../src/wire.js';
import { alice, bob, msg, room, seqs } from './fakes.js';

const NOW = 1_000_000;

function server(state: RoomState, event: ServerEvent, now = NOW): RoomState {
  return roomReducer(state, { type: 'server', event, me: alice.id, now });
}

function apply(state: RoomState, ...actions: RoomAction[]): RoomState {
  return actions.reduce(roomReducer, state);
}

function outgoing(client_id: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    client_id,
    content: `text of ${client_id}`,
    reply_to_id: null,
    mentions: [],
    created_at: '2026-01-01T12:00:00.000Z',
    status: 'sending',
    retry_at: null,
    attempts: 1,
    error: null,
    ...overrides,
  };
}

function loaded(messages = [msg(1), msg(2), msg(3)], hasMore = true): RoomState {
  return server(initialRoomState, {
    event: 'room_state',
    room: room(),
    messages,
    online_users: [bob, alice],
    has_more: hasMore,
    last_seq: messages.length ? messages[messages.length - 1].seq : 0,
  });
}

describe('room_state', () => {
  it('opens the room with its messages in seq order and who is online', () => {
    const state = loaded([msg(3), msg(1), msg(2)]);
    expect(seqs(state.messages)).toEqual([1, 2, 3]);
    expect(state.status).toBe('open');
    expect(state.onlineUsers.map((u) => u.id)).toEqual(['alice', 'bob']);
    expect(state.lastSeq).toBe(3);
    expect(state.hasMore).toBe(true);
  });

  it('after a reconnect merges the replayed messages: every message once, in order', () => {
    let state = loaded();
    state = apply(state, { type: 'reconnecting', attempt: 1 });
    expect(state.status).toBe('reconnecting');
    // The resume replays seq > since_seq; a server may also send one the client already has.
    state = server(state, {
      event: 'room_state', room: room(), messages: [msg(3), msg(4), msg(5)], online_users: [alice],
      has_more: false, last_seq: 5,
    });
    expect(seqs(state.messages)).toEqual([1, 2, 3, 4, 5]);
    expect(state.hasMore).toBe(true);
    expect(state.status).toBe('open');
    expect(state.reconnectAttempt).toBe(0);
    expect(state.onlineUsers).toEqual([alice]);
  });

  it('after a resume with a gap keeps only the newest window, and history fills the rest', () => {
    let state = loaded();
    state = server(state, {
      event: 'room_state', room: room(), messages: [msg(600), msg(601)], online_users: [alice],
      has_more: false, last_seq: 601, has_gap: true,
    });
    expect(seqs(state.messages)).toEqual([600, 601]);
    expect(state.hasMore).toBe(true);
    expect(state.hadGap).toBe(true);
  });
});

describe('messages', () => {
  it.each([
    ['a new message', [msg(4)], [1, 2, 3, 4]],
    ['the same message twice', [msg(4), msg(4)], [1, 2, 3, 4]],
    ['one already held', [msg(2)], [1, 2, 3]],
    ['two out of order', [msg(6), msg(5)], [1, 2, 3, 5, 6]],
    ['one older than all', [msg(0)], [0, 1, 2, 3]],
  ])('new_message with %s keeps every message once in seq order', (_, incoming, expected) => {
    let state = loaded();
    for (const m of incoming) state = server(state, { event: 'new_message', message: m, client_id: null });
    expect(seqs(state.messages)).toEqual(expected);
    expect(state.lastSeq).toBe(Math.max(3, ...incoming.map((m) => m.seq)));
  });

  it('settles my pending message by its client_id, and only mine', () => {
    let state = apply(loaded(), { type: 'enqueue', message: outgoing('c1') }, { type: 'enqueue', message: outgoing('c2') });
    expect(displayMessages(state, alice).filter((m) => m.pending).map((m) => m.client_id)).toEqual(['c1', 'c2']);
    state = server(state, { event: 'new_message', message: msg(4, bob), client_id: 'c1' });
    expect(state.outbox).toHaveLength(2);
    state = server(state, { event: 'new_message', message: msg(5, alice, 'text of c1'), client_id: 'c1' });
    expect(state.outbox.map((o) => o.client_id)).toEqual(['c2']);
    const shown = displayMessages(state, alice);
    expect(shown.map((m) => m.seq).slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(shown[shown.length - 1].pending).toBe('sending');
  });

  it('prepends history without duplicates and records whether there is more', () => {
    let state = apply(loaded([msg(51), msg(52)]), { type: 'history_requested' });
    expect(state.loadingHistory).toBe(true);
    state = server(state, { event: 'message_history', messages: [msg(49), msg(50), msg(51)], has_more: false });
    expect(seqs(state.messages)).toEqual([49, 50, 51, 52]);
    expect(state.hasMore).toBe(false);
    expect(state.loadingHistory).toBe(false);
  });

  it('applies edits, deletions and reactions to the message they name', () => {
    let state = loaded();
    state = server(state, { event: 'message_updated', message: msg(2, bob, 'edited', { edited_at: '2026-01-01T13:00:00.000Z' }) });
    state = server(state, { event: 'message_deleted', message_id: 'm-3', seq: 3 });
    state = server(state, { event: 'reactions_updated', message_id: 'm-1', reaction_counts: { '👍': 2 },
      user_id: 'bob', emoji: '👍', added: true });
    expect(state.messages.map((m) => [m.content, m.is_deleted, m.reaction_counts])).toEqual([
      ['message 1', false, { '👍': 2 }],
      ['edited', false, {}],
      ['', true, {}],
    ]);
  });

  it('keeps my own reactions from a reload and follows the live changes that are mine, and pins', () => {
    let state = loaded([msg(1, bob, 'hi', { reaction_counts: { '👍': 1 }, my_reactions: ['👍'] }), msg(2), msg(3)]);
    state = server(state, { event: 'reactions_updated', message_id: 'm-1', reaction_counts: { '👍': 2 },
      user_id: 'bob', emoji: '👍', added: true });
    expect(state.messages[0].my_reactions).toEqual(['👍']);
    state = server(state, { event: 'reactions_updated', message_id: 'm-1', reaction_counts: { '👍': 2, '🎉': 1 },
      user_id: 'alice', emoji: '🎉', added: true });
    expect(state.messages[0].my_reactions).toEqual(['🎉', '👍'].sort());
    state = server(state, { event: 'message_updated', message: msg(1, bob, 'edited', { reaction_counts: { '👍': 2, '🎉': 1 } }) });
    expect(state.messages[0].content).toBe('edited');
    expect(state.messages[0].my_reactions).toEqual(['🎉', '👍'].sort());
    state = server(state, { event: 'reactions_updated', message_id: 'm-1', reaction_counts: { '🎉': 1, '👍': 1 },
      user_id: 'alice', emoji: '👍', added: false });
    expect(state.messages[0].my_reactions).toEqual(['🎉']);

    state = server(state, { event: 'message_pinned', message_id: 'm-2', seq: 2, pinned_by: bob,
      pinned_at: '2026-01-01T13:00:00.000Z' });
    expect(state.messages.map((m) => m.is_pinned)).toEqual([false, true, false]);
    state = server(state, { event: 'message_unpinned', message_id: 'm-2', seq: 2, unpinned_by: bob });
    expect(state.messages[1].is_pinned).toBe(false);
    state = server(state, { event: 'message_pinned', message_id: 'm-3', seq: 3, pinned_by: bob,
      pinned_at: '2026-01-01T13:00:00.000Z' });
    state = server(state, { event: 'message_deleted', message_id: 'm-3', seq: 3 });
    expect(state.messages[2].is_pinned).toBe(false);
  });

  it('remembers until when my mute lasts, and forgets it with the next room_state', () => {
    let state = loaded();
    state = server(state, { event: 'member_updated', user: alice, role: 'muted', until: '2026-01-01T13:00:00.000Z' });
    expect([state.room?.my_role, state.myRoleUntil]).toEqual(['muted', '2026-01-01T13:00:00.000Z']);
    state = server(state, { event: 'member_updated', user: bob, role: 'muted', until: null });
    expect(state.myRoleUntil).toBe('2026-01-01T13:00:00.000Z');
    state = server(state, { event: 'room_state', room: room({ my_role: 'member' }), messages: [], online_users: [],
      has_more: false, last_seq: 3 });
    expect([state.room?.my_role, state.myRoleUntil]).toEqual(['member', null]);
  });

  it('merge keeps ids unique even when the server re-sends an edited copy', () => {
    const merged = mergeMessages([msg(1), msg(2)], [msg(2, bob, 'new text'), msg(3)]);
    expect(merged.map((m) => m.content)).toEqual(['message 1', 'new text', 'message 3']);
  });
});

describe('presence and typing', () => {
  it('tracks who is typing, never me, and clears it when they send or leave', () => {
    let state = loaded();
    state = server(state, { event: 'typing', user: bob, is_typing: true });
    state = server(state, { event: 'typing', user: alice, is_typing: true });
    expect(Object.keys(state.typing)).toEqual(['bob']);
    state = server(state, { event: 'new_message', message: msg(4, bob), client_id: null });
    expect(state.typing).toEqual({});
    state = server(state, { event: 'typing', user: bob, is_typing: true });
    state = server(state, { event: 'user_left', user: bob });
    expect(state.typing).toEqual({});
    expect(state.onlineUsers).toEqual([alice]);
    state = server(state, { event: 'user_joined', user: bob });
    state = server(state, { event: 'user_joined', user: bob });
    expect(state.onlineUsers.map((u) => u.id)).toEqual(['alice', 'bob']);
  });

  it('keeps who is online by username as people join', () => {
    let state = loaded();
    state = server(state, { event: 'user_left', user: alice });
    state = server(state, { event: 'user_joined', user: alice });
    expect(state.onlineUsers.map((u) => u.id)).toEqual(['alice', 'bob']);
  });

  it('counts who is online, also in a large room told by presence summaries', () => {
    let state = loaded();
    expect(state.onlineCount).toBe(2);
    state = server(state, { event: 'user_joined', user: bob });
    expect(state.onlineCount).toBe(2);
    const carol = { id: 'carol', username: 'Carol' };
    state = server(state, { event: 'typing', user: bob, is_typing: true });
    state = server(state, { event: 'presence', online_count: 2041, joined: [carol], left: [bob], complete: false });
    expect(state.onlineCount).toBe(2041);
    expect(state.onlineUsers.map((u) => u.id)).toEqual(['alice', 'carol']);
    expect(state.typing).toEqual({});
  });

  it('forgets typing when the connection drops', () => {
    const state = apply(server(loaded(), { event: 'typing', user: bob, is_typing: true }), { type: 'reconnecting', attempt: 1 });
    expect(state.typing).toEqual({});
  });

  it('applies my role changes and read markers to the room', () => {
    let state = loaded();
    state = server(state, { event: 'member_updated', user: bob, role: 'muted', until: null });
    expect(state.room?.my_role).toBe('member');
    state = server(state, { event: 'member_updated', user: alice, role: 'muted', until: '2026-01-01T13:00:00.000Z' });
    expect(state.room?.my_role).toBe('muted');
    state = server(state, { event: 'read_updated', room_id: state.room!.id, last_read_seq: 3, unread_count: 0 });
    expect(state.room?.last_read_seq).toBe(3);
    state = apply(state, { type: 'read_locally', seq: 2 });
    expect(state.room?.last_read_seq).toBe(3);
  });
});

describe('send refusals', () => {
  it.each(['rate_limited', 'slow_mode'] as const)('%s holds the message for the countdown, then sends it', (code) => {
    let state = apply(loaded(), { type: 'enqueue', message: outgoing('c1') });
    state = server(state, { event: 'error', code, message: 'wait', client_id: 'c1', retry_after_ms: 12_000 });
    expect(state.cooldown).toEqual({ until: NOW + 12_000, code });
    expect(state.outbox[0]).toMatchObject({ status: 'waiting', retry_at: NOW + 12_000 });
    expect(nextRetryAt(state)).toBe(NOW + 12_000);
    state = apply(state, { type: 'tick', now: NOW + 11_000 });
    expect(state.outbox[0].status).toBe('waiting');
    state = apply(state, { type: 'tick', now: NOW + 12_000 });
    expect(state.cooldown).toBeNull();
    expect(state.outbox[0].status).toBe('sending');
  });

  it('retries unavailable by itself with growing pauses, then leaves it to the person', () => {
    let state = apply(loaded(), { type: 'enqueue', message: outgoing('c1', { attempts: 1 }) });
    state = server(state, { event: 'error', code: 'unavailable', message: 'try again', client_id: 'c1' });
    expect(state.outbox[0]).toMatchObject({ status: 'waiting', retry_at: NOW + 1000 });
    expect(state.cooldown).toBeNull();
    state = apply(state, { type: 'tick', now: NOW + 1000 }, { type: 'sent', clientIds: ['c1'] });
    expect(state.outbox[0]).toMatchObject({ status: 'sending', attempts: 2 });
    state = apply(state, { type: 'discard', clientId: 'c1' }, { type: 'enqueue', message: outgoing('c2', { attempts: MAX_AUTOMATIC_ATTEMPTS }) });
    state = server(state, { event: 'error', code: 'unavailable', message: 'still down', client_id: 'c2' });
    expect(state.outbox[0]).toMatchObject({ status: 'failed', error: { code: 'unavailable', message: 'still down' } });
    state = apply(state, { type: 'requeue', clientId: 'c2' });
    expect(state.outbox[0]).toMatchObject({ status: 'sending', error: null });
  });

  it.each(['content_too_long', 'muted', 'forbidden', 'blocked'] as const)('%s fails the message it names', (code) => {
    let state = apply(loaded(), { type: 'enqueue', message: outgoing('c1') });
    state = server(state, { event: 'error', code, message: 'no', client_id: 'c1' });
    expect(state.outbox[0]).toMatchObject({ status: 'failed', error: { code } });
    expect(state.notice).toBeNull();
  });

  it('an error naming no message of mine is a notice', () => {
    const state = server(loaded(), { event: 'error', code: 'invalid_payload', message: 'bad frame', client_id: null });
    expect(state.notice).toEqual({ code: 'invalid_payload', message: 'bad frame', at: NOW });
  });
});

describe('connection', () => {
  it('a fatal close keeps the messages and says why', () => {
    const state = apply(loaded(), { type: 'fatal', error: { code: 'banned', message: 'gone' } });
    expect(state.status).toBe('closed');
    expect(state.fatal?.code).toBe('banned');
    expect(seqs(state.messages)).toEqual([1, 2, 3]);
  });

  it('reset forgets the previous room', () => {
    expect(apply(loaded(), { type: 'reset' })).toBe(initialRoomState);
  });
});
