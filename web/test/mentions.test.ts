import { describe, expect, it } from 'vitest';
import { findMentions, mentionsMe, splitMentions } from '../src/lib/mentions';
import { typingText } from '../src/components/Room/TypingIndicator';
import { parseRoute, routePath } from '../src/lib/route';
import { alice, bob } from './fixtures';

const carol = { id: 'carol.c', username: 'Carol Ann' };

describe('mentions', () => {
  it.each([
    ['hi @bob', ['bob']],
    ['hi @Bob and @alice!', ['bob', 'alice']],
    ['@bob @bob @BOB', ['bob']],
    ['mail bob@example.com', []],
    ['@nobody here', []],
    ['@carolann, @carol.c.', ['carol.c']],
    ['(@bob)', ['bob']],
    ['', []],
  ])('%j mentions %j', (content, expected) => {
    expect(findMentions(content, [alice, bob, carol])).toEqual(expected);
  });

  it('cuts text into parts and marks the mentions of me', () => {
    expect(splitMentions('hey @Alice, see @bob.', alice)).toEqual([
      { text: 'hey ', mention: false, mine: false },
      { text: '@Alice', mention: true, mine: true },
      { text: ', see ', mention: false, mine: false },
      { text: '@bob', mention: true, mine: false },
      { text: '.', mention: false, mine: false },
    ]);
    expect(mentionsMe('no tag', ['alice'], alice)).toBe(true);
    expect(mentionsMe('hi @bob', [], alice)).toBe(false);
  });
});

describe('typing text', () => {
  it.each([
    [[], ''],
    [[bob], 'Bob is typing…'],
    [[bob, alice], 'Bob and Alice are typing…'],
    [[bob, alice, carol], '3 people are typing…'],
  ])('%j', (users, text) => {
    expect(typingText(users)).toBe(text);
  });
});

describe('routes', () => {
  it.each([
    ['/lounge/', { kind: 'home' }],
    ['/lounge', { kind: 'home' }],
    ['/lounge/general', { kind: 'room', id: 'general' }],
    ['/lounge/0190f0c5-0000-7000-8000-000000000001/', { kind: 'room', id: '0190f0c5-0000-7000-8000-000000000001' }],
    ['/lounge/dm/abc', { kind: 'dm', id: 'abc' }],
    ['/lounge/dm/', { kind: 'home' }],
  ])('%s', (path, route) => {
    expect(parseRoute(path)).toEqual(route);
    if (route.kind !== 'home') expect(parseRoute(routePath(route as never))).toEqual(route);
  });
});
