import type { Message, Room, User } from '@community/client';

export const ROOM_ID = '0190f0c5-0000-7000-8000-000000000001';
export const alice: User = { id: 'alice', username: 'Alice' };
export const bob: User = { id: 'bob', username: 'Bob' };

export function room(overrides: Partial<Room> = {}): Room {
  return {
    id: ROOM_ID,
    name: 'general',
    slug: 'general',
    room_type: 'forum',
    visibility: 'public',
    creator_id: null,
    description: 'Say hello',
    slow_mode_seconds: 0,
    min_trust_to_join: 0,
    min_trust_to_post: 0,
    member_count: 2,
    message_count: 0,
    last_message_at: null,
    created_at: '2026-01-01T00:00:00.000Z',
    my_role: 'member',
    last_read_seq: 0,
    unread_count: 0,
    unread_mentions: 0,
    retention_days: null,
    ...overrides,
  };
}

export function msg(seq: number, author: User = bob, content = `message ${seq}`, overrides: Partial<Message> = {}): Message {
  return {
    id: `m-${seq}`,
    room_id: ROOM_ID,
    seq,
    thread_id: null,
    author,
    content,
    message_type: 'text',
    attachments: [],
    mentions: [],
    reply_to_id: null,
    reaction_counts: {},
    created_at: new Date(Date.UTC(2026, 0, 1, 12, 0, seq)).toISOString(),
    edited_at: null,
    is_deleted: false,
    is_hidden: false,
    is_pinned: false,
    ...overrides,
  };
}

export function seqs(messages: { seq: number }[]): number[] {
  return messages.map((m) => m.seq);
}
