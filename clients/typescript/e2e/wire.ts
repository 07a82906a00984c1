/** Checks that what the real server sends has exactly the fields the TypeScript types declare. */
import { expect } from 'vitest';
import type { RoomClient } from '../src/room.js';
import { SERVER_EVENT_NAMES, type Message, type ServerEvent } from '../src/wire.js';
import { EVENT_FIELDS, MESSAGE_FIELDS, ROOM_FIELDS, shapeProblems, USER_FIELDS } from '../test/wireShapes.js';

/** Every event the room receives, in order. */
export function recordEvents(room: RoomClient): ServerEvent[] {
  const events: ServerEvent[] = [];
  for (const name of SERVER_EVENT_NAMES) room.on(name, (event) => events.push(event));
  return events;
}

type Shape = { required: readonly string[]; optional?: readonly string[] };

function problemsOf(value: unknown, shape: Shape, where: string): string[] {
  if (typeof value !== 'object' || value === null) return [`${where}: not an object`];
  return shapeProblems(value as Record<string, unknown>, shape).map((p) => `${where}: ${p}`);
}

export function messageProblems(message: Message, where = 'message'): string[] {
  return [...problemsOf(message, MESSAGE_FIELDS, where), ...problemsOf(message.author, USER_FIELDS, `${where}.author`)];
}

/** Each event and the Messages, Rooms and Users inside it, field by field. */
export function eventProblems(event: ServerEvent): string[] {
  const where = event.event;
  const problems = problemsOf(event, EVENT_FIELDS[event.event], where);
  switch (event.event) {
    case 'room_state':
      problems.push(...problemsOf(event.room, ROOM_FIELDS, `${where}.room`));
      event.messages.forEach((m, i) => problems.push(...messageProblems(m, `${where}.messages[${i}]`)));
      event.online_users.forEach((u, i) => problems.push(...problemsOf(u, USER_FIELDS, `${where}.online_users[${i}]`)));
      break;
    case 'message_history':
      event.messages.forEach((m, i) => problems.push(...messageProblems(m, `${where}.messages[${i}]`)));
      break;
    case 'new_message':
    case 'message_updated':
      problems.push(...messageProblems(event.message, `${where}.message`));
      break;
    case 'typing':
    case 'user_joined':
    case 'user_left':
    case 'member_updated':
      problems.push(...problemsOf(event.user, USER_FIELDS, `${where}.user`));
      break;
    default:
      break;
  }
  return problems;
}

export function expectWireShapes(events: ServerEvent[]): void {
  expect(events.flatMap(eventProblems)).toEqual([]);
}
