import { describe, expect, it } from 'vitest';
import {
  applyStreamEvent,
  EMPTY_STREAM,
  resumeFrames,
  subscribing,
  unreadTotals,
  type StreamState,
} from '../src/streamState.js';
import type { StreamEvent } from '../src/wire.js';
import { alice, bob, msg, room } from './fakes.js';

const GENERAL = '0190f0c5-0000-7000-8000-000000000011';
const DM = '0190f0c5-0000-7000-8000-000000000022';

function apply(state: StreamState, ...events: StreamEvent[]): StreamState {
  return events.reduce(applyStreamEvent, state);
}

function ready(): StreamState {
  return apply(EMPTY_STREAM, {
    event: 'ready',
    user: alice,
    max_subscriptions: 100,
    rooms: [
      { room: room({ id: GENERAL, unread_count: 2, unread_mentions: 1, last_read_seq: 3 }), last_seq: 5 },
      { room: room({ id: DM, room_type: 'dm', unread_count: 0, unread_mentions: 0 }), last_seq: 9, online_users: [] },
    ],
  });
}

describe('the stream state', () => {
  it('takes my rooms, counts and DM presence from ready', () => {
    const state = ready();
    expect(state.ready).toBe(true);
    expect(state.me).toEqual(alice);
    expect(state.order).toEqual([GENERAL, DM]);
    expect(state.rooms[GENERAL].lastSeq).toBe(5);
    expect(state.rooms[DM].onlineUsers).toEqual([]);
    expect(unreadTotals(state)).toEqual({ unread: 2, mentions: 1 });
  });

  it('follows activity, read markers from my other devices and mentions', () => {
    const state = apply(ready(),
      { event: 'room_activity', room_id: GENERAL, last_seq: 7, unread_count: 4, unread_mentions: 2 },
      { event: 'mentioned', room_id: GENERAL, message: msg(7) });
    expect(state.rooms[GENERAL].lastSeq).toBe(7);
    expect(unreadTotals(state)).toEqual({ unread: 4, mentions: 2 });
    expect(state.mentions.map((m) => [m.roomId, m.message.seq])).toEqual([[GENERAL, 7]]);
    const read = applyStreamEvent(state, { event: 'read_updated', room_id: GENERAL, last_read_seq: 7, unread_count: 0 });
    expect(read.rooms[GENERAL].room.last_read_seq).toBe(7);
    expect(unreadTotals(read)).toEqual({ unread: 0, mentions: 0 });
  });

  it('adds, updates and removes rooms, and my role in them', () => {
    const OTHER = '0190f0c5-0000-7000-8000-000000000033';
    let state = apply(ready(),
      { event: 'room_added', room: { room: room({ id: OTHER, name: 'new' }), last_seq: 0 } },
      { event: 'room_updated', room: room({ id: GENERAL, name: 'renamed', unread_count: 2, unread_mentions: 1 }) },
      { event: 'membership_updated', room_id: GENERAL, my_role: 'muted', until: '2026-01-01T12:00:00.000Z' });
    expect(state.order).toEqual([GENERAL, DM, OTHER]);
    expect(state.rooms[GENERAL].room.name).toBe('renamed');
    expect(state.rooms[GENERAL].room.my_role).toBe('muted');
    state = subscribing(state, GENERAL);
    state = applyStreamEvent(state, { event: 'room_removed', room_id: GENERAL, reason: 'banned' });
    expect(state.order).toEqual([DM, OTHER]);
    expect(state.subscriptions).toEqual({});
  });

  it('tells who is online in a DM without a subscription', () => {
    let state = applyStreamEvent(ready(), { event: 'user_joined', user: bob, room_id: DM });
    expect(state.rooms[DM].onlineUsers).toEqual([bob]);
    state = applyStreamEvent(state, { event: 'user_left', user: bob, room_id: DM });
    expect(state.rooms[DM].onlineUsers).toEqual([]);
  });

  it('resumes every subscription from the newest seq it holds', () => {
    let state = subscribing(subscribing(ready(), GENERAL), DM);
    expect(resumeFrames(state)).toEqual([
      { type: 'subscribe', room_id: GENERAL },
      { type: 'subscribe', room_id: DM },
    ]);
    state = apply(state,
      { event: 'room_state', room_id: GENERAL, room: room({ id: GENERAL }), messages: [], online_users: [], has_more: false, last_seq: 5 },
      { event: 'new_message', room_id: GENERAL, message: msg(6), client_id: null },
      { event: 'room_state', room_id: DM, room: room({ id: DM }), messages: [], online_users: [], has_more: false, last_seq: 9 });
    expect(resumeFrames(state)).toEqual([
      { type: 'subscribe', room_id: GENERAL, since_seq: 6 },
      { type: 'subscribe', room_id: DM, since_seq: 9 },
    ]);
    // a reconnect's ready keeps the subscriptions to resume
    expect(resumeFrames(apply(state, { event: 'ready', user: alice, rooms: [], max_subscriptions: 100 }))).toHaveLength(2);
    state = applyStreamEvent(state, { event: 'unsubscribed', room_id: DM });
    expect(resumeFrames(state)).toEqual([{ type: 'subscribe', room_id: GENERAL, since_seq: 6 }]);
  });
});
