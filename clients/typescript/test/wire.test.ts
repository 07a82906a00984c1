import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  CloseCode,
  ERROR_CODES,
  parseServerEvent,
  SERVER_EVENT_NAMES,
  type BlockedUser,
  type ClientFrame,
  type ConnectionTokenResponse,
  type DmThread,
  type ErrorCode,
  type Member,
  type ModerationAction,
  type ModerationQueueItem,
  type Pin,
  type ReadMarker,
  type Report,
  type Thread,
  type EventOf,
  type Message,
  type Room,
  type ServerEvent,
  type ServerEventName,
  type MemberRoom,
  type StreamEvent,
  type StreamFrame,
} from '../src/wire.js';
import { allFields, EVENT_FIELDS, MESSAGE_FIELDS, REST_FIELDS, ROOM_FIELDS } from './wireShapes.js';

type Listed<T extends { required: readonly unknown[]; optional?: readonly unknown[] }> =
  T['required'][number] | (T['optional'] extends readonly unknown[] ? T['optional'][number] : never);

describe('the types', () => {
  it('tell every event apart by its name', () => {
    expectTypeOf<(typeof SERVER_EVENT_NAMES)[number]>().toEqualTypeOf<ServerEventName>();
    expectTypeOf<EventOf<'new_message'>>().toHaveProperty('client_id').toEqualTypeOf<string | null>();
    expectTypeOf<EventOf<'error'>['code']>().toEqualTypeOf<ErrorCode>();
    const describe = (event: ServerEvent): string => {
      switch (event.event) {
        case 'new_message':
          return event.message.content;
        case 'message_deleted':
          return event.message_id;
        case 'error':
          return `${event.code} ${event.retry_after_ms ?? ''}`;
        default:
          return event.event;
      }
    };
    expect(describe({ event: 'error', code: 'slow_mode', message: 'wait', client_id: null, retry_after_ms: 5 })).toBe('slow_mode 5');
  });

  it('list every field of every event, Message and Room in the shape tables, and no other', () => {
    expectTypeOf<Listed<typeof MESSAGE_FIELDS>>().toEqualTypeOf<keyof Message>();
    expectTypeOf<Listed<typeof ROOM_FIELDS>>().toEqualTypeOf<keyof Room>();
    type Unlisted = { [K in ServerEventName]: Exclude<keyof EventOf<K>, Listed<(typeof EVENT_FIELDS)[K]>> }[ServerEventName];
    expectTypeOf<Unlisted>().toEqualTypeOf<never>();
    expectTypeOf<Listed<typeof REST_FIELDS.thread>>().toEqualTypeOf<keyof Thread>();
    expectTypeOf<Listed<typeof REST_FIELDS.dmThread>>().toEqualTypeOf<keyof DmThread>();
    expectTypeOf<Listed<typeof REST_FIELDS.member>>().toEqualTypeOf<keyof Member>();
    expectTypeOf<Listed<typeof REST_FIELDS.blockedUser>>().toEqualTypeOf<keyof BlockedUser>();
    expectTypeOf<Listed<typeof REST_FIELDS.readMarker>>().toEqualTypeOf<keyof ReadMarker>();
    expectTypeOf<Listed<typeof REST_FIELDS.report>>().toEqualTypeOf<keyof Report>();
    expectTypeOf<Listed<typeof REST_FIELDS.pin>>().toEqualTypeOf<keyof Pin>();
    expectTypeOf<Listed<typeof REST_FIELDS.moderationAction>>().toEqualTypeOf<keyof ModerationAction>();
    expectTypeOf<Listed<typeof REST_FIELDS.moderationQueueItem>>().toEqualTypeOf<keyof ModerationQueueItem>();
    expectTypeOf<Listed<typeof REST_FIELDS.connectionToken>>().toEqualTypeOf<keyof ConnectionTokenResponse>();
  });

  it('give the user stream its frames and room-tagged events', () => {
    expectTypeOf<StreamFrame['type']>().toEqualTypeOf<'ping' | 'refresh' | 'subscribe' | 'unsubscribe' | 'send_message'
      | 'typing' | 'request_history' | 'mark_read'>();
    const tagged: StreamEvent = { event: 'user_joined', user: { id: 'bob', username: 'Bob' }, room_id: 'r1' };
    expect(tagged.room_id).toBe('r1');
    const frame: StreamFrame = { type: 'typing', is_typing: true, room_id: 'r1' };
    expect(frame.type).toBe('typing');
  });

  it('give each client frame its type', () => {
    expectTypeOf<ClientFrame['type']>().toEqualTypeOf<'ping' | 'send_message' | 'typing' | 'request_history' | 'mark_read' | 'refresh'>();
  });
});

describe('parseServerEvent', () => {
  it.each(['', 'nope', '42', 'null', '[]', '{}', '{"event":7}', '{"event":"from_the_future"}'])('ignores %j', (text) => {
    expect(parseServerEvent(text)).toBeNull();
  });

  it('reads a known event', () => {
    expect(parseServerEvent('{"event":"pong"}')).toEqual({ event: 'pong' });
  });
});

/** The server's protocol module: the TypeScript types must say what its records say. */
const PROTOCOL = fileURLToPath(new URL('../../../protocol/src/main/java/dev/community/protocol/', import.meta.url));
const java = (file: string) => readFileSync(PROTOCOL + file, 'utf8');

/** The snake_case wire names of a Java record's components (annotations and generics dropped). */
function recordFields(source: string, record: string): string[] {
  const start = source.indexOf(`record ${record}(`);
  if (start < 0) throw new Error(`no record ${record}`);
  let depth = 0;
  let end = start + `record ${record}(`.length - 1;
  for (; end < source.length; end++) {
    if (source[end] === '(') depth++;
    if (source[end] === ')' && --depth === 0) break;
  }
  let components = source.slice(start + `record ${record}(`.length, end);
  components = components.replace(/@\w+(\.\w+)*(\([^()]*\))?/g, '');
  while (/<[^<>]*>/.test(components)) components = components.replace(/<[^<>]*>/g, '');
  return components.split(',').map((c) => c.trim().split(/\s+/).pop()!).filter(Boolean)
    .map((name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
}

describe('the server protocol module', () => {
  it('has the same events, each with the same fields', () => {
    const events = java('ServerEvent.java');
    // Each event record names itself: record X(...) implements ServerEvent { public static final String EVENT = "x";
    const registered = [...events.matchAll(/record (\w+)\([^{]*\{\s*public static final String EVENT = "(\w+)";/g)]
      .map(([, record, name]) => [name, record] as const);
    expect(registered.map(([name]) => name).sort()).toEqual([...SERVER_EVENT_NAMES].sort());
    const codec = java('JsonCodec.java');
    for (const [, record] of registered) {
      expect(codec, `JsonCodec registers ${record}`).toContain(`types.put(ServerEvent.${record}.EVENT, ServerEvent.${record}.class)`);
    }
    for (const [name, record] of registered) {
      const fields = ['event', ...recordFields(events, record)].sort();
      expect({ event: name, fields }).toEqual({ event: name, fields: allFields(EVENT_FIELDS[name as ServerEventName]) });
    }
  });

  it('has the same Message and Room', () => {
    expect(recordFields(java('Message.java'), 'Message').sort()).toEqual(allFields(MESSAGE_FIELDS));
    expect(recordFields(java('Room.java'), 'Room').sort()).toEqual(allFields(ROOM_FIELDS));
    expect(recordFields(java('User.java'), 'User')).toEqual(['id', 'username']);
    expect(recordFields(java('Attachment.java'), 'Attachment')).toEqual(['url', 'name', 'size', 'type']);
    const summary: Record<keyof MemberRoom, true> = { room: true, last_seq: true, online_users: true };
    expect(recordFields(java('MemberRoom.java'), 'MemberRoom').sort()).toEqual(Object.keys(summary).sort());
  });

  it('has the same error codes and close codes', () => {
    const codes = [...java('ErrorCode.java').matchAll(/^\s{4}([A-Z_]+)\(\d+\)/gm)].map((m) => m[1].toLowerCase());
    expect(codes).toEqual([...ERROR_CODES]);
    const closes = Object.fromEntries([...java('CloseCodes.java').matchAll(/int (\w+) = (\d+);/g)].map((m) => [m[1], Number(m[2])]));
    expect(closes).toEqual({ ...CloseCode, TOO_LARGE: CloseCode.TOO_LARGE });
  });
});
